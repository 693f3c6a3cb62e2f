// SBML -> ergon::Model: what the importer inlines, substitutes, defaults and refuses.
#define BOOST_TEST_MODULE sbml_model_reader
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.hpp"
#include "engine/sbml/model_reader.hpp"

namespace fs = std::filesystem;
using ergon::Op;

namespace {

fs::path write_model(
    const std::string& name, const std::string& body,
    const std::string& header =
        R"(<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">)") {
  const auto path =
      fs::temp_directory_path() / ("ergon_reader_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      << header << "\n"
                      << body << "\n</sbml>\n";
  return path;
}

constexpr const char* kMath = R"(xmlns="http://www.w3.org/1998/Math/MathML")";

std::string model_with_rate(const std::string& math, const std::string& extra = "") {
  return std::string(R"(<model id="m">)") + extra + R"(
    <listOfCompartments><compartment id="c" spatialDimensions="3" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters><parameter id="k" value="2" constant="true"/></listOfParameters>
    <listOfReactions><reaction id="R" reversible="false">
      <listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
      <kineticLaw><math )" +
         kMath + ">" + math + R"(</math>
        <listOfLocalParameters><localParameter id="k" value="7"/></listOfLocalParameters>
      </kineticLaw>
    </reaction></listOfReactions>
  </model>)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(local_parameters_shadow_globals_and_are_substituted) {
  const auto path =
      write_model("local.xml", model_with_rate("<apply><times/><ci>k</ci><ci>S</ci></apply>"));
  const auto imported = ergon::sbml::read_model(path);
  const auto& rate = *imported.model.reactions.at(0).rate;
  BOOST_TEST(static_cast<int>(rate.op) == static_cast<int>(Op::times));
  BOOST_TEST(rate.args.at(0).value == 7.0);  // the local k, not the global 2
  BOOST_TEST(rate.args.at(1).name == "S");
  fs::remove(path);
}

BOOST_AUTO_TEST_CASE(function_definitions_are_inlined_with_their_arguments) {
  const std::string fd =
      std::string(R"(<listOfFunctionDefinitions><functionDefinition id="twice"><math )") + kMath +
      R"(><lambda><bvar><ci>x</ci></bvar><apply><times/><cn>2</cn><ci>x</ci></apply></lambda></math>
      </functionDefinition></listOfFunctionDefinitions>)";
  const auto path =
      write_model("fd.xml", model_with_rate("<apply><ci>twice</ci><ci>S</ci></apply>", fd));
  const auto imported = ergon::sbml::read_model(path);
  const auto& rate = *imported.model.reactions.at(0).rate;
  BOOST_TEST(to_string(rate) == "(2 * S)");
  fs::remove(path);
}

BOOST_AUTO_TEST_CASE(nary_relations_become_chains_and_log_defaults_to_base_10) {
  const auto path = write_model(
      "chain.xml",
      model_with_rate("<apply><times/><apply><lt/><cn>1</cn><ci>S</ci><cn>3</cn></apply>"
                      "<apply><log/><ci>S</ci></apply></apply>"));
  const auto imported = ergon::sbml::read_model(path);
  const auto& rate = *imported.model.reactions.at(0).rate;
  BOOST_TEST(static_cast<int>(rate.args.at(0).op) == static_cast<int>(Op::logical_and));
  BOOST_TEST(rate.args.at(0).args.size() == 2U);
  BOOST_TEST(static_cast<int>(rate.args.at(1).op) == static_cast<int>(Op::log));
  BOOST_TEST(rate.args.at(1).args.at(0).value == 10.0);
  fs::remove(path);
}

BOOST_AUTO_TEST_CASE(level2_defaults_and_stoichiometry_math) {
  const auto path = write_model(
      "l2.xml",
      std::string(R"(<model id="m">
    <listOfCompartments><compartment id="c"/></listOfCompartments>
    <listOfSpecies><species id="S" compartment="c" initialConcentration="1"/></listOfSpecies>
    <listOfReactions><reaction id="R" reversible="false">
      <listOfReactants><speciesReference species="S"><stoichiometryMath><math )") +
          kMath +
          R"(><cn>3</cn></math></stoichiometryMath></speciesReference></listOfReactants>
    </reaction></listOfReactions>
  </model>)",
      R"(<sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4">)");
  const auto imported = ergon::sbml::read_model(path);
  BOOST_TEST(imported.model.level == 2U);
  BOOST_TEST(imported.model.compartments.at(0).size == 1.0);  // L2 default size
  BOOST_TEST(imported.model.reactions.at(0).reactants.at(0).stoichiometry_math.has_value());
  BOOST_TEST(!imported.model.reactions.at(0).rate.has_value());
  fs::remove(path);
}

BOOST_AUTO_TEST_CASE(invalid_models_and_undefined_functions_are_refused) {
  const auto undefined =
      write_model("undef.xml", model_with_rate("<apply><ci>nosuch</ci><ci>S</ci></apply>"));
  BOOST_CHECK_THROW((void)ergon::sbml::read_model(undefined), ergon::InputError);
  fs::remove(undefined);
  const auto missing = write_model("missing.xml", R"(<model id="m">
    <listOfReactions><reaction id="R" reversible="false">
      <listOfReactants><speciesReference species="X" stoichiometry="1" constant="true"/></listOfReactants>
    </reaction></listOfReactions></model>)");
  try {
    (void)ergon::sbml::read_model(missing);
    BOOST_ERROR("an undefined species was accepted");
  } catch (const ergon::InputError& e) {
    BOOST_TEST(std::string(e.what()).find("'X'") != std::string::npos, e.what());
  }
  fs::remove(missing);
}
