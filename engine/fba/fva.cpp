#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/fba/detail/coupling.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/detail/sweep_threads.hpp"
#include "engine/fba/fva.hpp"

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
      : balance_(balance),
        objective_(balance.objective()),
        sense_(balance.sense()),
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
  const auto boundary = [&](std::size_t j) {
    return model.reactions()[j].stoichiometry.size() == 1;
  };
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

// FVA on the LP reduced by steady-state coupling (detail/coupling.hpp): one column t_g per
// coupled group (v_r = f_r · t_g for its members, bounds the tightest of theirs), the fluxes
// forced to 0 and the rows that only tied a group together removed. The feasible set is the
// same; for iJO1366 the LP shrinks from 1805 × 2583 to 707 × 1515, and every simplex call
// with it. Fills `result` and returns true, or returns false (nothing touched) when the
// reduction does not apply.
bool reduced_fva(const FluxBalance& balance, const FvaOptions& options, FvaResult& result) {
  auto reduced = detail::ReducedProblem::build(balance);
  if (!reduced) return false;
  constexpr std::size_t kNone = detail::ReducedProblem::kNone;
  const auto& coupling = reduced->coupling;
  const auto& group_of = reduced->group_of;
  const auto& scale = reduced->scale;
  const auto& objective = reduced->objective;
  const std::size_t groups = reduced->members.size();
  std::vector<double> lower(groups);
  std::vector<double> upper(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    lower[g] = reduced->lp.columns[g].lower;
    upper[g] = reduced->lp.columns[g].upper;
  }
  LpProblem lp = reduced->lp;
  lp.sense = ObjectiveSense::minimize;
  for (auto& c : lp.columns) c.objective = 0.0;
  const bool maximize = balance.sense() == ObjectiveSense::maximize;
  const double bound = options.fraction_of_optimum * result.objective;
  // As COBRApy: a variable z = objective, bounded by the floor. Bounding a column rather than
  // the objective row keeps GLPK's tolerances acting as in COBRApy, which matters at fraction 1
  // where the restricted LP is degenerate and tolerance-sized slack moves other fluxes.
  const std::size_t z = groups;
  lp.columns.push_back({.name = "fva_old_objective",
                        .lower = maximize ? bound : -INFINITY,
                        .upper = maximize ? INFINITY : bound});
  LpRow floor{.name = "fva_old_objective_constraint", .lower = 0.0, .upper = 0.0, .terms = {}};
  for (std::size_t g = 0; g < groups; ++g) {
    if (objective[g] != 0.0) floor.terms.emplace_back(g, objective[g]);
  }
  floor.terms.emplace_back(z, -1.0);
  lp.rows.push_back(std::move(floor));

  // The groups an LP decides, in the order of their first entry.
  std::vector<std::size_t> order;
  {
    std::vector<char> listed(groups, 0);
    for (const auto r : result.reactions) {
      const auto g = group_of[r];
      if (g != kNone && listed[g] == 0) {
        listed[g] = 1;
        order.push_back(g);
      }
    }
  }
  std::vector<double> t_min(groups, kNaN);
  std::vector<double> t_max(groups, kNaN);
  std::vector<Status> min_status(groups, Status::optimal);
  std::vector<Status> max_status(groups, Status::optimal);

  // t_g at a bound in a feasible point proves that extreme (kAtBound in flux units).
  auto learn = [&](const detail::GlpProblem& glp, std::vector<char>& at_lower,
                   std::vector<char>& at_upper) {
    for (std::size_t g = 0; g < groups; ++g) {
      const double t = glp.column_value(g);
      const double slack = kAtBound / scale[g];
      if (std::isfinite(lower[g]) && t <= lower[g] + slack) at_lower[g] = 1;
      if (std::isfinite(upper[g]) && t >= upper[g] - slack) at_upper[g] = 1;
    }
  };
  SolverStats stats;
  // The starting point of every block: the optimum of the model's objective on this LP
  // (which satisfies the floor), solved once here.
  detail::Basis start;
  std::vector<char> start_at_lower(groups, 0);
  std::vector<char> start_at_upper(groups, 0);
  {
    detail::GlpProblem glp(lp);
    for (std::size_t g = 0; g < groups; ++g) glp.set_objective_coefficient(g, objective[g]);
    glp.set_sense(balance.sense());
    const Status s = glp.solve(detail::Method::primal, balance.options(), stats);
    if (s != Status::optimal) return false;
    learn(glp, start_at_lower, start_at_upper);
    start = glp.basis();
  }

  const std::size_t block_size = std::max<std::size_t>(1, options.block_size);
  const std::size_t blocks = (order.size() + block_size - 1) / block_size;
  std::mutex stats_guard;
  std::atomic<std::size_t> decided_by_lp{0};
  detail::for_each_block(blocks, options.threads, [&](std::size_t) {
    auto glp = std::make_shared<detail::GlpProblem>(lp);
    auto own_stats = std::make_shared<SolverStats>();
    auto done = std::shared_ptr<void>(nullptr, [&stats_guard, &stats, own_stats](void*) {
      const std::lock_guard lock(stats_guard);
      stats += *own_stats;
    });
    return [&, glp, own_stats, done](std::size_t block) {
      glp->set_basis(start);
      auto at_lower = start_at_lower;
      auto at_upper = start_at_upper;
      // Largest bound violation of the current point, in flux units.
      auto violation = [&] {
        double worst = 0.0;
        for (std::size_t g = 0; g < groups; ++g) {
          const double t = glp->column_value(g);
          worst = std::max({worst, (lower[g] - t) * scale[g], (t - upper[g]) * scale[g]});
        }
        return worst;
      };
      const std::size_t first = block * block_size;
      const std::size_t last = std::min(order.size(), first + block_size);
      for (const auto sense : {ObjectiveSense::minimize, ObjectiveSense::maximize}) {
        const bool minimize = sense == ObjectiveSense::minimize;
        auto& values = minimize ? t_min : t_max;
        auto& statuses = minimize ? min_status : max_status;
        auto& known = minimize ? at_lower : at_upper;
        for (std::size_t i = first; i < last; ++i) {
          const std::size_t g = order[i];
          if (known[g] != 0) {
            values[g] = minimize ? lower[g] : upper[g];
            continue;
          }
          glp->set_objective_coefficient(g, 1.0);
          glp->set_sense(sense);
          ++decided_by_lp;
          statuses[g] = glp->solve(detail::Method::primal, balance.options(), *own_stats);
          if (statuses[g] == Status::optimal && violation() > kBoundSlack) {
            // GLPK's feasibility tolerance acts on the scaled problem and can leave a basic flux
            // ~1e-7 outside its bounds; at fraction 1 the restricted LP is degenerate and such
            // slack turns into 1e-4 of another flux (iJO1366: a second biomass reaction running
            // backwards by 2e-7 lets OPHHX3 carry 2e-4). Re-solve from this basis, tighter.
            // The floor comes from an optimum found at the loose tolerance and can sit a hair
            // above what the tight tolerance allows: relax it by 1e-11 (relative) meanwhile.
            // (1e-12 still failed 154 of iJO1366's polishes, each then re-solved loose; 1e-9
            // moved MTHFC's max by 2e-6, the floor's sensitivity there being ~2000.)
            SolverOptions tight = balance.options();
            tight.feasibility_tolerance = kTightTolerance;
            const double relax = kFloorRelax * std::max(1.0, std::abs(bound));
            if (maximize) {
              glp->set_column_bounds(z, bound - relax, INFINITY);
            } else {
              glp->set_column_bounds(z, -INFINITY, bound + relax);
            }
            const Status polished = glp->solve(detail::Method::primal, tight, *own_stats);
            if (maximize) {
              glp->set_column_bounds(z, bound, INFINITY);
            } else {
              glp->set_column_bounds(z, -INFINITY, bound);
            }
            if (polished == Status::optimal) {
              ++own_stats->polished;
            } else {
              statuses[g] = glp->solve(detail::Method::primal, balance.options(), *own_stats);
            }
          }
          if (statuses[g] == Status::optimal) {
            values[g] = glp->column_value(g);
            learn(*glp, at_lower, at_upper);
          }
          glp->set_objective_coefficient(g, 0.0);
        }
      }
    };
  });

  const std::size_t k = result.reactions.size();
  result.minimum.assign(k, kNaN);
  result.maximum.assign(k, kNaN);
  result.minimum_status.assign(k, Status::optimal);
  result.maximum_status.assign(k, Status::optimal);
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t r = result.reactions[i];
    const double f = coupling.factor[r];
    if (f == 0.0) {
      result.minimum[i] = 0.0;
      result.maximum[i] = 0.0;
      continue;
    }
    const std::size_t g = group_of[r];
    const bool same_direction = f > 0.0;
    result.minimum[i] = f * (same_direction ? t_min[g] : t_max[g]);
    result.maximum[i] = f * (same_direction ? t_max[g] : t_min[g]);
    result.minimum_status[i] = same_direction ? min_status[g] : max_status[g];
    result.maximum_status[i] = same_direction ? max_status[g] : min_status[g];
  }
  // Every extreme not decided by an LP of its own counts as skipped.
  stats.skipped += 2 * k - std::min(2 * k, decided_by_lp.load());
  result.stats += stats;
  return true;
}

}  // namespace

