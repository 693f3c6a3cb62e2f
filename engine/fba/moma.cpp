#include <cmath>

#include "engine/core/error.hpp"
#include "engine/fba/detail/moma_problem.hpp"
#include "engine/fba/fba.hpp"

namespace ergon::fba {
namespace detail {
namespace {

LpProblem build_moma(const FluxBalance& balance, const std::vector<double>& reference) {
  const auto& model = balance.model();
  const std::size_t n = model.reactions().size();
  if (reference.size() != n) throw InternalError("MOMA reference has the wrong number of fluxes");
  LpProblem lp;
  lp.sense = ObjectiveSense::minimize;
  lp.rows.resize(model.metabolites().size());
  for (std::size_t r = 0; r < n; ++r) {
    const auto b = balance.bounds(r);
    lp.columns.push_back({model.reactions()[r].id, b.lower, b.upper, 0.0});
    for (const auto& t : model.reactions()[r].stoichiometry)
      lp.rows[t.metabolite].terms.emplace_back(r, t.coefficient);
  }
  for (std::size_t r = 0; r < n; ++r) {
    lp.columns.push_back({"moma_dist_" + model.reactions()[r].id, 0.0, INFINITY, 1.0});
    lp.rows.push_back({"moma_pos", -reference[r], INFINITY, {{n + r, 1.0}, {r, -1.0}}});
    lp.rows.push_back({"moma_neg", reference[r], INFINITY, {{n + r, 1.0}, {r, 1.0}}});
  }
  return lp;
}

}  // namespace

MomaProblem::MomaProblem(const FluxBalance& balance, const std::vector<double>& reference)
    : n_(balance.model().reactions().size()), lp_(build_moma(balance, reference)) {}

std::vector<double> MomaProblem::fluxes() const {
  std::vector<double> v(n_);
  for (std::size_t j = 0; j < n_; ++j) v[j] = lp_.column_value(j);
  return v;
}

}  // namespace detail

FbaResult linear_moma(FluxBalance& balance, const std::vector<double>& reference) {
  const SolverStats before = balance.stats();
  detail::MomaProblem moma(balance, reference);
  FbaResult result;
  result.status = moma.solve(balance.options(), balance.mutable_stats());
  if (result.status == Status::optimal) {
    result.fluxes = moma.fluxes();
    double growth = 0.0;
    for (std::size_t j = 0; j < result.fluxes.size(); ++j)
      growth += balance.objective()[j] * result.fluxes[j];
    result.objective = growth;
  }
  result.stats = balance.stats() - before;
  return result;
}

}  // namespace ergon::fba
