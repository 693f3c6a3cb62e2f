// Validation of ΔrG'° against measurement: every row of NIST TECRDB's apparent equilibrium
// constants for central metabolism (../shared/thermo/tecrdb_central.tsv; Goldberg et al. 2004
// Bioinformatics 20:2874, NIST SRD 74) is predicted from the formation data at the row's own pH,
// ionic strength and pMg, and compared with −RT ln K'.
//
// Two predictions are made: Component Contribution 2013 (no Mg species) and Alberty 2006 (Mg
// species, so the row's pMg matters). CC-2013 was fitted to TECRDB, so its agreement is not
// independent; Alberty's tables largely are. The agreement is reported (stdout and
// thermo_tecrdb_report.tsv in the working directory), whatever it is: the only hard checks are
// that the transform reproduces the data pack's own CC-2013 column (an independent Python
// implementation: a cross-implementation check) and that every row is either compared or
// counted with the reason it was not.
#define BOOST_TEST_MODULE thermo_tecrdb_validation
#define BOOST_TEST_NO_MAIN
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "support/test_main.hpp"
#include "thermo/kegg_model.hpp"

namespace ergon::thermo {
namespace {

std::filesystem::path thermo_dir() {
  return std::filesystem::path(test::kSharedDir) / "thermo";
}

struct Row {
  std::string pathway, enzyme, equation;
  std::optional<double> temperature, pH, ionic_strength, pMg, observed, pack_cc2013;
};

std::optional<double> number(const std::string& field) {
  if (field.empty()) return std::nullopt;
  try {
    return std::stod(field);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<Row> read_rows() {
  std::ifstream in(thermo_dir() / "tecrdb_central.tsv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream h(line);
    std::string f;
    while (std::getline(h, f, '\t')) header.push_back(f);
  }
  const auto col = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    BOOST_TEST_REQUIRE((it != header.end()), "column " << name);
    return static_cast<std::size_t>(it - header.begin());
  };
  const auto c_path = col("pathway");
  const auto c_enz = col("enzyme");
  const auto c_eq = col("reaction_kegg");
  const auto c_t = col("T_K");
  const auto c_ph = col("pH");
  const auto c_i = col("I_M");
  const auto c_mg = col("pMg");
  const auto c_obs = col("dG_prime0_obs_kJ_per_mol");
  const auto c_cc = col("cc2013_dG_prime0_same_pH_I_298K_kJ_per_mol");
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream s(line);
    std::string x;
    while (std::getline(s, x, '\t')) f.push_back(x);
    f.resize(header.size());
    rows.push_back({f[c_path], f[c_enz], f[c_eq], number(f[c_t]), number(f[c_ph]), number(f[c_i]),
                    number(f[c_mg]), number(f[c_obs]), number(f[c_cc])});
  }
  return rows;
}

Conditions conditions_of(const Row& row, bool use_mg) {
  Conditions c;
  c.default_compartment = {.pH = *row.pH,
                           .ionic_strength = row.ionic_strength.value_or(0.0),
                           .pMg = use_mg ? row.pMg.value_or(14.0) : 14.0};
  return c;
}

// True when ergon accepts the row's conditions (extended Debye–Hückel to I 0.5 M, pMg 0–14).
bool in_range(const Conditions& c) {
  try {
    validate(c);
    return true;
  } catch (const InputError&) {
    return false;
  }
}

std::optional<double> predict(const Row& row, const FormationData& data, bool use_mg) {
  const auto model = test::kegg_model({{"R", row.equation}});
  return reaction_energies(model, data, conditions_of(row, use_mg)).at(0).standard;
}

double percentile(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  return x[static_cast<std::size_t>(std::lround(p * static_cast<double>(x.size() - 1)))];
}

struct Agreement {
  std::vector<double> absolute;  // |predicted − observed|
  std::size_t not_covered = 0;   // a compound without data in this source
};

void summarise(const char* what, const Agreement& a) {
  std::cout << std::fixed << std::setprecision(2) << what << ": " << a.absolute.size()
            << " rows compared, " << a.not_covered << " not covered; |dG'0 predicted - measured| "
            << "median " << percentile(a.absolute, 0.5) << ", 90th percentile "
            << percentile(a.absolute, 0.9) << ", max " << percentile(a.absolute, 1.0)
            << " kJ/mol; within 3 kJ/mol: "
            << 100.0 *
                   static_cast<double>(std::count_if(a.absolute.begin(), a.absolute.end(),
                                                     [](double d) { return d <= 3.0; })) /
                   static_cast<double>(a.absolute.size())
            << " %\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(predicted_standard_energies_against_measured_equilibrium_constants) {
  const auto cc =
      read_formation_data(thermo_dir() / "formation_species.tsv", {}, {.sources = {"CC2013"}});
  const auto alberty =
      read_formation_data(thermo_dir() / "formation_species.tsv", {}, {.sources = {"Alberty2006"}});
  const auto rows = read_rows();
  BOOST_TEST_REQUIRE(rows.size() > 2000U);

  Agreement with_cc;
  Agreement with_alberty;
  std::size_t no_ph = 0;
  std::size_t out_of_range = 0;
  std::size_t checked_against_pack = 0;
  double worst_pack_difference = 0.0;
  // Per reaction: observed − predicted (CC-2013) of every row, and the rows' conditions.
  struct PerReaction {
    std::string pathway, enzyme;
    std::vector<double> cc_error, alberty_error;
    std::size_t without_ionic_strength = 0, with_pMg = 0, far_from_298 = 0;
  };
  std::map<std::string, PerReaction> reactions;

  for (const auto& row : rows) {
    if (!row.pH || !row.observed) {
      ++no_ph;
      continue;
    }
    if (!in_range(conditions_of(row, true))) {
      ++out_of_range;
      continue;
    }
    auto& per = reactions[row.equation];
    per.pathway = row.pathway;
    per.enzyme = row.enzyme;
    if (!row.ionic_strength) ++per.without_ionic_strength;
    if (row.pMg) ++per.with_pMg;
    if (row.temperature && std::abs(*row.temperature - standard_temperature) > 10.0)
      ++per.far_from_298;

    const auto p_cc = predict(row, cc, false);
    if (p_cc) {
      with_cc.absolute.push_back(std::abs(*p_cc - *row.observed));
      per.cc_error.push_back(*p_cc - *row.observed);
      if (row.pack_cc2013) {
        ++checked_against_pack;
        worst_pack_difference = std::max(worst_pack_difference, std::abs(*p_cc - *row.pack_cc2013));
      }
    } else {
      ++with_cc.not_covered;
    }
    const auto p_alberty = predict(row, alberty, true);
    if (p_alberty) {
      with_alberty.absolute.push_back(std::abs(*p_alberty - *row.observed));
      per.alberty_error.push_back(*p_alberty - *row.observed);
    } else {
      ++with_alberty.not_covered;
    }
  }

  std::cout << rows.size() << " TECRDB rows, " << no_ph << " without pH or K', " << out_of_range
            << " with I > 0.5 M or pMg outside 0-14 (not compared)\n";
  summarise("CC-2013 (no Mg; fitted to TECRDB)", with_cc);
  summarise("Alberty 2006 (Mg at the row's pMg; largely independent)", with_alberty);

  // The report: one line per reaction, median signed error (predicted − measured) of each source.
  std::ofstream report("thermo_tecrdb_report.tsv");
  report << "reaction_kegg\tpathway\tenzyme\trows\tcc2013_median_error\talberty_median_error\t"
            "rows_without_I\trows_with_pMg\trows_T_off_298K_by_10K\n";
  std::cout << "reactions whose CC-2013 median error exceeds 3 kJ/mol:\n";
  for (const auto& [equation, per] : reactions) {
    const auto median = [](const std::vector<double>& x) {
      return x.empty() ? std::string("") : std::to_string(percentile(x, 0.5));
    };
    report << equation << '\t' << per.pathway << '\t' << per.enzyme << '\t'
           << std::max(per.cc_error.size(), per.alberty_error.size()) << '\t'
           << median(per.cc_error) << '\t' << median(per.alberty_error) << '\t'
           << per.without_ionic_strength << '\t' << per.with_pMg << '\t' << per.far_from_298
           << '\n';
    if (!per.cc_error.empty() && std::abs(percentile(per.cc_error, 0.5)) > 3.0)
      std::cout << "  " << per.enzyme << " (" << equation << "): " << median(per.cc_error)
                << " kJ/mol over " << per.cc_error.size() << " rows; " << per.with_pMg
                << " with pMg, " << per.without_ionic_strength << " without I, " << per.far_from_298
                << " more than 10 K from 298 K\n";
  }

  // Every row is accounted for.
  BOOST_TEST(with_cc.absolute.size() + with_cc.not_covered + no_ph + out_of_range == rows.size());
  BOOST_TEST(with_alberty.absolute.size() + with_alberty.not_covered + no_ph + out_of_range ==
             rows.size());
  // Cross-implementation check of the transform: the data pack's CC-2013 column was computed
  // at each row's pH and I (0 when not reported), 298.15 K, without Mg, as here.
  BOOST_TEST(checked_against_pack > 2000U);
  BOOST_TEST(worst_pack_difference < 0.05, "worst difference " << worst_pack_difference);
}

}  // namespace ergon::thermo

ERGON_TEST_MAIN_REQUIRING(ergon::thermo::thermo_dir() / "tecrdb_central.tsv",
                          ergon::thermo::thermo_dir() / "formation_species.tsv")
