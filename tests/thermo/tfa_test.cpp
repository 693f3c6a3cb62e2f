// Thermodynamic FBA and variability on models small enough to reason about by hand: a loop
// the thermodynamic constraints must remove, a step the concentration bounds forbid, statuses
// and bad input.
#define BOOST_TEST_MODULE thermo_tfa
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>

#include "engine/core/error.hpp"
#include "engine/thermo/tfa.hpp"

namespace ergon::thermo {
namespace {

// A → B → C with a third step C → A closing a loop; A taken up (≤ 10), C exported (the
// objective). Plain FBA can run the loop at any rate; no concentrations make all three loop
// steps downhill at once, since their ΔrG' sum to zero.
ConstraintModel loop_model(double uptake_lower = -10.0, double export_lower = 0.0) {
  ConstraintModelData d;
  d.id = "loop";
  for (const char* k : {"C90001", "C90002", "C90003"})
    d.metabolites.push_back(
        {.id = std::string("M_") + k + "_c",
         .name = k,
         .compartment = "c",
         .annotations = {std::string("http://identifiers.org/kegg.compound/") + k}});
  const auto reaction = [&](const char* id, std::vector<StoichiometryTerm> s, double lo, double hi,
                            double objective = 0.0) {
    d.reactions.push_back({.id = id,
                           .name = id,
                           .lower_bound = lo,
                           .upper_bound = hi,
                           .objective_coefficient = objective,
                           .stoichiometry = std::move(s)});
  };
  reaction("EX_A", {{.metabolite = 0, .coefficient = -1}}, uptake_lower, 1000);
  reaction("R_AB", {{.metabolite = 0, .coefficient = -1}, {.metabolite = 1, .coefficient = 1}},
           -1000, 1000);
  reaction("R_BC", {{.metabolite = 1, .coefficient = -1}, {.metabolite = 2, .coefficient = 1}},
           -1000, 1000);
  reaction("R_CA", {{.metabolite = 2, .coefficient = -1}, {.metabolite = 0, .coefficient = 1}},
           -1000, 1000);
  reaction("EX_C", {{.metabolite = 2, .coefficient = -1}}, export_lower, 1000, 1.0);
  d.sense = ObjectiveSense::maximize;
  return ConstraintModel(std::move(d));
}

FormationData toy_data(double b_energy = 0.0) {
  const auto compound = [](const char* id, double g) {
    return CompoundThermo{
        .kegg_id = id, .name = id, .source = "test", .species = {{.formation_energy = g}}};
  };
  return FormationData(
      {compound("C90001", 0.0), compound("C90002", b_energy), compound("C90003", 0.0)});
}

TfaOptions wide_open() {
  TfaOptions o;
  o.uncertainty_sigmas = 0.0;
  o.bounds.default_range = {.lower = 1e-9, .upper = 1.0};
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(tfa_keeps_the_fba_optimum_and_signs_every_flux_by_its_gibbs_energy) {
  const auto model = loop_model();
  const auto r = thermodynamic_fba(model, toy_data(), wide_open());
  BOOST_TEST_REQUIRE(std::string(to_string(r.status)) == "optimal");
  BOOST_TEST(r.objective == 10.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(r.constrained.size() == 3U);
  // R_AB and R_BC are the only reactions of B, so their fluxes are equal in every steady state
  // and share one pair of direction binaries; R_CA has its own pair.
  BOOST_TEST(r.binaries == 4U);
  for (const auto k : r.constrained) {
    BOOST_TEST_REQUIRE(r.gibbs[k].has_value());
    if (std::abs(r.fluxes[k]) > 1e-9) BOOST_TEST(r.fluxes[k] * *r.gibbs[k] < 0.0);
  }
}

BOOST_AUTO_TEST_CASE(tva_removes_the_loop_plain_fba_can_run) {
  // With the loop gone, R_CA can only carry the direct route A → C (reverse, ≤ 10) and never
  // run forward; R_AB carries 0 to 10. Plain FBA would allow ±1000 minus the export.
  TvaOptions o;
  o.tfa = wide_open();
  const auto model = loop_model();
  const auto r = thermodynamic_variability(model, toy_data(), o);
  BOOST_TEST_REQUIRE(std::string(to_string(r.status)) == "optimal");
  BOOST_TEST(r.failed == 0U);
  const auto range = [&](const char* id) { return *r.fluxes[model.reaction_index(id)]; };
  BOOST_TEST(range("R_CA").minimum == -10.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(range("R_CA").maximum == 0.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(range("R_AB").minimum == 0.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(range("R_AB").maximum == 10.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(r.milps == 1U + 2U * (5U + 3U + 3U));
  // ΔrG' of A → B spans what the bounds allow: ±RT ln(1/1e-9) = ±51.4 kJ/mol, but export of C
  // at 10 needs A → C downhill somewhere, so the sum over R_AB and R_BC stays < 0.
  const auto g = *r.gibbs[model.reaction_index("R_AB")];
  const double span = rt(standard_temperature) * std::log(1e9);
  BOOST_TEST(g.minimum == -span, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(g.maximum <= span + 1e-6);
  const auto c = *r.concentrations[model.metabolite_index("M_C90001_c")];
  BOOST_TEST(c.minimum >= 1e-9 * (1 - 1e-6));
  BOOST_TEST(c.maximum <= 1.0 + 1e-6);
}

BOOST_AUTO_TEST_CASE(an_uphill_step_the_bounds_cannot_drive_is_named_as_the_conflict) {
  // ΔfG'° of B = +30: A → B has ΔrG' ≥ 30 + RT ln(1e-6/1e-2) = 7.2 kJ/mol within the default
  // 1 µM–10 mM, so it cannot run forward. Export of C (≥ 1) then goes the direct way, A → C
  // (R_CA reversed, ΔrG'° = 0), which TFA takes.
  TfaOptions o;
  o.uncertainty_sigmas = 0.0;
  const auto open = thermodynamic_fba(loop_model(-10.0, 1.0), toy_data(30.0), o);
  BOOST_TEST_REQUIRE(std::string(to_string(open.status)) == "optimal");
  BOOST_TEST(std::abs(open.fluxes[1]) < 1e-9);  // R_AB carries nothing
  BOOST_TEST(open.fluxes[3] == -10.0, boost::test_tools::tolerance(1e-9));

  // Now close the direct route: the only way to export C is uphill through A → B.
  auto data = loop_model(-10.0, 1.0).data();
  data.reactions[3].lower_bound = 0.0;
  data.reactions[3].upper_bound = 0.0;
  const auto r = thermodynamic_fba(ConstraintModel(std::move(data)), toy_data(30.0), o);
  BOOST_TEST_REQUIRE(std::string(to_string(r.status)) == "thermodynamically_infeasible");
  BOOST_TEST_REQUIRE(r.conflicts.size() == 1U);
  BOOST_TEST(r.conflicts[0].reaction_id == "R_AB");
  const double violation = 30.0 + rt(standard_temperature) * std::log(1e-6 / 1e-2) + o.epsilon;
  BOOST_TEST(r.conflicts[0].violation == violation, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(r.conflicts[0].flux >= 1.0 - 1e-9);
}

BOOST_AUTO_TEST_CASE(flux_bounds_that_admit_no_steady_state_are_infeasible_not_a_conflict) {
  auto data = loop_model().data();
  data.reactions[0].lower_bound = 0.0;  // no uptake of A
  data.reactions[4].lower_bound = 1.0;  // but C must leave
  const auto r = thermodynamic_fba(ConstraintModel(std::move(data)), toy_data(), wide_open());
  BOOST_TEST(std::string(to_string(r.status)) == "infeasible");
  BOOST_TEST(r.conflicts.empty());
}

BOOST_AUTO_TEST_CASE(bad_bounds_and_options_are_input_errors_naming_the_culprit) {
  auto o = wide_open();
  o.bounds.by_metabolite["M_C90002_c"] = {.lower = 1e-2, .upper = 1e-4};
  try {
    (void)thermodynamic_fba(loop_model(), toy_data(), o);
    BOOST_FAIL("no InputError");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("M_C90002_c") != std::string::npos);
  }
  TvaOptions t;
  t.fraction_of_optimum = 1.5;
  BOOST_CHECK_THROW((void)thermodynamic_variability(loop_model(), toy_data(), t), InputError);
  auto none = loop_model().data();
  for (auto& reaction : none.reactions) reaction.objective_coefficient = 0.0;
  const ConstraintModel no_objective(std::move(none));
  BOOST_CHECK_THROW((void)thermodynamic_fba(no_objective, toy_data(), o), InputError);
}

}  // namespace ergon::thermo
