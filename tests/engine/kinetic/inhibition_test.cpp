// inhibit(model, reaction, Inhibition) against the closed-form Michaelis-Menten rates of the
// three textbook inhibition types, on small models built in C++ (the rate is read from a
// simulation, so the transformed model is what the engine actually integrates).
#define BOOST_TEST_MODULE kinetic_inhibition
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/kinetic/inhibition.hpp"
#include "engine/kinetic/simulation.hpp"
#include "support/kinetic_models.hpp"

using namespace ergon;
using namespace ergon::test;
using kinetic::Inhibition;
using kinetic::InhibitionType;

namespace {

// michaelis_menten_model(); with `carrier`, the rate per volume is the assignment-rule
// parameter J and the law c * J, as in pathways/human_energy_kinetic.xml; the law reads S
// through F = S (an assignment rule), as its PFK law reads F6P.
Model mm_model(bool carrier) {
  Model m = michaelis_menten_model();
  if (carrier) {
    m.parameters.push_back({.id = "F", .constant = false});
    m.parameters.push_back({.id = "J", .constant = false});
    m.rules.push_back({.kind = RuleKind::assignment, .variable = "F", .math = s("S")});
    m.rules.push_back(
        {.kind = RuleKind::assignment, .variable = "J", .math = michaelis_menten_law("F")});
    m.reactions[0].rate = f(Op::times, {s("c"), s("J")});
  }
  return m;
}

// The reaction's rate (and J's value when present) at S.
std::vector<double> rates(const Model& m, double substrate, bool carrier) {
  kinetic::SimulationOptions options{.end = 0.1, .intervals = 1};
  options.initial_values = {{"S", substrate}};
  options.columns = {{"R"}};
  if (carrier) options.columns.push_back({"J"});
  const auto t = kinetic::simulate(m, options);
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  std::vector<double> out;
  for (std::size_t c = 0; c < t.names.size(); ++c) out.push_back(t.at(1, c));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_type_gives_its_closed_form_michaelis_menten_rate) {
  for (const bool carrier : {false, true}) {
    const Model base = mm_model(carrier);
    for (const auto type : {InhibitionType::competitive, InhibitionType::noncompetitive,
                            InhibitionType::uncompetitive}) {
      for (const double i : {0.0, 0.05, 0.2, 1.0}) {
        const Model inhibited =
            kinetic::inhibit(base, "R", {.type = type, .inhibitor_concentration = i, .ki = kKi});
        for (const double substrate : {0.05, 0.5, 5.0}) {
          const auto v = rates(inhibited, substrate, carrier);
          const double want = inhibited_rate(type, i, substrate);
          BOOST_TEST_CONTEXT(kinetic::to_string(type)
                             << " carrier " << carrier << " I " << i << " S " << substrate) {
            BOOST_TEST(v[0] == want, boost::test_tools::tolerance(1e-13));
            // The rate parameter itself reports the inhibited rate.
            if (carrier) BOOST_TEST(v[1] == want, boost::test_tools::tolerance(1e-13));
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(competitive_and_uncompetitive_signatures) {
  // Competitive inhibition is overcome by substrate (same Vmax), uncompetitive lowers Vmax and
  // Km by alpha, so at S >> Km it approaches V / alpha.
  const Model base = mm_model(false);
  const double i = 0.6;  // alpha = 4
  const auto comp = kinetic::inhibit(
      base, "R", {.type = InhibitionType::competitive, .inhibitor_concentration = i, .ki = kKi});
  const auto unc = kinetic::inhibit(
      base, "R", {.type = InhibitionType::uncompetitive, .inhibitor_concentration = i, .ki = kKi});
  BOOST_TEST(rates(comp, 1e5, false)[0] / kV > 0.9999);
  BOOST_TEST(rates(unc, 1e5, false)[0] * 4 / kV > 0.9999);
  // At S = Km the competitive rate is V/(1 + alpha) = V/5; the uncompetitive one V/(1 + 4) too.
  BOOST_TEST(rates(comp, kKm, false)[0] == kV / 5, boost::test_tools::tolerance(1e-13));
  BOOST_TEST(rates(unc, kKm, false)[0] == kV / 5, boost::test_tools::tolerance(1e-13));
}

BOOST_AUTO_TEST_CASE(reversible_law_with_the_product_listed_is_exact) {
  // (V/K)(S - P)/(1 + S/K + P/K), competitive at the shared site: alpha replaces the 1.
  Model m = mm_model(false);
  m.species[1].boundary_condition = true;
  m.species[1].initial_concentration = 0.3;
  const auto over_k = [](const char* id) { return f(Op::divide, {s(id), s("Km")}); };
  m.reactions[0].rate = f(
      Op::divide, {f(Op::times, {f(Op::divide, {s("V"), s("Km")}), f(Op::minus, {s("S"), s("P")})}),
                   f(Op::plus, {n(1), over_k("S"), over_k("P")})});
  const double i = 0.3;
  const auto inhibited = kinetic::inhibit(m, "R",
                                          {.type = InhibitionType::competitive,
                                           .inhibitor_concentration = i,
                                           .ki = kKi,
                                           .substrates = {"S", "P"}});
  const double alpha = 1 + i / kKi;
  const double want = kV / kKm * (2.0 - 0.3) / (alpha + 2.0 / kKm + 0.3 / kKm);
  BOOST_TEST(rates(inhibited, 2.0, false)[0] == want, boost::test_tools::tolerance(1e-13));
}

BOOST_AUTO_TEST_CASE(the_input_model_is_untouched_and_other_reactions_too) {
  Model m = mm_model(true);
  // A second reaction reading J: J is then not R's own, so R's law is transformed instead.
  m.species.push_back({.id = "Q", .compartment = "c", .initial_concentration = 0.0});
  m.reactions.push_back({.id = "R2",
                         .products = {{.species = "Q", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {s("c"), s("J")})});
  const auto inhibited = kinetic::inhibit(
      m, "R", {.type = InhibitionType::noncompetitive, .inhibitor_concentration = kKi, .ki = kKi});
  BOOST_TEST(to_string(*m.reactions[0].rate) == to_string(*mm_model(true).reactions[0].rate));
  kinetic::SimulationOptions options{.end = 0.1, .intervals = 1};
  options.columns = {{"R"}, {"R2"}, {"J"}};
  const auto t = kinetic::simulate(inhibited, options);
  BOOST_TEST_REQUIRE(t.ok());
  const double v = kV * 1.0 / (kKm + 1.0);
  BOOST_TEST(t.at(1, 0) == v / 2, boost::test_tools::tolerance(1e-13));
  BOOST_TEST(t.at(1, 1) == v, boost::test_tools::tolerance(1e-13));
  BOOST_TEST(t.at(1, 2) == v, boost::test_tools::tolerance(1e-13));
}

BOOST_AUTO_TEST_CASE(bad_inhibitions_name_what_is_wrong) {
  const Model m = mm_model(false);
  const auto message = [&](const std::string& reaction, const Inhibition& inhibition) {
    try {
      (void)kinetic::inhibit(m, reaction, inhibition);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  BOOST_TEST(message("X", {}).find("'X'") != std::string::npos);
  BOOST_TEST(message("R", {.inhibitor_concentration = -1}).find("inhibitor concentration") !=
             std::string::npos);
  BOOST_TEST(message("R", {.inhibitor_concentration = 1, .ki = 0}).find("Ki") != std::string::npos);
  BOOST_TEST(
      message("R", {.inhibitor_concentration = 1, .substrates = {"P"}}).find("does not appear") !=
      std::string::npos);
  BOOST_TEST(message("R", {.inhibitor_concentration = 1, .substrates = {"nothing"}})
                 .find("not a species") != std::string::npos);
  Model no_reactant = m;
  no_reactant.reactions[0].reactants.clear();
  try {
    (void)kinetic::inhibit(no_reactant, "R", {.inhibitor_concentration = 1});
    BOOST_FAIL("a law with no reactant in it accepted competitive inhibition");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("name the substrates") != std::string::npos);
  }
  BOOST_CHECK_THROW((void)kinetic::parse_inhibition_type("mixed"), InputError);
  BOOST_TEST((kinetic::parse_inhibition_type("non-competitive") == InhibitionType::noncompetitive));
}
