#include "engine/thermo/detail/tsv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

#include "engine/core/error.hpp"

namespace ergon::thermo::detail {
namespace {
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const auto tab = line.find('\t', start);
    fields.push_back(
        line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  if (!fields.empty() && !fields.back().empty() && fields.back().back() == '\r')
    fields.back().pop_back();
  return fields;
}
}  // namespace

TsvTable::TsvTable(const std::filesystem::path& path) : file_(path.string()) {
  std::ifstream in(path);
  if (!in) throw InputError({.file = file_}, "cannot open the table");
  std::string line;
  if (!std::getline(in, line)) throw InputError({.file = file_}, "the table has no header line");
  header_ = split(line);
  unsigned number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line == "\r") continue;
    rows_.push_back(split(line));
    lines_.push_back(number);
  }
}

bool TsvTable::has_column(std::string_view name) const {
  return std::ranges::any_of(header_, [&](const std::string& h) { return h == name; });
}

std::size_t TsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  throw InputError({.file = file_}, "the table has no column '" + std::string(name) + "'");
}

const std::string& TsvTable::at(std::size_t r, std::size_t column) const {
  static const std::string empty;
  const auto& row = rows_.at(r);
  return column < row.size() ? row[column] : empty;
}

double TsvTable::number(std::size_t r, std::size_t column, bool allow_empty) const {
  const std::string& text = at(r, column);
  if (text.empty()) {
    if (allow_empty) return NAN;
    throw InputError({.file = file_, .line = lines_[r]},
                     "column '" + header_[column] + "' is empty where a number is needed");
  }
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
    throw InputError({.file = file_, .line = lines_[r]},
                     "column '" + header_[column] + "': '" + text + "' is not a number");
  return value;
}

}  // namespace ergon::thermo::detail
