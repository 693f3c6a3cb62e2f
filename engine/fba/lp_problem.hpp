#pragma once
// A linear program as plain data (COBREXA-style builder output): columns, rows, sense. Only
// engine/fba/detail turns it into a solver object.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/fba/solver_types.hpp"

namespace ergon::fba {

struct LpColumn {
  std::string name;
  double lower = 0.0;  ///< may be -inf
  double upper = 0.0;  ///< may be +inf
  double objective = 0.0;
  bool binary = false;  ///< 0/1 variable (the problem becomes a MILP)
};

struct LpRow {
  std::string name;
  double lower = 0.0;                                 ///< may be -inf
  double upper = 0.0;                                 ///< may be +inf
  std::vector<std::pair<std::size_t, double>> terms;  ///< (column index, coefficient)
};

struct LpProblem {
  std::vector<LpColumn> columns;
  std::vector<LpRow> rows;
  ObjectiveSense sense = ObjectiveSense::maximize;
};

/// Steady-state FBA: one column per reaction (flux, model bounds, objective coefficients),
/// one row per metabolite with S·v = 0.
[[nodiscard]] LpProblem build_fba_problem(const ConstraintModel& model);

/// Solution of a plain LP or a MILP: values are filled only when status is optimal (a MILP's
/// also on time_limit with an incumbent).
struct LpSolution {
  Status status = Status::numerical_failure;
  double objective = 0.0;
  std::vector<double> values;     ///< one per column
  std::vector<double> row_duals;  ///< one per row: d(objective)/d(row bound) at the optimum
  SolverStats stats;
};

/// Solves a continuous LP (no binary columns) with GLPK's primal simplex, restarting cold once
/// on failure. For modules that build their own LP (e.g. engine/thermo's MDF) without seeing
/// GLPK. Throws InputError when a column is binary (use the MILP routes in this module).
[[nodiscard]] LpSolution solve_lp(const LpProblem& problem, const SolverOptions& options = {});

/// Solves a mixed-integer LP (binary columns allowed; none is fine too): the LP relaxation, then
/// GLPK's branch-and-cut with its MIP presolver, within `options.time_limit_seconds`. Values are
/// filled when optimal and also for time_limit when an incumbent was found (`values` is then
/// non-empty); row_duals stay empty (a MILP has none).
[[nodiscard]] LpSolution solve_milp(const LpProblem& problem, const SolverOptions& options = {});

/// Smallest and largest value of one column over the feasible set of a problem.
struct ColumnRange {
  double minimum = 0.0;
  double maximum = 0.0;
  Status status = Status::numerical_failure;  ///< optimal only when both ends solved
};

/// Minimises and maximises each of `columns` over the feasible set of `problem` (its objective
/// is ignored), one solver object reused for all of them: simplex warm starts for an LP,
/// branch-and-cut for a MILP. For variability analyses of problems built outside this module
/// (engine/thermo's thermodynamic variability). Throws InputError for a column out of range.
[[nodiscard]] std::vector<ColumnRange> column_ranges(const LpProblem& problem,
                                                     const std::vector<std::size_t>& columns,
                                                     const SolverOptions& options = {});

}  // namespace ergon::fba
