#define BOOST_TEST_MODULE core_constraint_model
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "engine/core/constraint_model.hpp"
#include "engine/core/error.hpp"

using namespace ergon;

namespace {
ConstraintModelData two_reactions() {
  ConstraintModelData d;
  d.id = "toy";
  d.metabolites = {{.id = "M_a_c"}, {.id = "M_b__40__x__41__"}};
  d.genes = {{.id = "G_g1"}, {.id = "G_g2"}};
  d.reactions = {
      {.id = "R_EX_a", .lower_bound = -10, .upper_bound = 1000, .stoichiometry = {{0, -1.0}}},
      {.id = "R_A2B",
       .lower_bound = 0,
       .upper_bound = 1000,
       .objective_coefficient = 1,
       .stoichiometry = {{0, -1.0}, {1, 1.0}},
       .gpr = Gpr::parse("G_g1 and G_g2")},
      {.id = "R_A2B_alt",
       .lower_bound = 0,
       .upper_bound = 1000,
       .stoichiometry = {{0, -1.0}, {1, 1.0}},
       .gpr = Gpr::parse("G_g1 or G_g2")},
  };
  return d;
}
}  // namespace

BOOST_AUTO_TEST_CASE(cobra_ids_clip_the_prefix_and_decode_escapes) {
  BOOST_TEST(cobra_id("R_DM_atp__40__c__41__", "R_") == "DM_atp(c)");
  BOOST_TEST(cobra_id("PGI", "R_") == "PGI");
  BOOST_TEST(cobra_id("R_a__b__", "R_") == "a__b__");
  BOOST_TEST(cobra_id("M_glc__D_e", "M_") == "glc__D_e");
}

BOOST_AUTO_TEST_CASE(lookup_accepts_sbml_and_cobra_forms) {
  const ConstraintModel model(two_reactions());
  BOOST_TEST(model.reaction_index("R_A2B") == 1U);
  BOOST_TEST(model.reaction_index("A2B") == 1U);
  BOOST_TEST(model.metabolite_index("b(x)") == 1U);
  BOOST_TEST(model.gene_index("g2") == 1U);
  BOOST_CHECK_EXCEPTION((void)model.reaction_index("NOPE"), InputError,
                        [](const InputError& e) { return e.where().element_id == "NOPE"; });
  BOOST_TEST(model.has_objective());
}

BOOST_AUTO_TEST_CASE(ambiguous_cobra_form_is_refused) {
  auto data = two_reactions();
  data.reactions.push_back({.id = "A2B", .lower_bound = 0, .upper_bound = 1});
  const ConstraintModel model(std::move(data));
  BOOST_TEST(model.reaction_index("A2B") == 3U);  // the exact id wins
  BOOST_TEST(model.reaction_index("R_A2B") == 1U);
}

BOOST_AUTO_TEST_CASE(gene_knockouts_follow_the_rules) {
  const ConstraintModel model(two_reactions());
  BOOST_TEST(model.reactions_disabled_by({0}) == std::vector<std::size_t>{1});
  BOOST_TEST((model.reactions_disabled_by({0, 1}) == std::vector<std::size_t>{1, 2}));
  BOOST_TEST(model.boundary_reactions() == std::vector<std::size_t>{0});
}

BOOST_AUTO_TEST_CASE(exchanges_are_boundary_reactions_of_the_external_compartment) {
  ConstraintModelData d;
  d.metabolites = {{.id = "a_e", .compartment = "C_e"}, {.id = "a_c", .compartment = "C_c"}};
  d.reactions = {
      {.id = "EX_a", .lower_bound = -10, .upper_bound = 1000, .stoichiometry = {{0, -1.0}}},
      {.id = "T_a",
       .lower_bound = -10,
       .upper_bound = 1000,
       .stoichiometry = {{0, -1.0}, {1, 1.0}}},
      {.id = "DM_a", .lower_bound = 0, .upper_bound = 1000, .stoichiometry = {{1, -1.0}}},
  };
  const ConstraintModel model(std::move(d));
  BOOST_TEST((model.boundary_reactions() == std::vector<std::size_t>{0, 2}));
  BOOST_TEST(model.exchange_reactions() == std::vector<std::size_t>{0});  // the demand is not one
}

BOOST_AUTO_TEST_CASE(invalid_data_names_the_element) {
  auto bad_bounds = two_reactions();
  bad_bounds.reactions[1].lower_bound = 5;
  bad_bounds.reactions[1].upper_bound = 1;
  BOOST_CHECK_EXCEPTION(ConstraintModel{bad_bounds}, InputError,
                        [](const InputError& e) { return e.where().element_id == "R_A2B"; });
  auto unknown_gene = two_reactions();
  unknown_gene.reactions[2].gpr = Gpr::parse("G_g3");
  BOOST_CHECK_THROW(ConstraintModel{unknown_gene}, InputError);
  auto duplicate = two_reactions();
  duplicate.reactions[2].id = "R_A2B";
  BOOST_CHECK_THROW(ConstraintModel{duplicate}, InputError);
  auto nan_bound = two_reactions();
  nan_bound.reactions[0].upper_bound = std::nan("");
  BOOST_CHECK_THROW(ConstraintModel{nan_bound}, InputError);
}
