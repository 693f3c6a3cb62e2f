#include "engine/fba/lp_problem.hpp"

namespace ergon::fba {

LpProblem build_fba_problem(const ConstraintModel& model) {
  LpProblem lp;
  lp.sense = model.sense();
  lp.rows.resize(model.metabolites().size());
  for (std::size_t m = 0; m < lp.rows.size(); ++m) lp.rows[m].name = model.metabolites()[m].id;
  lp.columns.reserve(model.reactions().size());
  for (std::size_t r = 0; r < model.reactions().size(); ++r) {
    const auto& reaction = model.reactions()[r];
    lp.columns.push_back(
        {reaction.id, reaction.lower_bound, reaction.upper_bound, reaction.objective_coefficient});
    for (const auto& term : reaction.stoichiometry)
      lp.rows[term.metabolite].terms.emplace_back(r, term.coefficient);
  }
  return lp;
}

}  // namespace ergon::fba
