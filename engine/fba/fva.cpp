#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/fba/fva.hpp"
#include "engine/fba/detail/glp_problem.hpp"

namespace ergon::fba {
namespace {

// A solution value this close to a finite bound is that bound: the LP optimum can be no further.
constexpr double kAtBound = 1e-9;
// Allowed bound violation of a flux before an FVA LP is re-solved with kTightTolerance.
constexpr double kBoundSlack = 1e-9;
constexpr double kTightTolerance = 1e-10;
constexpr double kFloorRelax = 1e-11;

// Restores the objective and removes the objective-floor row whatever happens.
class FvaScope {
 public:
  explicit FvaScope(FluxBalance& balance)
      : balance_(balance), objective_(balance.objective()), sense_(balance.sense()),
        rows_(static_cast<std::size_t>(balance.lp().rows())),
        columns_(static_cast<std::size_t>(balance.lp().columns())) {}
  ~FvaScope() {
    balance_.lp().truncate_rows(rows_);
    balance_.lp().truncate_columns(columns_);
    balance_.set_objective(objective_, sense_);
  }
  FvaScope(const FvaScope&) = delete;
  FvaScope& operator=(const FvaScope&) = delete;

 private:
  FluxBalance& balance_;
  std::vector<double> objective_;
  ObjectiveSense sense_;
  std::size_t rows_;
  std::size_t columns_;
};

// COBRApy's zero cutoff (its configuration tolerance).
constexpr double kZeroCutoff = 1e-7;

// COBRApy's `loopless_fva_iter` for reaction r at the current optimum (objective: r's flux in
// `sense`). Returns the loop-free extreme, or NaN with `status` set when an LP fails.
double loopless_extreme(FluxBalance& balance, std::size_t r, ObjectiveSense sense, Status& status) {
  const auto& model = balance.model();
  const std::size_t n = model.reactions().size();
  const double current = balance.flux(r);
  const auto boundary = [&](std::size_t j) { return model.reactions()[j].stoichiometry.size() == 1; };
  if (boundary(r)) return current;
  const std::vector<double> solution = balance.fluxes();
  std::vector<double> loop_free;
  std::vector<double> almost_loop_free;
  {
    // Cycle-free flux: boundary fluxes fixed, internal fluxes keep their sign, minimise sum |v|.
    ScopedBounds scope(balance);
    std::vector<double> c(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      const auto b = balance.bounds(j);
      const double v = solution[j];
      if (boundary(j)) {
        scope.set(j, {v, v});
      } else if (v >= 0) {
        scope.set(j, {std::max(0.0, b.lower), std::max(v, b.upper)});
        c[j] = 1.0;
      } else {
        scope.set(j, {std::min(v, b.lower), std::min(0.0, b.upper)});
        c[j] = -1.0;
      }
    }
    balance.set_objective(std::move(c), ObjectiveSense::minimize);
    status = balance.solve();
    if (status != Status::optimal) return kNaN;
    if (std::abs(balance.flux(r) - current) < kZeroCutoff) return current;
    loop_free = balance.fluxes();
    scope.set(r, {current, current});
    status = balance.solve();
    if (status != Status::optimal) return kNaN;
    almost_loop_free = balance.fluxes();
  }
  std::vector<double> c(n, 0.0);
  c[r] = 1.0;
  balance.set_objective(std::move(c), sense);
  ScopedBounds scope(balance);
  for (std::size_t j = 0; j < n; ++j) {
    if (std::abs(loop_free[j]) < kZeroCutoff && std::abs(almost_loop_free[j]) > kZeroCutoff) {
      const auto b = balance.bounds(j);
      // COBRApy would raise for a reaction whose bounds exclude 0; leave such a one open.
      if (b.lower <= 0.0 && b.upper >= 0.0) scope.set(j, {0.0, 0.0});
    }
  }
  status = balance.solve();
  return status == Status::optimal ? balance.flux(r) : kNaN;
}

}  // namespace

FvaResult fva(FluxBalance& balance, const FvaOptions& options) {
  if (!(options.fraction_of_optimum >= 0.0)) throw InputError("FVA fraction of optimum must be >= 0");
  const auto& model = balance.model();
  const std::size_t n = model.reactions().size();
  const SolverStats before = balance.stats();
  FvaResult result;
  result.reactions = options.reactions;
  if (result.reactions.empty()) {
    result.reactions.resize(n);
    std::iota(result.reactions.begin(), result.reactions.end(), std::size_t{0});
  }
  result.status = balance.solve();
  if (result.status != Status::optimal) {
    result.stats = balance.stats() - before;
    return result;
  }
  result.objective = balance.objective_value();

  // What some feasible point of the restricted LP already proves: min = lb or max = ub.
  std::vector<char> min_at_bound(n, 0);
  std::vector<char> max_at_bound(n, 0);
  auto learn = [&] {
    for (std::size_t j = 0; j < n; ++j) {
      const double v = balance.flux(j);
      const auto b = balance.bounds(j);
      if (std::isfinite(b.lower) && v <= b.lower + kAtBound) min_at_bound[j] = 1;
      if (std::isfinite(b.upper) && v >= b.upper - kAtBound) max_at_bound[j] = 1;
    }
  };
  const double bound = options.fraction_of_optimum * result.objective;
  const bool maximize = balance.sense() == ObjectiveSense::maximize;
  // The FBA optimum is a point of the restricted LP when it satisfies the objective floor.
  if (maximize ? result.objective >= bound : result.objective <= bound) learn();

  // Largest bound violation (absolute, mmol/gDW/h) of the current solution over the fluxes.
  auto bound_violation = [&] {
    double worst = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      const double v = balance.flux(j);
      const auto b = balance.bounds(j);
      worst = std::max({worst, b.lower - v, v - b.upper});
    }
    return worst;
  };

