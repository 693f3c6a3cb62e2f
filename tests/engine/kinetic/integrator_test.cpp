// CompiledModel reuse and Integrator stepping on problems with known answers.
#define BOOST_TEST_MODULE kinetic_integrator
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <thread>
#include <tuple>

#include "engine/core/error.hpp"
#include "engine/kinetic/compiled_model.hpp"
#include "engine/kinetic/integrator.hpp"
#include "support/kinetic_models.hpp"

using namespace ergon;
using namespace ergon::test;
using kinetic::CompiledModel;
using kinetic::Integrator;
using kinetic::IntegratorOptions;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_CASE(stepping_follows_the_closed_form_and_reports_rates) {
  const auto compiled = CompiledModel::compile(decay_model());
  BOOST_TEST(compiled->state_ids() == std::vector<std::string>{"S"});
  Integrator run(compiled, {.rtol = 1e-10});
  BOOST_TEST(run.time() == 0.0);
  BOOST_TEST(run.value("S") == 5.0);
  for (int step = 1; step <= 10; ++step) {
    const double t = 0.001 * step;  // 1 ms steps, as an operator-splitting caller takes
    run.advance_to(t);
    BOOST_TEST(run.time() == t);
    BOOST_TEST(run.value("S") == 5.0 * std::exp(-0.5 * t), tt::tolerance(1e-8));
  }
  run.advance_to(4.0);
  const double S = 5.0 * std::exp(-2.0);
  BOOST_TEST(run.value("S") == S, tt::tolerance(1e-8));
  BOOST_TEST(run.value("R") == 0.5 * 2.0 * S, tt::tolerance(1e-8));  // reaction: its rate
  BOOST_TEST(run.value("c") == 2.0);
  BOOST_TEST(run.state().at(0) == 2.0 * S, tt::tolerance(1e-8));  // state: the amount
  BOOST_TEST(run.steps() > 0);
  BOOST_CHECK_THROW(run.advance_to(3.0), InputError);
  BOOST_CHECK_THROW((void)run.value("nope"), InputError);
  BOOST_CHECK_THROW((void)run.value("amount of S"), InputError);  // hidden slots stay hidden
}

BOOST_AUTO_TEST_CASE(set_value_changes_inputs_between_steps) {
  const auto compiled = CompiledModel::compile(decay_model());
  Integrator run(compiled, {.rtol = 1e-10});
  run.advance_to(1.0);
  run.set_value("k", 2.0);  // a constant parameter, changed as an experiment input
  run.advance_to(2.0);
  const double at2 = 5.0 * std::exp(-0.5) * std::exp(-2.0);
  BOOST_TEST(run.value("S") == at2, tt::tolerance(1e-7));
  run.set_value("S", 3.0);  // a concentration; the amount follows
  BOOST_TEST(run.state().at(0) == 6.0, tt::tolerance(1e-12));
  BOOST_TEST(run.value("R") == 2.0 * 2.0 * 3.0, tt::tolerance(1e-12));  // rules re-evaluated
  run.advance_to(2.5);
  BOOST_TEST(run.value("S") == 3.0 * std::exp(-1.0), tt::tolerance(1e-7));
  run.set_value("c", 4.0);  // a new size keeps the amount: the concentration halves
  BOOST_TEST(run.value("S") == 1.5 * std::exp(-1.0), tt::tolerance(1e-7));
  BOOST_CHECK_THROW(run.set_value("R", 1.0), InputError);
  BOOST_CHECK_THROW(run.set_value("unknown", 1.0), InputError);
}

BOOST_AUTO_TEST_CASE(events_execute_while_stepping) {
  const Model m = sawtooth_model();
  Integrator run(CompiledModel::compile(m), {});
  for (int i = 1; i <= 10; ++i) {
    const double t = 0.7 * i;
    run.advance_to(t);
    BOOST_TEST(run.value("p") == std::fmod(t, 2.0), tt::tolerance(1e-6));
  }
  BOOST_TEST(run.events_executed() == 3);
}

