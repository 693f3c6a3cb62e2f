// The equilibrium constant a rate law implies (Haldane), found without knowing the law's form:
// small SBML models whose laws have a known K, one of Haldane form in a modifier-free and a
// bi-molecular reaction, laws that are irreversible, not of Haldane form, or whose equation
// leaves water out. The K values are the models' own parameters, so these are consistency
// checks of the search (the law gives back the constant written into it), not validation.
#define BOOST_TEST_MODULE thermo_rate_law_check
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/sbml/model_reader.hpp"
#include "engine/thermo/rate_law_check.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_paths.hpp"

namespace ergon::thermo {
namespace {

struct SpeciesSpec {
  std::string id;
  std::string kegg;  ///< empty: no annotation
  double initial = 1.0;
};

struct ReactionSpec {
  std::string id;
  std::vector<std::string> reactants;
  std::vector<std::string> products;
  std::vector<std::string> modifiers;
  std::string math;  ///< MathML content (inside <math>)
};

std::string species_xml(const SpeciesSpec& s) {
  std::string out = R"(<species id=")" + s.id + R"(" metaid="meta_)" + s.id +
                    R"(" compartment="c" initialConcentration=")" + std::to_string(s.initial) +
                    R"(" hasOnlySubstanceUnits="false" boundaryCondition="false" )"
                    R"(constant="false">)";
  if (!s.kegg.empty())
    out += R"(<annotation><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" )"
           R"(xmlns:bqbiol="http://biomodels.net/biology-qualifiers/"><rdf:Description )"
           R"(rdf:about="#meta_)" +
           s.id +
           R"("><bqbiol:is><rdf:Bag><rdf:li rdf:resource="http://identifiers.org/kegg.compound/)" +
           s.kegg + R"("/></rdf:Bag></bqbiol:is></rdf:Description></rdf:RDF></annotation>)";
  return out + "</species>";
}

std::string references(const char* list, const char* element, const std::vector<std::string>& ids,
                       bool stoichiometry) {
  if (ids.empty()) return "";
  std::string out = std::string("<") + list + ">";
  for (const auto& id : ids)
    out += std::string("<") + element + R"( species=")" + id + R"(")" +
           (stoichiometry ? R"( stoichiometry="1" constant="true")" : "") + "/>";
  return out + "</" + list + ">";
}

// One-compartment SBML L3V2 model; parameters are constants given as (id, value).
std::filesystem::path write_model(const std::string& name, const std::vector<SpeciesSpec>& species,
                                  const std::vector<std::pair<std::string, double>>& parameters,
                                  const std::vector<ReactionSpec>& reactions) {
  std::string xml =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      "\n"
      R"(<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">)"
      R"(<model id=")" +
      name +
      R"("><listOfCompartments><compartment id="c" size="1" constant="true" )"
      R"(spatialDimensions="3"/></listOfCompartments><listOfSpecies>)";
  for (const auto& s : species) xml += species_xml(s);
  xml += "</listOfSpecies><listOfParameters>";
  for (const auto& [id, value] : parameters)
    xml += R"(<parameter id=")" + id + R"(" value=")" + std::to_string(value) +
           R"(" constant="true"/>)";
  xml += "</listOfParameters><listOfReactions>";
  for (const auto& r : reactions)
    xml += R"(<reaction id=")" + r.id + R"(" reversible="true">)" +
           references("listOfReactants", "speciesReference", r.reactants, true) +
           references("listOfProducts", "speciesReference", r.products, true) +
           references("listOfModifiers", "modifierSpeciesReference", r.modifiers, false) +
           R"(<kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">)" + r.math +
           "</math></kineticLaw></reaction>";
  xml += "</listOfReactions></model></sbml>\n";
  auto path = std::filesystem::current_path() / (name + ".xml");
  std::ofstream(path) << xml;
  return path;
}

FormationData cc2013() {
  const auto dir = std::filesystem::path(test::kSourceDir) / "datasets";
  return read_formation_data(dir / "thermo_formation_species.tsv", dir / "thermo_compounds.tsv",
                             {.sources = {"CC2013"}});
}

std::vector<RateLawEquilibrium> check(const std::filesystem::path& path,
                                      const RateLawCheckOptions& options = {}) {
  const auto kinetic = sbml::read_model(path);
  const auto stoichiometry = sbml::read_constraint_model(path);
  return check_rate_laws(kinetic.model, stoichiometry.model, cc2013(), options);
}

const RateLawEquilibrium& row_of(const std::vector<RateLawEquilibrium>& rows,
                                 const std::string& id) {
  for (const auto& r : rows)
    if (r.reaction_id == id) return r;
  throw std::runtime_error("no row " + id);
}

