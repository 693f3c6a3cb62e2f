// A toy network with answers known by hand:
//   R_in: -> A [0, 10];  R_conv: A -> 2 B (g1 or g2);  R_side: A -> B (g3 and g4);
//   R_out: B -> [0, 1000], maximised.
// Optimum: everything through R_conv, R_out = 20.

#define BOOST_TEST_MODULE fba_flux_balance
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/fba/analyses.hpp"

using namespace ergon;
using namespace ergon::fba;
namespace tt = boost::test_tools;

namespace {

ConstraintModel toy() {
  ConstraintModelData d;
  d.id = "toy";
  d.metabolites = {{.id = "M_A"}, {.id = "M_B"}};
  d.genes = {{.id = "G_g1"}, {.id = "G_g2"}, {.id = "G_g3"}, {.id = "G_g4"}};
  d.reactions = {
      {.id = "R_in", .lower_bound = 0, .upper_bound = 10, .stoichiometry = {{0, 1.0}}},
      {.id = "R_conv",
       .lower_bound = 0,
       .upper_bound = 1000,
       .stoichiometry = {{0, -1.0}, {1, 2.0}},
       .gpr = Gpr::parse("G_g1 or G_g2")},
      {.id = "R_side",
       .lower_bound = 0,
       .upper_bound = 1000,
       .stoichiometry = {{0, -1.0}, {1, 1.0}},
       .gpr = Gpr::parse("G_g3 and G_g4")},
      {.id = "R_out",
       .lower_bound = 0,
       .upper_bound = 1000,
       .objective_coefficient = 1,
       .stoichiometry = {{1, -1.0}}},
  };
  return ConstraintModel(std::move(d));
}

enum : std::size_t { in, conv, side, out };

}  // namespace

BOOST_AUTO_TEST_CASE(fba_finds_the_known_optimum) {
  FluxBalance balance(toy());
  const auto r = fba::fba(balance);
  BOOST_TEST(to_string(r.status) == "optimal");
  BOOST_TEST(r.objective == 20.0, tt::tolerance(1e-12));
  BOOST_TEST(r.fluxes[conv] == 10.0, tt::tolerance(1e-12));
  BOOST_TEST(r.fluxes[side] == 0.0);
}

