// `thermo check` on real kinetic models: ergon's own and the published ones beside the repo.
// What is checked, and of which kind:
//  - consistency: where a published law is written in Haldane form around a named constant
//    (Teusink et al. 2000: KeqPGI_2, KeqPGM, KeqENO, KeqADH), the search gives that constant
//    back; laws whose ATP and ADP are computed by rules from a phosphate pool are reported as
//    state dependent with that reason; every reversible law of ergon's kinetic model is of
//    Haldane form.
//  - report: the differences between the laws' ΔrG'° and the formation data are printed for
//    every model, not asserted — the model authors' constants were set from other
//    measurements, and where they disagree is what the check is for.
#define BOOST_TEST_MODULE thermo_rate_law_models
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <regex>
#include <string>

#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/sbml/model_reader.hpp"
#include "engine/thermo/rate_law_check.hpp"
#include "support/test_main.hpp"

namespace ergon::thermo {
namespace {

namespace fs = std::filesystem;
const fs::path kinetic_dir = fs::path(test::kSharedDir) / "models" / "kinetic";
const fs::path shared_thermo_dir = fs::path(test::kSharedDir) / "thermo";
const fs::path datasets_dir = fs::path(test::kSourceDir) / "datasets";
const fs::path ergon_kinetic_model =
    fs::path(test::kSourceDir) / "pathways" / "human_energy_kinetic.xml";

const FormationData& every_compound() {
  static const auto d =
      read_formation_data(shared_thermo_dir / "formation_species.tsv", {}, {.sources = {"CC2013"}});
  return d;
}

const FormationData& datasets_data() {
  static const auto d =
      read_formation_data(datasets_dir / "thermo_formation_species.tsv",
                          datasets_dir / "thermo_compounds.tsv", {.sources = {"CC2013"}});
  return d;
}

struct Checked {
  Model kinetic;
  std::vector<RateLawEquilibrium> rows;
};

Checked check_file(const fs::path& path, const FormationData& data,
                   const RateLawCheckOptions& options = {}) {
  auto kinetic = sbml::read_model(path);
  const auto stoichiometry = sbml::read_constraint_model(path);
  auto rows = check_rate_laws(kinetic.model, stoichiometry.model, data, options);
  return {std::move(kinetic.model), std::move(rows)};
}

const RateLawEquilibrium& row_of(const Checked& c, const std::string& id) {
  for (const auto& r : c.rows)
    if (r.reaction_id == id) return r;
  throw std::runtime_error("no reaction " + id);
}

// A kinetic-law local parameter's value as written in the file (the reader substitutes local
// parameters into the laws, so the Model no longer lists them).
double parameter_of(const fs::path& file, const std::string& id) {
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::regex element("<parameter[^>]*\\bid=\"" + id + "\"[^>]*>");
  const std::regex value("\\bvalue=\"([^\"]+)\"");
  std::smatch e;
  std::smatch v;
  if (!std::regex_search(text, e, element)) throw std::runtime_error("no parameter " + id);
  const std::string tag = e.str();
  if (!std::regex_search(tag, v, value)) throw std::runtime_error("no value of " + id);
  return std::stod(v[1].str());
}

void report(const std::string& name, const Checked& c) {
  std::size_t reversible = 0;
  std::size_t compared = 0;
  std::size_t disagree = 0;
  for (const auto& r : c.rows) {
    reversible += r.kind == RateLawKind::reversible ? 1 : 0;
    if (!r.difference) continue;
    ++compared;
    disagree += r.disagrees ? 1 : 0;
    std::cout << "  " << name << " " << std::left << std::setw(12) << r.reaction_id << std::right
              << std::fixed << std::setprecision(2) << " law " << std::setw(8)
              << *r.implied_standard << " data " << std::setw(8) << *r.data_standard << " ± "
              << r.uncertainty << " diff " << std::setw(7) << *r.difference
              << (r.disagrees ? " DISAGREES" : "") << '\n';
  }
  std::cout << name << ": " << c.rows.size() << " reactions, " << reversible << " reversible laws, "
            << compared << " compared, " << disagree << " disagree by > 1 sigma\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(teusink_haldane_constants_come_back) {
  const auto teusink = kinetic_dir / "teusink2000_glycolysis.xml";
  const auto c = check_file(teusink, every_compound());
  report("teusink2000", c);
  for (const auto& [reaction, constant] : std::vector<std::pair<std::string, std::string>>{
           {"vPGI", "KeqPGI_2"}, {"vPGM", "KeqPGM"}, {"vENO", "KeqENO"}}) {
    BOOST_TEST_CONTEXT(reaction) {
      const auto& r = row_of(c, reaction);
      BOOST_TEST_REQUIRE(r.implied_constant.has_value());
      BOOST_TEST(!r.state_dependent);
      BOOST_TEST(*r.implied_constant == parameter_of(teusink, constant),
                 boost::test_tools::tolerance(1e-9));
    }
  }
  // vADH is written NAD + ETOH → ACE + NADH with a minus sign in front: K = 1/KeqADH.
  const auto& adh = row_of(c, "vADH");
  BOOST_TEST_REQUIRE(adh.implied_constant.has_value());
  BOOST_TEST(*adh.implied_constant * parameter_of(teusink, "KeqADH") == 1.0,
             boost::test_tools::tolerance(1e-9));
  // Enolase without its water: shown, never compared.
  BOOST_TEST(!row_of(c, "vENO").difference.has_value());
  // PGK and PYK make the phosphate pool P; their laws read ATP and ADP computed from P.
  for (const char* id : {"vPGK", "vPYK"}) {
    BOOST_TEST_CONTEXT(id) {
      const auto& r = row_of(c, id);
      BOOST_TEST(r.state_dependent);
      BOOST_TEST(r.note.find("which rules compute") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(ergons_kinetic_model_has_haldane_laws_and_is_compared) {
  RateLawCheckOptions o;
  o.conditions.compartments["c"] = {.pH = 7.2, .ionic_strength = 0.25};
  o.conditions.compartments["m"] = {.pH = 7.8, .ionic_strength = 0.25, .potential = -0.16};
  const auto c = check_file(ergon_kinetic_model, datasets_data(), o);
  report("human_energy_kinetic", c);
  for (const auto& r : c.rows) {
    BOOST_TEST_CONTEXT(r.reaction_id) {
      BOOST_TEST(std::string(to_string(r.kind)) != "not_evaluable");
      BOOST_TEST(!r.state_dependent);
    }
  }
  // Annotated species (glucose, lactate, the adenine and nicotinamide nucleotides) reach the
  // data: LDH, AK and ANT are compared.
  for (const char* id : {"LDH", "AK", "ANT"}) {
    BOOST_TEST_CONTEXT(id) {
      BOOST_TEST(row_of(c, id).difference.has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(every_published_sbml_model_is_checked_without_error) {
  for (const auto& entry : fs::directory_iterator(kinetic_dir)) {
    if (entry.path().extension() != ".xml") continue;
    BOOST_TEST_CONTEXT(entry.path().filename().string()) {
      const auto c = check_file(entry.path(), every_compound());
      report(entry.path().stem().string(), c);
      for (const auto& r : c.rows) {
        if (r.implied_standard) BOOST_TEST(std::isfinite(*r.implied_standard));
        if (r.difference) BOOST_TEST(std::isfinite(*r.difference));
      }
    }
  }
}

}  // namespace ergon::thermo

ERGON_TEST_MAIN_REQUIRING(ergon::thermo::kinetic_dir / "teusink2000_glycolysis.xml",
                          ergon::thermo::shared_thermo_dir / "formation_species.tsv")
