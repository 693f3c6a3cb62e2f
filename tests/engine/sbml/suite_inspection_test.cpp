// Every semantic case of the SBML Test Suite (SBML nobody here wrote) must be read and pass
// libSBML's consistency checks through ergon's reader: no InputError, no error diagnostics.
#define BOOST_TEST_MODULE sbml_suite_inspection
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <map>

#include "engine/core/error.hpp"
#include "engine/sbml/model_summary.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;

namespace {
const fs::path kCases = fs::path(ergon::test::kSharedDir) / "sbml-test-suite" / "cases";
const fs::path kExpectedFailures =
    fs::path(ergon::test::kSourceDir) / "tests/engine/sbml/suite_inspection_expected_failures.tsv";

std::map<std::string, std::string> expected_failures() {
  std::map<std::string, std::string> out;
  std::ifstream in(kExpectedFailures);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    out[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
  }
  return out;
}

// The highest-level SBML file of a case, as `ergon sbml-case` picks it.
fs::path highest_level_file(const fs::path& case_dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(case_dir)) {
    const auto name = entry.path().filename().string();
    if (name.find("-sbml-l") != std::string::npos && name.ends_with(".xml") &&
        name.find("sedml") == std::string::npos) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files.empty() ? fs::path() : files.back();
}
}  // namespace

ERGON_TEST_MAIN_REQUIRING(kCases)

BOOST_AUTO_TEST_CASE(every_case_reads_without_errors) {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  BOOST_TEST_REQUIRE(cases.size() > 1000U);
  const auto expected = expected_failures();
  BOOST_TEST_REQUIRE(!expected.empty(), "cannot read " << kExpectedFailures);
  std::size_t read = 0;
  std::size_t known = 0;
  for (const auto& dir : cases) {
    const auto file = highest_level_file(dir);
    if (file.empty()) continue;
    bool clean = false;
    std::string why;
    try {
      const auto inspection = ergon::sbml::inspect_sbml_file(file);
      clean = ergon::count_at_least(inspection.diagnostics, ergon::Severity::error) == 0U;
      if (!clean) why = "error diagnostics";
    } catch (const ergon::InputError& e) {
      why = e.what();
    }
    const bool listed = expected.contains(dir.filename().string());
    if (listed) {
      ++known;
      BOOST_TEST(!clean, dir.filename().string()
                             << " now reads cleanly: remove it from " << kExpectedFailures);
    } else {
      BOOST_TEST(clean, file.filename().string() << ": " << why);
      if (clean) ++read;
    }
  }
  BOOST_TEST_MESSAGE("read " << read << " of " << cases.size() << " cases; " << known
                             << " known failures");
  BOOST_TEST(read + known == cases.size());
}