// MathML helpers: <apply><op/>…</apply>.
std::string ci(const std::string& s) {
  return "<ci>" + s + "</ci>";
}
std::string apply(const std::string& op, const std::vector<std::string>& args) {
  std::string out = "<apply><" + op + "/>";
  for (const auto& a : args) out += a;
  return out + "</apply>";
}
std::string one() {
  return "<cn>1</cn>";
}

// Reversible Michaelis–Menten, Haldane form: V (A − B/Keq) / (1 + A/Ka + B/Kb).
std::string reversible_mm(const std::string& a, const std::string& b) {
  return apply(
      "divide",
      {apply("times", {ci("V"), apply("minus", {ci(a), apply("divide", {ci(b), ci("Keq")})})}),
       apply("plus",
             {one(), apply("divide", {ci(a), ci("Ka")}), apply("divide", {ci(b), ci("Kb")})})});
}

constexpr double kRt = 8.314462618e-3 * 298.15;  // kJ/mol at the default 25 °C

}  // namespace

BOOST_AUTO_TEST_CASE(a_haldane_law_gives_back_its_equilibrium_constant) {
  test::ScratchDirectory scratch("ergon_rate_law_check_");
  // G6P ⇌ F6P with Keq 0.314 (Teusink et al. 2000's KeqPGI), A and B far from equilibrium.
  const auto path = write_model("pgi", {{"g6p", "C00092", 2.0}, {"f6p", "C00085", 0.1}},
                                {{"V", 3.0}, {"Keq", 0.314}, {"Ka", 1.4}, {"Kb", 0.3}},
                                {{.id = "PGI",
                                  .reactants = {"g6p"},
                                  .products = {"f6p"},
                                  .math = reversible_mm("g6p", "f6p")}});
  const auto rows = check(path);
  const auto& pgi = row_of(rows, "PGI");
  BOOST_TEST(to_string(pgi.kind) == "reversible");
  BOOST_TEST_REQUIRE(pgi.implied_constant.has_value());
  BOOST_TEST(*pgi.implied_constant == 0.314, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!pgi.state_dependent);
  BOOST_TEST_REQUIRE(pgi.implied_standard.has_value());
  // No net molecules: K is independent of the concentration unit.
  BOOST_TEST(*pgi.implied_standard == -kRt * std::log(0.314), boost::test_tools::tolerance(1e-6));
  BOOST_TEST_REQUIRE(pgi.data_standard.has_value());
  BOOST_TEST_REQUIRE(pgi.difference.has_value());
  BOOST_TEST(*pgi.difference == *pgi.implied_standard - *pgi.data_standard,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(pgi.disagrees == (std::abs(*pgi.difference) > pgi.uncertainty));

  RateLawCheckOptions lenient;
  lenient.sigmas = 1e6;
  BOOST_TEST(!row_of(check(path, lenient), "PGI").disagrees);
}

BOOST_AUTO_TEST_CASE(the_unit_of_a_bimolecular_constant_enters_the_standard_energy) {
  test::ScratchDirectory scratch("ergon_rate_law_check_");
  // Pyruvate + NADH ⇌ lactate + NAD+ written as a mass-action pair: K = kf/kr (dimensionless
  // here, 2 ⇌ 2), and a 2 ⇌ 1 law whose K carries 1/mM.
  const std::string ldh = apply("minus", {apply("times", {ci("kf"), ci("pyr"), ci("nadh")}),
                                          apply("times", {ci("kr"), ci("lac"), ci("nad")})});
  const std::string joined = apply("minus", {apply("times", {ci("kf"), ci("pyr"), ci("nadh")}),
                                             apply("times", {ci("kr"), ci("x")})});
  const auto path = write_model(
      "ldh",
      {{"pyr", "C00022", 0.1},
       {"nadh", "C00004", 0.01},
       {"lac", "C00186", 1.5},
       {"nad", "C00003", 0.5},
       {"x", "", 0.2}},
      {{"kf", 2.0e4}, {"kr", 1.0}},
      {{.id = "LDH", .reactants = {"pyr", "nadh"}, .products = {"lac", "nad"}, .math = ldh},
       {.id = "JOIN", .reactants = {"pyr", "nadh"}, .products = {"x"}, .math = joined}});
  RateLawCheckOptions mm;
  mm.concentration_unit = 1e-3;
  const auto rows = check(path, mm);
  const auto& l = row_of(rows, "LDH");
  BOOST_TEST_REQUIRE(l.implied_constant.has_value());
  BOOST_TEST(*l.implied_constant == 2.0e4, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!l.state_dependent);
  // The equation leaves H+ out (H +1, charge +1): still compared, as ΔrG'° is transformed.
  BOOST_TEST(l.difference.has_value());
  const auto& j = row_of(rows, "JOIN");
  BOOST_TEST_REQUIRE(j.implied_constant.has_value());
  BOOST_TEST(*j.implied_constant == 2.0e4, boost::test_tools::tolerance(1e-9));  // 1/mM
  BOOST_TEST_REQUIRE(j.implied_standard.has_value());
  BOOST_TEST(*j.implied_standard == -kRt * std::log(2.0e4 / 1e-3),
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(!j.data_standard.has_value());  // x has no formation energy
  BOOST_TEST(j.note.find("no drG'0 for x") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(irreversible_and_non_haldane_laws_are_told_apart) {
  test::ScratchDirectory scratch("ergon_rate_law_check_");
  // IRR: k·A never changes sign. MOD: k1·A − k2·B·M/(1+M), K = k1(1+M)/(k2 M) depends on the
  // modifier M. SQ: k1·A − k2·B², B/A at v = 0 depends on the state.
  const auto path = write_model(
      "kinds", {{"a", "C00092", 1.0}, {"b", "C00085", 0.5}, {"m", "", 0.3}},
      {{"k", 1.0}, {"k1", 1.0}, {"k2", 2.0}},
      {{.id = "IRR",
        .reactants = {"a"},
        .products = {"b"},
        .math = apply("times", {ci("k"), ci("a")})},
       {.id = "MOD",
        .reactants = {"a"},
        .products = {"b"},
        .modifiers = {"m"},
        .math = apply("minus", {apply("times", {ci("k1"), ci("a")}),
                                apply("divide", {apply("times", {ci("k2"), ci("b"), ci("m")}),
                                                 apply("plus", {one(), ci("m")})})})},
       {.id = "SQ",
        .reactants = {"a"},
        .products = {"b"},
        .math = apply("minus", {apply("times", {ci("k1"), ci("a")}),
                                apply("times", {ci("k2"), ci("b"), ci("b")})})}});
  const auto rows = check(path);
  BOOST_TEST(to_string(row_of(rows, "IRR").kind) == "irreversible");
  BOOST_TEST(!row_of(rows, "IRR").implied_constant.has_value());
  for (const char* id : {"MOD", "SQ"}) {
    BOOST_TEST_CONTEXT(id) {
      const auto& r = row_of(rows, id);
      BOOST_TEST(to_string(r.kind) == "reversible");
      BOOST_TEST(r.state_dependent);
      BOOST_TEST(!r.implied_standard.has_value());  // no single ΔrG'° to compare
      BOOST_TEST(!r.difference.has_value());
      BOOST_TEST(r.note.find("depends on the state") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_equation_without_its_water_is_not_compared) {
  test::ScratchDirectory scratch("ergon_rate_law_check_");
  // Enolase written 2PG ⇌ PEP (as Teusink et al. 2000 do): H −2 at charge 0, so the data's
  // ΔrG'° lacks water's −157 kJ/mol and means nothing for this equation.
  const auto path = write_model("eno", {{"p2g", "C00631", 0.12}, {"pep", "C00074", 0.07}},
                                {{"V", 1.0}, {"Keq", 6.7}, {"Ka", 0.04}, {"Kb", 0.5}},
                                {{.id = "ENO",
                                  .reactants = {"p2g"},
                                  .products = {"pep"},
                                  .math = reversible_mm("p2g", "pep")}});
  const auto rows = check(path);
  const auto& eno = row_of(rows, "ENO");
  BOOST_TEST_REQUIRE(eno.implied_constant.has_value());
  BOOST_TEST(*eno.implied_constant == 6.7, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(eno.data_standard.has_value());
  BOOST_TEST(!eno.difference.has_value());
  BOOST_TEST(!eno.disagrees);
  BOOST_TEST(eno.note.find("not compared") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused) {
  test::ScratchDirectory scratch("ergon_rate_law_check_");
  const auto path = write_model("bad", {{"a", "C00092", 1.0}, {"b", "C00085", 1.0}}, {{"k", 1.0}},
                                {{.id = "R",
                                  .reactants = {"a"},
                                  .products = {"b"},
                                  .math = apply("times", {ci("k"), ci("a")})}});
  RateLawCheckOptions negative;
  negative.sigmas = -1.0;
  BOOST_CHECK_THROW(check(path, negative), InputError);
  RateLawCheckOptions no_unit;
  no_unit.concentration_unit = 0.0;
  BOOST_CHECK_THROW(check(path, no_unit), InputError);
}

}  // namespace ergon::thermo
