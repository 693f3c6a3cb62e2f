#include "engine/thermo/tfa.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include "engine/core/error.hpp"
#include "engine/fba/flux_coupling.hpp"
#include "engine/fba/lp_problem.hpp"
#include "engine/thermo/reaction_energy.hpp"

namespace ergon::thermo {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Slack (kJ/mol) below this is solver noise, not a conflict.
constexpr double kConflictTolerance = 1e-6;
// The objective floor of TVA gives at least this much (relative) room, so that at fraction 1
// the optimum itself, found again by another branch-and-cut, is never cut off by rounding.
constexpr double kFloorRelativeTolerance = 1e-7;

constexpr std::ptrdiff_t kNone = -1;
// |ΔrG'°| below this, kJ/mol, is zero (water transport gives exactly 0 up to rounding).
constexpr double kZeroEnergy = 1e-9;

// The TFA problem as plain data, and where each variable of interest sits in it.
struct TfaProblem {
  fba::LpProblem lp;
  std::vector<std::ptrdiff_t> log_concentration;  // per metabolite
  std::vector<std::ptrdiff_t> gibbs;              // per reaction
  std::vector<std::ptrdiff_t> slack;              // per reaction, relaxed problem only
  std::vector<std::size_t> constrained;
  std::vector<UnconstrainedReaction> unconstrained;
  std::size_t binaries = 0;
};

std::size_t add_column(fba::LpProblem& lp, fba::LpColumn column) {
  lp.columns.push_back(std::move(column));
  return lp.columns.size() - 1;
}

double finite_or(double bound, double fallback) {
  return std::isfinite(bound) ? bound : fallback;
}

// Builds TFA. `relaxed`: every thermodynamic row gets a slack column and the objective is the
// total slack (minimised); the model's objective is dropped. That problem is feasible whenever
// plain FBA is, and its positive slacks name the reactions in conflict.
TfaProblem build(const ConstraintModel& model, const FormationData& data, const TfaOptions& options,
                 bool relaxed) {
  const auto metabolites = metabolite_thermo(model, data, options.conditions);
  const auto energies = reaction_energies(model, data, options.conditions);
  const double rt_value = rt(options.conditions.temperature);

  const auto coupling = fba::flux_coupling(model);
  TfaProblem p;
  p.lp = fba::build_fba_problem(model);
  const std::size_t n = model.reactions().size();
  if (relaxed) {
    for (auto& column : p.lp.columns) column.objective = 0.0;
    p.lp.sense = ObjectiveSense::minimize;
  }
  p.log_concentration.assign(model.metabolites().size(), kNone);
  p.gibbs.assign(n, kNone);
  p.slack.assign(n, kNone);

  for (std::size_t r = 0; r < n; ++r) {
    const auto& e = energies[r];
    if (e.boundary) continue;
    const auto& id = model.reactions()[r].id;
    if (coupling.group[r] == fba::FluxCoupling::kZero) {
      p.unconstrained.push_back({id, "no flux in any steady state (dead end)"});
    } else if (!e.standard) {
      std::string names;
      for (const auto& m : e.missing) names += (names.empty() ? "" : ",") + m;
      p.unconstrained.push_back({id, "no drG'0 for " + names});
    } else if (!e.imbalance.empty()) {
      p.unconstrained.push_back({id, "unbalanced: " + e.imbalance});
    } else if (std::abs(*e.standard) < kZeroEnergy &&
               std::all_of(model.reactions()[r].stoichiometry.begin(),
                           model.reactions()[r].stoichiometry.end(), [&](const auto& t) {
                             return metabolites[t.metabolite].is_water ||
                                    metabolites[t.metabolite].is_proton;
                           })) {
      p.unconstrained.push_back({id, "zero by construction (water or H+ only)"});
    } else {
      p.constrained.push_back(r);
    }
  }
  for (const auto r : p.constrained)
    for (const auto& term : model.reactions()[r].stoichiometry) {
      const auto m = term.metabolite;
      if (metabolites[m].is_water || metabolites[m].is_proton || p.log_concentration[m] != kNone)
        continue;
      const auto range = options.bounds.of(model.metabolites()[m].id, metabolites[m].match.kegg_id);
      p.log_concentration[m] =
          static_cast<std::ptrdiff_t>(add_column(p.lp, {.name = "ln_c_" + model.metabolites()[m].id,
                                                        .lower = std::log(range.lower),
                                                        .upper = std::log(range.upper)}));
    }

  const double eps = options.epsilon;
  // One pair of direction binaries per coupling group with a constrained member; a direction
  // the group's flux bounds close gets a binary fixed at 0 (presolve removes it).
  struct DirectionPair {
    std::size_t forward = 0;
    std::size_t reverse = 0;
    // True while every member's ΔrG' bounds keep that direction's ΔrG' row satisfied: then
    // the binary only says "may run this way", which the thermodynamics always allow, and it
    // is fixed at 1 (the other direction is closed by the same bounds).
    bool forward_always = true;
    bool reverse_always = true;
  };
  std::map<std::size_t, DirectionPair> directions;
  for (const auto r : p.constrained) {
    const auto group = coupling.group[r];
    if (directions.contains(group)) continue;
    const auto& t = coupling.bounds[group];
    const auto& name = model.reactions()[r].id;
    DirectionPair pair;
    pair.forward = add_column(p.lp, {.name = "forward_" + name,
                                     .lower = 0.0,
                                     .upper = t.upper > 0.0 ? 1.0 : 0.0,
                                     .binary = true});
    pair.reverse = add_column(p.lp, {.name = "reverse_" + name,
                                     .lower = 0.0,
                                     .upper = t.lower < 0.0 ? 1.0 : 0.0,
                                     .binary = true});
    p.lp.rows.push_back({.name = "one_direction_" + name,
                         .lower = -kInfinity,
                         .upper = 1.0,
                         .terms = {{pair.forward, 1.0}, {pair.reverse, 1.0}}});
    directions.emplace(group, pair);
  }
  for (const auto r : p.constrained) {
    const auto& reaction = model.reactions()[r];
    const double standard = *energies[r].standard;
    const double error = options.uncertainty_sigmas * energies[r].uncertainty;
    // ΔG_r − e_r − RT Σ S x = ΔrG'°, and the interval of ΔG_r the bounds allow.
    fba::LpRow definition{.name = "dG_" + reaction.id, .lower = standard, .upper = standard};
    double low = standard - error;
    double high = standard + error;
    for (const auto& term : reaction.stoichiometry) {
      const auto column = p.log_concentration[term.metabolite];
      if (column == kNone) continue;
      const auto& c = p.lp.columns[static_cast<std::size_t>(column)];
      const double a = rt_value * term.coefficient;
      low += a > 0 ? a * c.lower : a * c.upper;
      high += a > 0 ? a * c.upper : a * c.lower;
      definition.terms.emplace_back(static_cast<std::size_t>(column), -a);
    }
    const std::size_t g =
        add_column(p.lp, {.name = "dG_" + reaction.id, .lower = low, .upper = high});
    p.gibbs[r] = static_cast<std::ptrdiff_t>(g);
    definition.terms.emplace_back(g, 1.0);
    if (error > 0.0) {
      const std::size_t e =
          add_column(p.lp, {.name = "dG_error_" + reaction.id, .lower = -error, .upper = error});
      definition.terms.emplace_back(e, -1.0);
    }
    p.lp.rows.push_back(std::move(definition));

    const double big_m = std::max(std::abs(low), std::abs(high)) + eps;
    const double upper = std::max(finite_or(reaction.upper_bound, options.infinite_flux), 0.0);
    const double lower = std::min(finite_or(reaction.lower_bound, -options.infinite_flux), 0.0);
    // The direction binaries belong to the reaction's coupling group: its members run the
    // same way as the group's t (or the opposite way when their factor is negative).
    auto& pair = directions[coupling.group[r]];
    const bool along = coupling.factor[r] > 0.0;
    auto& forward_binary = along ? pair.forward : pair.reverse;
    auto& reverse_binary = along ? pair.reverse : pair.forward;
    (along ? pair.forward_always : pair.reverse_always) &= high <= -eps;
    (along ? pair.reverse_always : pair.forward_always) &= low >= eps;
    // A direction the concentration and error bounds rule out is closed for the whole group.
    if (!relaxed && low > -eps) p.lp.columns[forward_binary].upper = 0.0;
    if (!relaxed && high < eps) p.lp.columns[reverse_binary].upper = 0.0;
    p.lp.rows.push_back({.name = "forward_flux_" + reaction.id,
                         .lower = -kInfinity,
                         .upper = 0.0,
                         .terms = {{r, 1.0}, {forward_binary, -upper}}});
    p.lp.rows.push_back({.name = "reverse_flux_" + reaction.id,
                         .lower = 0.0,
                         .upper = kInfinity,
                         .terms = {{r, 1.0}, {reverse_binary, -lower}}});
    fba::LpRow forward{.name = "forward_dG_" + reaction.id,
                       .lower = -kInfinity,
                       .upper = big_m - eps,
                       .terms = {{g, 1.0}, {forward_binary, big_m}}};
    fba::LpRow reverse{.name = "reverse_dG_" + reaction.id,
                       .lower = -big_m + eps,
                       .upper = kInfinity,
                       .terms = {{g, 1.0}, {reverse_binary, -big_m}}};
    if (relaxed) {
      const std::size_t s = add_column(
          p.lp,
          {.name = "slack_" + reaction.id, .lower = 0.0, .upper = kInfinity, .objective = 1.0});
      p.slack[r] = static_cast<std::ptrdiff_t>(s);
      forward.terms.emplace_back(s, -1.0);
      reverse.terms.emplace_back(s, 1.0);
    }
    p.lp.rows.push_back(std::move(forward));
    p.lp.rows.push_back(std::move(reverse));
  }
  if (!relaxed)
    for (const auto& [group, pair] : directions) {
      if (pair.forward_always && p.lp.columns[pair.forward].upper > 0.0)
        p.lp.columns[pair.forward].lower = 1.0;
      if (pair.reverse_always && p.lp.columns[pair.reverse].upper > 0.0)
        p.lp.columns[pair.reverse].lower = 1.0;
    }
  p.binaries = static_cast<std::size_t>(
      std::count_if(p.lp.columns.begin(), p.lp.columns.end(),
                    [](const fba::LpColumn& c) { return c.binary && c.upper > c.lower; }));
  return p;
}

void check_inputs(const ConstraintModel& model, const TfaOptions& options, const char* what) {
  validate(options.conditions);
  validate(options.bounds);
  if (!model.has_objective())
    throw InputError(std::string(what) + ": model '" + model.id() + "' has no objective");
  if (!(options.epsilon >= 0.0) || !(options.uncertainty_sigmas >= 0.0) ||
      !(options.infinite_flux > 0.0))
    throw InputError(std::string(what) +
                     ": epsilon and uncertainty_sigmas must be >= 0, infinite_flux > 0");
}

TfaStatus status_of(fba::Status s) {
  switch (s) {
    case fba::Status::optimal: return TfaStatus::optimal;
    case fba::Status::infeasible: return TfaStatus::infeasible;
    case fba::Status::unbounded: return TfaStatus::unbounded;
    case fba::Status::time_limit: return TfaStatus::time_limit;
    case fba::Status::iteration_limit:
    case fba::Status::numerical_failure: return TfaStatus::solver_failed;
  }
  return TfaStatus::solver_failed;
}

void fill_values(const ConstraintModel& model, const TfaProblem& p,
                 const std::vector<double>& values, TfaResult& result) {
  const std::size_t n = model.reactions().size();
  result.fluxes.assign(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
  result.gibbs.assign(n, std::nullopt);
  for (std::size_t r = 0; r < n; ++r)
    if (p.gibbs[r] != kNone) result.gibbs[r] = values[static_cast<std::size_t>(p.gibbs[r])];
  result.concentrations.assign(model.metabolites().size(), std::nullopt);
  for (std::size_t m = 0; m < model.metabolites().size(); ++m)
    if (p.log_concentration[m] != kNone)
      result.concentrations[m] = std::exp(values[static_cast<std::size_t>(p.log_concentration[m])]);
}

// Why an infeasible TFA is infeasible: plain FBA first, then the least-violation relaxation.
void diagnose(const ConstraintModel& model, const FormationData& data, const TfaOptions& options,
              TfaResult& result) {
  const auto plain = fba::solve_lp(fba::build_fba_problem(model), options.solver);
  result.stats += plain.stats;
  if (plain.status == fba::Status::infeasible) {
    result.status = TfaStatus::infeasible;
    return;
  }
  const auto relaxed = build(model, data, options, true);
  const auto solution = fba::solve_milp(relaxed.lp, options.solver);
  result.stats += solution.stats;
  if (solution.values.empty()) {
    result.status = status_of(solution.status);
    return;
  }
  result.status = TfaStatus::thermodynamically_infeasible;
  for (const auto r : relaxed.constrained) {
    const double s = solution.values[static_cast<std::size_t>(relaxed.slack[r])];
    if (s > kConflictTolerance)
      result.conflicts.push_back(
          {.reaction_id = model.reactions()[r].id, .violation = s, .flux = solution.values[r]});
  }
  std::sort(result.conflicts.begin(), result.conflicts.end(),
            [](const TfaConflict& a, const TfaConflict& b) { return a.violation > b.violation; });
}

}  // namespace

const char* to_string(TfaStatus status) noexcept {
  switch (status) {
    case TfaStatus::optimal: return "optimal";
    case TfaStatus::thermodynamically_infeasible: return "thermodynamically_infeasible";
    case TfaStatus::infeasible: return "infeasible";
    case TfaStatus::unbounded: return "unbounded";
    case TfaStatus::time_limit: return "time_limit";
    case TfaStatus::solver_failed: return "solver_failed";
  }
  return "unknown";
}

TfaResult thermodynamic_fba(const ConstraintModel& model, const FormationData& data,
                            const TfaOptions& options) {
  check_inputs(model, options, "TFA");
  const auto p = build(model, data, options, false);
  TfaResult result;
  result.constrained = p.constrained;
  result.unconstrained = p.unconstrained;
  result.binaries = p.binaries;
  const auto solution = fba::solve_milp(p.lp, options.solver);
  result.lp_status = solution.status;
  result.stats += solution.stats;
  result.status = status_of(solution.status);
  if (!solution.values.empty()) {
    result.objective = solution.objective;
    fill_values(model, p, solution.values, result);
  }
  if (solution.status == fba::Status::infeasible) diagnose(model, data, options, result);
  return result;
}

TvaResult thermodynamic_variability(const ConstraintModel& model, const FormationData& data,
                                    const TvaOptions& options) {
  check_inputs(model, options.tfa, "TVA");
  if (!(options.fraction_of_optimum >= 0.0 && options.fraction_of_optimum <= 1.0))
    throw InputError("TVA: fraction_of_optimum must lie in [0, 1]");
  const auto start = std::chrono::steady_clock::now();
  TvaResult result;
  auto p = build(model, data, options.tfa, false);
  const auto optimum = fba::solve_milp(p.lp, options.tfa.solver);
  result.milps = 1;
  result.status = status_of(optimum.status);
  if (optimum.status != fba::Status::optimal) {
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  }
  result.objective = optimum.objective;

  // Hold the objective near the optimum, then range each variable of interest.
  const std::size_t n = model.reactions().size();
  const double slack =
      std::max((1.0 - options.fraction_of_optimum) * std::abs(optimum.objective),
               kFloorRelativeTolerance * std::max(1.0, std::abs(optimum.objective)));
  fba::LpRow floor{.name = "objective_floor", .lower = -kInfinity, .upper = kInfinity};
  for (std::size_t r = 0; r < n; ++r)
    if (p.lp.columns[r].objective != 0.0) floor.terms.emplace_back(r, p.lp.columns[r].objective);
  if (p.lp.sense == ObjectiveSense::maximize)
    floor.lower = optimum.objective - slack;
  else
    floor.upper = optimum.objective + slack;
  p.lp.rows.push_back(std::move(floor));

  std::vector<std::size_t> columns;
  if (options.fluxes)
    for (std::size_t r = 0; r < n; ++r) columns.push_back(r);
  if (options.gibbs)
    for (const auto g : p.gibbs)
      if (g != kNone) columns.push_back(static_cast<std::size_t>(g));
  if (options.concentrations)
    for (const auto x : p.log_concentration)
      if (x != kNone) columns.push_back(static_cast<std::size_t>(x));
  const auto ranges = fba::column_ranges(p.lp, columns, options.tfa.solver);
  result.milps += 2 * columns.size();

  std::vector<std::optional<ValueRange>> by_column(p.lp.columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (ranges[i].status != fba::Status::optimal) {
      ++result.failed;
      continue;
    }
    by_column[columns[i]] = ValueRange{ranges[i].minimum, ranges[i].maximum};
  }
  result.fluxes.assign(n, std::nullopt);
  result.gibbs.assign(n, std::nullopt);
  result.concentrations.assign(model.metabolites().size(), std::nullopt);
  if (options.fluxes)
    for (std::size_t r = 0; r < n; ++r) result.fluxes[r] = by_column[r];
  for (std::size_t r = 0; r < n; ++r)
    if (p.gibbs[r] != kNone) result.gibbs[r] = by_column[static_cast<std::size_t>(p.gibbs[r])];
  for (std::size_t m = 0; m < model.metabolites().size(); ++m) {
    if (p.log_concentration[m] == kNone) continue;
    if (const auto& x = by_column[static_cast<std::size_t>(p.log_concentration[m])])
      result.concentrations[m] = ValueRange{std::exp(x->minimum), std::exp(x->maximum)};
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace ergon::thermo
