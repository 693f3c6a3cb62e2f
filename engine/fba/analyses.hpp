#pragma once
// The flux-balance analyses, one free function each (COBREXA-style front ends): they take a
// FluxBalance (the live LP), leave its bounds and objective as they found them, and return
// plain results with a status. Fluxes in mmol/gDW/h, objective in its reaction's units.

#include <cstddef>
#include <limits>
#include <vector>

#include "engine/fba/flux_balance.hpp"
#include "engine/fba/solver_types.hpp"

namespace ergon::fba {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct FbaResult {
  Status status = Status::numerical_failure;
  double objective = kNaN;    ///< NaN unless optimal
  std::vector<double> fluxes; ///< one per reaction; empty unless optimal
  SolverStats stats;
};

/// Optimises the current objective under the current bounds.
[[nodiscard]] FbaResult fba(FluxBalance& balance);

/// Loopless FBA as COBRApy's `add_loopless` then `optimize`: for every internal (non-boundary)
/// reaction a binary direction indicator and a free "ΔG" variable, ΔG < 0 exactly when the flux
/// may be positive, and ΔG orthogonal to the nullspace of the internal stoichiometry, so no
/// flux cycle can carry flux. A MILP solved with GLPK's branch-and-cut on a separate problem
/// built from the current bounds; status time_limit if the time limit stops it (SolverOptions).
/// Practical for core-size models; the dense nullspace costs O(m·k·rank).
[[nodiscard]] FbaResult loopless_fba(FluxBalance& balance);

struct PfbaOptions {
  double fraction_of_optimum = 1.0;  ///< objective kept at >= fraction × optimum (max) / <= (min)
};

struct PfbaResult {
  Status status = Status::numerical_failure;
  double objective = kNaN;   ///< the original objective at the pFBA solution
  double total_flux = kNaN;  ///< sum over reactions of |v|, minimised (COBRApy's objective_value)
  std::vector<double> fluxes;
  SolverStats stats;
};

/// Parsimonious FBA as COBRApy's `pfba`: fix the objective at the fraction of its optimum,
/// then minimise the total absolute flux (split forward/reverse variables).
[[nodiscard]] PfbaResult pfba(FluxBalance& balance, const PfbaOptions& options = {});

struct FvaOptions {
  double fraction_of_optimum = 1.0;
  std::vector<std::size_t> reactions;  ///< reactions to vary; empty = all
  /// Remove thermodynamically infeasible loops from each extreme as COBRApy's
  /// `flux_variability_analysis(loopless=True)` does (its `loopless_fva_iter`: a cycle-free
  /// flux LP, then closing the reactions only a loop through the reaction used). Costs up to
  /// three more LPs per extreme and disables the at-bound shortcut.
  bool loopless = false;
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

/// Linear MOMA as COBRApy's `add_moma(linear=True)`: the flux distribution under the current
/// bounds closest in L1 norm to `reference` (one flux per reaction, typically the wild type's
/// pFBA fluxes). `objective` is the model objective's value at that distribution (COBRApy's
/// `moma_old_objective`), `fluxes` the distribution.
[[nodiscard]] FbaResult linear_moma(FluxBalance& balance, const std::vector<double>& reference);

enum class DeletionTarget { genes, reactions };

/// How a knockout's phenotype is computed: re-optimised (FBA) or minimally adjusted (MOMA).
enum class DeletionMethod { fba, linear_moma };

struct DeletionOptions {
  DeletionTarget target = DeletionTarget::genes;
  DeletionMethod method = DeletionMethod::fba;
  /// linear_moma: the wild-type fluxes to stay close to; empty = pFBA of the unmodified model,
  /// as COBRApy. (pFBA fluxes need not be unique: pass them to compare with another tool.)
  std::vector<double> reference_fluxes;
  bool pairs = false;  ///< all unordered pairs (and singles, as COBRApy's double deletion)
  std::vector<std::size_t> candidates;  ///< gene or reaction indices; empty = all
  /// Reuse the reference optimum when the knockout closes no reaction that carries flux in it,
  /// and infer lethality of a pair from a lethal member; both are exact, not heuristics.
  bool skip_provable = true;
};

struct Deletion {
  std::vector<std::size_t> targets;  ///< gene or reaction indices (one, or two for pairs)
  double growth = kNaN;              ///< objective value; NaN unless optimal
  Status status = Status::numerical_failure;
};

struct DeletionResult {
  Status reference_status = Status::numerical_failure;
  double reference_objective = kNaN;  ///< wild-type objective (FBA optimum, or at the MOMA reference)
  std::vector<Deletion> deletions;  ///< singles first (candidate order), then pairs (i < j)
  SolverStats stats;
};

/// Single or double gene / reaction deletions as COBRApy's `single_gene_deletion` etc.: a gene
/// knockout closes (bounds 0, 0) every reaction whose GPR no longer holds.
[[nodiscard]] DeletionResult deletions(FluxBalance& balance, const DeletionOptions& options);

struct YieldResult {
  Status status = Status::numerical_failure;  ///< unbounded: product without substrate uptake
  double yield = kNaN;            ///< max v_product / (-v_substrate), mol product per mol substrate
  double product_flux = kNaN;     ///< at the maximising solution, mmol/gDW/h
  double substrate_flux = kNaN;   ///< at the maximising solution (< 0: uptake)
  std::vector<double> fluxes;
  int iterations = 0;             ///< Dinkelbach steps
  SolverStats stats;
};

/// Maximum yield of `product` per `substrate` taken up (substrate flux < 0, as exchange
/// reactions uptake) under the current bounds: the linear-fractional program
/// max v_p / (-v_s) solved by Dinkelbach's iteration (max v_p + λ v_s, λ updated to the ratio)
/// on the live LP, each step warm-started. The objective is ignored (constrain growth with
/// bounds if needed) and restored afterwards.
[[nodiscard]] YieldResult maximum_yield(FluxBalance& balance, std::size_t product, std::size_t substrate);

struct EnvelopePoint {
  double objective = kNaN;  ///< value the model objective is fixed at
  double minimum = kNaN;    ///< product flux range there; NaN where the LP failed
  double maximum = kNaN;
};

/// Production envelope as COBRApy's `production_envelope` with the model objective on the x axis:
/// `points` evenly spaced objective values from its minimum to its maximum, and at each the
/// range of the product flux.
[[nodiscard]] std::vector<EnvelopePoint> production_envelope(FluxBalance& balance, std::size_t product,
                                                             std::size_t points = 20);

/// Closes the reactions disabled by knocking out `genes` (gene indices) through `scope`;
/// returns the closed reaction indices.
std::vector<std::size_t> knock_out_genes(const std::vector<std::size_t>& genes, ScopedBounds& scope,
                                         const ConstraintModel& model);

}  // namespace ergon::fba
