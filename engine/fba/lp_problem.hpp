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

/// Solution of a plain LP: values are filled only when status is optimal.
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

}  // namespace ergon::fba
