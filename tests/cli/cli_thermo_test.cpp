// `ergon thermo drg|mdf|tfa|tva|check` end to end: output, JSON shape, the HDF5 log and the exit
// codes of bad input.
#define BOOST_TEST_MODULE cli_thermo
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
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

namespace {
// Human conditions used across docs/thermo.md: cytosol and IMS 7.2, matrix 7.8 at −0.16 V,
// plasma 7.4.
const std::string human_compartments =
    " --compartment c=7.2 --compartment i=7.2 --compartment e=7.4"
    " --compartment m=7.8:0.25:14:-0.16";
}  // namespace

BOOST_AUTO_TEST_CASE(tfa_reaches_the_fba_optimum_of_the_human_model) {
  const auto fba = run_ergon("fba --json " + model());
  BOOST_TEST_REQUIRE(fba.exit_code == 0, fba.err);
  const double optimum = nlohmann::json::parse(fba.out)["objective"].get<double>();
  const auto r = run_ergon("thermo tfa --json " + model() + data() + human_compartments);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["status"] == "optimal");
  BOOST_TEST(doc["objective"].get<double>() == optimum, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(doc["binaries"].get<int>() > 0);
  BOOST_TEST(doc["constrained"].get<int>() > 50);
  bool fas = false;
  for (const auto& u : doc["unconstrained"])
    if (u["id"] == "R_FAS160") fas = u["reason"].get<std::string>().find("unbalanced") == 0;
  BOOST_TEST(fas);
  for (const auto& x : doc["reactions"])
    if (!x["drG_prime"].is_null() && std::abs(x["flux"].get<double>()) > 1e-7)
      BOOST_TEST(x["flux"].get<double>() * x["drG_prime"].get<double>() < 0.0);
}

BOOST_AUTO_TEST_CASE(tva_reports_ranges_and_changes_against_fva) {
  const auto r = run_ergon("thermo tva --json " + model() + data() + human_compartments +
                           " --fraction 0.5 --sigmas 0");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["status"] == "optimal");
  BOOST_TEST(doc["failed"].get<int>() == 0);
  for (const auto& x : doc["reactions"]) {
    BOOST_TEST_REQUIRE(!x["flux"].is_null());
    BOOST_TEST(x["flux"]["min"].get<double>() >= x["fva"]["min"].get<double>() - 1e-6);
    BOOST_TEST(x["flux"]["max"].get<double>() <= x["fva"]["max"].get<double>() + 1e-6);
  }
  BOOST_TEST(!doc["concentrations"].empty());
}

BOOST_AUTO_TEST_CASE(tfa_bad_input_exits_2) {
  auto r = run_ergon("thermo tfa " + model() + data() + " --concentration M_atp_c=1e-2:1e-4");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("M_atp_c") != std::string::npos, r.err);
  r = run_ergon("thermo tfa " + model() + data() + " --sigmas -1");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("--sigmas") != std::string::npos, r.err);
  r = run_ergon("thermo tva " + model() + data() + " --fraction 2");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("fraction") != std::string::npos, r.err);
  r = run_ergon("thermo tfa " + model() + data() + " --id-map /nonexistent.tsv:mets");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("--id-map") != std::string::npos, r.err);
  r = run_ergon("thermo tfa " + model() + data() + " --id-map /nonexistent.tsv");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("/nonexistent.tsv") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(check_compares_the_kinetic_models_rate_laws_with_the_data) {
  const std::string kinetic =
      std::string(ergon::test::kSourceDir) + "/pathways/human_energy_kinetic.xml";
  const auto r = run_ergon("thermo check " + kinetic + data() +
                           " --compartment c=7.2 --compartment m=7.8:0.25:14:-0.16 --json");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const auto doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["concentration_unit_M"].get<double>() == 1e-3);
  bool ldh = false;
  for (const auto& x : doc["reactions"])
    if (x["id"] == "LDH") {
      ldh = true;
      BOOST_TEST(x["kind"] == "reversible");
      BOOST_TEST(x["difference"].is_number());
    }
  BOOST_TEST(ldh);
  BOOST_TEST(doc["summary"]["compared"].get<int>() >= 1);
  const auto text = run_ergon("thermo check " + kinetic + data());
  BOOST_TEST_REQUIRE(text.exit_code == 0, text.err);
  BOOST_TEST(text.out.find("reversible rate laws") != std::string::npos, text.out);
  // Bad input: an unknown unit, a negative sigma, a file that is not there.
  auto bad = run_ergon("thermo check " + kinetic + data() + " --unit furlong");
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.err.find("furlong") != std::string::npos, bad.err);
  bad = run_ergon("thermo check " + kinetic + data() + " --sigmas -1");
  BOOST_TEST(bad.exit_code == 2);
  bad = run_ergon("thermo check /nonexistent.xml" + data());
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.err.find("/nonexistent.xml") != std::string::npos, bad.err);
}

BOOST_AUTO_TEST_CASE(results_are_appended_to_an_hdf5_log) {
  const auto h5 = std::filesystem::temp_directory_path() /
                  ("ergon_thermo_" + std::to_string(::getpid()) + ".h5");
  std::filesystem::remove(h5);
  const std::string log = " --h5 " + h5.string();
  auto r = run_ergon("thermo tfa " + model() + data() + human_compartments + log);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  r = run_ergon("thermo drg " + model() + data() + log);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // The same group again is refused before anything is computed; the file keeps both results.
  r = run_ergon("thermo tfa " + model() + data() + human_compartments + log);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("thermo/tfa") != std::string::npos, r.err);
  const std::string check =
      "/usr/bin/python3 -c \"import h5py, math; f = h5py.File('" + h5.string() +
      "'); t = f['thermo/tfa']; assert t.attrs['kind'] == 'thermo_tfa' and t.attrs['status'] == "
      "'optimal', dict(t.attrs); assert abs(t.attrs['objective'] - 31.5) < 1e-6; "
      "ids = list(t['reaction'].asstr()[:]); i = ids.index('R_ATPM'); "
      "assert t['flux'][i] > 0 and t['drG_prime'][i] < 0; "
      "d = f['thermo/drg']; assert list(d.attrs['columns'])[0] == 'reaction'; "
      "assert math.isnan(d['drG_prime0'][list(d['reaction'].asstr()[:]).index('R_PROTS')])\"";
  BOOST_TEST(std::system(check.c_str()) == 0);
  std::filesystem::remove(h5);
}
