// Conservation laws from the stoichiometry: networks whose conserved moieties are known.
#define BOOST_TEST_MODULE kinetic_conservation
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <set>

#include "engine/kinetic/conservation.hpp"
#include "engine/kinetic/simulation.hpp"

using namespace ergon;

namespace {

Expression s(const char* id) {
  return Expression::symbol(id);
}
Expression times(std::vector<Expression> args) {
  return Expression::call(Op::times, std::move(args));
}

SpeciesReference ref(const char* species, double stoichiometry = 1.0) {
  return {.species = species, .stoichiometry = stoichiometry};
}

// ATP -> ADP + Pi, ADP + Pi -> ATP, 2 ADP -> ATP + AMP: adenine nucleotides are conserved
// (ATP + ADP + AMP), and so is phosphate in a second combination.
Model adenylates() {
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  const std::pair<const char*, double> species[] = {
      {"ATP", 3.0}, {"ADP", 1.0}, {"AMP", 0.2}, {"Pi", 5.0}, {"Glc", 1.0}};
  for (const auto& [id, value] : species)
    m.species.push_back({.id = id, .compartment = "c", .initial_concentration = value});
  m.species[4].boundary_condition = true;  // a source: on the boundary, in no law
  m.parameters.push_back({.id = "k", .value = 0.7});
  m.reactions.push_back({.id = "hydrolysis",
                         .reactants = {ref("ATP")},
                         .products = {ref("ADP"), ref("Pi")},
                         .rate = times({s("k"), s("ATP")})});
  m.reactions.push_back({.id = "synthesis",
                         .reactants = {ref("ADP"), ref("Pi"), ref("Glc", 0.5)},
                         .products = {ref("ATP")},
                         .rate = times({s("k"), s("ADP"), s("Pi"), s("Glc")})});
  m.reactions.push_back({.id = "adenylate_kinase",
                         .reactants = {ref("ADP", 2.0)},
                         .products = {ref("ATP"), ref("AMP")},
                         .rate = times({s("k"), s("ADP"), s("ADP")})});
  return m;
}

// c^T N for one reaction, over the species in the law.
double imbalance(const Reaction& r, const kinetic::ConservationLaw& law) {
  std::map<std::string, double> c;
  for (const auto& [id, k] : law.terms) c[id] = static_cast<double>(k);
  double sum = 0.0;
  for (const auto& x : r.reactants) sum -= c[x.species] * x.stoichiometry;
  for (const auto& x : r.products) sum += c[x.species] * x.stoichiometry;
  return sum;
}

void check_basis(const Model& m, const kinetic::ConservationAnalysis& a) {
  std::map<std::string, int> dependent_in;  // dependent species -> laws it appears in
  for (const auto& law : a.laws) dependent_in[law.dependent] = 0;
  BOOST_TEST(dependent_in.size() == a.laws.size());  // one distinct dependent species each
  for (const auto& law : a.laws) {
    std::int64_t g = 0;
    for (const auto& [id, k] : law.terms) {
      g = std::gcd(g, k);
      if (dependent_in.contains(id)) ++dependent_in[id];
      if (id == law.dependent) BOOST_TEST(k > 0);
    }
    BOOST_TEST(g == 1);  // coprime integers
    for (const auto& r : m.reactions) BOOST_TEST(imbalance(r, law) == 0.0, r.id);
  }
  for (const auto& [id, count] : dependent_in) BOOST_TEST(count == 1, id << " in other laws");
}

}  // namespace

BOOST_AUTO_TEST_CASE(adenylate_and_phosphate_moieties) {
  const Model m = adenylates();
  const auto a = kinetic::conservation_laws(m);
  BOOST_TEST(a.species == (std::vector<std::string>{"ATP", "ADP", "AMP", "Pi"}));
  BOOST_TEST(a.reactions == 3U);
  BOOST_TEST(a.rank == 2U);
  BOOST_TEST_REQUIRE(a.laws.size() == 2U);
  check_basis(m, a);
  // The adenine moiety is in the span: some combination has ATP, ADP and AMP with equal weight
  // and no Pi. With two laws whose dependent species are Pi and AMP, the law without Pi is it.
  bool adenine = false;
  for (const auto& law : a.laws) adenine = adenine || kinetic::to_string(law) == "ATP + ADP + AMP";
  BOOST_TEST(adenine, kinetic::to_string(a.laws[0]) << " ; " << kinetic::to_string(a.laws[1]));
}

BOOST_AUTO_TEST_CASE(the_laws_hold_along_a_simulation) {
  const Model m = adenylates();
  const auto a = kinetic::conservation_laws(m);
  std::vector<kinetic::OutputColumn> columns;
  for (const auto& id : a.species) columns.push_back({id, kinetic::Quantity::amount});
  const auto t = kinetic::simulate(m, {.end = 5, .intervals = 10, .columns = columns});
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  for (const auto& law : a.laws) {
    auto total = [&](std::size_t row) {
      double sum = 0.0;
      for (const auto& [id, k] : law.terms) {
        const auto col = static_cast<std::size_t>(
            std::find(a.species.begin(), a.species.end(), id) - a.species.begin());
        sum += static_cast<double>(k) * t.at(row, col);
      }
      return sum;
    };
    for (std::size_t row = 1; row < t.times.size(); ++row)
      BOOST_TEST(total(row) == total(0), boost::test_tools::tolerance(1e-8));
  }
  // ATP did change: the check above is not about constant species.
  BOOST_TEST(std::abs(t.at(10, 0) - t.at(0, 0)) > 0.1);
}

