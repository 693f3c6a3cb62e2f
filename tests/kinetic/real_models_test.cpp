// Published kinetic models from ../shared/models/kinetic (SOURCES.md there says what each
// reproduces): every SBML file simulates 0..100 time units without error (or is listed in
// real_models_expected.tsv with the element its failure must name, and why); Teusink 2000 reaches
// the steady state of its curation notes; Hynne 2001 oscillates as in its Fig. 6.
#define BOOST_TEST_MODULE kinetic_real_models
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

#include "engine/kinetic/compiled_model.hpp"
#include "engine/kinetic/integrator.hpp"
#include "engine/kinetic/simulation.hpp"
#include "engine/sbml/model_reader.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
using namespace ergon;

namespace {

const fs::path kModels = fs::path(test::kSharedDir) / "models" / "kinetic";

// model file -> text its failure message must contain (the element at fault)
std::map<std::string, std::string> expected_failures() {
  std::map<std::string, std::string> out;
  std::ifstream in(fs::path(test::kSourceDir) / "tests/kinetic/real_models_expected.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    const auto second = line.find('\t', tab + 1);
    out[line.substr(0, tab)] = line.substr(tab + 1, second - tab - 1);
  }
  return out;
}

kinetic::Trajectory run(const fs::path& file, double end, std::size_t intervals) {
  const auto model = sbml::read_model(file).model;
  return kinetic::simulate(
      model, {.start = 0, .end = end, .intervals = intervals, .rtol = 1e-8, .atol = 1e-10});
}

double column(const kinetic::Trajectory& t, const std::string& id, std::size_t row) {
  const auto it = std::find(t.names.begin(), t.names.end(), id);
  BOOST_TEST_REQUIRE((it != t.names.end()), "no column " << id);
  return t.at(row, static_cast<std::size_t>(it - t.names.begin()));
}

}  // namespace

ERGON_TEST_MAIN_REQUIRING(kModels)

BOOST_AUTO_TEST_CASE(every_published_model_simulates) {
  const auto expected = expected_failures();
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kModels)) {
    if (entry.path().extension() != ".xml") continue;  // the CellML files are not SBML
    const auto name = entry.path().filename().string();
    const auto t = run(entry.path(), 100.0, 100);
    if (expected.contains(name)) {
      BOOST_TEST(!t.ok(), name << " now simulates: remove it from real_models_expected.tsv");
      BOOST_TEST(t.message.find(expected.at(name)) != std::string::npos,
                 name << ": '" << t.message << "' does not say '" << expected.at(name) << "'");
    } else {
      BOOST_TEST(t.ok(), name << ": " << t.message);
    }
    ++checked;
  }
  BOOST_TEST(checked >= 15U);
}

// Curation notes of BIOMD0000000064 (../shared/models/SOURCES.md): the model's steady state,
// given to 2-3 significant digits, so the tolerance is 2 % or half a unit of the last digit.
BOOST_AUTO_TEST_CASE(teusink_2000_steady_state) {
  const auto t = run(kModels / "teusink2000_glycolysis.xml", 5000.0, 1);
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  const std::pair<const char*, double> reference[] = {
      {"G6P", 1.03}, {"F6P", 0.11}, {"F16P", 0.60}, {"P3G", 0.36}, {"P2G", 0.04},
      {"PEP", 0.07}, {"PYR", 8.52}, {"ACE", 0.17},  {"ATP", 2.51}, {"ADP", 1.29},
      {"AMP", 0.30}, {"NAD", 1.55}, {"NADH", 0.04}};
  for (const auto& [id, value] : reference) {
    const double simulated = column(t, id, 1);
    BOOST_TEST(std::abs(simulated - value) <= std::max(0.02 * value, 0.005),
               id << ": " << simulated << " vs " << value);
  }
}

// Hynne, Danø & Sørensen 2001 Fig. 6: sustained oscillations (period about 0.6 min).
BOOST_AUTO_TEST_CASE(hynne_2001_oscillates) {
  const auto t = run(kModels / "hynne2001_glycolysis.xml", 20.0, 2000);
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  std::vector<double> peaks;
  double low = 1e300;
  double high = -1e300;
  for (std::size_t r = 1000; r + 1 < t.times.size(); ++r) {  // after the transient, t >= 10
    const double x = column(t, "ATP", r);
    low = std::min(low, x);
    high = std::max(high, x);
    if (x > column(t, "ATP", r - 1) && x > column(t, "ATP", r + 1)) peaks.push_back(t.times[r]);
  }
  BOOST_TEST_REQUIRE(peaks.size() >= 10U);
  const double period = (peaks.back() - peaks.front()) / static_cast<double>(peaks.size() - 1);
  BOOST_TEST(period > 0.5);
  BOOST_TEST(period < 0.8);
  BOOST_TEST((high - low) / high > 0.05, "ATP amplitude " << high - low);
}

