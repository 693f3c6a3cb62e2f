// The kinetic engine on problems with known answers (models built in C++, no SBML).
#define BOOST_TEST_MODULE kinetic_simulation
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/kinetic/simulation.hpp"
#include "support/kinetic_models.hpp"

using namespace ergon;
using namespace ergon::test;
using kinetic::SimulationOptions;

BOOST_AUTO_TEST_CASE(first_order_decay_matches_closed_form) {
  const auto t = kinetic::simulate(decay_model(), {.start = 0, .end = 10, .intervals = 20});
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(t.names.size() == 1U);
  for (std::size_t i = 0; i < t.times.size(); ++i) {
    BOOST_TEST(t.at(i, 0) == 5.0 * std::exp(-0.5 * t.times[i]), boost::test_tools::tolerance(1e-7));
  }
}

BOOST_AUTO_TEST_CASE(amount_and_concentration_columns) {
  const auto t = kinetic::simulate(
      decay_model(),
      {.end = 1,
       .intervals = 1,
       .columns = {
           {"S", kinetic::Quantity::amount}, {"S", kinetic::Quantity::concentration}, {"R"}}});
  BOOST_TEST(t.at(0, 0) == 10.0);
  BOOST_TEST(t.at(0, 1) == 5.0);
  BOOST_TEST(t.at(0, 2) == 5.0);  // reaction rate: k * c * S
}

BOOST_AUTO_TEST_CASE(michaelis_menten_satisfies_its_implicit_solution) {
  // dS/dt = -V S / (K + S)  =>  V t = S0 - S + K ln(S0 / S)
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back({.id = "S", .compartment = "c", .initial_amount = 10.0});
  m.species.push_back({.id = "P", .compartment = "c", .initial_amount = 0.0});
  m.parameters.push_back({.id = "V", .value = 2.0});
  m.parameters.push_back({.id = "K", .value = 3.0});
  m.reactions.push_back(
      {.id = "R",
       .reactants = {{.species = "S"}},
       .products = {{.species = "P"}},
       .rate = f(Op::divide, {f(Op::times, {s("V"), s("S")}), f(Op::plus, {s("K"), s("S")})})});
  const auto t = kinetic::simulate(m, {.end = 8, .intervals = 16});
  BOOST_TEST_REQUIRE(t.ok());
  for (std::size_t i = 1; i < t.times.size(); ++i) {
    const double S = t.at(i, 0);
    BOOST_TEST(2.0 * t.times[i] == 10.0 - S + 3.0 * std::log(10.0 / S),
               boost::test_tools::tolerance(1e-6));
    BOOST_TEST(S + t.at(i, 1) == 10.0, boost::test_tools::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(event_resets_a_rate_rule_variable) {
  const Model m = sawtooth_model();
  // Output times 0, 0.7, 1.4, ... stay off the resets, where p is 2 or 0 within rounding.
  const auto t = kinetic::simulate(m, {.end = 7, .intervals = 10, .columns = {{"p"}}});
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(t.events_executed == 3);
  for (std::size_t i = 0; i < t.times.size(); ++i) {
    BOOST_TEST(t.at(i, 0) == std::fmod(t.times[i], 2.0), boost::test_tools::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_CASE(delayed_event_uses_values_from_trigger_time) {
  // At time 1 (trigger) q = time is captured; applied at time 1.5.
  Model m;
  m.parameters.push_back({.id = "q", .value = -1.0, .constant = false});
  m.events.push_back({.id = "e",
                      .trigger = f(Op::geq, {Expression{.op = Op::time}, n(1.0)}),
                      .delay = n(0.5),
                      .use_values_from_trigger_time = true,
                      .assignments = {{.variable = "q", .math = Expression{.op = Op::time}}}});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"q"}}});
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(t.at(2, 0) == -1.0);  // t = 1
  BOOST_TEST(t.at(3, 0) == 1.0);   // t = 1.5: value from t = 1
}

BOOST_AUTO_TEST_CASE(algebraic_rule_determines_the_free_variable) {
  // x' = -x, 0 = x + y - 10
  Model m;
  m.parameters.push_back({.id = "x", .value = 4.0, .constant = false});
  m.parameters.push_back({.id = "y", .value = 0.0, .constant = false});
  m.rules.push_back({.kind = RuleKind::rate, .variable = "x", .math = f(Op::negate, {s("x")})});
  m.rules.push_back({.kind = RuleKind::algebraic,
                     .math = f(Op::minus, {f(Op::plus, {s("x"), s("y")}), n(10.0)})});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 2, .columns = {{"x"}, {"y"}}});
  BOOST_TEST_REQUIRE(t.ok());
  for (std::size_t i = 0; i < t.times.size(); ++i) {
    BOOST_TEST(t.at(i, 0) == 4.0 * std::exp(-t.times[i]), boost::test_tools::tolerance(1e-7));
    BOOST_TEST(t.at(i, 0) + t.at(i, 1) == 10.0, boost::test_tools::tolerance(1e-10));
  }
}

