#pragma once
// The only place that calls GLPK: an RAII owner of glp_prob and the solve-with-fallback policy.

#include <glpk.h>

#include <vector>

#include "engine/fba/lp_problem.hpp"
#include "engine/fba/solver_types.hpp"

namespace ergon::fba::detail {

/// Throws InternalError when a GLPK call that cannot fail on valid input reports an error.
void check_glpk(int code, const char* call);

enum class Method { primal, dual };

/// Statuses of rows then columns (GLP_BS, GLP_NL, ...), enough to restart the simplex there.
struct Basis {
  std::vector<int> rows;
  std::vector<int> columns;
};

class GlpProblem {
 public:
  explicit GlpProblem(const LpProblem& lp);
  ~GlpProblem();
  GlpProblem(const GlpProblem&) = delete;
  GlpProblem& operator=(const GlpProblem&) = delete;

  [[nodiscard]] glp_prob* get() const noexcept { return problem_; }
  [[nodiscard]] int rows() const;
  [[nodiscard]] int columns() const;

  /// Bounds of column j (0-based); infinite values map to free/one-sided GLPK types.
  void set_column_bounds(std::size_t j, double lower, double upper);
  void set_row_bounds(std::size_t i, double lower, double upper);
  void set_objective(const std::vector<double>& coefficients, ObjectiveSense sense);
  void set_objective_coefficient(std::size_t j, double value);
  void set_sense(ObjectiveSense sense);
  /// Appends a row; returns its 0-based index.
  std::size_t add_row(const LpRow& row);
  /// Appends an empty column with the given bounds (made basic); returns its 0-based index.
  std::size_t add_column(double lower, double upper);
  /// Deletes rows from `first` (0-based) to the end.
  void truncate_rows(std::size_t first);
  /// Deletes columns from `first` (0-based) to the end.
  void truncate_columns(std::size_t first);

  /// Solves from the current basis (warm start) with `method`, presolver off. When GLPK fails
  /// (singular basis, iteration or time limit, undefined status) it restarts cold once: an
  /// advanced initial basis and the presolver, as optlang does on an undefined status.
  Status solve(Method method, const SolverOptions& options, SolverStats& stats);

  /// Solves a problem with binary columns: LP relaxation, then branch-and-cut with GLPK's MIP
  /// presolver (as optlang does), within the time limit. time_limit when an incumbent exists
  /// but optimality is unproven; values then come from the incumbent.
  Status solve_mip(const SolverOptions& options, SolverStats& stats);
  /// An integer-feasible solution exists (optimal or the incumbent when a limit stopped it).
  [[nodiscard]] bool has_mip_solution() const;
  [[nodiscard]] double mip_objective_value() const;
  [[nodiscard]] double mip_column_value(std::size_t j) const;

  [[nodiscard]] double objective_value() const;
  [[nodiscard]] double column_value(std::size_t j) const;
  /// Dual value (shadow price) of row i (0-based) in the last simplex solution.
  [[nodiscard]] double row_dual(std::size_t i) const;
  [[nodiscard]] Basis basis() const;
  void set_basis(const Basis& basis);

 private:
  Status run(Method method, bool presolve, const SolverOptions& options, SolverStats& stats);
  glp_prob* problem_ = nullptr;
};

}  // namespace ergon::fba::detail
