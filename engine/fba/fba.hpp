#pragma once
// Flux-balance analysis proper: FBA, loopless FBA (MILP) and linear MOMA. Every analysis
// takes the live FluxBalance, leaves its bounds and objective as it found them and returns a plain
// result with a status. Fluxes in mmol/gDW/h, objective in its reaction's units.

#include <cstddef>
#include <limits>
#include <vector>

#include "engine/fba/flux_balance.hpp"
#include "engine/fba/solver_types.hpp"

namespace ergon::fba {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct FbaResult {
  Status status = Status::numerical_failure;
  double objective = kNaN;     ///< NaN unless optimal
  std::vector<double> fluxes;  ///< one per reaction; empty unless optimal
  SolverStats stats;
};

/// Optimises the current objective under the current bounds.
[[nodiscard]] FbaResult fba(FluxBalance& balance);

/// Loopless FBA as COBRApy's `add_loopless` then `optimize`: for every internal (non-boundary)
/// reaction a binary direction indicator and a free "ΔG" variable, ΔG < 0 exactly when the flux
/// may be positive, and ΔG orthogonal to the nullspace of the internal stoichiometry, so no
/// flux cycle can carry flux. A MILP solved with GLPK's branch-and-cut on a separate problem
/// built from the current bounds; status time_limit if the time limit stops it (SolverOptions).
/// Practical for core-size models; the dense nullspace costs O(m·k·rank).
[[nodiscard]] FbaResult loopless_fba(FluxBalance& balance);

/// Linear MOMA as COBRApy's `add_moma(linear=True)`: the flux distribution under the current
/// bounds closest in L1 norm to `reference` (one flux per reaction, typically the wild type's
/// pFBA fluxes). `objective` is the model objective's value at that distribution (COBRApy's
/// `moma_old_objective`), `fluxes` the distribution.
[[nodiscard]] FbaResult linear_moma(FluxBalance& balance, const std::vector<double>& reference);

}  // namespace ergon::fba
