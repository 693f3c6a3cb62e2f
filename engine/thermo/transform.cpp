#include "engine/thermo/transform.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace ergon::thermo {

double debye_huckel_rt_alpha(double temperature) {
  const double t = temperature;
  return 9.20483e-3 * t - 1.284668e-5 * t * t + 4.95199e-8 * t * t * t;
}

double debye_huckel_term(double ionic_strength, double temperature) {
  const double s = std::sqrt(ionic_strength);
  return -debye_huckel_rt_alpha(temperature) * s / (1.0 + 1.6 * s);
}

double transformed_species_energy(const SpeciesEnergy& species,
                                  const CompartmentConditions& conditions, double temperature) {
  const double rt_ln10 = rt(temperature) * std::log(10.0);
  const double dh = debye_huckel_term(conditions.ionic_strength, temperature);  // < 0
  const double z = species.charge;
  const double n_h = species.hydrogens;
  const double n_mg = species.magnesiums;
  return species.formation_energy + n_h * rt_ln10 * conditions.pH +
         dh * (z * z - n_h - 4.0 * n_mg) +
         n_mg * (rt_ln10 * conditions.pMg - magnesium_formation_energy);
}

double transformed_formation_energy(const CompoundThermo& compound,
                                    const CompartmentConditions& conditions, double temperature) {
  if (compound.species.empty())
    throw InternalError("transformed_formation_energy: compound " + compound.kegg_id +
                        " has no species");
  const double beta = 1.0 / rt(temperature);
  double lowest = std::numeric_limits<double>::infinity();
  std::vector<double> g;
  g.reserve(compound.species.size());
  for (const auto& s : compound.species) {
    g.push_back(transformed_species_energy(s, conditions, temperature));
    lowest = std::min(lowest, g.back());
  }
  double sum = 0.0;
  for (const double x : g) sum += std::exp(-(x - lowest) * beta);
  return lowest - std::log(sum) / beta;
}

const SpeciesEnergy& predominant_species(const CompoundThermo& compound,
                                         const CompartmentConditions& conditions,
                                         double temperature) {
  const SpeciesEnergy* best = nullptr;
  double lowest = std::numeric_limits<double>::infinity();
  for (const auto& s : compound.species) {
    if (s.magnesiums != 0) continue;
    const double g = transformed_species_energy(s, conditions, temperature);
    if (g < lowest) {
      lowest = g;
      best = &s;
    }
  }
  if (best == nullptr)
    throw InternalError("predominant_species: compound " + compound.kegg_id +
                        " has no Mg-free species");
  return *best;
}

double proton_potential(const CompartmentConditions& conditions, double temperature) {
  return debye_huckel_term(conditions.ionic_strength, temperature) -
         rt(temperature) * std::log(10.0) * conditions.pH;
}

}  // namespace ergon::thermo
