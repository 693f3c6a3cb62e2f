#include "engine/thermo/formula.hpp"

#include <cctype>
#include <unordered_map>

namespace ergon::thermo {
namespace {

const std::unordered_map<std::string, int>& atomic_numbers() {
  static const std::unordered_map<std::string, int> table{
      {"H", 1},   {"He", 2},  {"Li", 3},  {"Be", 4},  {"B", 5},   {"C", 6},   {"N", 7},
      {"O", 8},   {"F", 9},   {"Ne", 10}, {"Na", 11}, {"Mg", 12}, {"Al", 13}, {"Si", 14},
      {"P", 15},  {"S", 16},  {"Cl", 17}, {"Ar", 18}, {"K", 19},  {"Ca", 20}, {"Mn", 25},
      {"Fe", 26}, {"Co", 27}, {"Ni", 28}, {"Cu", 29}, {"Zn", 30}, {"Se", 34}, {"Br", 35},
      {"Mo", 42}, {"I", 53},  {"W", 74}};
  return table;
}

}  // namespace

std::optional<ElementCounts> parse_formula(std::string_view formula) {
  if (formula.empty()) return std::nullopt;
  ElementCounts counts;
  std::size_t i = 0;
  while (i < formula.size()) {
    if (std::isupper(static_cast<unsigned char>(formula[i])) == 0) return std::nullopt;
    std::string symbol(1, formula[i++]);
    while (i < formula.size() && std::islower(static_cast<unsigned char>(formula[i])) != 0)
      symbol += formula[i++];
    if (!atomic_numbers().contains(symbol)) return std::nullopt;
    long count = 0;
    bool digits = false;
    while (i < formula.size() && std::isdigit(static_cast<unsigned char>(formula[i])) != 0) {
      count = count * 10 + (formula[i++] - '0');
      digits = true;
      if (count > 100000) return std::nullopt;
    }
    counts[symbol] += digits ? static_cast<double>(count) : 1.0;
  }
  return counts;
}

std::optional<double> electron_count(const ElementCounts& elements, int charge) {
  double electrons = -static_cast<double>(charge);
  for (const auto& [symbol, n] : elements) {
    const auto it = atomic_numbers().find(symbol);
    if (it == atomic_numbers().end()) return std::nullopt;
    electrons += it->second * n;
  }
  return electrons;
}

}  // namespace ergon::thermo