BOOST_AUTO_TEST_CASE(delay_reads_the_past) {
  // x = time (rule); y = delay(x, 0.5)
  Model m;
  m.parameters.push_back({.id = "x", .constant = false});
  m.parameters.push_back({.id = "y", .constant = false});
  m.rules.push_back(
      {.kind = RuleKind::assignment, .variable = "x", .math = Expression{.op = Op::time}});
  m.rules.push_back(
      {.kind = RuleKind::assignment, .variable = "y", .math = f(Op::delay, {s("x"), n(0.5)})});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"y"}}});
  BOOST_TEST_REQUIRE(t.ok());
  for (std::size_t i = 0; i < t.times.size(); ++i) {
    BOOST_TEST(t.at(i, 0) == t.times[i] - 0.5, boost::test_tools::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(initial_values_override) {
  const auto t =
      kinetic::simulate(decay_model(), {.end = 1, .intervals = 1, .initial_values = {{"S", 1.0}}});
  BOOST_TEST(t.at(0, 0) == 1.0);
  BOOST_CHECK_THROW((void)kinetic::simulate(decay_model(), {.initial_values = {{"nope", 1.0}}}),
                    InputError);
}

BOOST_AUTO_TEST_CASE(bad_models_are_input_errors) {
  Model unknown = decay_model();
  unknown.reactions[0].rate = s("missing");
  BOOST_CHECK_THROW((void)kinetic::simulate(unknown, {}), InputError);

  Model cycle;
  cycle.parameters.push_back({.id = "a", .constant = false});
  cycle.parameters.push_back({.id = "b", .constant = false});
  cycle.rules.push_back({.kind = RuleKind::assignment, .variable = "a", .math = s("b")});
  cycle.rules.push_back({.kind = RuleKind::assignment, .variable = "b", .math = s("a")});
  BOOST_CHECK_THROW((void)kinetic::simulate(cycle, {}), InputError);

  BOOST_CHECK_THROW((void)kinetic::simulate(decay_model(), {.start = 5, .end = 1}), InputError);
}

BOOST_AUTO_TEST_CASE(nan_rate_is_a_status_naming_the_variable_and_keeping_rows) {
  // dx/dt = sqrt(1 - time) is NaN after time 1.
  Model m;
  m.parameters.push_back({.id = "x", .value = 0.0, .constant = false});
  m.rules.push_back(
      {.kind = RuleKind::rate,
       .variable = "x",
       .math = f(Op::root, {n(2), f(Op::minus, {n(1), Expression{.op = Op::time}})})});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"x"}}});
  BOOST_TEST(!t.ok());
  BOOST_TEST(std::string(kinetic::to_string(t.status)) == "solver failure");
  BOOST_TEST(t.message.find("'x'") != std::string::npos, t.message);
  BOOST_TEST(t.times.size() >= 2U);  // rows before the failure are kept
  BOOST_TEST(t.time_reached >= 0.5);
}

