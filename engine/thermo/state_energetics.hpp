#pragma once
// Thermodynamics of one state of a model (a kinetic steady state or time point): ΔrG' of every
// reaction with data, the disequilibrium ratio Q/K' that tells near-equilibrium steps from the
// far-from-equilibrium control points, and per compartment the phosphorylation potential
// ΔG'_ATP (ATP + H2O → ADP + Pi at the compartment's pH, I, pMg), the adenylate energy charge
// (Atkinson 1968 Biochemistry 7:4030) and the electric potential the conditions give it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/thermo/conditions.hpp"
#include "engine/thermo/formation_data.hpp"

namespace ergon::thermo {

struct StateEnergeticsOptions {
  Conditions conditions{};
  /// A reaction is near equilibrium when |ΔrG'| ≤ this, kJ/mol; unset: RT ln 10 (Q/K' within
  /// a factor of 10 of 1, 5.7 kJ/mol at 298 K) — a convention, not a law.
  std::optional<double> near_equilibrium;
};

struct ReactionStateEnergy {
  std::string reaction_id;
  std::optional<double> standard;  ///< ΔrG'°, kJ/mol
  std::optional<double> gibbs;     ///< ΔrG' at the state, kJ/mol
  /// Q/K' = exp(ΔrG'/RT): 1 at equilibrium, < 1 running forward
  std::optional<double> disequilibrium;
  bool near_equilibrium = false;
  std::string note;  ///< why a value is missing, or that the equation is unbalanced
};

struct CompartmentEnergetics {
  std::string compartment;
  std::optional<double> atp_hydrolysis;  ///< ΔG'_ATP, kJ/mol (negative: ATP is worth work)
  std::optional<double> energy_charge;   ///< (ATP + ADP/2)/(ATP + ADP + AMP)
  double pH = 7.0;
  double potential = 0.0;  ///< V, as the conditions give it
  std::string note;        ///< which of ATP, ADP, Pi, AMP had no concentration
};

struct StateEnergetics {
  std::vector<ReactionStateEnergy> reactions;       ///< model order
  std::vector<CompartmentEnergetics> compartments;  ///< those with an ATP metabolite
};

/// `concentrations`: one per model metabolite, in M (NaN: not known at this state).
/// `compound_defaults`: KEGG id → M, for a compound the model does not carry as a metabolite
/// in some compartment (a constant phosphate, say); used only where no metabolite of that
/// compound has a concentration. Throws InputError for bad conditions, a size mismatch, or a
/// concentration that is negative.
[[nodiscard]] StateEnergetics state_energetics(
    const ConstraintModel& model, const FormationData& data,
    const std::vector<double>& concentrations,
    const std::map<std::string, double>& compound_defaults, const StateEnergeticsOptions& options);

}  // namespace ergon::thermo
