#include "engine/thermo/reaction_energy.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/thermo/formula.hpp"
#include "engine/thermo/transform.hpp"

namespace ergon::thermo {
namespace {

constexpr const char* kWater = "C00001";
constexpr const char* kProton = "C00080";
// Below this a stoichiometric sum counts as zero (coefficients are decimal fractions).
constexpr double kBalanceTolerance = 1e-6;

std::string format_signed(double x) {
  std::ostringstream out;
  out << (x > 0 ? "+" : "") << x;
  return out.str();
}

// Heuristic 1σ of ΔrG'° (Component Contribution covariances are not available; see
// ../shared/thermo README caveat 1): 2 kJ/mol when every compound that changes is in the CC
// training set or E'°-derived, 10 kJ/mol when a group-contribution estimate is involved.
double heuristic_uncertainty(const std::map<std::string, double>& net, const FormationData& data) {
  bool any = false;
  bool group_estimate = false;
  for (const auto& [kegg, n] : net) {
    if (std::abs(n) < kBalanceTolerance || kegg == kProton) continue;
    any = true;
    const auto* c = data.find(kegg);
    if (c != nullptr && c->estimate_type == "GC") group_estimate = true;
  }
  if (!any) return 0.0;
  return group_estimate ? 10.0 : 2.0;
}

}  // namespace

std::vector<MetaboliteThermo> metabolite_thermo(const ConstraintModel& model,
                                                const FormationData& data,
                                                const Conditions& conditions) {
  validate(conditions);
  std::vector<MetaboliteThermo> out;
  out.reserve(model.metabolites().size());
  for (const auto& m : model.metabolites()) {
    MetaboliteThermo t;
    t.match = match_compound(m, data);
    t.is_water = t.match.kegg_id == kWater;
    t.is_proton = t.match.kegg_id == kProton;
    if (const auto* c = data.find(t.match.kegg_id))
      t.formation_energy =
          transformed_formation_energy(*c, conditions.of(m.compartment), conditions.temperature);
    out.push_back(std::move(t));
  }
  return out;
}

bool ReactionEnergy::comparable() const {
  return standard && imbalance.empty() &&
         std::abs(hydrogen_imbalance - charge_imbalance) <= kBalanceTolerance;
}

std::vector<ReactionEnergy> reaction_energies(const ConstraintModel& model,
                                              const FormationData& data,
                                              const Conditions& conditions) {
  const auto metabolites = metabolite_thermo(model, data, conditions);
  const double temperature = conditions.temperature;
  std::vector<ReactionEnergy> out;
  out.reserve(model.reactions().size());
  for (const auto& reaction : model.reactions()) {
    ReactionEnergy e;
    e.reaction_id = reaction.id;
    e.boundary = reaction.stoichiometry.size() == 1;
    std::map<std::string, double> compartment_h;       // N_H(k)
    std::map<std::string, double> compartment_charge;  // Q(k)
    std::map<std::string, double> net;                 // kegg -> net coefficient
    std::vector<std::string> order;                    // compartments in reactant order
    ElementCounts elements;
    double electrons = 0.0;
    double sum = 0.0;
    for (const auto& term : reaction.stoichiometry) {
      const auto& m = model.metabolites()[term.metabolite];
      const auto& t = metabolites[term.metabolite];
      if (std::find(order.begin(), order.end(), m.compartment) == order.end())
        order.push_back(m.compartment);
      if (!t.formation_energy) {
        e.missing.push_back(m.id);
        continue;
      }
      sum += term.coefficient * *t.formation_energy;
      net[t.match.kegg_id] += term.coefficient;
      const auto& where = conditions.of(m.compartment);
      const auto* c = data.find(t.match.kegg_id);
      if (t.is_proton) {
        compartment_h[m.compartment] += term.coefficient;
        compartment_charge[m.compartment] += term.coefficient;
      } else {
        const auto& s = predominant_species(*c, where, temperature);
        compartment_h[m.compartment] += term.coefficient * s.hydrogens;
        compartment_charge[m.compartment] += term.coefficient * s.charge;
      }
      if (t.is_proton) continue;  // no electrons, no element but H
      const auto formula = parse_formula(c->formula);
      const auto n_e = formula && c->formula_charge ? electron_count(*formula, *c->formula_charge)
                                                    : std::optional<double>{};
      if (!n_e) {
        e.unchecked.push_back(m.id);
        continue;
      }
      for (const auto& [symbol, n] : *formula)
        if (symbol != "H") elements[symbol] += term.coefficient * n;
      electrons += term.coefficient * *n_e;
    }
    e.transport = order.size() > 1;
    if (e.boundary || !e.missing.empty()) {
      out.push_back(std::move(e));
      continue;
    }
    // With a formula unknown the sums are partial: report the reaction as unchecked, not as
    // unbalanced by the missing metabolite's atoms.
    std::string imbalance;
    if (e.unchecked.empty()) {
      for (const auto& [symbol, n] : elements)
        if (std::abs(n) > kBalanceTolerance)
          imbalance += (imbalance.empty() ? "" : ", ") + symbol + " " + format_signed(n);
      if (std::abs(electrons) > kBalanceTolerance)
        imbalance +=
            (imbalance.empty() ? "" : ", ") + std::string("e- ") + format_signed(electrons);
    }
    e.imbalance = imbalance;

    // Membrane term: H+ and charge moved between compartments, relative to the first
    // reactant's compartment (exact, and independent of that choice, when H and charge are
    // conserved under the predominant species).
    double total_h = 0.0;
    double total_charge = 0.0;
    for (const auto& [k, n] : compartment_h) total_h += n;
    for (const auto& [k, q] : compartment_charge) total_charge += q;
    e.hydrogen_imbalance = total_h;
    e.charge_imbalance = total_charge;
    if (std::abs(total_h) > kBalanceTolerance || std::abs(total_charge) > kBalanceTolerance)
      e.proton_imbalance =
          "H " + format_signed(total_h) + ", charge " + format_signed(total_charge);
    if (e.transport) {
      const auto& ref = conditions.of(order.front());
      const double mu_ref = proton_potential(ref, temperature);
      for (const auto& [k, n] : compartment_h)
        e.membrane += n * (proton_potential(conditions.of(k), temperature) - mu_ref);
      for (const auto& [k, q] : compartment_charge)
        e.membrane += faraday * q * (conditions.of(k).potential - ref.potential);
    }
    e.standard = sum + e.membrane;
    e.uncertainty = heuristic_uncertainty(net, data);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<double> reaction_gibbs_energy(const ConstraintModel& model, std::size_t r,
                                            const ReactionEnergy& energy,
                                            const std::vector<MetaboliteThermo>& metabolites,
                                            const std::vector<double>& concentrations,
                                            double temperature) {
  if (!energy.standard) return std::nullopt;
  if (concentrations.size() != model.metabolites().size())
    throw InputError("reaction_gibbs_energy: " + std::to_string(concentrations.size()) +
                     " concentrations given for " + std::to_string(model.metabolites().size()) +
                     " metabolites");
  double q = 0.0;
  for (const auto& term : model.reactions().at(r).stoichiometry) {
    const auto& t = metabolites[term.metabolite];
    if (t.is_water || t.is_proton) continue;
    const double c = concentrations[term.metabolite];
    if (!(c > 0.0) || !std::isfinite(c))
      throw InputError({.element_id = model.metabolites()[term.metabolite].id},
                       "concentration must be > 0 M for RT ln Q");
    q += term.coefficient * std::log(c);
  }
  return *energy.standard + rt(temperature) * q;
}

}  // namespace ergon::thermo