FvaResult fva(FluxBalance& balance, const FvaOptions& options) {
  if (!(options.fraction_of_optimum >= 0.0))
    throw InputError("FVA fraction of optimum must be >= 0");
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
  if (!options.loopless && options.reduce) {
    result.stats = balance.stats() - before;
    if (reduced_fva(balance, options, result)) return result;
  }
  const auto snapshot = detail::LpSnapshot::of(balance);

  const double bound = options.fraction_of_optimum * result.objective;
  const bool maximize = balance.sense() == ObjectiveSense::maximize;
  // What a feasible point of the restricted LP proves: min = lb or max = ub. The FBA optimum is
  // such a point when it satisfies the objective floor; every block starts from what it proves.
  std::vector<char> reference_min_at_bound(n, 0);
  std::vector<char> reference_max_at_bound(n, 0);
  auto learn = [n](const FluxBalance& b, std::vector<char>& min_at_bound,
                   std::vector<char>& max_at_bound) {
    for (std::size_t j = 0; j < n; ++j) {
      const double v = b.flux(j);
      const auto bounds = b.bounds(j);
      if (std::isfinite(bounds.lower) && v <= bounds.lower + kAtBound) min_at_bound[j] = 1;
      if (std::isfinite(bounds.upper) && v >= bounds.upper - kAtBound) max_at_bound[j] = 1;
    }
  };
  if (maximize ? result.objective >= bound : result.objective <= bound) {
    learn(balance, reference_min_at_bound, reference_max_at_bound);
  }

  const std::size_t k = result.reactions.size();
  // Which entries an LP decides: the first entry of each coupled group; the others (and the
  // fluxes forced to 0) are derived afterwards. Loopless extremes are not linear images.
  std::vector<std::size_t> derived_from(k, k);  // entry it follows, k = solved itself
  std::vector<double> derived_factor(k, 1.0);
  if (!options.loopless) {
    const auto coupling = detail::steady_state_coupling(model);
    std::vector<std::size_t> solved_entry(n, k);
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t r = result.reactions[i];
      const std::size_t root = coupling.representative[r];
      if (coupling.factor[r] == 0.0) {
        derived_factor[i] = 0.0;
        derived_from[i] = i;
        continue;
      }
      if (solved_entry[root] == k) {
        solved_entry[root] = i;
        continue;
      }
      // v_r = f_r v_root and v_s = f_s v_root for the solved entry s: v_r = (f_r / f_s) v_s.
      const std::size_t s = solved_entry[root];
      derived_from[i] = s;
      derived_factor[i] = coupling.factor[r] / coupling.factor[result.reactions[s]];
    }
  }
  result.minimum.assign(k, kNaN);
  result.maximum.assign(k, kNaN);
  result.minimum_status.assign(k, Status::optimal);
  result.maximum_status.assign(k, Status::optimal);

  // Fixed blocks of reactions, each solved from the reference basis with only what the
  // reference optimum proves: the same answers on any number of threads. Within a block each
  // LP warm-starts from the previous one and learns from every solution.
  const std::size_t block_size = std::max<std::size_t>(1, options.block_size);
  const std::size_t blocks = (k + block_size - 1) / block_size;
  std::mutex stats_guard;
  SolverStats worker_stats;

  // One worker per thread: its own LP (the caller's on thread 0) with the objective floor.
  struct Worker {
    FluxBalance* balance = nullptr;
    std::unique_ptr<FluxBalance> own;
    std::unique_ptr<FvaScope> scope;
    std::size_t z = 0;
    SimplexBasis start;
  };
  auto make_worker = [&](std::size_t thread) {
    auto w = std::make_shared<Worker>();
    w->balance = detail::thread_balance(thread, balance, snapshot, w->own);
    FluxBalance& own_lp = *w->balance;
    w->scope = std::make_unique<FvaScope>(own_lp);
    // As COBRApy: a variable z = objective, bounded by the floor. Bounding a column rather than
    // the objective row keeps GLPK's tolerances acting as in COBRApy, which matters at fraction 1
    // where the restricted LP is degenerate and tolerance-sized slack moves other fluxes.
    w->z = maximize ? own_lp.lp().add_column(bound, INFINITY)
                    : own_lp.lp().add_column(-INFINITY, bound);
    LpRow floor{.name = "fva_old_objective_constraint", .lower = 0.0, .upper = 0.0, .terms = {}};
    for (std::size_t j = 0; j < n; ++j) {
      if (own_lp.objective()[j] != 0.0) floor.terms.emplace_back(j, own_lp.objective()[j]);
    }
    floor.terms.emplace_back(w->z, -1.0);
    own_lp.lp().add_row(floor);
    own_lp.set_objective(std::vector<double>(n, 0.0), ObjectiveSense::minimize);
    w->start = own_lp.basis();
    return [&, w](std::size_t block) {
      FluxBalance& lp = *w->balance;
      const SolverStats block_before = lp.stats();
      lp.set_basis(w->start);
      auto min_at_bound = reference_min_at_bound;
      auto max_at_bound = reference_max_at_bound;
      // Largest bound violation (absolute, mmol/gDW/h) of the current solution over the fluxes.
      auto bound_violation = [&] {
        double worst = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
          const double v = lp.flux(j);
          const auto b = lp.bounds(j);
          worst = std::max({worst, b.lower - v, v - b.upper});
        }
        return worst;
      };
      const std::size_t first = block * block_size;
      const std::size_t last = std::min(k, first + block_size);
      for (const auto sense : {ObjectiveSense::minimize, ObjectiveSense::maximize}) {
        const bool minimize = sense == ObjectiveSense::minimize;
        auto& values = minimize ? result.minimum : result.maximum;
        auto& statuses = minimize ? result.minimum_status : result.maximum_status;
        auto& known = minimize ? min_at_bound : max_at_bound;
        for (std::size_t i = first; i < last; ++i) {
          const std::size_t r = result.reactions[i];
          const auto b = lp.bounds(r);
          if (derived_from[i] != k) continue;
          if (known[r] != 0 && !options.loopless) {
            values[i] = minimize ? b.lower : b.upper;
            ++lp.mutable_stats().skipped;
            continue;
          }
          lp.lp().set_objective_coefficient(r, 1.0);
          lp.lp().set_sense(sense);
          statuses[i] = lp.solve();
          if (statuses[i] == Status::optimal && bound_violation() > kBoundSlack) {
            // GLPK's feasibility tolerance acts on the scaled problem and can leave a basic flux
            // ~1e-7 outside its bounds; at fraction 1 the restricted LP is degenerate and such
            // slack turns into 1e-4 of another flux (iJO1366: a second biomass reaction running
            // backwards by 2e-7 lets OPHHX3 carry 2e-4). Re-solve from this basis, tighter.
            // The floor comes from an optimum found at the loose tolerance and can sit a hair
            // above what the tight tolerance allows: relax it by 1e-11 (relative) meanwhile.
            // (1e-12 still failed 154 of iJO1366's polishes, each then re-solved loose; 1e-9
            // moved MTHFC's max by 2e-6, the floor's sensitivity there being ~2000.)
            SolverOptions tight = lp.options();
            tight.feasibility_tolerance = kTightTolerance;
            const double relax = kFloorRelax * std::max(1.0, std::abs(bound));
            if (maximize) {
              lp.lp().set_column_bounds(w->z, bound - relax, INFINITY);
            } else {
              lp.lp().set_column_bounds(w->z, -INFINITY, bound + relax);
            }
            const Status polished =
                lp.lp().solve(detail::Method::primal, tight, lp.mutable_stats());
            if (maximize) {
              lp.lp().set_column_bounds(w->z, bound, INFINITY);
            } else {
              lp.lp().set_column_bounds(w->z, -INFINITY, bound);
            }
            if (polished == Status::optimal) {
              ++lp.mutable_stats().polished;
            } else {
              statuses[i] = lp.solve();  // back to the tolerance COBRApy uses
            }
          }
          if (statuses[i] == Status::optimal && options.loopless) {
            values[i] = loopless_extreme(lp, r, sense, statuses[i]);
            lp.set_objective(std::vector<double>(n, 0.0), sense);
          } else if (statuses[i] == Status::optimal) {
            values[i] = lp.flux(r);
            learn(lp, min_at_bound, max_at_bound);
          }
          lp.lp().set_objective_coefficient(r, 0.0);
        }
      }
      if (w->own) {
        const std::lock_guard lock(stats_guard);
        worker_stats += lp.stats() - block_before;
      }
    };
  };
  detail::for_each_block(blocks, options.threads, make_worker);
  std::size_t derived = 0;
  for (std::size_t i = 0; i < k; ++i) {
    if (derived_from[i] == k) continue;
    ++derived;
    const double f = derived_factor[i];
    if (f == 0.0) {
      result.minimum[i] = 0.0;
      result.maximum[i] = 0.0;
      continue;
    }
    const std::size_t s = derived_from[i];
    const bool same_direction = f > 0.0;
    result.minimum[i] = f * (same_direction ? result.minimum[s] : result.maximum[s]);
    result.maximum[i] = f * (same_direction ? result.maximum[s] : result.minimum[s]);
    result.minimum_status[i] = same_direction ? result.minimum_status[s] : result.maximum_status[s];
    result.maximum_status[i] = same_direction ? result.maximum_status[s] : result.minimum_status[s];
  }
  // The caller's LP is back as it was (scopes ended with the workers); its stats hold thread
  // 0's work, the replicas' work is added.
  result.stats = balance.stats() - before;
  result.stats += worker_stats;
  result.stats.skipped += 2 * derived;
  return result;
}

}  // namespace ergon::fba
