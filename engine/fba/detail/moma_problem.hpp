#pragma once
// The linear MOMA LP (COBRApy's add_moma(linear=True)) kept alive for knockout sweeps.

#include <vector>

#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/flux_balance.hpp"

namespace ergon::fba::detail {

/// min Σ t_j  s.t.  S v = 0,  lb ≤ v ≤ ub,  t_j ≥ |v_j − ref_j|. Columns 0..n-1 are v,
/// n..2n-1 are t. Bounds of v are taken from `balance` at construction.
class MomaProblem {
 public:
  MomaProblem(const FluxBalance& balance, const std::vector<double>& reference);

  void set_flux_bounds(std::size_t reaction, FluxBounds bounds) {
    lp_.set_column_bounds(reaction, bounds.lower, bounds.upper);
  }
  Status solve(const SolverOptions& options, SolverStats& stats) {
    return lp_.solve(Method::dual, options, stats);
  }
  [[nodiscard]] std::vector<double> fluxes() const;
  [[nodiscard]] double distance() const { return lp_.objective_value(); }
  [[nodiscard]] GlpProblem& lp() noexcept { return lp_; }

 private:
  std::size_t n_;
  GlpProblem lp_;
};

}  // namespace ergon::fba::detail
