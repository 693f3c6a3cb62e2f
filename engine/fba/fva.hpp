#pragma once
// Flux variability analysis.

#include <cstddef>
#include <vector>

#include "engine/fba/fba.hpp"

namespace ergon::fba {

struct FvaOptions {
  double fraction_of_optimum = 1.0;
  std::vector<std::size_t> reactions;  ///< reactions to vary; empty = all
  /// Remove thermodynamically infeasible loops from each extreme as COBRApy's
  /// `flux_variability_analysis(loopless=True)` does (its `loopless_fva_iter`: a cycle-free
  /// flux LP, then closing the reactions only a loop through the reaction used). Costs up to
  /// three more LPs per extreme and disables the at-bound shortcut.
  bool loopless = false;
  /// Worker threads, each with its own LP. Results do not depend on it (see block_size).
  std::size_t threads = 1;
  /// Reactions per block of work. Each block starts from the reference optimum's basis and
  /// what that optimum proves, so answers are identical for any thread count; within a block
  /// every LP warm-starts from the last and learns from every solution found.
  std::size_t block_size = 512;
  /// Solve on the LP reduced by steady-state coupling (one column per group of fluxes tied by
  /// the stoichiometry; same feasible set, fewer rows and columns). Not with `loopless`.
  bool reduce = true;
};

struct FvaResult {
  Status status = Status::numerical_failure;  ///< of the initial optimisation
  double objective = kNaN;
  std::vector<std::size_t> reactions;
  std::vector<double> minimum;  ///< per entry of `reactions`; NaN where that LP failed
  std::vector<double> maximum;
  std::vector<Status> minimum_status;
  std::vector<Status> maximum_status;
  SolverStats stats;
};

/// Flux variability as COBRApy's `flux_variability_analysis`: the objective is held at
/// >= fraction × optimum (<= for minimisation) and each reaction is minimised and maximised.
/// All LPs warm-start from the previous basis; a bound already reached by some solution of the
/// restricted LP is taken without solving (counted in stats.skipped).
[[nodiscard]] FvaResult fva(FluxBalance& balance, const FvaOptions& options = {});

}  // namespace ergon::fba
