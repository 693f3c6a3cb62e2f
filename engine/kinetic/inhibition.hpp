#pragma once
// Enzyme inhibition as a model transformation: inhibit(model, reaction, Inhibition) returns a
// new Model whose reaction runs at the inhibited rate; the input is untouched.
//
// The textbook forms, with alpha = 1 + I/Ki:
//   non-competitive  v' = v / alpha                      (exact for any rate law: pure
//                                                         non-competitive inhibition binds
//                                                         every enzyme form with the same Ki)
//   competitive      v'(S) = v(S / alpha)                (exact for laws where S enters as S/Km:
//                                                         V S/(Km + S) -> V S/(Km alpha + S))
//   uncompetitive    v'(S) = v(alpha S) / alpha          (exact for Michaelis-Menten:
//                                                         V S/(Km + S) -> V S/(Km + alpha S))
// For other laws (several substrates, cooperativity, reversible laws) these are the usual
// approximations: competitive with one substrate of a bisubstrate law competes at that
// substrate's site only; a reversible law whose product binds the same site needs the product
// listed too (then (V/K)(S-P)/(1 + S/K + P/K) -> (V/K)(S-P)/(alpha + S/K + P/K), exact).
//
// Where the transformation applies: models often give a reaction's rate (per volume) as a
// parameter set by an assignment rule and a kinetic law `compartment * J` (ergon's
// pathways/human_energy_kinetic.xml does: J_HK, read again by rate rules and observables). When
// the law is such a product of one assignment-rule parameter with numbers and compartment ids,
// and no other reaction's law reads that parameter, the rule is transformed, so the parameter
// and everything computed from it (the membrane-potential rate rule, J_ATP, ...) see the
// inhibited rate. Otherwise the kinetic law itself is transformed. A substrate read through an
// assignment-rule variable (F6P = 0.246 G6P inside the PFK law) is substituted there too: the
// variable is inlined into the transformed expression; the variable itself keeps its value.

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/model.hpp"

namespace ergon::kinetic {

enum class InhibitionType { competitive, noncompetitive, uncompetitive };

[[nodiscard]] const char* to_string(InhibitionType type) noexcept;
/// "competitive", "noncompetitive" (also "non-competitive"), "uncompetitive"; else InputError.
[[nodiscard]] InhibitionType parse_inhibition_type(std::string_view text);

struct Inhibition {
  InhibitionType type = InhibitionType::competitive;
  double inhibitor_concentration = 0.0;  ///< I, the model's concentration unit, >= 0
  double ki = 1.0;                       ///< inhibition constant, same unit as I, > 0
  /// Species ids the inhibitor competes with (competitive) or that the enzyme-substrate
  /// complex binds (uncompetitive). Empty: the reaction's reactants, boundary species included
  /// (a clamped concentration still occupies the binding site); modifiers are not reactants.
  /// Ignored for non-competitive inhibition.
  std::vector<std::string> substrates;
};

/// The model with `reaction_id` inhibited. InputError names the reaction when it does not
/// exist or has no kinetic law, a substrate that is not a species, or I < 0, Ki <= 0, or a
/// non-finite value; I = 0 returns the model unchanged.
[[nodiscard]] Model inhibit(const Model& model, std::string_view reaction_id,
                            const Inhibition& inhibition);

}  // namespace ergon::kinetic
