// ΔrG'° from species-level formation energies: the transform, Mg binding, the membrane term,
// element balance and missing data. The CC-2013 and Alberty numbers compared here were computed
// by ../shared/thermo's author with an independent Python transform of the same data
// (reference_values.md, "[computed here]"): these are cross-implementation checks of the
// transform, not validation against measurement (that is tecrdb_validation_test).
#define BOOST_TEST_MODULE thermo_reaction_energy
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <string>

#include "engine/core/error.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "engine/thermo/transform.hpp"
#include "support/test_paths.hpp"
#include "thermo/kegg_model.hpp"

namespace ergon::thermo {
namespace {

std::filesystem::path datasets_dir() {
  return std::filesystem::path(test::kSourceDir) / "datasets";
}

FormationData data_of(std::vector<std::string> sources) {
  return read_formation_data(datasets_dir() / "thermo_formation_species.tsv",
                             datasets_dir() / "thermo_compounds.tsv",
                             {.sources = std::move(sources)});
}

Conditions at(double ph, double ionic_strength, double p_mg = 14.0) {
  Conditions c;
  c.default_compartment = {.pH = ph, .ionic_strength = ionic_strength, .pMg = p_mg};
  return c;
}

double standard_of(const ConstraintModel& model, const FormationData& data, const Conditions& c,
                   std::size_t r = 0) {
  const auto energies = reaction_energies(model, data, c);
  BOOST_TEST_REQUIRE(energies.at(r).standard.has_value());
  return *energies.at(r).standard;
}

const ConstraintModel& atp_hydrolysis() {
  static const auto model = test::kegg_model({{"ATPase", "C00002 + C00001 = C00008 + C00009"}});
  return model;
}

}  // namespace

BOOST_AUTO_TEST_CASE(formation_energies_at_pH_7_4_match_the_independent_transform) {
  // reference_values.md §1, "this pack (CC2013)" column: pH 7.4, I 0.25, no Mg.
  const auto data = data_of({"CC2013"});
  const CompartmentConditions c{.pH = 7.4, .ionic_strength = 0.25};
  const std::vector<std::pair<const char*, double>> expected{{"C00002", -2268.39},
                                                             {"C00008", -1394.57},
                                                             {"C00020", -519.53},
                                                             {"C00009", -1054.03},
                                                             {"C00001", -152.62}};
  for (const auto& [kegg, value] : expected) {
    BOOST_TEST_CONTEXT(kegg) {
      const auto* compound = data.find(kegg);
      BOOST_TEST_REQUIRE(compound != nullptr);
      BOOST_TEST(transformed_formation_energy(*compound, c, standard_temperature) == value,
                 boost::test_tools::tolerance(0.02 / std::abs(value)));
    }
  }
}

BOOST_AUTO_TEST_CASE(atp_hydrolysis_without_and_with_magnesium) {
  // CC-2013 has no Mg species: −25.8 at pH 7, I 0.25 and −26.4 at I 0.1, the value eQuilibrator
  // 2.x publishes (−26.4 ± 0.6; equilibrator-api tests/test_api.py). Alberty's 2006 species with
  // Mg binding give −32.4 at pMg 3 (Alberty & Goldberg 1992 Biochemistry 31:10610 quote ≈ −32.5,
  // unconfirmed) and −36.0 without Mg.
  const auto cc = data_of({"CC2013"});
  BOOST_TEST(standard_of(atp_hydrolysis(), cc, at(7.0, 0.25)) == -25.8,
             boost::test_tools::tolerance(0.06 / 25.8));
  BOOST_TEST(standard_of(atp_hydrolysis(), cc, at(7.0, 0.1)) == -26.4,
             boost::test_tools::tolerance(0.06 / 26.4));
  const auto alberty = data_of({"Alberty2006"});
  BOOST_TEST(standard_of(atp_hydrolysis(), alberty, at(7.0, 0.25, 3.0)) == -32.4,
             boost::test_tools::tolerance(0.06 / 32.4));
  BOOST_TEST(standard_of(atp_hydrolysis(), alberty, at(7.0, 0.25, 14.0)) == -36.0,
             boost::test_tools::tolerance(0.06 / 36.0));
  BOOST_TEST(standard_of(atp_hydrolysis(), alberty, at(7.2, 0.25, 3.0)) == -33.2,
             boost::test_tools::tolerance(0.06 / 33.2));
  // Mg binding only changes CC-2013 results through species it does not have: none.
  BOOST_TEST(standard_of(atp_hydrolysis(), cc, at(7.0, 0.25, 3.0)) ==
                 standard_of(atp_hydrolysis(), cc, at(7.0, 0.25, 14.0)),
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_proton_moved_across_a_membrane_carries_pH_and_potential_terms) {
  // H+ from the intermembrane space (pH 7.2, 0 V) into the matrix (pH 8.0, −0.16 V), both
  // I 0.25: ΔG = −RT ln10 (8.0 − 7.2) + F (−0.16) = −4.566 − 15.438 = −20.00 kJ/mol by hand.
  ConstraintModelData d;
  d.id = "proton_pump";
  d.metabolites = {{.id = "M_h_i", .name = "H+", .compartment = "i"},
                   {.id = "M_h_m", .name = "H+", .compartment = "m"}};
  d.reactions = {{.id = "R_Hti",
                  .lower_bound = -1,
                  .upper_bound = 1,
                  .stoichiometry = {{.metabolite = 0, .coefficient = -1},
                                    {.metabolite = 1, .coefficient = 1}}}};
  const ConstraintModel model(std::move(d));
  Conditions c;
  c.compartments["i"] = {.pH = 7.2, .ionic_strength = 0.25};
  c.compartments["m"] = {.pH = 8.0, .ionic_strength = 0.25, .potential = -0.16};
  const auto energies = reaction_energies(model, data_of({"CC2013"}), c);
  BOOST_TEST_REQUIRE(energies[0].standard.has_value());
  const double by_hand = -rt(standard_temperature) * std::log(10.0) * 0.8 + faraday * -0.16;
  BOOST_TEST(*energies[0].standard == by_hand, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(energies[0].membrane == by_hand, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(by_hand == -20.00, boost::test_tools::tolerance(0.01 / 20.0));
  BOOST_TEST(energies[0].transport);
}

BOOST_AUTO_TEST_CASE(the_human_model_names_its_unbalanced_and_unknown_reactions) {
  // ../shared/thermo README caveat 8: FAS160 writes 6 H2O as a product where the balanced
  // equation consumes one; the check must name the oxygen imbalance. Lumped metabolites have no
  // value: such reactions get none, never zero.
  const auto file = sbml::read_constraint_model(std::filesystem::path(test::kSourceDir) /
                                                "pathways" / "human_energy_metabolism.xml");
  const auto energies =
      reaction_energies(file.model, data_of({"CC2013", "Alberty2006"}), at(7, 0.25));
  const auto of = [&](const std::string& id) { return energies.at(file.model.reaction_index(id)); };
  BOOST_TEST(of("R_FAS160").imbalance.find("O +7") != std::string::npos);
  BOOST_TEST(!of("R_PROTS").standard.has_value());
  BOOST_TEST(of("R_PROTS").missing.size() == 2U);
  BOOST_TEST(!of("R_ETFQO").standard.has_value());
  BOOST_TEST(of("R_HEX1").imbalance.empty());
  BOOST_TEST(*of("R_HEX1").standard == -16.8, boost::test_tools::tolerance(0.06 / 16.8));
  // Cytochrome c has no formula: its reactions are "unchecked", not "unbalanced".
  BOOST_TEST(of("R_CYOOm").imbalance.empty());
  BOOST_TEST(of("R_CYOOm").unchecked.size() == 2U);
  // GTHOX is a deliberately unbalanced sink (2 electrons).
  BOOST_TEST(of("R_GTHOX").imbalance.find("e- -2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unknown_compound_is_reported_not_taken_as_zero) {
  const auto model = test::kegg_model({{"R1", "C00002 + C99999 = C00008 + C00009"}});
  const auto energies = reaction_energies(model, data_of({"CC2013"}), at(7, 0.25));
  BOOST_TEST(!energies[0].standard.has_value());
  BOOST_TEST_REQUIRE(energies[0].missing.size() == 1U);
  BOOST_TEST(energies[0].missing[0] == "M_C99999_c");
}

BOOST_AUTO_TEST_CASE(conditions_out_of_range_are_refused_naming_the_compartment) {
  Conditions c;
  c.compartments["m"] = {.pH = 15.0};
  try {
    validate(c);
    BOOST_FAIL("pH 15 accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("'m'") != std::string::npos, e.what());
    BOOST_TEST(std::string(e.what()).find("pH 15") != std::string::npos, e.what());
  }
  Conditions nan_ionic;
  nan_ionic.default_compartment.ionic_strength = std::nan("");
  BOOST_CHECK_THROW(validate(nan_ionic), InputError);
}

}  // namespace ergon::thermo
