// The kinetic engine against the SBML Test Suite's TimeCourse cases, one Boost.Test case per
// SBML case, scored with the suite's own rule. Failures must be listed with a reason in
// expected_failures.tsv (so a regression is named), and the pass count may not fall below
// minimum_passes.txt. Each case runs in-process with a 10 s wall-clock budget.
// With ERGON_NATIVE=1 (and ERGON_CACHE_DIR) every case runs on the native tier where it can;
// the summary says how many did (docs/kinetic.md, "Native tier"). CI runs the bytecode.
#define BOOST_TEST_MODULE sbml_semantic_suite
#define BOOST_TEST_NO_MAIN
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "engine/conformance/sbml_test_case.hpp"
#include "engine/core/error.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
namespace bdata = boost::unit_test::data;

namespace {

const fs::path kCases = fs::path(ergon::test::kSharedDir) / "sbml-test-suite" / "cases";
const fs::path kHere = fs::path(ergon::test::kSourceDir) / "tests" / "conformance";
constexpr double kSecondsPerCase = 10.0;

std::vector<std::string> time_course_cases() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kCases, ec)) {
    if (!entry.is_directory()) continue;
    if (ergon::conformance::read_tags(entry.path()).test_type == "TimeCourse") {
      out.push_back(entry.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) out.emplace_back("none");  // the main skips before any case runs
  return out;
}

std::map<std::string, std::string> expected_failures() {
  std::map<std::string, std::string> out;
  std::ifstream in(kHere / "expected_failures.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    out[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
  }
  return out;
}

std::size_t minimum_passes() {
  std::ifstream in(kHere / "minimum_passes.txt");
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') return std::stoul(line);
  }
  return n;
}

struct Tally {
  std::size_t run = 0;
  std::size_t passed = 0;
  std::size_t native = 0;  ///< cases whose RHS ran as native code (ERGON_NATIVE=1)
  double slowest_seconds = 0.0;
  std::string slowest;
};
Tally& tally() {
  static Tally t;
  return t;
}

}  // namespace

ERGON_TEST_MAIN_REQUIRING(kCases)

BOOST_DATA_TEST_CASE(time_course, bdata::make(time_course_cases()), name) {
  static const auto known = expected_failures();
  const fs::path dir = kCases / name;
  ++tally().run;
  std::string failure;
  const auto started = std::chrono::steady_clock::now();
  try {
    const auto settings = ergon::conformance::read_settings(ergon::conformance::settings_file(dir));
    const auto trajectory = ergon::conformance::run_case(dir, {.time_budget = kSecondsPerCase});
    const auto verdict = ergon::conformance::score(trajectory, dir, settings);
    if (trajectory.native) ++tally().native;
    if (!verdict.pass) failure = verdict.reason;
  } catch (const ergon::Error& e) {
    failure = std::string("refused: ") + e.what();
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  BOOST_TEST(took.count() <= kSecondsPerCase, name << " took " << took.count() << " s");
  if (took.count() > tally().slowest_seconds) {
    tally().slowest_seconds = took.count();
    tally().slowest = name;
  }
  const auto listed = known.find(name);
  if (failure.empty()) {
    ++tally().passed;
    const bool unlisted = listed == known.end();
    BOOST_TEST(unlisted, name << " passes now: remove it from expected_failures.tsv");
  } else if (listed == known.end()) {
    BOOST_ERROR(name << " fails: " << failure);
  } else {
    BOOST_TEST_MESSAGE(name << " fails as expected (" << listed->second << "): " << failure);
  }
}

BOOST_AUTO_TEST_CASE(pass_count_not_below_committed_minimum) {
  const std::size_t minimum = minimum_passes();
  BOOST_TEST_MESSAGE(tally().passed << " of " << tally().run << " TimeCourse cases pass (minimum "
                                    << minimum << "); slowest " << tally().slowest << " in "
                                    << tally().slowest_seconds << " s; " << tally().native
                                    << " ran as native code");
  BOOST_TEST(minimum > 0U, "cannot read minimum_passes.txt");
  BOOST_TEST(tally().passed >= minimum);
}
