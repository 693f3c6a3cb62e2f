#include "engine/thermo/state_energetics.hpp"

#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "engine/thermo/transform.hpp"

namespace ergon::thermo {
namespace {

constexpr const char* kAtp = "C00002";
constexpr const char* kAdp = "C00008";
constexpr const char* kAmp = "C00020";
constexpr const char* kPhosphate = "C00009";
constexpr const char* kWater = "C00001";

void append(std::string& note, const std::string& text) {
  note += (note.empty() ? "" : "; ") + text;
}

}  // namespace

StateEnergetics state_energetics(const ConstraintModel& model, const FormationData& data,
                                 const std::vector<double>& concentrations,
                                 const std::map<std::string, double>& compound_defaults,
                                 const StateEnergeticsOptions& options) {
  validate(options.conditions);
  const auto& metabolites_of_model = model.metabolites();
  if (concentrations.size() != metabolites_of_model.size())
    throw InputError("state_energetics: " + std::to_string(concentrations.size()) +
                     " concentrations given for " + std::to_string(metabolites_of_model.size()) +
                     " metabolites");
  for (std::size_t m = 0; m < concentrations.size(); ++m)
    if (concentrations[m] < 0.0)
      throw InputError({.element_id = metabolites_of_model[m].id}, "negative concentration");
  for (const auto& [kegg, c] : compound_defaults)
    if (!(c > 0.0) || !std::isfinite(c))
      throw InputError({.element_id = kegg}, "a default concentration must be > 0 M");
  const double t = options.conditions.temperature;
  const double rt_value = rt(t);
  const double near = options.near_equilibrium.value_or(rt_value * std::log(10.0));
  if (!(near >= 0.0)) throw InputError("state_energetics: near_equilibrium must be >= 0 kJ/mol");

  const auto metabolites = metabolite_thermo(model, data, options.conditions);
  const auto energies = reaction_energies(model, data, options.conditions);
  StateEnergetics out;
  out.reactions.reserve(model.reactions().size());
  for (std::size_t r = 0; r < model.reactions().size(); ++r) {
    const auto& e = energies[r];
    ReactionStateEnergy row;
    row.reaction_id = model.reactions()[r].id;
    row.standard = e.standard;
    if (!e.standard) {
      if (e.boundary) {
        row.note = "boundary reaction";
      } else {
        std::string names;
        for (const auto& m : e.missing) names += (names.empty() ? "" : ",") + m;
        row.note = "no drG'0 for " + names;
      }
      out.reactions.push_back(std::move(row));
      continue;
    }
    // An equation that is not balanced (lumped steps, water left out) has no meaningful ΔrG'.
    if (!e.comparable()) {
      row.note = e.imbalance.empty() ? "H not balanced by H+ (a neutral species left out)"
                                     : "unbalanced: " + e.imbalance;
      out.reactions.push_back(std::move(row));
      continue;
    }
    double log_q = 0.0;
    std::string unknown;
    std::string zero;
    for (const auto& term : model.reactions()[r].stoichiometry) {
      const auto& mt = metabolites[term.metabolite];
      if (mt.is_water || mt.is_proton) continue;
      double c = concentrations[term.metabolite];
      if (std::isnan(c)) {
        const auto d = compound_defaults.find(mt.match.kegg_id);
        if (d != compound_defaults.end()) c = d->second;
      }
      const auto& id = metabolites_of_model[term.metabolite].id;
      if (std::isnan(c))
        unknown += (unknown.empty() ? "" : ",") + id;
      else if (c == 0.0)
        zero += (zero.empty() ? "" : ",") + id;
      else
        log_q += term.coefficient * std::log(c);
    }
    if (!unknown.empty()) {
      append(row.note, "no concentration for " + unknown);
    } else if (!zero.empty()) {
      // ln 0: ΔrG' is ±∞, which a number cannot carry honestly.
      append(row.note, zero + " at 0 M: drG' is infinite");
    } else {
      row.gibbs = *e.standard + rt_value * log_q;
      row.disequilibrium = std::exp(*row.gibbs / rt_value);
      row.near_equilibrium = std::abs(*row.gibbs) <= near;
    }
    out.reactions.push_back(std::move(row));
  }

  // Per compartment with an ATP metabolite: the concentrations of its adenine nucleotides and
  // phosphate (a metabolite of the compound in that compartment, else the default).
  std::vector<std::string> order;
  std::set<std::string> seen;
  for (std::size_t m = 0; m < metabolites_of_model.size(); ++m)
    if (metabolites[m].match.kegg_id == kAtp &&
        seen.insert(metabolites_of_model[m].compartment).second)
      order.push_back(metabolites_of_model[m].compartment);
  const auto* c_atp = data.find(kAtp);
  const auto* c_adp = data.find(kAdp);
  const auto* c_pi = data.find(kPhosphate);
  const auto* c_water = data.find(kWater);
  for (const auto& compartment : order) {
    const auto concentration_of = [&](const char* kegg) -> std::optional<double> {
      for (std::size_t m = 0; m < metabolites_of_model.size(); ++m)
        if (metabolites_of_model[m].compartment == compartment &&
            metabolites[m].match.kegg_id == kegg && !std::isnan(concentrations[m]))
          return concentrations[m];
      if (const auto d = compound_defaults.find(kegg); d != compound_defaults.end())
        return d->second;
      return std::nullopt;
    };
    CompartmentEnergetics row;
    row.compartment = compartment;
    const auto& where = options.conditions.of(compartment);
    row.pH = where.pH;
    row.potential = where.potential;
    const auto atp = concentration_of(kAtp);
    const auto adp = concentration_of(kAdp);
    const auto amp = concentration_of(kAmp);
    const auto pi = concentration_of(kPhosphate);
    std::string missing;
    for (const auto& [name, value] :
         {std::pair{"ATP", atp}, {"ADP", adp}, {"Pi", pi}, {"AMP", amp}})
      if (!value) missing += (missing.empty() ? "" : ",") + std::string(name);
    if (!missing.empty()) row.note = "no concentration for " + missing;
    if (atp && adp && pi && *atp > 0.0 && *adp > 0.0 && *pi > 0.0 && c_atp != nullptr &&
        c_adp != nullptr && c_pi != nullptr && c_water != nullptr) {
      const double standard = transformed_formation_energy(*c_adp, where, t) +
                              transformed_formation_energy(*c_pi, where, t) -
                              transformed_formation_energy(*c_atp, where, t) -
                              transformed_formation_energy(*c_water, where, t);
      row.atp_hydrolysis = standard + rt_value * std::log(*adp * *pi / *atp);
    } else if (c_atp == nullptr || c_adp == nullptr || c_pi == nullptr || c_water == nullptr) {
      append(row.note, "the data lack ATP, ADP, Pi or water");
    }
    if (atp && adp && amp && *atp + *adp + *amp > 0.0)
      row.energy_charge = (*atp + *adp / 2.0) / (*atp + *adp + *amp);
    out.compartments.push_back(std::move(row));
  }
  return out;
}

}  // namespace ergon::thermo
