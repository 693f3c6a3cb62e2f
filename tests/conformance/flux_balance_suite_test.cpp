// The flux-balance engine against the SBML Test Suite's 27 FluxBalanceSteadyState cases (fbc:
// objectives max/min and the active one among several, infinite bounds, infeasible LPs as NaN,
// initial assignments to bounds and stoichiometries), run as `ergon sbml-case` runs them and
// scored with the suite's rule. Every one must pass: there is no expected-failure list here.
#define BOOST_TEST_MODULE flux_balance_suite
#define BOOST_TEST_NO_MAIN
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/conformance/sbml_test_case.hpp"
#include "engine/core/error.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

namespace {

const fs::path kCases = fs::path(ergon::test::kSharedDir) / "sbml-test-suite" / "cases";

std::vector<std::string> steady_state_cases() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kCases, ec)) {
    if (!entry.is_directory()) continue;
    if (ergon::conformance::read_tags(entry.path()).test_type == "FluxBalanceSteadyState")
      out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) out.emplace_back("none");  // the main skips before any case runs
  return out;
}

}  // namespace

ERGON_TEST_MAIN_REQUIRING(kCases)

BOOST_DATA_TEST_CASE(flux_balance_steady_state, bdata::make(steady_state_cases()), name) {
  const fs::path dir = kCases / name;
  const auto settings = ergon::conformance::read_settings(ergon::conformance::settings_file(dir));
  BOOST_TEST_REQUIRE(settings.steady_state, name << ": settings read as a time course");
  try {
    const auto result = ergon::conformance::run_flux_balance_case(dir, settings);
    const auto verdict = ergon::conformance::score(result, dir, settings);
    BOOST_TEST(verdict.pass, name << ": " << verdict.reason);
  } catch (const ergon::Error& e) {
    BOOST_ERROR(name << " refused: " << e.what());
  }
}

BOOST_AUTO_TEST_CASE(all_27_cases_found) {
  BOOST_TEST(steady_state_cases().size() == 27U);
}
