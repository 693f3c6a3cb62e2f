// Models with algebraic rules run as DAEs on IDA: known answers, consistent initialisation,
// events, and failures reported as on the CVODE path (status, time reached, element, rows).
#define BOOST_TEST_MODULE kinetic_dae
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "engine/kinetic/simulation.hpp"
#include "support/kinetic_models.hpp"

using namespace ergon;
using namespace ergon::test;
namespace tt = boost::test_tools;

namespace {

// x' = -x, 0 = x + y - 10, with y given an inconsistent start value.
Model linear_dae(double y0) {
  Model m;
  m.parameters.push_back({.id = "x", .value = 4.0, .constant = false});
  m.parameters.push_back({.id = "y", .value = y0, .constant = false});
  m.rules.push_back({.kind = RuleKind::rate, .variable = "x", .math = f(Op::negate, {s("x")})});
  m.rules.push_back({.kind = RuleKind::algebraic,
                     .math = f(Op::minus, {f(Op::plus, {s("x"), s("y")}), n(10.0)})});
  return m;
}

// Robertson's chemical kinetics with the conservation y1 + y2 + y3 = 1 as an algebraic rule:
// species y1, y2 changed by reactions, y3 a species the rule determines.
Model robertson() {
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back({.id = "y1", .compartment = "c", .initial_amount = 1.0});
  m.species.push_back({.id = "y2", .compartment = "c", .initial_amount = 0.0});
  m.species.push_back({.id = "y3", .compartment = "c", .initial_amount = 0.0});
  m.reactions.push_back({.id = "r1",
                         .reactants = {{.species = "y1", .stoichiometry = 1.0}},
                         .products = {{.species = "y2", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {n(0.04), s("y1")})});
  // 1e4 y2 y3 turns y2 back into y1 (y3 a catalyst); 3e7 y2^2 turns y2 into y3, which the
  // algebraic rule accounts for.
  m.reactions.push_back({.id = "r2",
                         .reactants = {{.species = "y2", .stoichiometry = 1.0}},
                         .products = {{.species = "y1", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {n(1e4), s("y2"), s("y3")})});
  m.reactions.push_back({.id = "r3",
                         .reactants = {{.species = "y2", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {n(3e7), s("y2"), s("y2")})});
  m.rules.push_back({.kind = RuleKind::algebraic,
                     .math = f(Op::minus, {f(Op::plus, {s("y1"), s("y2"), s("y3")}), n(1.0)})});
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(algebraic_rules_run_on_ida_from_consistent_initial_values) {
  // y = 0 at the start contradicts the rule: IDACalcIC makes it 6 before the first row.
  const auto t =
      kinetic::simulate(linear_dae(0.0), {.end = 2, .intervals = 4, .columns = {{"x"}, {"y"}}});
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  BOOST_TEST(t.dae);
  BOOST_TEST(t.at(0, 1) == 6.0, tt::tolerance(1e-12));
  for (std::size_t i = 0; i < t.times.size(); ++i) {
    BOOST_TEST(t.at(i, 0) == 4.0 * std::exp(-t.times[i]), tt::tolerance(1e-7));
    BOOST_TEST(t.at(i, 0) + t.at(i, 1) == 10.0, tt::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(models_without_algebraic_rules_stay_on_cvode) {
  Model m = linear_dae(0.0);
  m.rules.pop_back();
  const auto t = kinetic::simulate(m, {.end = 1, .intervals = 1, .columns = {{"x"}}});
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(!t.dae);
}

// Robertson (1966) as SUNDIALS' examples (cvRoberts_dns, idaRoberts_dns) state it, and its
// solution to five digits as those examples print it: at t = 0.4, y1 = 9.8517e-01,
// y2 = 3.3864e-05, y3 = 1.4794e-02; at t = 40, y1 = 7.1583e-01, y2 = 9.1855e-06,
// y3 = 2.8416e-01. The five printed digits bound the check.
BOOST_AUTO_TEST_CASE(robertson_dae_matches_the_sundials_example) {
  const auto t = kinetic::simulate(robertson(), {.start = 0,
                                                 .end = 40,
                                                 .intervals = 100,
                                                 .rtol = 1e-8,
                                                 .atol = 1e-12,
                                                 .columns = {{"y1"}, {"y2"}, {"y3"}}});
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  BOOST_TEST(t.dae);
  BOOST_TEST(t.at(1, 0) == 9.8517e-01, tt::tolerance(1e-4));
  BOOST_TEST(t.at(1, 1) == 3.3864e-05, tt::tolerance(1e-4));
  BOOST_TEST(t.at(1, 2) == 1.4794e-02, tt::tolerance(1e-4));
  BOOST_TEST(t.at(100, 0) == 7.1583e-01, tt::tolerance(1e-4));
  BOOST_TEST(t.at(100, 1) == 9.1855e-06, tt::tolerance(1e-4));
  BOOST_TEST(t.at(100, 2) == 2.8416e-01, tt::tolerance(1e-4));
  for (std::size_t i = 0; i < t.times.size(); ++i)
    BOOST_TEST(t.at(i, 0) + t.at(i, 1) + t.at(i, 2) == 1.0, tt::tolerance(1e-10));
}

BOOST_AUTO_TEST_CASE(an_event_on_a_differential_variable_restarts_consistently) {
  // At time 1, x jumps to 8: y = 10 - x must follow at once (IDACalcIC after the event).
  Model m = linear_dae(6.0);
  m.events.push_back({.id = "kick",
                      .trigger = f(Op::geq, {time_symbol(), n(1.0)}),
                      .initial_value = false,
                      .assignments = {{.variable = "x", .math = n(8.0)}}});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"x"}, {"y"}}});
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  BOOST_TEST(t.events_executed == 1);
  BOOST_TEST(t.at(2, 0) == 8.0, tt::tolerance(1e-9));  // t = 1, just after the event
  BOOST_TEST(t.at(2, 1) == 2.0, tt::tolerance(1e-9));
  BOOST_TEST(t.at(4, 0) == 8.0 * std::exp(-1.0), tt::tolerance(1e-7));
  BOOST_TEST(t.at(4, 1) == 10.0 - 8.0 * std::exp(-1.0), tt::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(nan_in_a_rate_is_a_status_naming_the_variable_and_keeping_rows) {
  // x' = sqrt(1 - time): NaN after time 1.
  Model m = linear_dae(6.0);
  m.rules[0].math = f(Op::root, {n(2), f(Op::minus, {n(1), time_symbol()})});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"x"}, {"y"}}});
  BOOST_TEST(t.dae);
  BOOST_TEST(!t.ok());
  BOOST_TEST(std::string(kinetic::to_string(t.status)) == "solver failure");
  BOOST_TEST(t.message.find("NaN in the rate of 'x'") != std::string::npos, t.message);
  BOOST_TEST(t.times.size() == 3U);  // rows at 0, 0.5 and 1 are kept
  BOOST_TEST(t.time_reached >= 1.0);
  BOOST_TEST(t.time_reached < 1.5);
}

BOOST_AUTO_TEST_CASE(nan_in_an_algebraic_rule_names_the_rule) {
  // 0 = y - piecewise(0, time < 1, sqrt(-1)): y is undefined from time 1 on.
  Model m = linear_dae(0.0);
  m.rules[1].math =
      f(Op::minus, {s("y"), f(Op::piecewise, {n(0.0), f(Op::lt, {time_symbol(), n(1.0)}),
                                              f(Op::root, {n(2), n(-1.0)})})});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"x"}, {"y"}}});
  BOOST_TEST(!t.ok());
  BOOST_TEST(std::string(kinetic::to_string(t.status)) == "solver failure");
  BOOST_TEST(t.message.find("NaN in the algebraic rule for 'y'") != std::string::npos, t.message);
  BOOST_TEST(t.times.size() >= 2U);  // rows before time 1 are kept
  BOOST_TEST(t.time_reached == 1.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(too_much_work_is_a_status_with_the_time_reached) {
  const auto t = kinetic::simulate(robertson(), {.end = 1e5, .intervals = 1, .max_steps = 20});
  BOOST_TEST(!t.ok());
  BOOST_TEST(std::string(kinetic::to_string(t.status)) == "too much work");
  BOOST_TEST(t.times.size() == 1U);  // the start row
  BOOST_TEST(t.time_reached > 0.0);
  BOOST_TEST(t.message.find("largest local error in '") != std::string::npos, t.message);
}

BOOST_AUTO_TEST_CASE(unsatisfiable_algebraic_rule_fails_at_the_start_naming_it) {
  // 0 = y^2 + 1 has no real solution.
  Model m = linear_dae(0.0);
  m.rules[1].math = f(Op::plus, {f(Op::times, {s("y"), s("y")}), n(1.0)});
  const auto t = kinetic::simulate(m, {.end = 1, .intervals = 1, .columns = {{"y"}}});
  BOOST_TEST(!t.ok());
  BOOST_TEST(t.message.find("no consistent values for the algebraic rules") != std::string::npos,
             t.message);
  BOOST_TEST(t.message.find("'y'") != std::string::npos, t.message);
}

BOOST_AUTO_TEST_CASE(undefined_piecewise_is_the_models_fault_and_names_the_element) {
  // J = piecewise(1, time < 1) with no otherwise: undefined from time 1 on.
  Model m = linear_dae(6.0);
  m.parameters.push_back({.id = "J", .constant = false});
  m.rules.push_back({.kind = RuleKind::assignment,
                     .variable = "J",
                     .math = f(Op::piecewise, {n(1.0), f(Op::lt, {time_symbol(), n(1.0)})})});
  m.rules[0].math = f(Op::minus, {s("J"), s("x")});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"x"}, {"y"}}});
  BOOST_TEST(!t.ok());
  BOOST_TEST((t.status == kinetic::SimulationStatus::undefined_value), t.message);
  BOOST_TEST(t.message.find("'J' is undefined") != std::string::npos, t.message);
  BOOST_TEST(t.times.size() >= 2U);
  BOOST_TEST(t.time_reached == 1.0, tt::tolerance(1e-9));

  m.rules.erase(m.rules.begin() + 1);  // the same on the CVODE path
  const auto ode = kinetic::simulate(m, {.end = 2, .intervals = 4, .columns = {{"x"}}});
  BOOST_TEST(!ode.dae);
  BOOST_TEST((ode.status == kinetic::SimulationStatus::undefined_value), ode.message);
  BOOST_TEST(ode.message.find("'J' is undefined") != std::string::npos, ode.message);
}
