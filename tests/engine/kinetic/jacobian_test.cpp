// The symbolic Jacobian against central finite differences of the same right-hand side, on
// models that exercise each part: mass action, saturable and Hill kinetics, assignment rules,
// concentrations in compartments of size != 1, rate rules, piecewise, conversion factors.
#define BOOST_TEST_MODULE kinetic_jacobian
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "engine/kinetic/compiled_model.hpp"
#include "engine/kinetic/differentiate.hpp"
#include "engine/kinetic/integrator.hpp"
#include "support/kinetic_models.hpp"

using namespace ergon;
using namespace ergon::test;
using kinetic::CompiledModel;
using kinetic::Integrator;

namespace {

// Compares the analytic Jacobian with central differences at `count` points along the run.
void check_against_finite_differences(const Model& model, double end, int count) {
  const auto compiled = CompiledModel::compile(model);
  Integrator run(compiled, {.rtol = 1e-10});
  const std::size_t size = compiled->state_ids().size();
  for (int point = 0; point < count; ++point) {
    if (point > 0) run.advance_to(end * point / (count - 1));
    const auto y = run.state();
    std::vector<double> analytic(size * size), plus(size), minus(size);
    BOOST_TEST_REQUIRE(run.jacobian(run.time(), y, analytic));
    double largest = 0.0;
    for (const double v : analytic) largest = std::max(largest, std::fabs(v));
    for (std::size_t j = 0; j < size; ++j) {
      auto yp = y, ym = y;
      const double h = 1e-6 * std::max(std::fabs(y[j]), 1e-3);
      yp[j] += h;
      ym[j] -= h;
      run.rhs(run.time(), yp, plus);
      run.rhs(run.time(), ym, minus);
      for (std::size_t i = 0; i < size; ++i) {
        const double difference = (plus[i] - minus[i]) / (2.0 * h);
        const double exact = analytic[i * size + j];
        BOOST_TEST(std::fabs(exact - difference) <= 1e-6 * std::max(largest, 1.0),
                   "d " << compiled->state_ids()[i] << " / d " << compiled->state_ids()[j]
                        << " at point " << point << ": analytic " << exact << ", finite difference "
                        << difference);
      }
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(derivatives_of_expressions) {
  const auto x = s("x");
  auto d = [](const Expression& e) { return kinetic::differentiate(e, "x"); };
  BOOST_TEST(to_string(*d(n(3.0))) == "0");
  BOOST_TEST(to_string(*d(x)) == "1");
  BOOST_TEST(to_string(*d(f(Op::times, {n(2.0), x}))) == "2");
  BOOST_TEST(to_string(*d(f(Op::times, {s("k"), s("y")}))) == "0");
  BOOST_TEST(!d(f(Op::delay, {x, n(1.0)})));  // no derivative: finite differences instead
  BOOST_TEST(!d(f(Op::rate_of, {x})));
  BOOST_TEST(!d(f(Op::factorial, {x})));
  BOOST_TEST(to_string(*d(f(Op::floor, {x}))) == "0");
}

BOOST_AUTO_TEST_CASE(saturable_and_hill_kinetics_with_rules_and_volumes) {
  Model m;
  m.compartments.push_back({.id = "cyt", .size = 2.5});
  m.compartments.push_back({.id = "mit", .size = 0.4});
  m.species.push_back({.id = "A", .compartment = "cyt", .initial_concentration = 3.0});
  m.species.push_back({.id = "B", .compartment = "cyt", .initial_concentration = 0.5});
  m.species.push_back({.id = "C", .compartment = "mit", .initial_concentration = 0.1});
  m.species.push_back(
      {.id = "Tot", .compartment = "cyt", .initial_concentration = 4.0, .constant = true});
  m.species.push_back(
      {.id = "Free", .compartment = "cyt", .initial_concentration = 0.0, .constant = false});
  m.parameters.push_back({.id = "V", .value = 1.7});
  m.parameters.push_back({.id = "K", .value = 0.8});
  m.parameters.push_back({.id = "h", .value = 2.3});
  m.parameters.push_back({.id = "kf", .value = 0.9});
  // Free = Tot - A - B (an assignment rule read by a rate law)
  m.rules.push_back({.kind = RuleKind::assignment,
                     .variable = "Free",
                     .math = f(Op::minus, {s("Tot"), f(Op::plus, {s("A"), s("B")})})});
  m.reactions.push_back(  // A -> B, Michaelis-Menten with a rule-derived activator
      {.id = "r1",
       .reactants = {{.species = "A"}},
       .products = {{.species = "B"}},
       .rate = f(Op::divide,
                 {f(Op::times, {s("cyt"), s("V"), s("A"), f(Op::exp, {f(Op::minus, {s("Free")})})}),
                  f(Op::plus, {s("K"), s("A")})})});
  m.reactions.push_back(  // B -> 2 C across compartments, Hill kinetics
      {.id = "r2",
       .reactants = {{.species = "B"}},
       .products = {{.species = "C", .stoichiometry = 2.0}},
       .rate = f(Op::divide,
                 {f(Op::times, {s("mit"), s("V"), f(Op::power, {s("B"), s("h")})}),
                  f(Op::plus, {f(Op::power, {s("K"), s("h")}), f(Op::power, {s("B"), s("h")})})})});
  m.reactions.push_back(  // C + A -> (mass action, then sqrt above a threshold: continuous)
      {.id = "r3",
       .reactants = {{.species = "C"}, {.species = "A"}},
       .rate = f(Op::piecewise,
                 {f(Op::times, {s("kf"), s("C"), s("A")}), f(Op::lt, {s("C"), n(0.5)}),
                  f(Op::times,
                    {s("kf"), f(Op::root, {n(2.0), f(Op::times, {n(0.5), s("C")})}), s("A")})})});
  check_against_finite_differences(m, 5.0, 4);
}

BOOST_AUTO_TEST_CASE(rate_rules_and_trigonometry) {
  // A damped oscillator as rate rules, with a driving term through an assignment rule.
  Model m;
  m.parameters.push_back({.id = "x", .value = 1.0, .constant = false});
  m.parameters.push_back({.id = "v", .value = 0.0, .constant = false});
  m.parameters.push_back({.id = "drive", .constant = false});
  m.rules.push_back({.kind = RuleKind::assignment,
                     .variable = "drive",
                     .math = f(Op::times, {n(0.3), f(Op::sin, {f(Op::times, {s("x"), s("v")})})})});
  m.rules.push_back({.kind = RuleKind::rate, .variable = "x", .math = s("v")});
  m.rules.push_back(
      {.kind = RuleKind::rate,
       .variable = "v",
       .math = f(Op::plus, {f(Op::times, {n(-4.0), s("x")}),
                            f(Op::times, {n(-0.2), s("v"), f(Op::abs, {s("v")})}), s("drive"),
                            f(Op::max, {n(0.0), f(Op::ln, {f(Op::plus, {n(2.0), s("x")})})})})});
  check_against_finite_differences(m, 3.0, 5);
}

BOOST_AUTO_TEST_CASE(conversion_factor_and_amount_species) {
  Model m;
  m.compartments.push_back({.id = "c", .size = 3.0});
  m.species.push_back(
      {.id = "S", .compartment = "c", .initial_amount = 6.0, .has_only_substance_units = true});
  m.species.push_back(
      {.id = "P", .compartment = "c", .initial_concentration = 0.2, .conversion_factor = "cf"});
  m.parameters.push_back({.id = "cf", .value = 1.5});
  m.reactions.push_back(
      {.id = "r",
       .reactants = {{.species = "S", .stoichiometry = 2.0}},
       .products = {{.species = "P"}},
       .rate = f(Op::divide, {f(Op::times, {s("S"), s("S")}), f(Op::plus, {n(1.0), s("P")})})});
  check_against_finite_differences(m, 2.0, 3);
}

BOOST_AUTO_TEST_CASE(models_with_delay_have_no_analytic_jacobian) {
  Model m;
  m.parameters.push_back({.id = "x", .value = 1.0, .constant = false});
  m.rules.push_back({.kind = RuleKind::rate,
                     .variable = "x",
                     .math = f(Op::minus, {f(Op::delay, {s("x"), n(0.5)})})});
  Integrator run(CompiledModel::compile(m), {});
  std::vector<double> out(1);
  BOOST_TEST(!run.jacobian(0.0, run.state(), out));
  const auto t = kinetic::simulate(*CompiledModel::compile(m), {.end = 1, .intervals = 2});
  BOOST_TEST(t.ok());
  BOOST_TEST(!t.analytic_jacobian);
}
