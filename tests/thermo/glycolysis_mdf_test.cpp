// EMP versus Entner–Doudoroff glycolysis: the published ordering of their driving forces.
// Flamholz et al. 2013 PNAS 110:10039 and Noor et al. 2014 PLoS Comput Biol 10:e1003483 (Fig. 3)
// find that ED, which makes one ATP per glucose instead of two, has more thermodynamic driving
// force than EMP, and that bypassing substrate-level phosphorylation at PGK (non-phosphorylating
// GAPN) raises it further. That ordering is the validation here; the MDF values themselves are
// compared with the ones ../shared/thermo's author computed with an independent LP
// (reference_values.md §3, "[computed here]": a cross-implementation regression check).
#define BOOST_TEST_MODULE thermo_glycolysis_mdf
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>
#include <iomanip>
#include <iostream>
#include <string>

#include "engine/thermo/mdf.hpp"
#include "support/test_main.hpp"
#include "thermo/kegg_model.hpp"

namespace ergon::thermo {
namespace {

std::filesystem::path thermo_dir() {
  return std::filesystem::path(test::kSharedDir) / "thermo";
}

// Glucose to lactate (EMP) or to pyruvate + lactate (ED), KEGG equations; the mode is every
// reaction forward (the MDF does not depend on the flux values, only on which steps carry flux).
const std::vector<test::KeggReaction> emp_pathway{
    {"HK", "C00031 + C00002 = C00092 + C00008"},
    {"PGI", "C00092 = C00085"},
    {"PFK", "C00085 + C00002 = C00354 + C00008"},
    {"FBA", "C00354 = C00111 + C00118"},
    {"TPI", "C00111 = C00118"},
    {"GAPDH", "C00118 + C00003 + C00009 = C00236 + C00004"},
    {"PGK", "C00236 + C00008 = C00197 + C00002"},
    {"PGM", "C00197 = C00631"},
    {"ENO", "C00631 = C00074 + C00001"},
    {"PYK", "C00074 + C00008 = C00022 + C00002"},
    {"LDH", "C00022 + C00004 = C00186 + C00003"}};
const std::vector<test::KeggReaction> ed_pathway{
    {"HK", "C00031 + C00002 = C00092 + C00008"},
    {"G6PDH", "C00092 + C00006 = C01236 + C00005"},
    {"PGL", "C01236 + C00001 = C00345"},
    {"EDD", "C00345 = C04442 + C00001"},
    {"EDA", "C04442 = C00022 + C00118"},
    {"GAPDH", "C00118 + C00003 + C00009 = C00236 + C00004"},
    {"PGK", "C00236 + C00008 = C00197 + C00002"},
    {"PGM", "C00197 = C00631"},
    {"ENO", "C00631 = C00074 + C00001"},
    {"PYK", "C00074 + C00008 = C00022 + C00002"},
    {"LDH", "C00022 + C00004 = C00186 + C00003"}};
// EMP with GAPN (GAP + NAD+ + H2O → 3PG + NADH) in place of GAPDH + PGK.
const std::vector<test::KeggReaction> gapn_pathway{
    {"HK", "C00031 + C00002 = C00092 + C00008"},
    {"PGI", "C00092 = C00085"},
    {"PFK", "C00085 + C00002 = C00354 + C00008"},
    {"FBA", "C00354 = C00111 + C00118"},
    {"TPI", "C00111 = C00118"},
    {"GAPN", "C00118 + C00003 + C00001 = C00197 + C00004"},
    {"PGM", "C00197 = C00631"},
    {"ENO", "C00631 = C00074 + C00001"},
    {"PYK", "C00074 + C00008 = C00022 + C00002"},
    {"LDH", "C00022 + C00004 = C00186 + C00003"}};

// reference_values.md §3: fixed cofactors, everything else 1 µM – 10 mM (Noor et al. 2014).
ConcentrationBounds glycolysis_bounds() {
  ConcentrationBounds b;
  b.default_range = {.lower = 1e-6, .upper = 1e-2};
  const auto fix = [&](const char* kegg, double c) { b.by_compound[kegg] = {c, c}; };
  fix("C00002", 5e-3);  // ATP
  fix("C00008", 5e-4);  // ADP
  fix("C00009", 5e-3);  // Pi
  fix("C00020", 1e-4);  // AMP
  fix("C00003", 5e-3);  // NAD+
  fix("C00004", 5e-5);  // NADH
  fix("C00005", 5e-4);  // NADPH
  fix("C00006", 5e-5);  // NADP+
  fix("C00011", 1e-5);  // CO2
  return b;
}

double mdf_of(const std::vector<test::KeggReaction>& reactions, const FormationData& data,
              double ph) {
  const auto model = test::kegg_model(reactions);
  MdfOptions options;
  options.conditions.default_compartment = {.pH = ph, .ionic_strength = 0.25};
  options.bounds = glycolysis_bounds();
  const auto r =
      max_min_driving_force(model, data, std::vector<double>(reactions.size(), 1.0), options);
  BOOST_TEST_REQUIRE(to_string(r.status) == std::string("optimal"));
  std::cout << std::fixed << std::setprecision(2) << "  pH " << ph << ": MDF " << r.driving_force
            << " kJ/mol; bottlenecks:";
  for (const auto& step : r.reactions)
    if (step.bottleneck) std::cout << ' ' << model.reactions()[step.reaction].id;
  std::cout << '\n';
  return r.driving_force;
}

}  // namespace

BOOST_AUTO_TEST_CASE(entner_doudoroff_has_more_driving_force_than_emp) {
  const auto data =
      read_formation_data(thermo_dir() / "formation_species.tsv", {}, {.sources = {"CC2013"}});
  for (const double ph : {7.0, 7.5}) {
    BOOST_TEST_CONTEXT("pH " << ph) {
      std::cout << "EMP\n";
      const double emp = mdf_of(emp_pathway, data, ph);
      std::cout << "ED\n";
      const double ed = mdf_of(ed_pathway, data, ph);
      std::cout << "EMP with GAPN\n";
      const double gapn = mdf_of(gapn_pathway, data, ph);
      // The published ordering (validation).
      BOOST_TEST(ed > emp);
      BOOST_TEST(gapn > emp);
      // The independent LP's values (regression, 0.05 kJ/mol: they are given to 0.01).
      const auto tol = boost::test_tools::tolerance(0.05 / 4.0);
      BOOST_TEST(emp == (ph == 7.0 ? 4.07 : 4.84), tol);
      BOOST_TEST(ed == (ph == 7.0 ? 7.15 : 8.03), tol);
      BOOST_TEST(gapn == (ph == 7.0 ? 11.37 : 11.39), tol);
    }
  }
}

}  // namespace ergon::thermo

ERGON_TEST_MAIN_REQUIRING(ergon::thermo::thermo_dir() / "formation_species.tsv")
