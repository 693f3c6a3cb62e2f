#pragma once
// Vocabulary shared by every flux-balance analysis: outcome status, solver options, statistics.

#include <cstddef>
#include <string>

namespace ergon::fba {

/// Outcome of one LP (or of the analysis step that decides a result). The text forms are
/// COBRApy's (optlang's) status strings.
enum class Status {
  optimal,
  infeasible,
  unbounded,
  iteration_limit,
  time_limit,
  numerical_failure,  ///< GLPK failed (singular/ill-conditioned basis) even after a cold restart
};

[[nodiscard]] const char* to_string(Status status) noexcept;

/// Per-LP limits and tolerances. Defaults match what COBRApy 0.26 gives GLPK (tolerance 1e-7,
/// scaling GLP_SF_AUTO) so that answers agree; limits keep any single LP from hanging a sweep.
struct SolverOptions {
  int iteration_limit = 100000;      ///< simplex iterations per attempt
  double time_limit_seconds = 60.0;  ///< wall time per attempt
  double feasibility_tolerance = 1e-7;
  double optimality_tolerance = 1e-7;
};

/// Work done by an analysis; accumulates over the life of a FluxBalance.
struct SolverStats {
  std::size_t lp_solves = 0;      ///< calls into the simplex (after skipping)
  std::size_t iterations = 0;     ///< simplex iterations over all solves
  std::size_t cold_restarts = 0;  ///< solves that needed the presolve fallback
  std::size_t skipped = 0;        ///< LPs not solved because the answer was provably known
  std::size_t polished = 0;       ///< re-solves with a tighter tolerance (FVA objective floor)
  double seconds = 0.0;           ///< wall time inside the solver

  SolverStats& operator+=(const SolverStats& other) noexcept;
  [[nodiscard]] SolverStats operator-(const SolverStats& before) const noexcept;
};

}  // namespace ergon::fba
