#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>

#include "engine/core/error.hpp"
#include "engine/fba/deletions.hpp"
#include "engine/fba/detail/coupling.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/detail/moma_problem.hpp"
#include "engine/fba/detail/sweep_threads.hpp"
#include "engine/fba/pfba.hpp"

namespace ergon::fba {
namespace {

// Below this a reference flux counts as zero: closing such a reaction cannot move the optimum
// by more than the solver's own tolerance.
constexpr double kNoFlux = 1e-9;

struct Outcome {
  double growth = kNaN;
  Status status = Status::numerical_failure;
  /// The optimal fluxes, kept only when pairs follow (they let a pair reuse a member's answer).
  std::shared_ptr<const std::vector<double>> fluxes;
};

}  // namespace

std::vector<std::size_t> knock_out_genes(const std::vector<std::size_t>& genes, ScopedBounds& scope,
                                         const ConstraintModel& model) {
  auto closed = model.reactions_disabled_by(genes);
  for (const auto r : closed) scope.set(r, {0.0, 0.0});
  return closed;
}

std::vector<std::size_t> essential(const DeletionResult& result, double threshold) {
  if (std::isnan(threshold)) threshold = result.reference_objective * 1e-2;
  std::vector<std::size_t> out;
  for (const auto& d : result.deletions) {
    if (d.targets.size() != 1) continue;
    // `growth < threshold` is false for NaN, so test it apart, as COBRApy's isna() | (<).
    if (std::isnan(d.growth) || d.growth < threshold) out.push_back(d.targets.front());
  }
  std::sort(out.begin(), out.end());
  return out;
}

DeletionResult deletions(FluxBalance& balance, const DeletionOptions& options) {
  const auto& model = balance.model();
  const bool genes = options.target == DeletionTarget::genes;
  const std::size_t universe = genes ? model.genes().size() : model.reactions().size();
  std::vector<std::size_t> candidates = options.candidates;
  if (candidates.empty()) {
    candidates.resize(universe);
    std::iota(candidates.begin(), candidates.end(), std::size_t{0});
  }
  for (const auto c : candidates) {
    if (c >= universe) throw InternalError("deletion candidate index out of range");
  }
  const SolverStats before = balance.stats();
  const bool moma = options.method == DeletionMethod::linear_moma;
  DeletionResult result;
  result.reference_status = balance.solve();
  result.reference_objective = balance.objective_value();
  std::vector<double> reference_flux =
      result.reference_status == Status::optimal ? balance.fluxes() : std::vector<double>{};
  const auto objective = balance.objective();
  auto growth_of = [&](const std::vector<double>& v) {
    double g = 0.0;
    for (std::size_t j = 0; j < v.size(); ++j) g += objective[j] * v[j];
    return g;
  };
  const bool reference_optimal = result.reference_status == Status::optimal;
  if (moma && reference_optimal) {
    if (!options.reference_fluxes.empty()) {
      if (options.reference_fluxes.size() != model.reactions().size()) {
        throw InputError("MOMA reference has " + std::to_string(options.reference_fluxes.size()) +
                         " fluxes for " + std::to_string(model.reactions().size()) + " reactions");
      }
      reference_flux = options.reference_fluxes;
    } else {
      const auto wild_type = pfba(balance);
      if (wild_type.status != Status::optimal)
        throw ComputationError("pFBA of the wild type failed for MOMA");
      reference_flux = wild_type.fluxes;
    }
    result.reference_objective = growth_of(reference_flux);
  }
  // Every knockout LP starts from this state (the reference optimum's basis), on any thread.
  const auto snapshot = detail::LpSnapshot::of(balance);
  const auto reference_shared = std::make_shared<const std::vector<double>>(reference_flux);
  std::vector<FluxBounds> bounds(model.reactions().size());
  for (std::size_t r = 0; r < bounds.size(); ++r) bounds[r] = balance.bounds(r);

  auto closed_by = [&](const std::vector<std::size_t>& targets) {
    if (genes) return model.reactions_disabled_by(targets);
    auto closed = targets;
    std::sort(closed.begin(), closed.end());
    closed.erase(std::unique(closed.begin(), closed.end()), closed.end());
    return closed;
  };
  // Closing reactions whose bounds admit 0 only removes points from the feasible set. A
  // knockout of a reaction forced away from 0 (e.g. ATP maintenance, lb > 0) relaxes it instead,
  // and then none of the inferences below holds.
  auto only_shrinks = [&](const std::vector<std::size_t>& closed) {
    return std::all_of(closed.begin(), closed.end(), [&](std::size_t r) {
      return bounds[r].lower <= 0.0 && bounds[r].upper >= 0.0;
    });
  };

  // One worker per thread with its own LPs (the caller's FluxBalance on thread 0). The work is
  // the list of distinct LPs, each solved from the reference basis and handed out in blocks:
  // the answers are the same for any number of threads.
  struct Worker {
    FluxBalance* balance = nullptr;
    std::unique_ptr<FluxBalance> own;
    std::unique_ptr<detail::MomaProblem> moma_lp;
    detail::Basis moma_basis;
    std::unique_ptr<detail::GlpProblem> reduced_lp;
  };
  // FBA knockouts solve on the LP reduced by steady-state coupling (detail/coupling.hpp):
  // same feasible set for any closed set, fewer rows and columns, so each LP is cheaper.
  std::optional<detail::ReducedProblem> reduced;
  detail::Basis reduced_basis;
  if (!moma && reference_optimal) {
    reduced = detail::ReducedProblem::build(balance);
    if (reduced) {
      detail::GlpProblem glp(reduced->lp);
      if (glp.solve(detail::Method::primal, balance.options(), balance.mutable_stats()) ==
          Status::optimal) {
        reduced_basis = glp.basis();
      } else {
        reduced.reset();
      }
    }
  }
  auto new_worker = [&](std::size_t thread) {
    auto w = std::make_shared<Worker>();
    w->balance = detail::thread_balance(thread, balance, snapshot, w->own);
    if (reduced) w->reduced_lp = std::make_unique<detail::GlpProblem>(reduced->lp);
    if (moma && reference_optimal) {
      w->moma_lp = std::make_unique<detail::MomaProblem>(*w->balance, reference_flux);
      const Status s = w->moma_lp->solve(w->balance->options(), w->balance->mutable_stats());
      if (s != Status::optimal) throw ComputationError("linear MOMA of the wild type failed");
      w->moma_basis = w->moma_lp->lp().basis();
    }
    return w;
  };
  // Knockouts whose closed reactions cover the same coupled groups have the same feasible set,
  // hence the same FBA optimum (not so for MOMA, whose answer is a point, not a value).
  const bool by_groups = options.skip_provable && !moma;
  const auto coupling = by_groups ? detail::steady_state_coupling(model) : detail::Coupling{};
  auto cache_key = [&](const std::vector<std::size_t>& closed) {
    if (!by_groups || !only_shrinks(closed)) return closed;
    std::vector<std::size_t> key;
    // A flux forced to 0 anyway changes nothing when closed; the tag keeps these keys apart
    // from plain closed sets.
    for (const auto r : closed) {
      if (coupling.factor[r] != 0.0) key.push_back(coupling.representative[r]);
    }
    std::sort(key.begin(), key.end());
    key.erase(std::unique(key.begin(), key.end()), key.end());
    key.push_back(static_cast<std::size_t>(-1));
    return key;
  };
  // What is known without an LP, if anything.
  auto provable = [&](const std::vector<std::size_t>& closed,
                      bool keep_fluxes) -> std::optional<Outcome> {
    if (!options.skip_provable || !only_shrinks(closed)) return std::nullopt;
    // Fewer feasible points than an infeasible LP: still infeasible.
    if (result.reference_status == Status::infeasible)
      return Outcome{kNaN, Status::infeasible, nullptr};
    // The reference optimum stays feasible, and nothing better appeared.
    if (reference_optimal && std::all_of(closed.begin(), closed.end(), [&](std::size_t r) {
          return std::abs(reference_flux[r]) <= kNoFlux;
        })) {
      return Outcome{result.reference_objective, Status::optimal,
                     keep_fluxes ? reference_shared : nullptr};
    }
    return std::nullopt;
  };
  // One LP per distinct key, each started from the reference basis: its answer depends on
  // nothing solved before, so the jobs can run on any thread in any order.
  auto solve = [&](Worker& w, const std::vector<std::size_t>& closed, bool keep_fluxes) -> Outcome {
    FluxBalance& lp = *w.balance;
    Outcome outcome;
    if (w.reduced_lp) {
      auto& glp = *w.reduced_lp;
      glp.set_basis(reduced_basis);
      std::vector<std::size_t> touched;
      for (const auto r : closed) {
        if (reduced->group_of[r] != detail::ReducedProblem::kNone)
          touched.push_back(reduced->group_of[r]);
      }
      std::sort(touched.begin(), touched.end());
      touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
      const auto is_closed = [&](std::size_t r) {
        return std::binary_search(closed.begin(), closed.end(), r);
      };
      bool empty = false;
      for (const auto g : touched) {
        const auto b = reduced->group_bounds(g, bounds, is_closed);
        if (!b) {
          empty = true;
          break;
        }
        glp.set_column_bounds(g, b->lower, b->upper);
      }
      // A group whose members' bounds no longer meet: no feasible point, no LP needed.
      outcome.status = empty ? Status::infeasible
                             : glp.solve(detail::Method::dual, lp.options(), lp.mutable_stats());
      if (outcome.status == Status::optimal) {
        outcome.growth = glp.objective_value();
        if (keep_fluxes) {
          std::vector<double> v(bounds.size(), 0.0);
          for (std::size_t r = 0; r < v.size(); ++r) {
            const auto g = reduced->group_of[r];
            if (g != detail::ReducedProblem::kNone)
              v[r] = reduced->coupling.factor[r] * glp.column_value(g);
          }
          outcome.fluxes = std::make_shared<const std::vector<double>>(std::move(v));
        }
      }
      for (const auto g : touched)
        glp.set_column_bounds(g, reduced->lp.columns[g].lower, reduced->lp.columns[g].upper);
    } else if (w.moma_lp) {
      w.moma_lp->lp().set_basis(w.moma_basis);
      for (const auto r : closed) w.moma_lp->set_flux_bounds(r, {0.0, 0.0});
      outcome.status = w.moma_lp->solve(lp.options(), lp.mutable_stats());
      if (outcome.status == Status::optimal) {
        auto v = std::make_shared<const std::vector<double>>(w.moma_lp->fluxes());
        outcome.growth = growth_of(*v);
        if (keep_fluxes) outcome.fluxes = std::move(v);
      }
      for (const auto r : closed) w.moma_lp->set_flux_bounds(r, bounds[r]);
    } else {
      // Only bounds change: the reference basis stays dual feasible, so dual simplex from it.
      // (Starting from the previous knockout's basis instead was 15x slower on iJO1366: after
      // an infeasible knockout that basis is far from anything useful.)
      // Basis first: setting bounds afterwards lets GLPK fit the non-basic statuses to them.
      lp.set_basis(snapshot.basis);
      ScopedBounds scope(lp);
      for (const auto r : closed) scope.set(r, {0.0, 0.0});
      outcome.status = lp.solve(true);
      outcome.growth = lp.objective_value();
      if (keep_fluxes && outcome.status == Status::optimal) {
        outcome.fluxes = std::make_shared<const std::vector<double>>(lp.fluxes());
      }
    }
    return outcome;
  };

  std::mutex stats_guard;
  SolverStats worker_stats;
  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  const std::size_t block_size = std::max<std::size_t>(1, options.block_size);
  // Distinct LPs of one phase: the closed set of the first knockout with each key.
  struct Jobs {
    std::map<std::vector<std::size_t>, std::size_t> index;
    std::vector<std::vector<std::size_t>> closed;
    std::vector<Outcome> outcome;
    std::size_t add(const std::vector<std::size_t>& key,
                    const std::vector<std::size_t>& closed_set) {
      const auto [it, inserted] = index.emplace(key, closed.size());
      if (inserted) closed.push_back(closed_set);
      return it->second;
    }
  };
  auto run_jobs = [&](Jobs& jobs, bool keep_fluxes) {
    jobs.outcome.resize(jobs.closed.size());
    const std::size_t blocks = (jobs.closed.size() + block_size - 1) / block_size;
    detail::for_each_block(blocks, threads, [&](std::size_t thread) {
      auto w = new_worker(thread);
      auto done = std::shared_ptr<void>(nullptr, [&stats_guard, &worker_stats, w](void*) {
        if (!w->own) return;
        const std::lock_guard lock(stats_guard);
        worker_stats += w->own->stats();
      });
      return [&, w, done](std::size_t block) {
        for (std::size_t i = block * block_size;
             i < std::min(jobs.closed.size(), (block + 1) * block_size); ++i) {
          jobs.outcome[i] = solve(*w, jobs.closed[i], keep_fluxes);
        }
      };
    });
  };
  std::size_t decided_without_lp = 0;

  std::vector<Outcome> singles(universe);
  std::vector<std::vector<std::size_t>> single_closed(universe);
  Jobs single_jobs;
  {
    constexpr std::size_t kProvable = static_cast<std::size_t>(-1);
    Jobs& jobs = single_jobs;
    std::vector<std::size_t> job_of(candidates.size(), kProvable);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const std::size_t c = candidates[i];
      single_closed[c] = closed_by({c});
      if (auto known = provable(single_closed[c], options.pairs)) {
        singles[c] = std::move(*known);
      } else {
        job_of[i] = jobs.add(
            options.skip_provable ? cache_key(single_closed[c]) : std::vector<std::size_t>{i},
            single_closed[c]);
      }
    }
    run_jobs(jobs, options.pairs);
    result.deletions.reserve(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const std::size_t c = candidates[i];
      if (job_of[i] != kProvable) singles[c] = jobs.outcome[job_of[i]];
      result.deletions.push_back({{c}, singles[c].growth, singles[c].status});
    }
    decided_without_lp += candidates.size() - jobs.closed.size();
  }
  if (options.pairs) {
    // Decided pairs carry their outcome, the others the job that decides them.
    struct Pending {
      std::size_t deletion;
      std::size_t job;
    };
    Jobs jobs;
    std::vector<Pending> pending;
    for (std::size_t a = 0; a < candidates.size(); ++a) {
      for (std::size_t b = a + 1; b < candidates.size(); ++b) {
        const std::size_t i = candidates[a];
        const std::size_t j = candidates[b];
        if (i == j) continue;
        const auto closed = closed_by({i, j});
        // The pair closes a superset of each member's reactions (GPRs are monotone), so a
        // lethal member makes the pair lethal when the extra closures only shrink.
        // Likewise a member's optimum stays optimal for the pair when the reactions the other
        // member adds carry no flux in it: iJO1366's 934k pairs mostly end here.
        auto keeps_optimum = [&](std::size_t member) {
          const auto& o = singles[member];
          if (o.status != Status::optimal || !o.fluxes) return false;
          const auto& own = single_closed[member];
          return std::all_of(closed.begin(), closed.end(), [&](std::size_t r) {
            return std::binary_search(own.begin(), own.end(), r) ||
                   std::abs((*o.fluxes)[r]) <= kNoFlux;
          });
        };
        Outcome outcome;
        bool decided = true;
        if (options.skip_provable && only_shrinks(closed) &&
            (singles[i].status == Status::infeasible || singles[j].status == Status::infeasible)) {
          outcome = {kNaN, Status::infeasible, nullptr};
        } else if (options.skip_provable && only_shrinks(closed) &&
                   (keeps_optimum(i) || keeps_optimum(j))) {
          outcome = keeps_optimum(i) ? singles[i] : singles[j];
        } else if (auto known = provable(closed, false)) {
          outcome = std::move(*known);
        } else if (const auto same = options.skip_provable
                                         ? single_jobs.index.find(cache_key(closed))
                                         : single_jobs.index.end();
                   same != single_jobs.index.end()) {
          outcome = single_jobs.outcome[same->second];
        } else {
          decided = false;
          pending.push_back(
              {result.deletions.size(),
               jobs.add(options.skip_provable ? cache_key(closed) : std::vector<std::size_t>{a, b},
                        closed)});
        }
        if (decided) ++decided_without_lp;
        result.deletions.push_back({{i, j}, outcome.growth, outcome.status});
      }
    }
    run_jobs(jobs, false);
    for (const auto& p : pending) {
      result.deletions[p.deletion].growth = jobs.outcome[p.job].growth;
      result.deletions[p.deletion].status = jobs.outcome[p.job].status;
    }
    decided_without_lp += pending.size() - jobs.closed.size();
  }
  balance.set_basis(snapshot.basis);
  result.stats = balance.stats() - before;
  result.stats += worker_stats;
  result.stats.skipped += decided_without_lp;
  return result;
}

}  // namespace ergon::fba
