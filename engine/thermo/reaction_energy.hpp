#pragma once
// Standard transformed reaction Gibbs energies ΔrG'° of a constraint model's reactions, with
// the membrane (proton-motive) term of transport steps, element/electron balance and a
// heuristic uncertainty; and ΔrG' = ΔrG'° + RT ln Q at given concentrations.
//
// Sign convention: ΔrG' < 0 means the reaction runs forward as written. Units kJ/mol.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/thermo/conditions.hpp"
#include "engine/thermo/formation_data.hpp"

namespace ergon::thermo {

/// A model metabolite with its compound (if matched) and its ΔfG'° in its compartment.
struct MetaboliteThermo {
  CompoundMatch match;
  std::optional<double> formation_energy;  ///< ΔfG'°, kJ/mol; unset when the data have none
  bool is_water = false;                   ///< activity 1: never enters RT ln Q
  bool is_proton = false;                  ///< buffered by the compartment pH: left out of Q
};

/// ΔrG'° of one reaction.
struct ReactionEnergy {
  std::string reaction_id;
  /// ΔrG'° in kJ/mol, membrane term included; unset when any metabolite has no value (then
  /// `missing` names them) or for boundary reactions (one metabolite).
  std::optional<double> standard;
  double membrane = 0.0;     ///< part of `standard` from H+ and charge moved between compartments
  double uncertainty = 0.0;  ///< 1σ, kJ/mol, heuristic (see docs/thermo.md)
  bool boundary = false;
  bool transport = false;            ///< metabolites in more than one compartment
  std::vector<std::string> missing;  ///< metabolite ids with no formation energy
  /// Element (all but H) and electron imbalance, products minus substrates, e.g. "O +7" or
  /// "e- -2"; empty when balanced or when a formula is unknown (then `unchecked` names the
  /// metabolites). Under the data's formulas, independent of protonation.
  std::string imbalance;
  std::vector<std::string> unchecked;  ///< metabolite ids whose formula is unknown
  /// H+ and charge not conserved under the predominant species (membrane term is then
  /// relative to the first reactant's compartment); empty when conserved.
  std::string proton_imbalance;
  double hydrogen_imbalance = 0.0;  ///< H, products minus substrates, predominant species
  double charge_imbalance = 0.0;    ///< charge, products minus substrates
  /// True when ΔrG'° belongs to the reaction as written: elements balanced (or unchecked)
  /// and any H imbalance is H+ (equal to the charge imbalance). A neutral H-carrying species
  /// left out — usually water — makes the value meaningless, formulas known or not.
  [[nodiscard]] bool comparable() const;
};

/// Per-metabolite data for `model` under `conditions` (each metabolite in its compartment).
[[nodiscard]] std::vector<MetaboliteThermo> metabolite_thermo(const ConstraintModel& model,
                                                              const FormationData& data,
                                                              const Conditions& conditions);

/// ΔrG'° of every reaction of `model`, in model order. Throws InputError for bad conditions.
[[nodiscard]] std::vector<ReactionEnergy> reaction_energies(const ConstraintModel& model,
                                                            const FormationData& data,
                                                            const Conditions& conditions);

/// ΔrG' = ΔrG'° + RT Σ ν_i ln c_i of reaction `r`, kJ/mol, with `concentrations` in M (one per
/// model metabolite; water and H+ are skipped). nullopt when ΔrG'° is unknown; throws
/// InputError naming the metabolite when a needed concentration is not > 0.
[[nodiscard]] std::optional<double> reaction_gibbs_energy(
    const ConstraintModel& model, std::size_t r, const ReactionEnergy& energy,
    const std::vector<MetaboliteThermo>& metabolites, const std::vector<double>& concentrations,
    double temperature);

}  // namespace ergon::thermo
