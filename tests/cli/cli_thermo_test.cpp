// `ergon thermo drg|mdf` end to end: output, JSON shape and the exit codes of bad input.
#define BOOST_TEST_MODULE cli_thermo
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "support/run_command.hpp"

namespace {

using ergon::test::run_ergon;

std::string model() {
  return std::string(ergon::test::kSourceDir) + "/pathways/human_energy_metabolism.xml";
}
std::string data() {
  return " --data " + std::string(ergon::test::kSourceDir) + "/datasets";
}

}  // namespace

BOOST_AUTO_TEST_CASE(drg_lists_every_reaction_and_names_the_unbalanced_ones) {
  const auto r = run_ergon("thermo drg " + model() + data());
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("R_FAS160") != std::string::npos);
  BOOST_TEST(r.out.find("UNBALANCED: O +7") != std::string::npos, r.out);
  const auto j =
      run_ergon("thermo drg --json " + model() + data() + " --compartment m=7.8:0.25:14:-0.16");
  BOOST_TEST_REQUIRE(j.exit_code == 0, j.err);
  const auto doc = nlohmann::json::parse(j.out);
  BOOST_TEST(doc["units"] == "kJ/mol");
  BOOST_TEST(doc["conditions"]["compartments"]["m"]["pH"].get<double>() == 7.8);
  bool found = false;
  for (const auto& x : doc["reactions"])
    if (x["id"] == "R_PROTS") {
      found = true;
      BOOST_TEST(x["drG_prime0"].is_null());
    }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(mdf_of_glycolysis_to_lactate) {
  const auto r = run_ergon("thermo mdf --json " + model() + data() +
                           " --reactions R_HEX1,R_PGI,R_PFK,R_FBA,R_TPI,R_GAPD,R_PGK,R_PGM,R_ENO,"
                           "R_PYK,R_LDH_L --compartment c=7.2");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["status"] == "optimal");
  BOOST_TEST(doc["mdf"].get<double>() > 0.0);
  BOOST_TEST(doc["reactions"].size() == 11U);
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_naming_the_culprit) {
  auto r = run_ergon("thermo mdf " + model() + data() + " --reactions R_HEX1,R_PROTS");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("R_PROTS") != std::string::npos, r.err);
  r = run_ergon("thermo mdf " + model() + data() +
                " --reactions R_HEX1 --concentration M_glc__D_c=1e-2:1e-3");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("M_glc__D_c") != std::string::npos, r.err);
  r = run_ergon("thermo drg " + model() + data() + " --compartment m=abc");
  BOOST_TEST(r.exit_code == 2);
  r = run_ergon("thermo drg " + model() + data() + " --pH 15");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("pH 15") != std::string::npos, r.err);
  r = run_ergon("thermo mdf " + model() + data() + " --reactions R_NOPE");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("R_NOPE") != std::string::npos, r.err);
  r = run_ergon("thermo drg " + model() + " --data /nonexistent");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("/nonexistent") != std::string::npos, r.err);
}