  FvaScope scope(balance);
  // As COBRApy: a variable z = objective, bounded by the floor. Bounding a column rather than
  // the objective row keeps GLPK's tolerances acting as in COBRApy, which matters at fraction 1
  // where the restricted LP is degenerate and tolerance-sized slack moves other fluxes.
  const std::size_t z = maximize ? balance.lp().add_column(bound, INFINITY) : balance.lp().add_column(-INFINITY, bound);
  LpRow floor{.name = "fva_old_objective_constraint", .lower = 0.0, .upper = 0.0, .terms = {}};
  for (std::size_t j = 0; j < n; ++j) {
    if (balance.objective()[j] != 0.0) floor.terms.emplace_back(j, balance.objective()[j]);
  }
  floor.terms.emplace_back(z, -1.0);
  balance.lp().add_row(floor);
  balance.set_objective(std::vector<double>(n, 0.0), ObjectiveSense::minimize);

  const std::size_t k = result.reactions.size();
  result.minimum.assign(k, kNaN);
  result.maximum.assign(k, kNaN);
  result.minimum_status.assign(k, Status::optimal);
  result.maximum_status.assign(k, Status::optimal);
  for (const auto sense : {ObjectiveSense::minimize, ObjectiveSense::maximize}) {
    const bool minimize = sense == ObjectiveSense::minimize;
    auto& values = minimize ? result.minimum : result.maximum;
    auto& statuses = minimize ? result.minimum_status : result.maximum_status;
    auto& known = minimize ? min_at_bound : max_at_bound;
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t r = result.reactions[i];
      const auto b = balance.bounds(r);
      if (known[r] != 0 && !options.loopless) {
        values[i] = minimize ? b.lower : b.upper;
        ++balance.mutable_stats().skipped;
        continue;
      }
      balance.lp().set_objective_coefficient(r, 1.0);
      balance.lp().set_sense(sense);
      statuses[i] = balance.solve();
      if (statuses[i] == Status::optimal && bound_violation() > kBoundSlack) {
        // GLPK's feasibility tolerance acts on the scaled problem and can leave a basic flux
        // ~1e-7 outside its bounds; at fraction 1 the restricted LP is degenerate and such
        // slack turns into 1e-4 of another flux (iJO1366: a second biomass reaction running
        // backwards by 2e-7 lets OPHHX3 carry 2e-4). Re-solve from this basis, tighter.
        // The floor comes from an optimum found at the loose tolerance and can sit a hair above
        // what the tight tolerance allows: relax it by 1e-11 (relative) meanwhile. (1e-12 still
        // failed 154 of iJO1366's polishes, each then re-solved loose; 1e-9 moved MTHFC's max by
        // 2e-6, the floor's sensitivity there being ~2000.)
        SolverOptions tight = balance.options();
        tight.feasibility_tolerance = kTightTolerance;
        const double relax = kFloorRelax * std::max(1.0, std::abs(bound));
        if (maximize) {
          balance.lp().set_column_bounds(z, bound - relax, INFINITY);
        } else {
          balance.lp().set_column_bounds(z, -INFINITY, bound + relax);
        }
        const Status polished = balance.lp().solve(detail::Method::primal, tight, balance.mutable_stats());
        if (maximize) {
          balance.lp().set_column_bounds(z, bound, INFINITY);
        } else {
          balance.lp().set_column_bounds(z, -INFINITY, bound);
        }
        if (polished == Status::optimal) {
          ++balance.mutable_stats().polished;
        } else {
          statuses[i] = balance.solve();  // back to the tolerance COBRApy uses
        }
      }
      if (statuses[i] == Status::optimal && options.loopless) {
        values[i] = loopless_extreme(balance, r, sense, statuses[i]);
        balance.set_objective(std::vector<double>(n, 0.0), sense);
      } else if (statuses[i] == Status::optimal) {
        values[i] = balance.flux(r);
        learn();
      }
      balance.lp().set_objective_coefficient(r, 0.0);
    }
  }
  result.stats = balance.stats() - before;
  return result;
}

}  // namespace ergon::fba
