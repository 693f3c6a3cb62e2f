#pragma once
// Thermodynamic consistency of a kinetic model's rate laws: the equilibrium constant each
// reversible rate law implies (Haldane: the composition at which forward and reverse rates are
// equal) against K' from the formation data.
//
// How K is found without knowing the rate law's form: from a reference state (the model's
// initial values), every reactant and product is scaled along c_i(λ) = c_i⁰·exp(ν_i λ), so
// ln Q rises linearly with λ while modifiers stay put; the rate changes sign exactly once for
// a reversible law, and K = Q at that root (bisection). The same search from a second state
// (reactants and products perturbed, modifiers doubled) tells a law whose K depends on the
// state (not of Haldane form) from one that is consistent.

#include <optional>
#include <string>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/core/model.hpp"
#include "engine/thermo/conditions.hpp"
#include "engine/thermo/formation_data.hpp"

namespace ergon::thermo {

struct RateLawCheckOptions {
  Conditions conditions{};
  /// Molar per model concentration unit (the core model carries no units): 1e-3 for mM.
  double concentration_unit = 1e-3;
  /// A law disagrees with the data when |ΔrG'°(law) − ΔrG'°(data)| > sigmas × σ(data).
  double sigmas = 1.0;
  /// λ is searched over [−search_range, search_range]: K within e^(±search_range·Σν²).
  double search_range = 40.0;
};

enum class RateLawKind {
  reversible,    ///< the rate changes sign once: K implied
  irreversible,  ///< the rate keeps its sign over the whole search range
  no_rate_law,
  not_evaluable,  ///< zero everywhere, NaN, several sign changes, or a symbol without value
};

[[nodiscard]] const char* to_string(RateLawKind kind) noexcept;

struct RateLawEquilibrium {
  std::string reaction_id;
  RateLawKind kind = RateLawKind::not_evaluable;
  std::optional<double> implied_constant;  ///< K in the model's units, Π c^ν at v = 0
  /// −RT ln(K in M), kJ/mol: the ΔrG'° the law implies
  std::optional<double> implied_standard;
  bool state_dependent = false;                ///< K differs between the two reference states
  std::optional<double> other_state_constant;  ///< K from the second state (model units)
  std::optional<double> data_standard;         ///< ΔrG'° from the formation data, kJ/mol
  double uncertainty = 0.0;                    ///< 1σ of data_standard
  /// implied − data, kJ/mol; unset when either is, or when the equation is unbalanced
  std::optional<double> difference;
  bool disagrees = false;
  std::string note;  ///< why a value is missing, or what the data say is odd (imbalance)
};

/// Checks every reaction of `kinetic`. `stoichiometry` is the same file read as a constraint
/// model (its species carry the annotations and formulas that match them to compounds); its
/// reactions are matched by id. Throws InputError for bad conditions or options.
[[nodiscard]] std::vector<RateLawEquilibrium> check_rate_laws(const Model& kinetic,
                                                              const ConstraintModel& stoichiometry,
                                                              const FormationData& data,
                                                              const RateLawCheckOptions& options);

}  // namespace ergon::thermo