// van Beek 2007 is refused because J_hyd's piecewise has no otherwise and its floating-point
// modulo leaves the pieces' range at isolated times (real_models_expected.tsv). With the
// otherwise its last piece implies (0) it simulates 0..100 and agrees with libRoadRunner's
// trajectory (reference-roadrunner/, rtol 1e-6) to the agreement that README promises
// (~1e-4 relative): the missing otherwise is the model's only fault.
BOOST_AUTO_TEST_CASE(vanbeek_2007_with_an_otherwise_matches_roadrunner) {
  auto model = sbml::read_model(kModels / "vanbeek2007_oxphos_heart.xml").model;
  const auto rule = std::find_if(model.rules.begin(), model.rules.end(),
                                 [](const Rule& r) { return r.variable == "J_hyd"; });
  BOOST_TEST_REQUIRE((rule != model.rules.end()));
  BOOST_TEST_REQUIRE((rule->math.op == Op::piecewise && rule->math.args.size() % 2 == 0));
  rule->math.args.push_back(Expression::number(0.0));
  const auto t = kinetic::simulate(
      model, {.start = 0, .end = 100, .intervals = 100, .rtol = 1e-8, .atol = 1e-10});
  BOOST_TEST_REQUIRE(t.ok(), t.message);
  std::ifstream in(kModels /
                   "reference-roadrunner/vanbeek2007_oxphos_heart.roadrunner_t0-100_101pts.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::size_t start = 0, comma = 0; comma != std::string::npos; start = comma + 1) {
    comma = line.find(',', start);
    header.push_back(line.substr(start, comma - start));
  }
  std::size_t row = 0;
  for (; std::getline(in, line); ++row) {
    std::size_t start = 0;
    for (std::size_t k = 0; k < header.size(); ++k) {
      const std::size_t comma = line.find(',', start);
      const double reference = std::stod(line.substr(start, comma - start));
      start = comma + 1;
      if (k == 0) continue;
      BOOST_TEST(column(t, header[k], row) == reference, boost::test_tools::tolerance(1e-4));
    }
  }
  BOOST_TEST(row == 101U);
}

// The symbolic Jacobian of every published model that has one, against central differences
// of the same right-hand side at the start and after 10 time units.
BOOST_AUTO_TEST_CASE(analytic_jacobians_match_finite_differences) {
  const auto expected = expected_failures();
  std::size_t with_jacobian = 0;
  for (const auto& entry : fs::directory_iterator(kModels)) {
    if (entry.path().extension() != ".xml") continue;
    const auto name = entry.path().filename().string();
    if (expected.contains(name)) continue;
    const auto compiled = kinetic::CompiledModel::compile(sbml::read_model(entry.path()).model);
    kinetic::Integrator run(compiled, {.rtol = 1e-8, .atol = 1e-10});
    const std::size_t n = compiled->state_ids().size();
    std::vector<double> analytic(n * n), plus(n), minus(n);
    if (n == 0 || !run.jacobian(0.0, run.state(), analytic)) continue;
    ++with_jacobian;
    for (const double t : {0.0, 10.0}) {
      run.advance_to(t);
      const auto y = run.state();
      double largest = 1e-12;
      for (const double v : y) largest = std::max(largest, std::fabs(v));
      BOOST_TEST_REQUIRE(run.jacobian(t, y, analytic));
      // Central differences at several steps (on the state's own scale and on the model's):
      // no single step suits every entry of stiff models (rounding for small steps,
      // truncation or leaving the domain for large ones); the best must agree.
      std::vector<std::vector<double>> differences;  // per step: column j of the FD Jacobian
      for (std::size_t j = 0; j < n; ++j) {
        differences.clear();
        for (const double h :
             {1e-4 * std::fabs(y[j]), 1e-5 * std::fabs(y[j]), 1e-6 * std::fabs(y[j]),
              1e-7 * std::fabs(y[j]), 1e-6 * largest, 1e-8 * largest}) {
          if (!(h > 0.0)) continue;
          auto yp = y, ym = y;
          yp[j] += h;
          ym[j] -= h;
          run.rhs(t, yp, plus);
          run.rhs(t, ym, minus);
          std::vector<double> column(n);
          for (std::size_t i = 0; i < n; ++i) column[i] = (plus[i] - minus[i]) / (2.0 * h);
          differences.push_back(column);
        }
        for (std::size_t i = 0; i < n; ++i) {
          double row = 0.0;  // the row's scale: entries far below it are rounding in the FD
          for (std::size_t k = 0; k < n; ++k) row = std::max(row, std::fabs(analytic[i * n + k]));
          const double exact = analytic[i * n + j];
          double best = std::numeric_limits<double>::quiet_NaN();
          for (const auto& column : differences) {
            if (std::isfinite(column[i]) &&
                !(std::fabs(column[i] - exact) >= std::fabs(best - exact)))
              best = column[i];
          }
          BOOST_TEST(std::fabs(exact - best) <=
                         1e-4 * std::max(std::fabs(exact), std::fabs(best)) + 1e-6 * row,
                     name << " d " << compiled->state_ids()[i] << " / d "
                          << compiled->state_ids()[j] << " at t = " << t << ": analytic " << exact
                          << ", finite difference " << best);
        }
      }
    }
  }
  BOOST_TEST(with_jacobian >= 10U);
}
