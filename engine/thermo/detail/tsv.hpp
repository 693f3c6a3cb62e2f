#pragma once
// A tab-separated table with one header line, as the thermodynamic data files are written.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ergon::thermo::detail {

class TsvTable {
 public:
  /// Throws InputError naming the file when it cannot be read or has no header.
  explicit TsvTable(const std::filesystem::path& path);

  [[nodiscard]] std::size_t rows() const noexcept { return rows_.size(); }
  /// Column index of `name`; throws InputError naming the file and column when absent.
  [[nodiscard]] std::size_t column(std::string_view name) const;
  [[nodiscard]] bool has_column(std::string_view name) const;
  /// Field of row r (0-based data row), "" when the row is short.
  [[nodiscard]] const std::string& at(std::size_t r, std::size_t column) const;
  /// 1-based line number of data row r in the file.
  [[nodiscard]] unsigned line(std::size_t r) const noexcept { return lines_[r]; }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }

  /// Parses a number; throws InputError naming file, line and column on junk. Empty -> NaN
  /// only when `allow_empty`.
  [[nodiscard]] double number(std::size_t r, std::size_t column, bool allow_empty = false) const;

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<unsigned> lines_;
};

}  // namespace ergon::thermo::detail
