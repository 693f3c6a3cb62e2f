#pragma once
// Small kinetic models with known answers, built in C++ (no SBML), and the expression
// shorthands the kinetic tests write their models in.

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/expression.hpp"
#include "engine/core/model.hpp"
#include "engine/kinetic/inhibition.hpp"

namespace ergon::test {

inline Expression n(double v) {
  return Expression::number(v);
}
inline Expression s(const char* id) {
  return Expression::symbol(id);
}
inline Expression f(Op op, std::vector<Expression> args) {
  return Expression::call(op, std::move(args));
}
inline Expression time_symbol() {
  return Expression{.op = Op::time};
}

// S -> (rate k c S) in a compartment of size 2: dS/dt = -k S, S(0) = 5.
inline Model decay_model() {
  Model m;
  m.compartments.push_back({.id = "c", .size = 2.0});
  m.species.push_back({.id = "S", .compartment = "c", .initial_concentration = 5.0});
  m.parameters.push_back({.id = "k", .value = 0.5});
  m.reactions.push_back({.id = "R",
                         .reactants = {{.species = "S", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {s("k"), s("c"), s("S")})});
  return m;
}

// dp/dt = 1; when p >= 2 set p = 0: a sawtooth of period 2 (p = 0 at t = 2, 4, 6, ...).
inline Model sawtooth_model() {
  Model m;
  m.parameters.push_back({.id = "p", .value = 0.0, .constant = false});
  m.rules.push_back({.kind = RuleKind::rate, .variable = "p", .math = n(1.0)});
  m.events.push_back({.id = "reset",
                      .trigger = f(Op::geq, {s("p"), n(2.0)}),
                      .assignments = {{.variable = "p", .math = n(0.0)}}});
  return m;
}

// The Michaelis-Menten model's V and Km, and the inhibition constant the tests inhibit it with.
inline constexpr double kV = 2.0;
inline constexpr double kKm = 0.5;
inline constexpr double kKi = 0.2;

// V S / (Km + S)
inline Expression michaelis_menten_law(const char* substrate) {
  return f(Op::divide,
           {f(Op::times, {s("V"), s(substrate)}), f(Op::plus, {s("Km"), s(substrate)})});
}

// S -> P, v = c V S/(Km + S) in a compartment of size 1. S is a boundary species, so the rate
// stays constant at the S one starts from.
inline Model michaelis_menten_model() {
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back(
      {.id = "S", .compartment = "c", .initial_concentration = 1.0, .boundary_condition = true});
  m.species.push_back({.id = "P", .compartment = "c", .initial_concentration = 0.0});
  m.parameters.push_back({.id = "V", .value = kV});
  m.parameters.push_back({.id = "Km", .value = kKm});
  m.reactions.push_back({.id = "R",
                         .reactants = {{.species = "S", .stoichiometry = 1.0}},
                         .products = {{.species = "P", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {s("c"), michaelis_menten_law("S")})});
  return m;
}

// The closed-form rate of michaelis_menten_model() at `substrate` under inhibitor
// concentration `i` of the given type (alpha = 1 + i/Ki).
inline double inhibited_rate(kinetic::InhibitionType type, double i, double substrate) {
  const double alpha = 1 + i / kKi;
  switch (type) {
    case kinetic::InhibitionType::competitive: return kV * substrate / (kKm * alpha + substrate);
    case kinetic::InhibitionType::noncompetitive: return kV * substrate / (kKm + substrate) / alpha;
    case kinetic::InhibitionType::uncompetitive: return kV * substrate / (kKm + alpha * substrate);
  }
  return NAN;
}

}  // namespace ergon::test
