// `ergon simulate` and `ergon sbml-case` as a user runs them: CSV out, exit codes 0 / 1 / 2.
#define BOOST_TEST_MODULE cli_kinetic
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/run_command.hpp"

namespace fs = std::filesystem;
using ergon::test::run_ergon;

namespace {

// S -> (k S), S(0) = 10 in a unit compartment; and one whose rate turns NaN after time 1.
constexpr const char* kDecay = R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="decay">
    <listOfCompartments><compartment id="c" spatialDimensions="3" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="S" compartment="c" initialAmount="10" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
    <listOfReactions>
      <reaction id="R" reversible="false">
        <listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>S</ci></apply></math></kineticLaw>
      </reaction>
    </listOfReactions>
  </model>
</sbml>
)";

constexpr const char* kNaN = R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="breaks">
    <listOfParameters><parameter id="x" value="0" constant="false"/></listOfParameters>
    <listOfRules>
      <rateRule variable="x"><math xmlns="http://www.w3.org/1998/Math/MathML">
        <apply><root/><apply><minus/><cn>1</cn><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol></apply></apply>
      </math></rateRule>
    </listOfRules>
  </model>
</sbml>
)";

fs::path write_temp(const std::string& name, const std::string& text) {
  const auto path =
      fs::temp_directory_path() / ("ergon_kinetic_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path;
}

std::vector<std::vector<std::string>> rows(const std::string& csv) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::istringstream l(line);
    for (std::string cell; std::getline(l, cell, ',');) cells.push_back(cell);
    out.push_back(cells);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(simulate_writes_csv_with_species_columns) {
  const auto model = write_temp("decay.xml", kDecay);
  const auto r = run_ergon("simulate " + model.string() + " --start 0 --end 2 --points 3");
  BOOST_TEST(r.exit_code == 0, r.err);
  const auto table = rows(r.out);
  BOOST_TEST_REQUIRE(table.size() == 4U);
  BOOST_TEST(table[0][0] == "time");
  BOOST_TEST(table[0][1] == "S");
  BOOST_TEST(std::stod(table[3][1]) == 10.0 * std::exp(-1.0), boost::test_tools::tolerance(1e-6));
  fs::remove(model);
}

BOOST_AUTO_TEST_CASE(simulate_set_overrides_and_output_file) {
  const auto model = write_temp("decay2.xml", kDecay);
  const auto out =
      fs::temp_directory_path() / ("ergon_kinetic_" + std::to_string(::getpid()) + ".csv");
  const auto r = run_ergon("simulate " + model.string() +
                           " --end 1 --points 2 --set S=4 --set k=0 -o " + out.string());
  BOOST_TEST(r.exit_code == 0, r.err);
  const auto table = rows(ergon::test::read_text(out));
  BOOST_TEST_REQUIRE(table.size() == 3U);
  BOOST_TEST(std::stod(table[2][1]) == 4.0);
  BOOST_TEST(run_ergon("simulate " + model.string() + " --set nope=1").exit_code == 2);
  BOOST_TEST(run_ergon("simulate " + model.string() + " --set S").exit_code == 2);
  fs::remove(model);
  fs::remove(out);
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_with_a_message) {
  const auto r = run_ergon("simulate /nonexistent/model.xml");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("no such file") != std::string::npos, r.err);
  BOOST_TEST(run_ergon("sbml-case /nonexistent").exit_code == 2);
}

BOOST_AUTO_TEST_CASE(failed_integration_exits_1_naming_time_and_element_and_keeps_rows) {
  const auto model = write_temp("nan.xml", kNaN);
  const auto r = run_ergon("simulate " + model.string() + " --end 2 --points 5");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("'x'") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("time") != std::string::npos, r.err);
  BOOST_TEST(rows(r.out).size() >= 3U);  // header + rows up to the failure
  fs::remove(model);
}

// The IDA path (a model with an algebraic rule) fails as the CVODE path does: exit 1, the
// element and the time in the message, the rows before written.
constexpr const char* kDaeNaN = R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="dae_breaks">
    <listOfParameters>
      <parameter id="x" value="0" constant="false"/>
      <parameter id="y" value="0" constant="false"/>
    </listOfParameters>
    <listOfRules>
      <rateRule variable="x"><math xmlns="http://www.w3.org/1998/Math/MathML">
        <apply><root/><apply><minus/><cn>1</cn><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol></apply></apply>
      </math></rateRule>
      <algebraicRule><math xmlns="http://www.w3.org/1998/Math/MathML">
        <apply><minus/><apply><plus/><ci>x</ci><ci>y</ci></apply><cn>10</cn></apply>
      </math></algebraicRule>
    </listOfRules>
  </model>
</sbml>
)";

BOOST_AUTO_TEST_CASE(dae_failure_exits_1_naming_the_element_and_keeps_rows) {
  const auto model = write_temp("dae_nan.xml", kDaeNaN);
  const auto r = run_ergon("simulate " + model.string() + " --end 2 --points 5");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("IDASolve") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("NaN in the rate of 'x'") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("at time 1.0") != std::string::npos, r.err);
  const auto table = rows(r.out);
  BOOST_TEST_REQUIRE(table.size() >= 3U);  // header + rows up to the failure
  BOOST_TEST(std::stod(table[1][2]) == 10.0, boost::test_tools::tolerance(1e-9));  // y = 10 - x
  fs::remove(model);
}

// A piecewise with no otherwise and no piece applying: the model is at fault, exit 2.
BOOST_AUTO_TEST_CASE(undefined_piecewise_exits_2_naming_the_element) {
  std::string text = kNaN;
  const std::string sqrt_rate =
      R"(<apply><root/><apply><minus/><cn>1</cn><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol></apply></apply>)";
  const std::string piecewise =
      R"(<piecewise><piece><cn>1</cn><apply><lt/><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><cn>1</cn></apply></piece></piecewise>)";
  text.replace(text.find(sqrt_rate), sqrt_rate.size(), piecewise);
  const auto model = write_temp("undefined.xml", text);
  const auto r = run_ergon("simulate " + model.string() + " --end 2 --points 5");
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err.find("'x' is undefined") != std::string::npos, r.err);
  BOOST_TEST(rows(r.out).size() >= 3U);
  fs::remove(model);
}
