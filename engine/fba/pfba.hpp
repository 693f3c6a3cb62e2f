#pragma once
// Parsimonious FBA.

#include <cstddef>
#include <vector>

#include "engine/fba/fba.hpp"

namespace ergon::fba {

struct PfbaOptions {
  double fraction_of_optimum = 1.0;  ///< objective kept at >= fraction × optimum (max) / <= (min)
};

struct PfbaResult {
  Status status = Status::numerical_failure;
  double objective = kNaN;   ///< the original objective at the pFBA solution
  double total_flux = kNaN;  ///< sum over reactions of |v|, minimised (COBRApy's objective_value)
  std::vector<double> fluxes;
  SolverStats stats;
};

/// Parsimonious FBA as COBRApy's `pfba`: fix the objective at the fraction of its optimum,
/// then minimise the total absolute flux (split forward/reverse variables).
[[nodiscard]] PfbaResult pfba(FluxBalance& balance, const PfbaOptions& options = {});

}  // namespace ergon::fba
