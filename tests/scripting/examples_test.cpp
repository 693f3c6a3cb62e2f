// Every example script in scripting/examples/ runs through the CLI, and the file it writes is
// read back with h5py by its checker tests/scripting/examples/<name>_check.py (values, names,
// shapes, attributes). An example without a checker fails the test.
#define BOOST_TEST_MODULE scripting_examples
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "support/run_command.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;

namespace {
const fs::path kPython = "/usr/bin/python3";
const fs::path kExamples = fs::path(ergon::test::kSourceDir) / "scripting/examples";
const fs::path kCheckers = fs::path(ergon::test::kSourceDir) / "tests/scripting/examples";
}  // namespace

ERGON_TEST_MAIN_REQUIRING(kPython)

BOOST_AUTO_TEST_CASE(every_example_runs_and_its_file_checks_out) {
  std::vector<fs::path> examples;
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    if (entry.path().extension() == ".lua") examples.push_back(entry.path());
  }
  std::sort(examples.begin(), examples.end());
  BOOST_TEST_REQUIRE(!examples.empty());
  const fs::path dir = fs::temp_directory_path() / ("ergon_examples_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const auto& example : examples) {
    const std::string name = example.stem().string();
    const fs::path out = dir / (name + ".h5");
    const fs::path checker = kCheckers / (name + "_check.py");
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST_REQUIRE(fs::exists(checker), "no checker " << checker);
      const auto run = ergon::test::run_ergon("run --quiet '" + example.string() + "' out='" +
                                              out.string() + "'");
      BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
      const std::string check =
          kPython.string() + " '" + checker.string() + "' '" + out.string() + "'";
      BOOST_TEST(std::system(check.c_str()) == 0, "checker failed: " << check);
    }
  }
  fs::remove_all(dir);
}
