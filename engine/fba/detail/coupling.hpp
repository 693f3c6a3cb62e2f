#pragma once
// Fluxes tied by the steady-state rows alone: v_r = factor · v_representative for every feasible
// v (factor 0: v_r = 0). A metabolite row with one open reaction forces that flux to 0; a row
// with two ties them in a fixed ratio. FVA derives a member's extremes from the representative's
// without an LP; deletions know that closing one member closes its whole group (exact: the
// feasible set is the same).

#include <cstddef>
#include <vector>

#include "engine/core/constraint_model.hpp"

namespace ergon::fba::detail {

struct Coupling {
  /// v_r = factor[r] · v_representative[r]; factor 0: v_r = 0 (then representative[r] = r).
  std::vector<std::size_t> representative;
  std::vector<double> factor;
};

[[nodiscard]] Coupling steady_state_coupling(const ConstraintModel& model);

}  // namespace ergon::fba::detail
