// Max-min driving force: a pathway small enough to solve by hand, the statuses, and bad bounds.
#define BOOST_TEST_MODULE thermo_mdf
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>

#include "engine/core/error.hpp"
#include "engine/thermo/mdf.hpp"
#include "thermo/kegg_model.hpp"

namespace ergon::thermo {
namespace {

// Three uncharged single-species compounds: ΔrG'° of A → B is +5 and of B → C is −15 kJ/mol
// at any pH (no hydrogens) and ionic strength (no charge).
FormationData toy_data() {
  const auto compound = [](const char* id, double g) {
    return CompoundThermo{
        .kegg_id = id, .name = id, .source = "test", .species = {{.formation_energy = g}}};
  };
  return FormationData(
      {compound("C90001", 0.0), compound("C90002", 5.0), compound("C90003", -10.0)});
}

const ConstraintModel& toy_pathway() {
  static const auto model =
      test::kegg_model({{"R_AB", "C90001 = C90002"}, {"R_BC", "C90002 = C90003"}});
  return model;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_mdf_of_a_two_step_pathway_equals_the_hand_solution) {
  // Both steps limit: A at its upper bound, C at its lower one, B where the two driving forces
  // are equal. Adding the constraints: 2B = −(ΔrG'°_1 + ΔrG'°_2) − RT ln(c_C/c_A)
  //   = 10 + RT ln(1e-2/1e-6), so B = (10 + RT ln 1e4)/2 = 16.416 kJ/mol at 298.15 K.
  MdfOptions options;
  options.bounds.default_range = {.lower = 1e-6, .upper = 1e-2};
  const auto r = max_min_driving_force(toy_pathway(), toy_data(), {1.0, 1.0}, options);
  BOOST_TEST_REQUIRE(to_string(r.status) == std::string("optimal"));
  const double by_hand = (10.0 + rt(standard_temperature) * std::log(1e4)) / 2.0;
  BOOST_TEST(r.driving_force == by_hand, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(by_hand == 16.416, boost::test_tools::tolerance(0.001 / 16.4));
  BOOST_TEST_REQUIRE(r.reactions.size() == 2U);
  for (const auto& step : r.reactions) {
    BOOST_TEST(-step.gibbs == by_hand, boost::test_tools::tolerance(1e-7));
    BOOST_TEST(step.bottleneck);
    BOOST_TEST(step.shadow_price == 0.5, boost::test_tools::tolerance(1e-7));
  }
  BOOST_TEST_REQUIRE(r.concentrations.size() == 3U);
  BOOST_TEST(r.concentrations[0].concentration == 1e-2, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(r.concentrations[2].concentration == 1e-6, boost::test_tools::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(running_the_pathway_backwards_reverses_the_signs) {
  // Backwards the two ΔrG'° sum to +10 instead of −10, so B = (−10 + RT ln 1e4)/2 = 6.416 kJ/mol,
  // with C at its upper bound and A at its lower one.
  MdfOptions options;
  options.bounds.default_range = {.lower = 1e-6, .upper = 1e-2};
  const auto r = max_min_driving_force(toy_pathway(), toy_data(), {-2.0, -2.0}, options);
  BOOST_TEST_REQUIRE(to_string(r.status) == std::string("optimal"));
  BOOST_TEST(r.driving_force == (-10.0 + rt(standard_temperature) * std::log(1e4)) / 2.0,
             boost::test_tools::tolerance(1e-7));
  for (const auto& step : r.reactions) BOOST_TEST(step.direction == -1);
}

BOOST_AUTO_TEST_CASE(a_fixed_concentration_that_forbids_the_mode_gives_a_negative_mdf) {
  // A fixed at 1 µM and B fixed at 10 mM: step 1 has ΔrG' = 5 + RT ln 1e4 = 27.8 > 0, so no
  // concentrations within the bounds drive it: the MDF is negative (= −27.8, step 1 alone).
  MdfOptions options;
  options.bounds.by_metabolite["M_C90001_c"] = {.lower = 1e-6, .upper = 1e-6};
  options.bounds.by_metabolite["M_C90002_c"] = {.lower = 1e-2, .upper = 1e-2};
  const auto r = max_min_driving_force(toy_pathway(), toy_data(), {1.0, 0.0}, options);
  BOOST_TEST_REQUIRE(to_string(r.status) == std::string("optimal"));
  BOOST_TEST(r.driving_force == -(5.0 + rt(standard_temperature) * std::log(1e4)),
             boost::test_tools::tolerance(1e-7));
  BOOST_TEST(r.reactions.size() == 1U);
}

BOOST_AUTO_TEST_CASE(statuses_name_what_is_missing) {
  const auto model = test::kegg_model({{"R_AB", "C90001 = C90002"}, {"R_BX", "C90002 = C99999"}});
  MdfOptions options;
  auto r = max_min_driving_force(model, toy_data(), {1.0, 1.0}, options);
  BOOST_TEST(to_string(r.status) == std::string("missing_data"));
  BOOST_TEST_REQUIRE(r.excluded.size() == 1U);
  BOOST_TEST(r.excluded[0] == "R_BX");
  options.exclude_missing = true;
  r = max_min_driving_force(model, toy_data(), {1.0, 1.0}, options);
  BOOST_TEST(to_string(r.status) == std::string("optimal"));
  r = max_min_driving_force(model, toy_data(), {0.0, 0.0}, options);
  BOOST_TEST(to_string(r.status) == std::string("empty_mode"));
}

BOOST_AUTO_TEST_CASE(bad_bounds_and_fluxes_are_refused) {
  MdfOptions options;
  options.bounds.by_metabolite["M_C90002_c"] = {.lower = 1e-2, .upper = 1e-3};
  try {
    (void)max_min_driving_force(toy_pathway(), toy_data(), {1.0, 1.0}, options);
    BOOST_FAIL("min > max accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("M_C90002_c") != std::string::npos, e.what());
    BOOST_TEST(std::string(e.what()).find("> max") != std::string::npos, e.what());
  }
  BOOST_CHECK_THROW((void)max_min_driving_force(toy_pathway(), toy_data(), {1.0}, MdfOptions{}),
                    InputError);
  BOOST_CHECK_THROW(
      (void)max_min_driving_force(toy_pathway(), toy_data(), {1.0, std::nan("")}, MdfOptions{}),
      InputError);
}

}  // namespace ergon::thermo
