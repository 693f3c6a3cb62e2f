#include <algorithm>
#include <string>

#include "engine/core/error.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/lp_problem.hpp"

namespace ergon::fba {
namespace {

bool has_binary(const LpProblem& problem) {
  return std::ranges::any_of(problem.columns, [](const LpColumn& c) { return c.binary; });
}

}  // namespace

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

LpSolution solve_milp(const LpProblem& problem, const SolverOptions& options) {
  LpSolution solution;
  detail::GlpProblem glp(problem);
  solution.status = glp.solve_mip(options, solution.stats);
  const bool usable = solution.status == Status::optimal ||
                      (solution.status == Status::time_limit && glp.has_mip_solution());
  if (!usable) return solution;
  solution.objective = glp.mip_objective_value();
  solution.values.resize(problem.columns.size());
  for (std::size_t j = 0; j < problem.columns.size(); ++j)
    solution.values[j] = glp.mip_column_value(j);
  return solution;
}

std::vector<ColumnRange> column_ranges(const LpProblem& problem,
                                       const std::vector<std::size_t>& columns,
                                       const SolverOptions& options) {
  for (const auto j : columns)
    if (j >= problem.columns.size())
      throw InputError("column_ranges: column " + std::to_string(j) + " of a problem with " +
                       std::to_string(problem.columns.size()) + " columns");
  const bool mip = has_binary(problem);
  detail::GlpProblem glp(problem);
  SolverStats stats;
  std::vector<double> zero(problem.columns.size(), 0.0);
  glp.set_objective(zero, ObjectiveSense::minimize);
  std::vector<ColumnRange> ranges;
  ranges.reserve(columns.size());
  for (const auto j : columns) {
    ColumnRange range;
    glp.set_objective_coefficient(j, 1.0);
    Status both = Status::optimal;
    for (const auto sense : {ObjectiveSense::minimize, ObjectiveSense::maximize}) {
      glp.set_sense(sense);
      const Status s =
          mip ? glp.solve_mip(options, stats) : glp.solve(detail::Method::primal, options, stats);
      if (s != Status::optimal) {
        both = s;
        continue;
      }
      const double value = mip ? glp.mip_objective_value() : glp.objective_value();
      (sense == ObjectiveSense::minimize ? range.minimum : range.maximum) = value;
    }
    glp.set_objective_coefficient(j, 0.0);
    range.status = both;
    ranges.push_back(range);
  }
  return ranges;
}

}  // namespace ergon::fba
