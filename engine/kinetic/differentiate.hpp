#pragma once
// Symbolic derivatives of expression trees, for the analytic Jacobian of the kinetic engine.

#include <optional>
#include <string>

#include "engine/core/expression.hpp"

namespace ergon::kinetic {

/// d expression / d symbol `id`, simplified (0 and 1 folded away), or nullopt when the
/// expression holds something without a usable derivative here (delay, rateOf, factorial
/// of a variable, an unusual inverse function). Piecewise becomes the piecewise of the branch
/// derivatives under the same conditions (the derivative of the active branch); floor,
/// ceiling, relations and logic are piecewise constant (derivative 0 between the roots the
/// engine stops at).
[[nodiscard]] std::optional<Expression> differentiate(const Expression& expression,
                                                      const std::string& id);

}  // namespace ergon::kinetic
