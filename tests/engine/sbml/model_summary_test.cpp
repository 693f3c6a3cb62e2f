#define BOOST_TEST_MODULE sbml_model_summary
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "engine/core/error.hpp"
#include "engine/sbml/model_summary.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
using ergon::InputError;
using ergon::Severity;
using ergon::sbml::inspect_sbml_file;

namespace {

const fs::path kCobra = ergon::test::kCobraDataDir;

// A scratch folder holding one bad file per case, removed at the end.
struct BadFiles {
  fs::path dir = fs::temp_directory_path() / ("ergon_bad_sbml_" + std::to_string(::getpid()));
  BadFiles() {
    fs::create_directories(dir / "a_directory.xml");
    std::ofstream(dir / "empty.xml");
    std::ofstream(dir / "binary.xml", std::ios::binary) << std::string(
        "\x7f"
        "ELF\0\0\x01\x02",
        8);
    std::ifstream full(kCobra / "e_coli_core.xml");
    std::string text((std::istreambuf_iterator<char>(full)), {});
    std::ofstream(dir / "truncated.xml") << text.substr(0, text.size() / 3);
    std::ofstream(dir / "not_sbml.xml")
        << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html><body/></html>\n";
  }
  ~BadFiles() { fs::remove_all(dir); }
};

// The error must be an InputError whose one-line message names the file.
void expect_input_error(const fs::path& path, const std::string& fragment) {
  try {
    (void)inspect_sbml_file(path);
    BOOST_ERROR("no error for " << path);
  } catch (const InputError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find(path.string()) != std::string::npos, what);
    BOOST_TEST(what.find(fragment) != std::string::npos, what);
    BOOST_TEST(what.find('\n') == std::string::npos, what);
  }
}

}  // namespace

ERGON_TEST_MAIN_REQUIRING(kCobra / "e_coli_core.xml")

BOOST_AUTO_TEST_CASE(e_coli_core_counts) {
  const auto inspection = inspect_sbml_file(kCobra / "e_coli_core.xml");
  const auto& s = inspection.summary;
  BOOST_TEST(s.level == 3U);
  BOOST_TEST(s.model_id == "e_coli_core");
  BOOST_TEST(s.reactions == 95U);
  BOOST_TEST(s.species == 72U);
  BOOST_TEST(s.gene_products == 137U);
  BOOST_TEST(s.compartments == 2U);
  BOOST_TEST(s.has_fbc);
  BOOST_TEST(s.fbc_version == 2U);
  BOOST_TEST_REQUIRE(s.objectives.size() == 1U);
  BOOST_TEST(s.objectives[0].active);
  BOOST_TEST(s.objectives[0].type == "maximize");
  BOOST_TEST(s.objectives[0].terms.at(0).reaction == "R_BIOMASS_Ecoli_core_w_GAM");
  BOOST_TEST(s.gpr_source == "fbc");
  BOOST_TEST(ergon::count_at_least(inspection.diagnostics, Severity::error) == 0U);
}

BOOST_AUTO_TEST_CASE(fbc_v1_with_notes_gprs) {
  const auto s = inspect_sbml_file(kCobra / "mini_fbc1.xml").summary;
  BOOST_TEST(s.fbc_version == 1U);
  BOOST_TEST(s.flux_bounds > 0U);
  BOOST_TEST(s.gpr_source == "notes");
  BOOST_TEST(s.reactions_with_gpr > 0U);
  BOOST_TEST(s.gene_products > 0U);
}

BOOST_AUTO_TEST_CASE(compressed_files_read_like_plain_ones) {
  const auto plain = inspect_sbml_file(kCobra / "mini_fbc2.xml").summary;
  for (const char* name : {"mini_fbc2.xml.gz", "mini_fbc2.xml.bz2"}) {
    const auto packed = inspect_sbml_file(kCobra / name).summary;
    BOOST_TEST(packed.reactions == plain.reactions, name);
    BOOST_TEST(packed.gene_products == plain.gene_products, name);
  }
}

