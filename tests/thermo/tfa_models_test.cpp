// Thermodynamic FBA on real models (e_coli_core from COBRApy's data, ergon's human model).
// What is checked, and of which kind:
//  - consistency: with concentrations effectively unconstrained, TFA's optimum equals the FBA
//    (LP) optimum and loopless FBA's; every flux TFA carries runs downhill; TVA ranges lie
//    inside plain FVA's (TFA only adds constraints).
//  - report: with physiological concentration ranges (1 µM – 10 mM for every metabolite, the
//    default of Noor et al. 2014) the reactions that lose a direction or block are printed,
//    not asserted: nothing independent says what they must be. (The MDF cofactor table fixes
//    ATP, CO2, ... by compound in every compartment, which would block their passive
//    transport; TFA on compartmented models takes ranges.)
#define BOOST_TEST_MODULE thermo_tfa_models
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <iostream>
#include <string>

#include "engine/fba/analyses.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/thermo/tfa.hpp"
#include "support/test_main.hpp"

namespace ergon::thermo {
namespace {

namespace fs = std::filesystem;
const fs::path ecoli_model = fs::path(test::kSharedDir) / "models" / "fba" / "e_coli_core.xml";
const fs::path datasets_dir = fs::path(test::kSourceDir) / "datasets";
const fs::path human_model =
    fs::path(test::kSourceDir) / "pathways" / "human_energy_metabolism.xml";

const FormationData& data() {
  static const auto d = read_formation_data(datasets_dir / "thermo_formation_species.tsv",
                                            datasets_dir / "thermo_compounds.tsv",
                                            {.sources = {"CC2013", "Alberty2006"}});
  return d;
}

// 1e-15 to 1e3 M: ±RT·ln 1e18 ≈ ±103 kJ/mol per unit of stoichiometry, more than any ΔrG'°
// in these models needs, so the only thermodynamic constraints left are "no loops" and the
// compartments' pH and potential (H+ is not a concentration variable: the pH buffers it, so
// oxidative phosphorylation needs the proton-motive force of `conditions`).
TfaOptions unconstrained(const Conditions& conditions) {
  TfaOptions o;
  o.conditions = conditions;
  o.bounds.default_range = {.lower = 1e-15, .upper = 1e3};
  return o;
}

// Which way a range allows flux: bit 1 forward, bit 2 reverse.
int directions(double lo, double hi, double tol = 1e-6) {
  return (hi > tol ? 1 : 0) | (lo < -tol ? 2 : 0);
}

void check_model(const fs::path& path, const TfaOptions& physiological) {
  const auto file = sbml::read_constraint_model(path);
  const auto& model = file.model;
  fba::FluxBalance balance(model);
  const auto lp = fba::fba(balance);
  const auto loopless = fba::loopless_fba(balance);
  BOOST_TEST_REQUIRE(std::string(fba::to_string(lp.status)) == "optimal");

  const auto t0 = std::chrono::steady_clock::now();
  const auto open = thermodynamic_fba(model, data(), unconstrained(physiological.conditions));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  BOOST_TEST_REQUIRE(std::string(to_string(open.status)) == "optimal");
  std::cout << model.id() << ": FBA " << lp.objective << ", loopless " << loopless.objective
            << ", TFA (unconstrained) " << open.objective << " with " << open.binaries
            << " binaries in " << seconds << " s; " << open.unconstrained.size()
            << " internal reactions without drG'0\n";
  BOOST_TEST(open.objective == lp.objective, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(open.objective == loopless.objective, boost::test_tools::tolerance(1e-6));
  for (const auto r : open.constrained)
    if (std::abs(open.fluxes[r]) > 1e-7) {
      BOOST_TEST_INFO(model.reactions()[r].id);
      BOOST_TEST(open.fluxes[r] * *open.gibbs[r] < 0.0);
    }

  // Flux ranges over every steady state (fraction 0): plain FVA, TVA with free concentrations
  // (loops gone), TVA with physiological ranges. Each set contains the next.
  fba::FvaOptions fva_options;
  fva_options.fraction_of_optimum = 0.0;
  const auto fva = fba::fva(balance, fva_options);
  BOOST_TEST_REQUIRE(std::string(fba::to_string(fva.status)) == "optimal");
  const auto variability = [&](const TfaOptions& tfa, const char* label) {
    TvaOptions tva;
    tva.tfa = tfa;
    tva.gibbs = false;
    tva.concentrations = false;
    tva.fraction_of_optimum = 0.0;
    auto result = thermodynamic_variability(model, data(), tva);
    std::cout << "  TVA " << label << ": " << to_string(result.status) << ", optimum "
              << result.objective << ", " << result.milps << " MILPs in " << result.seconds
              << " s, " << result.failed << " failed\n";
    if (result.status != TfaStatus::optimal) {
      const auto why = thermodynamic_fba(model, data(), tfa);
      std::cout << "  conflicts:";
      for (const auto& c : why.conflicts)
        std::cout << ' ' << c.reaction_id << " (" << c.violation << ")";
      std::cout << '\n';
    }
    BOOST_TEST_REQUIRE(std::string(to_string(result.status)) == "optimal");
    BOOST_TEST(result.failed == 0U);
    return result;
  };
  const auto free_ranges =
      variability(unconstrained(physiological.conditions), "free concentrations");
  auto point = physiological;
  point.uncertainty_sigmas = 0.0;
  const auto physiological_ranges = variability(point, "physiological");
  BOOST_TEST(physiological_ranges.objective <= lp.objective + 1e-6);
  const auto inside = [&](const ValueRange& inner, double lo, double hi, std::size_t r) {
    BOOST_TEST_INFO(model.reactions()[r].id);
    BOOST_TEST(inner.minimum >= lo - 1e-6);
    BOOST_TEST_INFO(model.reactions()[r].id);
    BOOST_TEST(inner.maximum <= hi + 1e-6);
  };
  std::size_t loops = 0;
  std::size_t changed = 0;
  for (std::size_t r = 0; r < model.reactions().size(); ++r) {
    const auto& a = *free_ranges.fluxes[r];
    const auto& b = *physiological_ranges.fluxes[r];
    inside(a, fva.minimum[r], fva.maximum[r], r);
    inside(b, a.minimum, a.maximum, r);
    if (directions(fva.minimum[r], fva.maximum[r]) != directions(a.minimum, a.maximum)) ++loops;
    const int before = directions(a.minimum, a.maximum);
    const int after = directions(b.minimum, b.maximum);
    if (before == after) continue;
    ++changed;
    std::cout << "    " << model.reactions()[r].id << ": [" << a.minimum << ", " << a.maximum
              << "] -> [" << b.minimum << ", " << b.maximum << "]"
              << (after == 0 ? " blocked" : " one direction") << '\n';
  }
  std::cout << "  " << loops << " reactions lose a direction to loop removal alone; " << changed
            << " more lose one or block under physiological concentrations\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(e_coli_core) {
  // Compartments c and e: cytosol pH 7.6 and −0.15 V against the medium at pH 7.0, typical of
  // E. coli at neutral external pH; the medium's pH and I are the defaults.
  TfaOptions o;
  o.conditions.compartments["c"] = {.pH = 7.6, .ionic_strength = 0.25, .potential = -0.15};
  check_model(ecoli_model, o);
}

BOOST_AUTO_TEST_CASE(human_energy_model) {
  // Cytosol and intermembrane space (porin-connected) pH 7.2, matrix 7.8 and −0.16 V against
  // them, blood plasma 7.4. The model's H+ exchange with the medium lumps coupled transporters,
  // so the plasma membrane gets no potential of its own (it would block H+ export).
  TfaOptions o;
  o.conditions.compartments["c"] = {.pH = 7.2, .ionic_strength = 0.25};
  o.conditions.compartments["i"] = {.pH = 7.2, .ionic_strength = 0.25};
  o.conditions.compartments["e"] = {.pH = 7.4, .ionic_strength = 0.25};
  o.conditions.compartments["m"] = {.pH = 7.8, .ionic_strength = 0.25, .potential = -0.16};
  check_model(human_model, o);
}

}  // namespace ergon::thermo

ERGON_TEST_MAIN_REQUIRING(ergon::thermo::ecoli_model)
