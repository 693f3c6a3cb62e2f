#pragma once
// Chemical formulas as element counts, for element and electron balance of reactions.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ergon::thermo {

/// Element symbol -> atom count.
using ElementCounts = std::map<std::string, double>;

/// Parses a Hill-style formula such as "C10H13N5O13P3" (element symbols with optional integer
/// counts, no brackets). Returns nullopt for anything else (empty, "R" groups, brackets,
/// unknown symbols), so callers report "no formula" instead of guessing.
[[nodiscard]] std::optional<ElementCounts> parse_formula(std::string_view formula);

/// Electrons of a species: Σ atomic number × count − charge. Unchanged by (de)protonation,
/// which is why it checks redox balance when H+ is left out of a transformed reaction.
/// nullopt when an element's atomic number is unknown here.
[[nodiscard]] std::optional<double> electron_count(const ElementCounts& elements, int charge);

}  // namespace ergon::thermo