BOOST_AUTO_TEST_CASE(level_1_and_level_2_models_are_read) {
  const fs::path dir = fs::temp_directory_path() / ("ergon_levels_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "l1.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level1" level="1" version="2">
  <model name="decay">
    <listOfCompartments><compartment name="cell" volume="1"/></listOfCompartments>
    <listOfSpecies><species name="S" compartment="cell" initialAmount="10"/>
      <species name="P" compartment="cell" initialAmount="0"/></listOfSpecies>
    <listOfParameters><parameter name="k" value="0.5"/></listOfParameters>
    <listOfRules><parameterRule name="k" formula="0.5"/></listOfRules>
    <listOfReactions><reaction name="R" reversible="false">
      <listOfReactants><speciesReference species="S"/></listOfReactants>
      <listOfProducts><speciesReference species="P"/></listOfProducts>
      <kineticLaw formula="k * S"/></reaction></listOfReactions>
  </model>
</sbml>)";
  std::ofstream(dir / "l2.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4">
  <model id="m">
    <listOfFunctionDefinitions><functionDefinition id="f">
      <math xmlns="http://www.w3.org/1998/Math/MathML"><lambda><bvar><ci>x</ci></bvar>
      <apply><times/><cn>2</cn><ci>x</ci></apply></lambda></math></functionDefinition>
    </listOfFunctionDefinitions>
    <listOfCompartments><compartment id="c" size="1"/></listOfCompartments>
    <listOfParameters><parameter id="p" value="1" constant="false"/></listOfParameters>
    <listOfRules><rateRule variable="p"><math xmlns="http://www.w3.org/1998/Math/MathML">
      <apply><ci>f</ci><ci>p</ci></apply></math></rateRule></listOfRules>
    <listOfEvents><event id="e"><trigger><math xmlns="http://www.w3.org/1998/Math/MathML">
      <apply><gt/><ci>p</ci><cn>5</cn></apply></math></trigger>
      <listOfEventAssignments><eventAssignment variable="p"><math xmlns="http://www.w3.org/1998/Math/MathML">
      <cn>1</cn></math></eventAssignment></listOfEventAssignments></event></listOfEvents>
  </model>
</sbml>)";
  const auto l1 = inspect_sbml_file(dir / "l1.xml");
  BOOST_TEST(l1.summary.level == 1U);
  BOOST_TEST(l1.summary.version == 2U);
  BOOST_TEST(l1.summary.species == 2U);
  BOOST_TEST(l1.summary.reactions == 1U);
  BOOST_TEST(l1.summary.assignment_rules == 1U);
  BOOST_TEST(ergon::count_at_least(l1.diagnostics, Severity::error) == 0U);

  const auto l2 = inspect_sbml_file(dir / "l2.xml");
  BOOST_TEST(l2.summary.level == 2U);
  BOOST_TEST(l2.summary.function_definitions == 1U);
  BOOST_TEST(l2.summary.rate_rules == 1U);
  BOOST_TEST(l2.summary.events == 1U);
  BOOST_TEST(!l2.summary.has_fbc);
  BOOST_TEST(ergon::count_at_least(l2.diagnostics, Severity::error) == 0U);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(unreadable_files_are_input_errors_naming_the_file) {
  const BadFiles bad;
  expect_input_error(bad.dir / "missing.xml", "no such file");
  expect_input_error(bad.dir / "a_directory.xml", "directory");
  expect_input_error(bad.dir / "empty.xml", "empty");
  expect_input_error(bad.dir / "binary.xml", "binary");
  expect_input_error(bad.dir / "truncated.xml", "XML");
  expect_input_error(bad.dir / "not_sbml.xml", "SBML");
}

BOOST_AUTO_TEST_CASE(invalid_models_yield_error_diagnostics_with_lines) {
  for (const char* name : {"invalid0.xml", "invalid1.xml", "invalid2.xml"}) {
    const auto inspection = inspect_sbml_file(kCobra / name);
    BOOST_TEST(ergon::count_at_least(inspection.diagnostics, Severity::error) > 0U, name);
    for (const auto& d : inspection.diagnostics) {
      BOOST_TEST(d.line > 0U, name << ": " << d.message);
      BOOST_TEST(!d.message.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(unit_checks_are_opt_in) {
  const auto quiet = inspect_sbml_file(kCobra / "e_coli_core.xml");
  const auto full =
      inspect_sbml_file(kCobra / "e_coli_core.xml",
                        {.consistency_checks = true, .unit_checks = true, .practice_checks = true});
  BOOST_TEST(full.diagnostics.size() > quiet.diagnostics.size());
}
