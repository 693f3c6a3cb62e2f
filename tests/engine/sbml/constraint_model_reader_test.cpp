// The SBML -> ConstraintModel reader on small inline documents: what COBRApy 0.26 would read.

#define BOOST_TEST_MODULE sbml_constraint_model_reader
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/sbml/constraint_model_reader.hpp"

using namespace ergon;
namespace fs = std::filesystem;

namespace {

fs::path write(const std::string& name, const std::string& text) {
  const auto path = fs::temp_directory_path() /
                    ("ergon_reader_" + std::to_string(::getpid()) + "_" + name + ".xml");
  std::ofstream(path) << text;
  return path;
}

const char* kHead = R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"
      xmlns:fbc="http://www.sbml.org/sbml/level3/version1/fbc/version2" fbc:required="false"
      xmlns:groups="http://www.sbml.org/sbml/level3/version1/groups/version1" groups:required="false">
  <model id="m" fbc:strict="true">
    <listOfCompartments><compartment id="c" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="M_a" compartment="c" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
      <species id="M_b" compartment="c" hasOnlySubstanceUnits="false" boundaryCondition="true" constant="false"/>
    </listOfSpecies>
    <listOfParameters>
      <parameter id="lo" value="-5" constant="true"/><parameter id="hi" value="INF" constant="true"/>
      <parameter id="var" value="1" constant="false"/>
    </listOfParameters>
)";

std::string fbc_model(const std::string& r1_bounds, const std::string& objectives) {
  return std::string(kHead) + R"(
    <listOfReactions>
      <reaction id="R_r1" reversible="true" fast="false" )" +
         r1_bounds + R"(>
        <listOfReactants><speciesReference species="M_a" stoichiometry="2" constant="true"/></listOfReactants>
        <listOfProducts><speciesReference species="M_b" stoichiometry="1" constant="true"/></listOfProducts>
        <fbc:geneProductAssociation>
          <fbc:or>
            <fbc:and><fbc:geneProductRef fbc:geneProduct="G_g1"/><fbc:geneProductRef fbc:geneProduct="G_g2"/></fbc:and>
            <fbc:geneProductRef fbc:geneProduct="G_g3"/>
          </fbc:or>
        </fbc:geneProductAssociation>
      </reaction>
      <reaction id="R_empty" reversible="false" fast="false"/>
    </listOfReactions>
    <fbc:listOfGeneProducts>
      <fbc:geneProduct fbc:id="G_g1" fbc:label="g1"/><fbc:geneProduct fbc:id="G_g2" fbc:label="g2"/>
      <fbc:geneProduct fbc:id="G_g3" fbc:label="g3"/>
    </fbc:listOfGeneProducts>
)" + objectives +
         R"(
    <groups:listOfGroups>
      <groups:group groups:id="g" groups:name="Glycolysis" groups:kind="partonomy">
        <groups:listOfMembers><groups:member groups:idRef="R_r1"/></groups:listOfMembers>
      </groups:group>
    </groups:listOfGroups>
  </model>
</sbml>
)";
}

const std::string kTwoObjectives = R"(
    <fbc:listOfObjectives fbc:activeObjective="up">
      <fbc:objective fbc:id="up" fbc:type="maximize">
        <fbc:listOfFluxObjectives><fbc:fluxObjective fbc:reaction="R_r1" fbc:coefficient="2"/></fbc:listOfFluxObjectives>
      </fbc:objective>
      <fbc:objective fbc:id="down" fbc:type="minimize">
        <fbc:listOfFluxObjectives><fbc:fluxObjective fbc:reaction="R_empty" fbc:coefficient="1"/></fbc:listOfFluxObjectives>
      </fbc:objective>
    </fbc:listOfObjectives>)";

}  // namespace

BOOST_AUTO_TEST_CASE(fbc_v2_bounds_objective_genes_gpr_and_groups) {
  const auto file = sbml::read_constraint_model(
      write("v2", fbc_model(R"(fbc:lowerFluxBound="lo" fbc:upperFluxBound="hi")", kTwoObjectives)));
  const auto& m = file.model;
  // The boundary species gets COBRApy's exchange, first in the list, with default bounds.
  BOOST_REQUIRE(m.reactions().size() == 3U);
  BOOST_TEST(m.reactions()[0].id == "EX_b");
  BOOST_TEST(m.reactions()[0].lower_bound == -1000.0);
  const auto& r1 = m.reactions()[m.reaction_index("r1")];
  BOOST_TEST(r1.lower_bound == -5.0);
  BOOST_TEST(std::isinf(r1.upper_bound));
  BOOST_TEST(r1.objective_coefficient == 2.0);
  BOOST_TEST(r1.stoichiometry.size() == 2U);
  BOOST_TEST(r1.gpr.to_string() == "(G_g1 and G_g2) or G_g3");
  BOOST_TEST(r1.subsystem == "Glycolysis");
  BOOST_TEST(m.genes().size() == 3U);
  BOOST_TEST((m.sense() == ObjectiveSense::maximize));
  // A reaction without species and without bounds: kept, bounds -1000/1000 (COBRApy's config).
  const auto& empty = m.reactions()[m.reaction_index("R_empty")];
  BOOST_TEST(empty.stoichiometry.empty());
  BOOST_TEST(empty.lower_bound == -1000.0);
  BOOST_TEST(empty.upper_bound == 1000.0);
  BOOST_TEST(file.objectives.size() == 2U);
  BOOST_TEST(!file.diagnostics.empty());  // missing bounds and the added exchange are reported
}

