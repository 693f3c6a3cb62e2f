#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>

#include "engine/core/error.hpp"
#include "engine/fba/deletions.hpp"
#include "engine/fba/pfba.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/detail/moma_problem.hpp"

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
  std::vector<double> reference_flux = result.reference_status == Status::optimal ? balance.fluxes() : std::vector<double>{};
  const auto reference_basis = balance.lp().basis();
  std::unique_ptr<detail::MomaProblem> moma_lp;
  detail::Basis moma_basis;
  auto growth_of = [&](const std::vector<double>& v) {
    double g = 0.0;
    for (std::size_t j = 0; j < v.size(); ++j) g += balance.objective()[j] * v[j];
    return g;
  };
  if (moma && result.reference_status == Status::optimal) {
    if (!options.reference_fluxes.empty()) {
      if (options.reference_fluxes.size() != model.reactions().size()) {
        throw InputError("MOMA reference has " + std::to_string(options.reference_fluxes.size()) + " fluxes for " +
                         std::to_string(model.reactions().size()) + " reactions");
      }
      reference_flux = options.reference_fluxes;
    } else {
      const auto wild_type = pfba(balance);
      if (wild_type.status != Status::optimal) throw ComputationError("pFBA of the wild type failed for MOMA");
      reference_flux = wild_type.fluxes;
    }
    result.reference_objective = growth_of(reference_flux);
    moma_lp = std::make_unique<detail::MomaProblem>(balance, reference_flux);
    const Status s = moma_lp->solve(balance.options(), balance.mutable_stats());
    if (s != Status::optimal) throw ComputationError("linear MOMA of the wild type failed");
    moma_basis = moma_lp->lp().basis();
  }
  const bool reference_optimal = result.reference_status == Status::optimal;
  const auto reference_shared = std::make_shared<const std::vector<double>>(reference_flux);

  std::map<std::vector<std::size_t>, Outcome> by_closed_set;
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
      const auto b = balance.bounds(r);
      return b.lower <= 0.0 && b.upper >= 0.0;
    });
  };
  auto evaluate = [&](const std::vector<std::size_t>& closed) -> Outcome {
    if (options.skip_provable && only_shrinks(closed)) {
      // Fewer feasible points than an infeasible LP: still infeasible.
      if (result.reference_status == Status::infeasible) {
        ++balance.mutable_stats().skipped;
        return {kNaN, Status::infeasible};
      }
      // The reference optimum stays feasible, and nothing better appeared.
      if (reference_optimal && std::all_of(closed.begin(), closed.end(), [&](std::size_t r) {
            return std::abs(reference_flux[r]) <= kNoFlux;
          })) {
        ++balance.mutable_stats().skipped;
        return {result.reference_objective, Status::optimal, options.pairs ? reference_shared : nullptr};
      }
    }
    if (options.skip_provable) {
      const auto cached = by_closed_set.find(closed);
      if (cached != by_closed_set.end()) {
        ++balance.mutable_stats().skipped;
        return cached->second;
      }
    }
    Outcome outcome;
    if (moma_lp) {
      moma_lp->lp().set_basis(moma_basis);
      for (const auto r : closed) moma_lp->set_flux_bounds(r, {0.0, 0.0});
      outcome.status = moma_lp->solve(balance.options(), balance.mutable_stats());
      if (outcome.status == Status::optimal) {
        auto v = std::make_shared<const std::vector<double>>(moma_lp->fluxes());
        outcome.growth = growth_of(*v);
        if (options.pairs) outcome.fluxes = std::move(v);
      }
      for (const auto r : closed) moma_lp->set_flux_bounds(r, balance.bounds(r));
    } else {
      // Only bounds change: the reference basis stays dual feasible, so dual simplex from it.
      // (Starting from the previous knockout's basis instead was 15x slower on iJO1366: after
      // an infeasible knockout that basis is far from anything useful.)
      // Basis first: setting bounds afterwards lets GLPK fit the non-basic statuses to them.
      balance.lp().set_basis(reference_basis);
      ScopedBounds scope(balance);
      for (const auto r : closed) scope.set(r, {0.0, 0.0});
      outcome.status = balance.solve(true);
      outcome.growth = balance.objective_value();
      if (options.pairs && outcome.status == Status::optimal) {
        outcome.fluxes = std::make_shared<const std::vector<double>>(balance.fluxes());
      }
    }
    by_closed_set.emplace(closed, outcome);
    return outcome;
  };

  std::vector<Outcome> singles(universe);
  std::vector<std::vector<std::size_t>> single_closed(universe);
  for (const auto c : candidates) {
    single_closed[c] = closed_by({c});
    singles[c] = evaluate(single_closed[c]);
    result.deletions.push_back({{c}, singles[c].growth, singles[c].status});
  }
  if (options.pairs) {
    for (std::size_t a = 0; a < candidates.size(); ++a) {
      for (std::size_t b = a + 1; b < candidates.size(); ++b) {
        const std::size_t i = candidates[a];
        const std::size_t j = candidates[b];
        if (i == j) continue;
        Outcome outcome;
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
            return std::binary_search(own.begin(), own.end(), r) || std::abs((*o.fluxes)[r]) <= kNoFlux;
          });
        };
        if (options.skip_provable && only_shrinks(closed) &&
            (singles[i].status == Status::infeasible || singles[j].status == Status::infeasible)) {
          ++balance.mutable_stats().skipped;
          outcome = {kNaN, Status::infeasible, nullptr};
        } else if (options.skip_provable && only_shrinks(closed) && (keeps_optimum(i) || keeps_optimum(j))) {
          ++balance.mutable_stats().skipped;
          outcome = keeps_optimum(i) ? singles[i] : singles[j];
        } else {
          outcome = evaluate(closed);
        }
        result.deletions.push_back({{i, j}, outcome.growth, outcome.status});
      }
    }
  }
  balance.lp().set_basis(reference_basis);
  result.stats = balance.stats() - before;
  return result;
}

}  // namespace ergon::fba
