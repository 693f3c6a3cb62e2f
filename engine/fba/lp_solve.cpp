#include <string>

#include "engine/core/error.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/lp_problem.hpp"

namespace ergon::fba {

LpSolution solve_lp(const LpProblem& problem, const SolverOptions& options) {
  for (const auto& column : problem.columns)
    if (column.binary)
      throw InputError("solve_lp: column '" + column.name +
                       "' is binary; solve_lp takes continuous LPs only");
  LpSolution solution;
  detail::GlpProblem glp(problem);
  solution.status = glp.solve(detail::Method::primal, options, solution.stats);
  if (solution.status != Status::optimal) return solution;
  solution.objective = glp.objective_value();
  solution.values.resize(problem.columns.size());
  for (std::size_t j = 0; j < problem.columns.size(); ++j) solution.values[j] = glp.column_value(j);
  solution.row_duals.resize(problem.rows.size());
  for (std::size_t i = 0; i < problem.rows.size(); ++i) solution.row_duals[i] = glp.row_dual(i);
  return solution;
}

}  // namespace ergon::fba