BOOST_AUTO_TEST_CASE(fractional_stoichiometry_gives_integer_coefficients) {
  // A -> 0.5 B + (1/3) C conserves A + 2 B and A + 3 C.
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  for (const char* id : {"A", "B", "C"})
    m.species.push_back({.id = id, .compartment = "c", .initial_amount = 1.0});
  m.reactions.push_back({.id = "split",
                         .reactants = {ref("A")},
                         .products = {ref("B", 0.5), ref("C", 1.0 / 3.0)},
                         .rate = s("A")});
  const auto a = kinetic::conservation_laws(m);
  BOOST_TEST(a.rank == 1U);
  BOOST_TEST_REQUIRE(a.laws.size() == 2U);
  check_basis(m, a);
  std::set<std::string> texts;
  for (const auto& law : a.laws) texts.insert(kinetic::to_string(law));
  // Dependent species are C and B (the last ones free); each law then holds A and one of them.
  BOOST_TEST(texts.contains("A + 3 C"));
  BOOST_TEST(texts.contains("A + 2 B"));
}

BOOST_AUTO_TEST_CASE(variable_stoichiometry_and_conversion_factors_are_excluded) {
  Model m = adenylates();
  m.reactions[2].products[1].stoichiometry_math = s("k");  // AMP's stoichiometry varies
  m.parameters.push_back({.id = "f", .value = 2.0});
  m.species[3].conversion_factor = "f";  // Pi
  const auto a = kinetic::conservation_laws(m);
  BOOST_TEST(a.excluded.size() == 2U);
  BOOST_TEST(a.excluded[0].first == "AMP");
  BOOST_TEST(a.excluded[1].first == "Pi");
  // ATP <-> ADP only: ATP + ADP, with hydrolysis and synthesis of rank 1 and the adenylate
  // kinase (2 ADP -> ATP) making it rank 2 over two species: no law left.
  BOOST_TEST(a.rank == 2U);
  BOOST_TEST(a.laws.empty());
  check_basis(m, a);
}

BOOST_AUTO_TEST_CASE(no_reactions_no_laws) {
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back({.id = "A", .compartment = "c", .initial_amount = 1.0});
  const auto a = kinetic::conservation_laws(m);
  BOOST_TEST(a.species.empty());
  BOOST_TEST(a.laws.empty());
}

// Eliminating the dependent species changes how the ODE is integrated, not its solution; an
// event that assigns a species moves the conserved totals with it.
BOOST_AUTO_TEST_CASE(eliminating_dependent_species_keeps_the_solution) {
  Model m = adenylates();
  const auto a = kinetic::conservation_laws(m);
  std::vector<std::string> dependents;
  for (const auto& law : a.laws) dependents.push_back(law.dependent);
  // At time 2 every species (dependent ones too) is reset, so the totals change there.
  Event reset{
      .id = "reset",
      .trigger = Expression::call(Op::geq, {Expression{.op = Op::time}, Expression::number(2.0)}),
      .initial_value = false};
  for (const auto& id : a.species)
    reset.assignments.push_back({.variable = id, .math = Expression::number(2.0)});
  m.events.push_back(reset);
  std::vector<kinetic::OutputColumn> columns;
  for (const auto& id : a.species) columns.push_back({id, kinetic::Quantity::amount});
  const kinetic::SimulationOptions full{.end = 5, .intervals = 10, .columns = columns};
  kinetic::SimulationOptions reduced = full;
  reduced.eliminate_conserved = true;
  const auto t_full = kinetic::simulate(m, full);
  const auto t_reduced = kinetic::simulate(m, reduced);
  BOOST_TEST_REQUIRE(t_full.ok(), t_full.message);
  BOOST_TEST_REQUIRE(t_reduced.ok(), t_reduced.message);
  BOOST_TEST(t_full.eliminated_species == 0U);
  BOOST_TEST(t_reduced.eliminated_species == a.laws.size());
  BOOST_TEST(t_reduced.events_executed == 1);
  for (std::size_t row = 0; row < t_full.times.size(); ++row) {
    for (std::size_t col = 0; col < columns.size(); ++col) {
      BOOST_TEST(t_reduced.at(row, col) == t_full.at(row, col), boost::test_tools::tolerance(1e-6));
    }
  }
  BOOST_TEST(t_full.at(4, 0) == 2.0);  // t = 2: the reset, dependent species included
  BOOST_TEST(t_reduced.at(4, 0) == 2.0, boost::test_tools::tolerance(1e-12));
}

// A biomass-like reaction whose coefficients need a common denominator beyond 64 bits (four
// primes near 10^6): its species are left out with the reason, the rest is analysed.
BOOST_AUTO_TEST_CASE(huge_common_denominators_exclude_the_reactions_species) {
  Model m = adenylates();
  for (const char* id : {"B1", "B2", "B3", "B4"})
    m.species.push_back({.id = id, .compartment = "c", .initial_amount = 1.0});
  m.reactions.push_back({.id = "biomass",
                         .reactants = {ref("B1", 1.0 / 999983), ref("B2", 1.0 / 999979),
                                       ref("B3", 1.0 / 999961), ref("B4", 1.0 / 999959)},
                         .rate = s("k")});
  const auto a = kinetic::conservation_laws(m);
  BOOST_TEST_REQUIRE(a.excluded.size() == 4U);
  BOOST_TEST(a.excluded[0].second.find("common denominator") != std::string::npos,
             a.excluded[0].second);
  BOOST_TEST(a.laws.size() == 2U);  // the adenylate network's two laws, as without it
  check_basis(m, a);
}