BOOST_AUTO_TEST_CASE(another_objective_can_be_chosen) {
  const auto path = write(
      "choose", fbc_model(R"(fbc:lowerFluxBound="lo" fbc:upperFluxBound="hi")", kTwoObjectives));
  const auto file = sbml::read_constraint_model(path, {.objective = "down"});
  BOOST_TEST((file.model.sense() == ObjectiveSense::minimize));
  BOOST_TEST(file.model.reactions()[file.model.reaction_index("R_empty")].objective_coefficient ==
             1.0);
  BOOST_TEST(file.model.reactions()[file.model.reaction_index("R_r1")].objective_coefficient ==
             0.0);
  BOOST_CHECK_EXCEPTION((void)sbml::read_constraint_model(path, {.objective = "nope"}), InputError,
                        [](const InputError& e) { return e.where().element_id == "nope"; });
}

BOOST_AUTO_TEST_CASE(bad_bounds_are_refused_with_the_reaction) {
  BOOST_CHECK_EXCEPTION(
      (void)sbml::read_constraint_model(
          write("var", fbc_model(R"(fbc:lowerFluxBound="var" fbc:upperFluxBound="hi")", ""))),
      InputError, [](const InputError& e) { return e.where().element_id == "R_r1"; });
  BOOST_CHECK_EXCEPTION(
      (void)sbml::read_constraint_model(
          write("unknown", fbc_model(R"(fbc:lowerFluxBound="zz" fbc:upperFluxBound="hi")", ""))),
      InputError,
      [](const InputError& e) { return std::string(e.what()).find("zz") != std::string::npos; });
  BOOST_CHECK_EXCEPTION(
      (void)sbml::read_constraint_model(
          write("inverted", fbc_model(R"(fbc:lowerFluxBound="hi" fbc:upperFluxBound="lo")", ""))),
      InputError, [](const InputError& e) { return e.where().element_id == "R_r1"; });
}

BOOST_AUTO_TEST_CASE(cobra_notes_model_without_fbc) {
  const std::string text = R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4">
  <model id="legacy">
    <listOfCompartments><compartment id="c"/></listOfCompartments>
    <listOfSpecies><species id="M_a" compartment="c"/></listOfSpecies>
    <listOfReactions>
      <reaction id="R_in" reversible="false">
        <notes><html xmlns="http://www.w3.org/1999/xhtml"><p>GENE_ASSOCIATION: ( b1 and b2 ) or b3</p>
        <p>SUBSYSTEM: Transport</p></html></notes>
        <listOfProducts><speciesReference species="M_a"/></listOfProducts>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><ci> FLUX_VALUE </ci></math>
          <listOfParameters>
            <parameter id="LOWER_BOUND" value="0"/><parameter id="UPPER_BOUND" value="10"/>
            <parameter id="OBJECTIVE_COEFFICIENT" value="1"/><parameter id="FLUX_VALUE" value="0"/>
          </listOfParameters>
        </kineticLaw>
      </reaction>
      <reaction id="R_out" reversible="false">
        <listOfReactants><speciesReference species="M_a"/></listOfReactants>
      </reaction>
    </listOfReactions>
  </model>
</sbml>
)";
  const auto file = sbml::read_constraint_model(write("notes", text));
  const auto& m = file.model;
  const auto& in = m.reactions()[m.reaction_index("in")];
  BOOST_TEST(in.upper_bound == 10.0);
  BOOST_TEST(in.objective_coefficient == 1.0);
  BOOST_TEST(in.gpr.to_string() == "(b1 and b2) or b3");
  BOOST_TEST(in.subsystem == "Transport");
  BOOST_TEST(m.genes().size() == 3U);
  BOOST_TEST(m.reactions()[m.reaction_index("out")].lower_bound == -1000.0);  // no bounds: defaults

  auto broken = text;
  broken.replace(broken.find("( b1 and b2 )"), 13, "( b1 and b2");
  BOOST_CHECK_EXCEPTION((void)sbml::read_constraint_model(write("badnotes", broken)), InputError,
                        [](const InputError& e) { return e.where().element_id == "R_in"; });
}
