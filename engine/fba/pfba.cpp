#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/pfba.hpp"

namespace ergon::fba {

PfbaResult pfba(FluxBalance& balance, const PfbaOptions& options) {
  if (!(options.fraction_of_optimum >= 0.0))
    throw InputError("pFBA fraction of optimum must be >= 0");
  const SolverStats before = balance.stats();
  PfbaResult result;
  result.status = balance.solve();
  if (result.status != Status::optimal) {
    result.stats = balance.stats() - before;
    return result;
  }
  const double bound = balance.objective_value() * options.fraction_of_optimum;
  const auto& model = balance.model();
  const std::size_t n = model.reactions().size();

  // Columns 0..n-1 forward parts, n..2n-1 reverse parts, as COBRApy's reaction variables;
  // each row of S applies to (forward - reverse).
  LpProblem lp;
  lp.sense = ObjectiveSense::minimize;
  lp.columns.resize(2 * n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto b = balance.bounds(r);
    lp.columns[r] = {model.reactions()[r].id, std::max(b.lower, 0.0), std::max(b.upper, 0.0), 1.0};
    lp.columns[n + r] = {model.reactions()[r].id + "_reverse", std::max(-b.upper, 0.0),
                         std::max(-b.lower, 0.0), 1.0};
  }
  lp.rows.resize(model.metabolites().size());
  LpRow fixed{.name = "fixed_objective", .lower = -INFINITY, .upper = INFINITY, .terms = {}};
  (balance.sense() == ObjectiveSense::maximize ? fixed.lower : fixed.upper) = bound;
  for (std::size_t r = 0; r < n; ++r) {
    for (const auto& term : model.reactions()[r].stoichiometry) {
      lp.rows[term.metabolite].terms.emplace_back(r, term.coefficient);
      lp.rows[term.metabolite].terms.emplace_back(n + r, -term.coefficient);
    }
    const double c = balance.objective()[r];
    if (c != 0.0) {
      fixed.terms.emplace_back(r, c);
      fixed.terms.emplace_back(n + r, -c);
    }
  }
  lp.rows.push_back(std::move(fixed));
  detail::GlpProblem split(lp);
  result.status = split.solve(detail::Method::primal, balance.options(), balance.mutable_stats());
  if (result.status == Status::optimal) {
    result.total_flux = split.objective_value();
    result.fluxes.resize(n);
    double objective = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      result.fluxes[r] = split.column_value(r) - split.column_value(n + r);
      objective += balance.objective()[r] * result.fluxes[r];
    }
    result.objective = objective;
  }
  result.stats = balance.stats() - before;
  return result;
}

}  // namespace ergon::fba