BOOST_AUTO_TEST_CASE(objective_and_bound_edits_do_not_rebuild) {
  FluxBalance balance(toy());
  balance.set_objective(in, ObjectiveSense::minimize);
  BOOST_TEST(fba::fba(balance).objective == 0.0);
  balance.set_bounds(out, {5, 1000});
  BOOST_TEST(fba::fba(balance).objective == 2.5, tt::tolerance(1e-12));  // 5 via R_conv needs 2.5 A
  {
    ScopedBounds scope(balance);
    scope.set(conv, {0, 0});
    BOOST_TEST(fba::fba(balance).objective == 5.0, tt::tolerance(1e-12));
  }
  BOOST_TEST(balance.bounds(conv).upper == 1000.0);  // the guard restored it
  BOOST_TEST(fba::fba(balance).objective == 2.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(infeasible_and_unbounded_are_statuses) {
  FluxBalance balance(toy());
  balance.set_bounds(out, {30, 1000});
  auto r = fba::fba(balance);
  BOOST_TEST(to_string(r.status) == "infeasible");
  BOOST_TEST(std::isnan(r.objective));
  BOOST_TEST(r.fluxes.empty());
  BOOST_TEST(to_string(pfba(balance).status) == "infeasible");
  BOOST_TEST(to_string(fva(balance).status) == "infeasible");

  FluxBalance open(toy());
  for (const auto j : {in, conv, side, out}) open.set_bounds(j, {0, INFINITY});
  BOOST_TEST(to_string(fba::fba(open).status) == "unbounded");
}

BOOST_AUTO_TEST_CASE(bad_bounds_are_refused_with_the_reaction) {
  FluxBalance balance(toy());
  BOOST_CHECK_EXCEPTION(balance.set_bounds(conv, {5, 1}), InputError,
                        [](const InputError& e) { return e.where().element_id == "R_conv"; });
  BOOST_CHECK_THROW(balance.set_bounds(conv, {NAN, 1}), InputError);
  ScopedBounds scope(balance);
  BOOST_CHECK_THROW(scope.scale(conv, 1.5), InputError);
}

BOOST_AUTO_TEST_CASE(pfba_minimises_total_flux) {
  FluxBalance balance(toy());
  const auto r = pfba(balance);
  BOOST_TEST(to_string(r.status) == "optimal");
  BOOST_TEST(r.total_flux == 40.0, tt::tolerance(1e-12));
  BOOST_TEST(r.objective == 20.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(fva_ranges_at_two_fractions) {
  FluxBalance balance(toy());
  auto r = fva(balance, {.fraction_of_optimum = 1.0});
  BOOST_TEST(to_string(r.status) == "optimal");
  BOOST_TEST(r.minimum[conv] == 10.0, tt::tolerance(1e-9));
  BOOST_TEST(r.maximum[side] == 0.0, tt::tolerance(1e-9));
  r = fva(balance, {.fraction_of_optimum = 0.5});
  const std::vector<double> lo{5, 0, 0, 10};
  const std::vector<double> hi{10, 10, 10, 20};
  for (std::size_t j = 0; j < 4; ++j) {
    BOOST_TEST(r.minimum[j] == lo[j], tt::tolerance(1e-9));
    BOOST_TEST(r.maximum[j] == hi[j], tt::tolerance(1e-9));
  }
  // FVA leaves the problem as it found it.
  BOOST_TEST(fba::fba(balance).objective == 20.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gene_deletions_follow_gpr_and_skip_the_provable) {
  FluxBalance balance(toy());
  const auto r = deletions(balance, {.target = DeletionTarget::genes, .pairs = true});
  BOOST_TEST(r.reference_objective == 20.0, tt::tolerance(1e-12));
  BOOST_TEST(r.deletions.size() == 4U + 6U);
  auto growth = [&](std::vector<std::size_t> genes) {
    for (const auto& d : r.deletions) {
      if (d.targets == genes) return d.growth;
    }
    BOOST_FAIL("deletion not reported");
    return 0.0;
  };
  BOOST_TEST(growth({0}) == 20.0, tt::tolerance(1e-12));
  BOOST_TEST(growth({0, 1}) == 10.0, tt::tolerance(1e-12));  // R_conv closed: only R_side left
  BOOST_TEST(growth({2}) == 20.0, tt::tolerance(1e-12));     // R_side carries no flux: skipped
  BOOST_TEST(r.stats.skipped >= 4U);
}

BOOST_AUTO_TEST_CASE(reaction_deletion_can_be_lethal) {
  FluxBalance balance(toy());
  balance.set_bounds(out, {15, 1000});  // only R_conv can deliver 15
  const auto r = deletions(balance, {.target = DeletionTarget::reactions, .pairs = true});
  auto has = [](const Deletion& d, std::size_t j) {
    return std::find(d.targets.begin(), d.targets.end(), j) != d.targets.end();
  };
  for (const auto& d : r.deletions) {
    // Knocking out R_out sets its bounds to (0, 0), lifting the demand of 15 (as COBRApy):
    // a lethal partner does not make such a pair lethal.
    const bool lethal = !has(d, out) && (has(d, in) || has(d, conv));
    BOOST_TEST((d.status == (lethal ? Status::infeasible : Status::optimal)),
               "knockout " << d.targets.front()
                           << (d.targets.size() > 1 ? "," + std::to_string(d.targets.back()) : "")
                           << ": " << to_string(d.status));
    BOOST_TEST(std::isnan(d.growth) == lethal);
  }
}

BOOST_AUTO_TEST_CASE(partial_inhibition_scales_capacity) {
  FluxBalance balance(toy());
  ScopedBounds scope(balance);
  scope.scale(in, 0.25);
  BOOST_TEST(fba::fba(balance).objective == 5.0, tt::tolerance(1e-12));
}

// Substrate taken up through an exchange (negative flux), 4 units of B spent on maintenance:
// product = 2u - 4 for uptake u <= 10, so the best yield (2u - 4) / u = 1.6 is at u = 10,
// not where the product per extra substrate is best.
BOOST_AUTO_TEST_CASE(maximum_yield_is_the_best_ratio_not_the_best_flux) {
  ConstraintModelData d;
  d.metabolites = {{.id = "A"}, {.id = "B"}};
  d.reactions = {
      {.id = "EX_A", .lower_bound = -10, .upper_bound = 0, .stoichiometry = {{0, -1.0}}},
      {.id = "conv", .lower_bound = 0, .upper_bound = 1000, .stoichiometry = {{0, -1.0}, {1, 2.0}}},
      {.id = "maint", .lower_bound = 4, .upper_bound = 4, .stoichiometry = {{1, -1.0}}},
      {.id = "out",
       .lower_bound = 0,
       .upper_bound = 1000,
       .objective_coefficient = 1,
       .stoichiometry = {{1, -1.0}}},
  };
  FluxBalance balance(ConstraintModel(std::move(d)));
  const auto r = maximum_yield(balance, 3, 0);
  BOOST_TEST(to_string(r.status) == "optimal");
  BOOST_TEST(r.yield == 1.6, tt::tolerance(1e-9));
  BOOST_TEST(r.substrate_flux == -10.0, tt::tolerance(1e-9));
  BOOST_TEST(balance.objective()[3] == 1.0);  // objective restored

  const auto envelope =
      production_envelope(balance, 0, 3);  // substrate uptake along the growth axis
  BOOST_TEST(envelope.size() == 3U);
  BOOST_TEST(envelope.back().objective == 16.0, tt::tolerance(1e-9));
  BOOST_TEST(envelope.back().maximum == -10.0, tt::tolerance(1e-9));

  // No uptake possible: no yield.
  balance.set_bounds(0, {0, 0});
  BOOST_TEST(to_string(maximum_yield(balance, 3, 0).status) == "infeasible");
}

// A -> B -> C -> A is a cycle with no net effect: FBA can push any flux round it, loopless FBA
// cannot; flux through the open path in -> A -> B -> out is unaffected.
BOOST_AUTO_TEST_CASE(loopless_fba_removes_the_cycle) {
  ConstraintModelData d;
  d.metabolites = {{.id = "A"}, {.id = "B"}, {.id = "C"}};
  d.reactions = {
      {.id = "in", .lower_bound = 0, .upper_bound = 5, .stoichiometry = {{0, 1.0}}},
      {.id = "ab",
       .lower_bound = -1000,
       .upper_bound = 1000,
       .stoichiometry = {{0, -1.0}, {1, 1.0}}},
      {.id = "bc",
       .lower_bound = -1000,
       .upper_bound = 1000,
       .stoichiometry = {{1, -1.0}, {2, 1.0}}},
      {.id = "ca",
       .lower_bound = -1000,
       .upper_bound = 1000,
       .objective_coefficient = 1,
       .stoichiometry = {{2, -1.0}, {0, 1.0}}},
      {.id = "out", .lower_bound = 0, .upper_bound = 1000, .stoichiometry = {{2, -1.0}}},
  };
  FluxBalance balance(ConstraintModel(std::move(d)));
  BOOST_TEST(fba::fba(balance).objective == 1000.0, tt::tolerance(1e-9));
  auto r = loopless_fba(balance);
  BOOST_TEST(to_string(r.status) == "optimal");
  BOOST_TEST(r.objective == 0.0, tt::tolerance(1e-9));
  balance.set_objective(4, ObjectiveSense::maximize);
  r = loopless_fba(balance);
  BOOST_TEST(r.objective == 5.0, tt::tolerance(1e-9));
  // Either route to C (via B, or A -> C by ca backwards) is fine; all three turning one way is a
  // cycle.
  const bool forward_cycle = r.fluxes[1] > 1e-9 && r.fluxes[2] > 1e-9 && r.fluxes[3] > 1e-9;
  const bool backward_cycle = r.fluxes[1] < -1e-9 && r.fluxes[2] < -1e-9 && r.fluxes[3] < -1e-9;
  BOOST_TEST(!forward_cycle);
  BOOST_TEST(!backward_cycle);
}

// A limit that stops the simplex is a status after the cold-restart fallback, never a hang or
// garbage; the next solve with room to work is optimal again.
BOOST_AUTO_TEST_CASE(iteration_limit_is_a_status) {
  FluxBalance balance(toy(), {.iteration_limit = 1});
  const auto r = fba::fba(balance);
  BOOST_TEST(to_string(r.status) == "iteration_limit");
  BOOST_TEST(std::isnan(r.objective));
  BOOST_TEST(r.stats.cold_restarts == 1U);
  FluxBalance roomy(toy(), {.iteration_limit = 1000});
  BOOST_TEST(to_string(fba::fba(roomy).status) == "optimal");
}

namespace {

// Coupling by the stoichiometry, known by hand:
//   R_in: -> A [0, 10];  R_ab: A -> 2 B;  R_dead: A -> D (D has no other reaction: v = 0);
//   R_out: B -> [0, 1000], maximised;  R_x: -> C [-4, 1000];  R_bc: B -> C (v_x = -v_bc).
// Optimum 1000 = 2 v_in - v_bc; at fraction 1: v_in, v_ab in [0, 10], v_bc in [-1000, -980],
// v_x in [980, 1000], v_dead = 0.
ConstraintModel coupled() {
  ConstraintModelData d;
  d.id = "coupled";
  d.metabolites = {{.id = "A"}, {.id = "B"}, {.id = "C"}, {.id = "D"}};
  d.reactions = {
      {.id = "R_in", .lower_bound = 0, .upper_bound = 10, .stoichiometry = {{0, 1.0}}},
      {.id = "R_ab", .lower_bound = 0, .upper_bound = 1000, .stoichiometry = {{0, -1.0}, {1, 2.0}}},
      {.id = "R_dead",
       .lower_bound = -1000,
       .upper_bound = 1000,
       .stoichiometry = {{0, -1.0}, {3, 1.0}}},
      {.id = "R_out",
       .lower_bound = 0,
       .upper_bound = 1000,
       .objective_coefficient = 1,
       .stoichiometry = {{1, -1.0}}},
      {.id = "R_x", .lower_bound = -4, .upper_bound = 1000, .stoichiometry = {{2, 1.0}}},
      {.id = "R_bc",
       .lower_bound = -1000,
       .upper_bound = 1000,
       .stoichiometry = {{1, -1.0}, {2, 1.0}}},
  };
  return ConstraintModel(std::move(d));
}

}  // namespace

BOOST_AUTO_TEST_CASE(fva_on_the_coupling_reduced_lp_matches_the_full_lp_and_hand_values) {
  FluxBalance reduced_balance(coupled());
  const auto reduced = fva(reduced_balance, {.fraction_of_optimum = 1.0});
  FluxBalance full_balance(coupled());
  const auto full = fva(full_balance, {.fraction_of_optimum = 1.0, .reduce = false});
  BOOST_TEST_REQUIRE((reduced.status == Status::optimal));
  BOOST_TEST(reduced.objective == 1000.0, tt::tolerance(1e-9));
  const std::vector<std::pair<double, double>> expected{{0, 10},      {0, 10},     {0, 0},
                                                        {1000, 1000}, {980, 1000}, {-1000, -980}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    BOOST_TEST(reduced.minimum[i] == expected[i].first, tt::tolerance(1e-9));
    BOOST_TEST(reduced.maximum[i] == expected[i].second, tt::tolerance(1e-9));
    BOOST_TEST(full.minimum[i] == expected[i].first, tt::tolerance(1e-9));
    BOOST_TEST(full.maximum[i] == expected[i].second, tt::tolerance(1e-9));
  }
  // 12 extremes: the forced-zero flux and one member of each tied pair need no LP.
  BOOST_TEST(reduced.stats.skipped >= 6U);
  // The caller's LP is untouched.
  BOOST_TEST(reduced_balance.bounds(4).lower == -4.0);
  BOOST_TEST(ergon::fba::fba(reduced_balance).objective == 1000.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(knockouts_on_the_reduced_lp_close_whole_groups) {
  FluxBalance balance(coupled());
  // Closing R_x closes R_bc with it: v_out = 2 v_in <= 20.
  auto r = deletions(balance, {.target = DeletionTarget::reactions, .candidates = {4, 0}});
  BOOST_TEST_REQUIRE(r.deletions.size() == 2U);
  BOOST_TEST(r.deletions[0].growth == 20.0, tt::tolerance(1e-9));
  BOOST_TEST(r.deletions[1].growth == 1000.0, tt::tolerance(1e-9));  // R_in off: v_bc = -1000
  // With R_x forced to carry >= 2, closing R_bc leaves its group no feasible value.
  ScopedBounds scope(balance);
  scope.set(4, {2.0, 1000.0});
  r = deletions(balance, {.target = DeletionTarget::reactions, .candidates = {5}});
  BOOST_TEST((r.deletions.at(0).status == Status::infeasible));
  BOOST_TEST(std::isnan(r.deletions.at(0).growth));
}