BOOST_AUTO_TEST_CASE(compiled_runs_vary_parameters_without_recompiling) {
  const Model model = decay_model();
  const auto compiled = CompiledModel::compile(model);
  for (const double k : {0.1, 0.5, 2.0}) {
    kinetic::SimulationOptions options{.end = 3, .intervals = 6, .initial_values = {{"k", k}}};
    const auto t = kinetic::simulate(*compiled, options);
    const auto reference = kinetic::simulate(model, options);
    BOOST_TEST_REQUIRE(t.ok());
    BOOST_TEST(t.values == reference.values, tt::per_element());
    for (std::size_t i = 0; i < t.times.size(); ++i)
      BOOST_TEST(t.at(i, 0) == 5.0 * std::exp(-k * t.times[i]), tt::tolerance(1e-7));
  }
  // An initial concentration override (recompiles the initialisation for that run only).
  const auto t =
      kinetic::simulate(*compiled, {.end = 1, .intervals = 1, .initial_values = {{"S", 1.0}}});
  BOOST_TEST(t.at(1, 0) == std::exp(-0.5), tt::tolerance(1e-7));
  const auto again = kinetic::simulate(*compiled, {.end = 1, .intervals = 1});
  BOOST_TEST(again.at(1, 0) == 5.0 * std::exp(-0.5), tt::tolerance(1e-7));
  BOOST_CHECK_THROW((void)kinetic::simulate(*compiled, {.initial_values = {{"R", 1.0}}}),
                    InputError);
}

BOOST_AUTO_TEST_CASE(integrators_on_one_compiled_model_run_in_parallel_threads) {
  const auto compiled = CompiledModel::compile(decay_model());
  std::vector<double> results(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      const double k = 0.25 * static_cast<double>(i + 1);
      Integrator run(compiled, {.rtol = 1e-10, .initial_values = {{"k", k}}});
      for (int step = 1; step <= 200; ++step) run.advance_to(0.01 * step);
      results[i] = run.value("S");
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < results.size(); ++i) {
    const double k = 0.25 * static_cast<double>(i + 1);
    BOOST_TEST(results[i] == 5.0 * std::exp(-2.0 * k), tt::tolerance(1e-7));
  }
}

