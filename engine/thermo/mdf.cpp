#include "engine/thermo/mdf.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/fba/lp_problem.hpp"
#include "engine/thermo/detail/tsv.hpp"
#include "engine/thermo/reaction_energy.hpp"

namespace ergon::thermo {
namespace {

void check_range(const ConcentrationRange& r, const std::string& what) {
  if (!(r.lower > 0.0) || !(r.upper > 0.0) || !std::isfinite(r.lower) || !std::isfinite(r.upper)) {
    std::ostringstream out;
    out << "concentration bounds of " << what << ": min " << r.lower << " M and max " << r.upper
        << " M must both be > 0 and finite";
    throw InputError(out.str());
  }
  if (r.lower > r.upper) {
    std::ostringstream out;
    out << "concentration bounds of " << what << ": min " << r.lower << " M > max " << r.upper
        << " M";
    throw InputError(out.str());
  }
}

// Dual values below this count as zero (GLPK's duals are exact up to its tolerances).
constexpr double kShadowTolerance = 1e-7;

}  // namespace

ConcentrationRange ConcentrationBounds::of(const std::string& metabolite_id,
                                           const std::string& kegg_id) const {
  if (const auto it = by_metabolite.find(metabolite_id); it != by_metabolite.end())
    return it->second;
  if (const auto it = by_compound.find(kegg_id); !kegg_id.empty() && it != by_compound.end())
    return it->second;
  return default_range;
}

void validate(const ConcentrationBounds& bounds) {
  check_range(bounds.default_range, "the default");
  for (const auto& [k, r] : bounds.by_compound) check_range(r, "compound '" + k + "'");
  for (const auto& [m, r] : bounds.by_metabolite) check_range(r, "metabolite '" + m + "'");
}

ConcentrationBounds read_concentration_bounds(const std::filesystem::path& path) {
  const detail::TsvTable table(path);
  const auto kegg = table.column("kegg_id");
  const auto lo = table.column("c_min_M");
  const auto hi = table.column("c_max_M");
  ConcentrationBounds bounds;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const ConcentrationRange range{table.number(r, lo), table.number(r, hi)};
    try {
      check_range(range, "'" + table.at(r, kegg) + "'");
    } catch (const InputError& e) {
      throw InputError({.file = table.file(), .line = table.line(r)}, e.what());
    }
    if (table.at(r, kegg) == "*")
      bounds.default_range = range;
    else
      bounds.by_compound[table.at(r, kegg)] = range;
  }
  return bounds;
}

const char* to_string(MdfStatus status) noexcept {
  switch (status) {
    case MdfStatus::optimal: return "optimal";
    case MdfStatus::missing_data: return "missing_data";
    case MdfStatus::empty_mode: return "empty_mode";
    case MdfStatus::solver_failed: return "solver_failed";
  }
  return "unknown";
}

MdfResult max_min_driving_force(const ConstraintModel& model, const FormationData& data,
                                const std::vector<double>& fluxes, const MdfOptions& options) {
  if (fluxes.size() != model.reactions().size())
    throw InputError("MDF: " + std::to_string(fluxes.size()) + " fluxes given for " +
                     std::to_string(model.reactions().size()) + " reactions");
  validate(options.bounds);
  const auto metabolites = metabolite_thermo(model, data, options.conditions);
  const auto energies = reaction_energies(model, data, options.conditions);
  const double rt_value = rt(options.conditions.temperature);

  MdfResult result;
  for (std::size_t r = 0; r < fluxes.size(); ++r) {
    if (!std::isfinite(fluxes[r]))
      throw InputError({.element_id = model.reactions()[r].id}, "MDF: flux is not finite");
    if (std::abs(fluxes[r]) <= options.flux_tolerance || energies[r].boundary) continue;
    if (!energies[r].standard) {
      result.excluded.push_back(model.reactions()[r].id);
      continue;
    }
    result.reactions.push_back(
        {.reaction = r, .direction = fluxes[r] > 0 ? 1 : -1, .standard = *energies[r].standard});
  }
  if (!result.excluded.empty() && !options.exclude_missing) {
    result.status = MdfStatus::missing_data;
    return result;
  }
  if (result.reactions.empty()) {
    result.status = MdfStatus::empty_mode;
    return result;
  }

  // Columns: ln c of each metabolite the mode touches (water and H+ excluded), then B.
  fba::LpProblem lp;
  lp.sense = ObjectiveSense::maximize;
  std::vector<std::ptrdiff_t> column_of(model.metabolites().size(), -1);
  for (const auto& step : result.reactions)
    for (const auto& term : model.reactions()[step.reaction].stoichiometry) {
      const auto m = term.metabolite;
      if (metabolites[m].is_water || metabolites[m].is_proton || column_of[m] >= 0) continue;
      const auto range = options.bounds.of(model.metabolites()[m].id, metabolites[m].match.kegg_id);
      column_of[m] = static_cast<std::ptrdiff_t>(lp.columns.size());
      lp.columns.push_back({.name = model.metabolites()[m].id,
                            .lower = std::log(range.lower),
                            .upper = std::log(range.upper)});
      result.concentrations.push_back({.metabolite = m, .range = range});
    }
  const std::size_t b = lp.columns.size();
  lp.columns.push_back({.name = "B",
                        .lower = -std::numeric_limits<double>::infinity(),
                        .upper = std::numeric_limits<double>::infinity(),
                        .objective = 1.0});
  // d·(ΔrG'° + RT Σ S ln c) ≤ −B  ⇔  d·RT Σ S ln c + B ≤ −d·ΔrG'°
  for (const auto& step : result.reactions) {
    fba::LpRow row{.name = model.reactions()[step.reaction].id,
                   .lower = -std::numeric_limits<double>::infinity(),
                   .upper = -step.direction * step.standard,
                   .terms = {}};
    for (const auto& term : model.reactions()[step.reaction].stoichiometry)
      if (column_of[term.metabolite] >= 0)
        row.terms.emplace_back(static_cast<std::size_t>(column_of[term.metabolite]),
                               step.direction * rt_value * term.coefficient);
    row.terms.emplace_back(b, 1.0);
    lp.rows.push_back(std::move(row));
  }
  const auto solution = fba::solve_lp(lp, options.solver);
  result.lp_status = solution.status;
  if (solution.status != fba::Status::optimal) {
    result.status = MdfStatus::solver_failed;
    return result;
  }
  result.status = MdfStatus::optimal;
  result.driving_force = solution.values[b];
  for (auto& c : result.concentrations)
    c.concentration = std::exp(solution.values[static_cast<std::size_t>(column_of[c.metabolite])]);
  for (std::size_t i = 0; i < result.reactions.size(); ++i) {
    auto& step = result.reactions[i];
    double q = 0.0;
    for (const auto& term : model.reactions()[step.reaction].stoichiometry)
      if (column_of[term.metabolite] >= 0)
        q += term.coefficient *
             solution.values[static_cast<std::size_t>(column_of[term.metabolite])];
    step.gibbs = step.standard + rt_value * q;
    // The row's upper bound is −d·ΔrG'°, and its dual is dMDF/d(bound): the MDF gained per
    // kJ/mol the step is made more favourable in its flux direction.
    step.shadow_price =
        std::abs(solution.row_duals[i]) > kShadowTolerance ? solution.row_duals[i] : 0.0;
    step.bottleneck = step.shadow_price > 0.0;
  }
  return result;
}

}  // namespace ergon::thermo
