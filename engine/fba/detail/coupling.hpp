#pragma once
// Fluxes tied by the steady-state rows alone: v_r = factor · v_representative for every feasible
// v (factor 0: v_r = 0). A metabolite row with one open reaction forces that flux to 0; a row
// with two ties them in a fixed ratio. FVA derives a member's extremes from the representative's
// without an LP; deletions know that closing one member closes its whole group (exact: the
// feasible set is the same).

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/fba/flux_balance.hpp"
#include "engine/fba/lp_problem.hpp"

namespace ergon::fba::detail {

struct Coupling {
  /// v_r = factor[r] · v_representative[r]; factor 0: v_r = 0 (then representative[r] = r).
  std::vector<std::size_t> representative;
  std::vector<double> factor;
};

[[nodiscard]] Coupling steady_state_coupling(const ConstraintModel& model);

/// The FBA LP with one column t_g per coupled group (v_r = f_r · t_g for its members; bounds
/// the tightest of theirs; objective Σ c_r f_r), the fluxes forced to 0 and the rows that only
/// tied a group together removed. Same feasible set as the full LP under the same bounds.
struct ReducedProblem {
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  Coupling coupling;
  std::vector<std::size_t> group_of;              ///< per reaction; kNone when forced to 0
  std::vector<std::vector<std::size_t>> members;  ///< per group, reaction indices
  std::vector<double> scale;                      ///< per group: largest |f|, t-units to flux
  std::vector<double> objective;                  ///< per group
  LpProblem lp;                                   ///< columns = groups, then nothing else

  /// Built from `balance`'s current bounds and objective (the LP sense is the balance's).
  /// nullopt when the reduction does not apply as is: a group whose bounds are empty after
  /// rounding, or a flux forced to 0 whose bounds exclude 0 (the LP would be infeasible).
  [[nodiscard]] static std::optional<ReducedProblem> build(const FluxBalance& balance);

  /// Bounds of group g's column with the reactions for which `closed(r)` holds set to (0, 0);
  /// nullopt when they are empty (the LP is then infeasible).
  template <class Closed>
  [[nodiscard]] std::optional<FluxBounds> group_bounds(std::size_t g,
                                                       const std::vector<FluxBounds>& bounds,
                                                       Closed closed) const {
    double lower = -1.0 / 0.0;
    double upper = 1.0 / 0.0;
    for (const auto r : members[g]) {
      const double f = coupling.factor[r];
      const FluxBounds b = closed(r) ? FluxBounds{0.0, 0.0} : bounds[r];
      // v = f t within [l, u]: t in [l/f, u/f], or [u/f, l/f] when f < 0.
      lower = std::max(lower, f > 0.0 ? b.lower / f : b.upper / f);
      upper = std::min(upper, f > 0.0 ? b.upper / f : b.lower / f);
    }
    if (lower > upper) return std::nullopt;
    return FluxBounds{lower, upper};
  }
};

}  // namespace ergon::fba::detail
