#include "engine/sbml/detail/gpr_notes.hpp"

#include <algorithm>
#include <cctype>

namespace ergon::sbml::detail {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string unescape_xml(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + 1)) {
      s.replace(pos, std::string(from).size(), to);
    }
  }
  return s;
}

}  // namespace

std::optional<std::string> notes_value(const std::string& notes_xhtml, const std::string& key) {
  std::string spaced = key;
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  for (const auto& variant : {key, spaced}) {
    const auto at = notes_xhtml.find(variant + ":");
    if (at == std::string::npos) continue;
    const auto start = at + variant.size() + 1;
    const auto end = notes_xhtml.find('<', start);
    return trim(unescape_xml(
        notes_xhtml.substr(start, end == std::string::npos ? std::string::npos : end - start)));
  }
  return std::nullopt;
}

std::vector<std::string> gpr_gene_ids(const std::string& gpr) {
  std::vector<std::string> genes;
  std::string token;
  auto flush = [&] {
    if (!token.empty() && token != "and" && token != "or" && token != "AND" && token != "OR" &&
        std::find(genes.begin(), genes.end(), token) == genes.end()) {
      genes.push_back(token);
    }
    token.clear();
  };
  for (const char c : gpr) {
    if (c == '(' || c == ')' || std::isspace(static_cast<unsigned char>(c)) != 0) {
      flush();
    } else {
      token += c;
    }
  }
  flush();
  return genes;
}

}  // namespace ergon::sbml::detail