BOOST_AUTO_TEST_CASE(large_chain_uses_klu_and_agrees_with_dense) {
  // S0 -> S1 -> ... -> S199, each step rate k_i * S_i with k_i spread over three decades (stiff).
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  const int n = 200;
  for (int i = 0; i < n; ++i) {
    m.species.push_back(
        {.id = "S" + std::to_string(i), .compartment = "c", .initial_amount = i == 0 ? 1.0 : 0.0});
  }
  for (int i = 0; i + 1 < n; ++i) {
    const std::string k = "k" + std::to_string(i);
    m.parameters.push_back({.id = k, .value = std::pow(10.0, (i % 7) - 2.0)});
    m.reactions.push_back({.id = "R" + std::to_string(i),
                           .reactants = {{.species = "S" + std::to_string(i)}},
                           .products = {{.species = "S" + std::to_string(i + 1)}},
                           .rate = f(Op::times, {Expression::symbol(k),
                                                 Expression::symbol("S" + std::to_string(i))})});
  }
  const auto sparse = kinetic::simulate(m, {.end = 50, .intervals = 10});
  const auto dense = kinetic::simulate(
      m, {.end = 50, .intervals = 10, .linear_solver = kinetic::LinearSolver::dense});
  BOOST_TEST_REQUIRE(sparse.ok());
  BOOST_TEST_REQUIRE(dense.ok());
  BOOST_TEST(sparse.sparse);
  BOOST_TEST(!dense.sparse);
  double total = 0.0;
  for (std::size_t c = 0; c < sparse.names.size(); ++c) {
    // both within the integration tolerances of the same answer
    BOOST_TEST(std::fabs(sparse.at(10, c) - dense.at(10, c)) <=
               1e-9 + 1e-6 * std::fabs(dense.at(10, c)));
    total += sparse.at(10, c);
  }
  BOOST_TEST(total == 1.0, boost::test_tools::tolerance(1e-8));  // mass is conserved
}

BOOST_AUTO_TEST_CASE(failing_constraint_is_reported_once) {
  Model m = decay_model();
  m.constraints.push_back({.math = f(Op::gt, {s("S"), n(2.0)}), .message = "S stays above 2"});
  const auto t = kinetic::simulate(m, {.end = 10, .intervals = 10});
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST_REQUIRE(t.warnings.size() == 1U);
  BOOST_TEST(t.warnings[0].find("S stays above 2") != std::string::npos, t.warnings[0]);
  BOOST_TEST(t.warnings[0].find("time 2") != std::string::npos,
             t.warnings[0]);  // 5 e^{-t/2} < 2 from t = 1.83
}

BOOST_AUTO_TEST_CASE(rate_of_a_rule_variable_is_its_time_derivative) {
  // x = time^2 (rule), y = rateOf(x) = 2 time; z' = rateOf(x) so z = time^2.
  Model m;
  m.parameters.push_back({.id = "x", .constant = false});
  m.parameters.push_back({.id = "y", .constant = false});
  m.parameters.push_back({.id = "z", .value = 0.0, .constant = false});
  m.rules.push_back({.kind = RuleKind::assignment,
                     .variable = "x",
                     .math = f(Op::power, {Expression{.op = Op::time}, n(2)})});
  m.rules.push_back(
      {.kind = RuleKind::assignment, .variable = "y", .math = f(Op::rate_of, {s("x")})});
  m.rules.push_back({.kind = RuleKind::rate, .variable = "z", .math = f(Op::rate_of, {s("x")})});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"y"}, {"z"}}});
  BOOST_TEST_REQUIRE(t.ok());
  for (std::size_t i = 0; i < t.times.size(); ++i) {
    BOOST_TEST(std::fabs(t.at(i, 0) - 2.0 * t.times[i]) <= 1e-5);
    BOOST_TEST(std::fabs(t.at(i, 1) - t.times[i] * t.times[i]) <= 1e-5);
  }
}

BOOST_AUTO_TEST_CASE(rate_of_a_concentration_includes_dilution) {
  // n = 1 fixed (a reaction with rate 0), V' = 1 from V = 1: [S] = 1/V, d[S]/dt = -1/V^2.
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0, .constant = false});
  m.species.push_back({.id = "S", .compartment = "c", .initial_amount = 1.0});
  m.parameters.push_back({.id = "y", .constant = false});
  m.rules.push_back({.kind = RuleKind::rate, .variable = "c", .math = n(1.0)});
  m.rules.push_back(
      {.kind = RuleKind::assignment, .variable = "y", .math = f(Op::rate_of, {s("S")})});
  m.reactions.push_back({.id = "R", .products = {{.species = "S"}}, .rate = n(0.0)});
  const auto t = kinetic::simulate(m, {.end = 1, .intervals = 1, .columns = {{"S"}, {"y"}}});
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(t.at(1, 0) == 0.5, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(t.at(0, 1) == -1.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(t.at(1, 1) == -0.25, boost::test_tools::tolerance(1e-9));
}
