#pragma once
// A model bound to one live LP: edits (bounds, objective) change the LP in place and the last
// basis is kept, so a sequence of related solves (FVA, deletion sweeps) restarts warm.

#include <memory>
#include <utility>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/core/constraint_model_cache.hpp"
#include "engine/fba/solver_types.hpp"

namespace ergon::fba {

namespace detail {
class GlpProblem;
}

/// Statuses of the LP's rows then columns, opaque to callers (the solver's own codes); the
/// same type the model cache stores as a warm start.
using SimplexBasis = SolverWarmStart;

/// Flux bounds of one reaction, mmol/gDW/h; either may be infinite.
struct FluxBounds {
  double lower = 0.0;
  double upper = 0.0;
};

/// The running instance of flux-balance analysis on one model (OpenMM's Context to the
/// model's System). Not thread-safe: one FluxBalance per thread.
class FluxBalance {
 public:
  explicit FluxBalance(ConstraintModel model, SolverOptions options = {});
  ~FluxBalance();
  FluxBalance(FluxBalance&&) noexcept;
  FluxBalance& operator=(FluxBalance&&) noexcept;

  [[nodiscard]] const ConstraintModel& model() const noexcept;
  [[nodiscard]] const SolverOptions& options() const noexcept;
  [[nodiscard]] const SolverStats& stats() const noexcept;

  /// Current bounds of reaction `reaction` (index into model().reactions()).
  [[nodiscard]] FluxBounds bounds(std::size_t reaction) const;
  /// Changes the bounds in the live LP. Throws InputError (naming the reaction) on NaN or lb > ub.
  void set_bounds(std::size_t reaction, FluxBounds bounds);

  /// Objective coefficients per reaction (size = number of reactions) and sense.
  [[nodiscard]] const std::vector<double>& objective() const noexcept;
  [[nodiscard]] ObjectiveSense sense() const noexcept;
  void set_objective(std::vector<double> coefficients, ObjectiveSense sense);
  /// Objective = one reaction's flux.
  void set_objective(std::size_t reaction, ObjectiveSense sense);

  /// Solves the LP as it stands, warm-started from the last basis.
  /// `prefer_dual` suits re-solves after bound changes (the old basis stays dual feasible).
  Status solve(bool prefer_dual = false);
  /// Objective value of the last optimal solve.
  [[nodiscard]] double objective_value() const;
  [[nodiscard]] double flux(std::size_t reaction) const;
  /// Fluxes of all reactions from the last optimal solve, mmol/gDW/h.
  [[nodiscard]] std::vector<double> fluxes() const;

  /// The current simplex basis (row then column statuses), to start another FluxBalance of
  /// the same model from: a fresh LP started from one saved basis gives results that do not
  /// depend on what was solved before (screens on threads, ranks and shards agree).
  [[nodiscard]] SimplexBasis basis() const;
  /// Starts the next solve from `basis` (taken from a FluxBalance of the same model).
  void set_basis(const SimplexBasis& basis);
  /// set_basis when `basis` has this LP's shape (e.g. a cached warm start); false otherwise.
  bool try_set_basis(const SimplexBasis& basis);

  /// Module-internal access to the LP (engine/fba only; the type is opaque elsewhere).
  [[nodiscard]] detail::GlpProblem& lp() noexcept;
  [[nodiscard]] SolverStats& mutable_stats() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The simplex basis at the optimum of `model` as given (its bounds and objective): what the
/// model cache keeps so that the first FBA after a cached load starts at the optimum. Empty when
/// that LP has no optimum.
[[nodiscard]] SimplexBasis reference_basis(const ConstraintModel& model);

/// Undo guard for temporary bound edits (COBRApy's `with model:`): every reaction touched
/// through it gets its bounds from before the first touch back on destruction.
class ScopedBounds {
 public:
  explicit ScopedBounds(FluxBalance& balance) : balance_(balance) {}
  ~ScopedBounds();
  ScopedBounds(const ScopedBounds&) = delete;
  ScopedBounds& operator=(const ScopedBounds&) = delete;

  void set(std::size_t reaction, FluxBounds bounds);
  /// Multiplies both bounds by `factor` in [0, 1] (partial inhibition; 0 = knockout).
  void scale(std::size_t reaction, double factor);
  void restore();

 private:
  FluxBalance& balance_;
  std::vector<std::pair<std::size_t, FluxBounds>> saved_;
};

/// COBRApy's `model.medium = {...}` through `scope`: each listed reaction gets uptake capacity
/// `uptake` (mmol/gDW/h; lb = -uptake when the reaction consumes its metabolite, ub = uptake
/// when it produces it) and every other exchange reaction (ConstraintModel::exchange_reactions)
/// has its uptake closed.
void apply_medium(ScopedBounds& scope, const FluxBalance& balance,
                  const std::vector<std::pair<std::size_t, double>>& medium);

}  // namespace ergon::fba