BOOST_AUTO_TEST_CASE(solver_failure_names_the_time_and_keeps_the_last_good_state) {
  // dx/dt = sqrt(1 - t): x = 2/3 (1 - (1 - t)^1.5), and NaN in the rate past t = 1.
  Model m;
  m.parameters.push_back({.id = "x", .value = 0.0, .constant = false});
  m.rules.push_back({.kind = RuleKind::rate,
                     .variable = "x",
                     .math = f(Op::power, {f(Op::minus, {n(1.0), time_symbol()}), n(0.5)})});
  auto exact = [](double t) { return 2.0 / 3.0 * (1.0 - std::pow(1.0 - t, 1.5)); };
  Integrator run(CompiledModel::compile(m), {.rtol = 1e-10});
  run.advance_to(0.5);
  BOOST_TEST(run.value("x") == exact(0.5), tt::tolerance(1e-7));
  try {
    run.advance_to(2.0);
    BOOST_FAIL("integration past a NaN rate succeeded");
  } catch (const ComputationError& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find("at time") != std::string::npos);
    BOOST_TEST(message.find("'x'") != std::string::npos);
  }
  BOOST_TEST(run.time() > 0.5);
  BOOST_TEST(run.time() <= 1.0);
  BOOST_TEST(run.value("x") == exact(run.time()), tt::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(parameter_expressions_follow_set_values_and_events) {
  // rate = k / (1 + k) * S: the parameter expression is computed once per change of k (set
  // between steps, or by an event at t = 2), not per RHS; the solution must still follow k.
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back({.id = "S", .compartment = "c", .initial_concentration = 1.0});
  m.parameters.push_back({.id = "k", .value = 1.0, .constant = false});
  m.reactions.push_back(
      {.id = "R",
       .reactants = {{.species = "S"}},
       .rate = f(Op::times, {f(Op::divide, {s("k"), f(Op::plus, {n(1.0), s("k")})}), s("S")})});
  m.events.push_back({.id = "raise",
                      .trigger = f(Op::geq, {time_symbol(), n(2.0)}),
                      .assignments = {{.variable = "k", .math = n(4.0)}}});
  Integrator run(CompiledModel::compile(m), {.rtol = 1e-10});
  run.advance_to(1.0);
  BOOST_TEST(run.value("S") == std::exp(-0.5), tt::tolerance(1e-7));
  run.set_value("k", 3.0);  // rate constant 3/4 from t = 1
  run.advance_to(2.0);
  const double at2 = std::exp(-0.5 - 0.75);
  BOOST_TEST(run.value("S") == at2, tt::tolerance(1e-7));
  run.advance_to(3.0);  // the event sets k = 4 at t = 2: rate constant 4/5
  BOOST_TEST(run.value("k") == 4.0);
  BOOST_TEST(run.value("S") == at2 * std::exp(-0.8), tt::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(nearly_equal_parameter_expressions_stay_distinct) {
  // k * 2.0000001 and k * 2.0000009 print alike to 6 digits; each rate keeps its own.
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back({.id = "A", .compartment = "c", .initial_concentration = 1.0});
  m.species.push_back({.id = "B", .compartment = "c", .initial_concentration = 1.0});
  m.parameters.push_back({.id = "k", .value = 1.0});
  for (const auto& [reaction, species, factor] :
       {std::tuple{"RA", "A", 2.0000001}, std::tuple{"RB", "B", 2.0000009}}) {
    m.reactions.push_back({.id = reaction,
                           .reactants = {{.species = species}},
                           .rate = f(Op::times, {f(Op::times, {s("k"), n(factor)}), s(species)})});
  }
  Integrator run(CompiledModel::compile(m), {.rtol = 1e-12, .atol = 1e-14});
  run.advance_to(1.0);  // the two solutions differ by 8e-7 relative
  BOOST_TEST(run.value("A") == std::exp(-2.0000001), tt::tolerance(1e-8));
  BOOST_TEST(run.value("B") == std::exp(-2.0000009), tt::tolerance(1e-8));
}

BOOST_AUTO_TEST_CASE(species_overrides_on_a_compiled_model_match_a_fresh_build) {
  // Species given as amounts, as concentrations, with only-substance units, in a compartment
  // whose size is overridden too: every run of the compiled model equals simulate(Model).
  Model m;
  m.compartments.push_back({.id = "c", .size = 2.0});
  m.species.push_back({.id = "A", .compartment = "c", .initial_amount = 3.0});
  m.species.push_back({.id = "B", .compartment = "c", .initial_concentration = 0.5});
  m.species.push_back(
      {.id = "N", .compartment = "c", .initial_amount = 1.0, .has_only_substance_units = true});
  m.parameters.push_back({.id = "k", .value = 0.7});
  m.reactions.push_back({.id = "R1",
                         .reactants = {{.species = "A"}},
                         .products = {{.species = "B"}},
                         .rate = f(Op::times, {s("k"), s("c"), s("A")})});
  m.reactions.push_back({.id = "R2",
                         .reactants = {{.species = "B"}},
                         .products = {{.species = "N"}},
                         .rate = f(Op::times, {s("k"), s("B"), s("N")})});
  const auto compiled = CompiledModel::compile(m);
  const std::vector<std::vector<std::pair<std::string, double>>> variants = {
      {{"A", 4.0}}, {{"B", 1.5}}, {{"N", 2.5}}, {{"A", 1.0}, {"c", 5.0}}, {{"c", 0.5}, {"B", 2.0}}};
  for (const auto& values : variants) {
    const kinetic::SimulationOptions options{.end = 2, .intervals = 4, .initial_values = values};
    const auto fresh = kinetic::simulate(m, options);
    const auto reused = kinetic::simulate(*compiled, options);
    BOOST_TEST_REQUIRE(fresh.ok());
    BOOST_TEST_REQUIRE(reused.ok());
    BOOST_TEST(reused.at(0, 0) == fresh.at(0, 0), tt::tolerance(1e-14));  // initial A
    for (std::size_t i = 0; i < fresh.values.size(); ++i)
      BOOST_TEST(reused.values[i] == fresh.values[i], tt::tolerance(1e-12));
  }
  // The overridden initial concentration of an amount-given species is honoured exactly.
  const auto t = kinetic::simulate(
      *compiled, {.end = 1, .intervals = 1, .initial_values = {{"A", 4.0}, {"c", 5.0}}});
  BOOST_TEST(t.at(0, 0) == 4.0, tt::tolerance(1e-15));
}
