#pragma once
// Value of a model expression over named values, by walking the tree: for the few evaluations
// of a rate law the thermodynamic check needs (the kinetic engine's compiled programs are
// built for millions of right-hand-side calls and belong to engine/kinetic).

#include <map>
#include <string>

#include "engine/core/expression.hpp"

namespace ergon::thermo::detail {

using SymbolValues = std::map<std::string, double, std::less<>>;

/// Value of `e` with every symbol taken from `values` and time = `time`. Throws InputError
/// naming the symbol when it has no value, and for delay and rateOf (not state functions).
[[nodiscard]] double expression_value(const Expression& e, const SymbolValues& values,
                                      double time = 0.0);

}  // namespace ergon::thermo::detail
