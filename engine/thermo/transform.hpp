#pragma once
// Alberty's Legendre transform of species formation energies to a given pH, ionic strength
// and pMg (Alberty, Thermodynamics of Biochemical Reactions, Wiley 2003), with the extended
// Debye–Hückel activity correction.

#include "engine/thermo/conditions.hpp"
#include "engine/thermo/formation_data.hpp"

namespace ergon::thermo {

/// Standard ΔfG° of Mg²⁺ at I = 0, kJ/mol (Alberty 2003; the value of the Alberty 2006 tables).
inline constexpr double magnesium_formation_energy = -455.3;

/// RT·α of the extended Debye–Hückel equation at `temperature` K, kJ/mol (kg/mol)^½: Alberty's
/// polynomial in T as used by Component Contribution/eQuilibrator; 2.9147 at 298.15 K.
[[nodiscard]] double debye_huckel_rt_alpha(double temperature);

/// RT ln γ for a unit charge, −RTα·√I/(1 + 1.6·√I), kJ/mol (negative).
[[nodiscard]] double debye_huckel_term(double ionic_strength, double temperature);

/// Transformed standard formation energy ΔfG'°_j of one species, kJ/mol:
/// ΔfG°_j + nH·RT ln10·pH − RTα√I/(1+1.6√I)·(z² − nH − 4·nMg) + nMg·(RT ln10·pMg − ΔfG°(Mg²⁺)).
/// ΔfG°_j stays the 298.15 K value (the data carry no enthalpies); the terms use `temperature`.
[[nodiscard]] double transformed_species_energy(const SpeciesEnergy& species,
                                                const CompartmentConditions& conditions,
                                                double temperature);

/// Transformed standard formation energy of the pseudoisomer group, kJ/mol:
/// −RT ln Σ_j exp(−ΔfG'°_j/RT). Throws InternalError when `compound` has no species.
[[nodiscard]] double transformed_formation_energy(const CompoundThermo& compound,
                                                  const CompartmentConditions& conditions,
                                                  double temperature);

/// The species with the lowest ΔfG'°_j (the most abundant) among those without Mg.
[[nodiscard]] const SpeciesEnergy& predominant_species(const CompoundThermo& compound,
                                                       const CompartmentConditions& conditions,
                                                       double temperature);

/// Chemical potential of H+ in the compartment, ΔfG°(H+, I) + RT ln 10^−pH (Debye–Hückel term
/// minus RT ln10·pH),
/// kJ/mol: what a proton moved into this compartment brings, without the electric part.
[[nodiscard]] double proton_potential(const CompartmentConditions& conditions, double temperature);

}  // namespace ergon::thermo
