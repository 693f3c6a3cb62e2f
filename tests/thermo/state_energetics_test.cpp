// Thermodynamics of a state: ΔrG' and Q/K' per reaction, ΔG'_ATP and the energy charge per
// compartment. The phosphorylation potential is computed from the formation energies directly;
// here it is checked against the same hydrolysis written as a model reaction and summed by
// reaction_energies (two routes through the data: a consistency check), and the energy charge
// against its definition.
#define BOOST_TEST_MODULE thermo_state_energetics
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "engine/core/error.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "engine/thermo/state_energetics.hpp"
#include "support/test_paths.hpp"
#include "thermo/kegg_model.hpp"

namespace ergon::thermo {
namespace {

const FormationData& alberty() {
  static const auto d = [] {
    const auto dir = std::filesystem::path(test::kSourceDir) / "datasets";
    return read_formation_data(dir / "thermo_formation_species.tsv", dir / "thermo_compounds.tsv",
                               {.sources = {"Alberty2006"}});
  }();
  return d;
}

// ATP hydrolysis and adenylate kinase in one compartment "c"; metabolites in order of first
// appearance: ATP, H2O, ADP, Pi, AMP.
const ConstraintModel& adenylates() {
  static const auto m = test::kegg_model(
      {{"ATPase", "C00002 + C00001 = C00008 + C00009"}, {"AK", "C00002 + C00020 = 2 C00008"}});
  return m;
}

std::size_t index_of(const ConstraintModel& m, const std::string& kegg) {
  const auto i = m.find_metabolite("M_" + kegg + "_c");
  BOOST_TEST_REQUIRE(i.has_value());
  return *i;
}

StateEnergeticsOptions cytosol() {
  StateEnergeticsOptions o;
  o.conditions.default_compartment = {.pH = 7.2, .ionic_strength = 0.25, .pMg = 3.0};
  return o;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

BOOST_AUTO_TEST_CASE(phosphorylation_potential_equals_the_hydrolysis_reaction) {
  const auto& m = adenylates();
  std::vector<double> c(m.metabolites().size(), kNaN);
  c[index_of(m, "C00002")] = 5e-3;
  c[index_of(m, "C00008")] = 0.5e-3;
  c[index_of(m, "C00009")] = 5e-3;
  c[index_of(m, "C00020")] = 0.05e-3;
  const auto s = state_energetics(m, alberty(), c, {}, cytosol());
  BOOST_TEST_REQUIRE(s.compartments.size() == 1U);
  const auto& k = s.compartments[0];
  BOOST_TEST(k.compartment == "c");
  BOOST_TEST_REQUIRE(k.atp_hydrolysis.has_value());
  const auto& atpase = s.reactions[*m.find_reaction("ATPase")];
  BOOST_TEST_REQUIRE(atpase.gibbs.has_value());
  BOOST_TEST(*k.atp_hydrolysis == *atpase.gibbs, boost::test_tools::tolerance(1e-9));
  const auto energies = reaction_energies(m, alberty(), cytosol().conditions);
  const double rt_value = rt(standard_temperature);
  BOOST_TEST(*atpase.gibbs == *energies[0].standard + rt_value * std::log(0.5e-3),
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(*atpase.disequilibrium == std::exp(*atpase.gibbs / rt_value),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(!atpase.near_equilibrium);  // ≈ −50 kJ/mol
  BOOST_TEST_REQUIRE(k.energy_charge.has_value());
  BOOST_TEST(*k.energy_charge == (5.0 + 0.25) / 5.55, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(k.note.empty(), k.note);
}

BOOST_AUTO_TEST_CASE(near_equilibrium_follows_the_threshold) {
  const auto& m = adenylates();
  // Adenylate kinase at mass-action ratio K': ΔrG' = 0.
  const auto energies = reaction_energies(m, alberty(), cytosol().conditions);
  const double k_prime = std::exp(-*energies[1].standard / rt(standard_temperature));
  std::vector<double> c(m.metabolites().size(), 1e-3);
  c[index_of(m, "C00008")] = std::sqrt(k_prime) * 1e-3;  // ADP² / (ATP·AMP) = K'
  const auto s = state_energetics(m, alberty(), c, {}, cytosol());
  const auto& ak = s.reactions[*m.find_reaction("AK")];
  BOOST_TEST_REQUIRE(ak.gibbs.has_value());
  BOOST_TEST(std::abs(*ak.gibbs) < 1e-9);
  BOOST_TEST(*ak.disequilibrium == 1.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(ak.near_equilibrium);
  auto strict = cytosol();
  strict.near_equilibrium = 0.0;
  c[index_of(m, "C00008")] *= 1.5;
  BOOST_TEST(!state_energetics(m, alberty(), c, {}, strict).reactions[1].near_equilibrium);
}

BOOST_AUTO_TEST_CASE(missing_and_zero_concentrations_are_named_defaults_fill_in) {
  const auto& m = adenylates();
  std::vector<double> c(m.metabolites().size(), kNaN);
  c[index_of(m, "C00002")] = 3e-3;
  c[index_of(m, "C00008")] = 0.3e-3;
  c[index_of(m, "C00020")] = 0.0;
  auto s = state_energetics(m, alberty(), c, {}, cytosol());
  BOOST_TEST(!s.compartments[0].atp_hydrolysis.has_value());
  BOOST_TEST(s.compartments[0].note.find("Pi") != std::string::npos, s.compartments[0].note);
  BOOST_TEST(s.reactions[0].note.find("M_C00009_c") != std::string::npos, s.reactions[0].note);
  BOOST_TEST(!s.reactions[1].gibbs.has_value());  // AMP at 0: ln 0
  BOOST_TEST(s.reactions[1].note.find("infinite") != std::string::npos, s.reactions[1].note);
  BOOST_TEST(*s.compartments[0].energy_charge == (3.0 + 0.15) / 3.3,
             boost::test_tools::tolerance(1e-12));
  // A constant phosphate given by compound.
  s = state_energetics(m, alberty(), c, {{"C00009", 5e-3}}, cytosol());
  BOOST_TEST(s.compartments[0].atp_hydrolysis.has_value());
  BOOST_TEST(s.reactions[0].gibbs.has_value());
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  const auto& m = adenylates();
  std::vector<double> c(m.metabolites().size(), 1e-3);
  c[0] = -1.0;
  BOOST_CHECK_THROW((void)state_energetics(m, alberty(), c, {}, cytosol()), InputError);
  BOOST_CHECK_THROW((void)state_energetics(m, alberty(), {1e-3}, {}, cytosol()), InputError);
  c[0] = 1e-3;
  BOOST_CHECK_THROW((void)state_energetics(m, alberty(), c, {{"C00009", 0.0}}, cytosol()),
                    InputError);
  auto bad = cytosol();
  bad.conditions.default_compartment.pH = 20.0;
  BOOST_CHECK_THROW((void)state_energetics(m, alberty(), c, {}, bad), InputError);
}

}  // namespace ergon::thermo
