// Runs the Lua checks in tests/pathways/ (model yields, variant phenotypes, the kinetic model and
// its variants) through ergon's script runner, in-process; each script asserts and an
// assertion failure fails its case.
#define BOOST_TEST_MODULE pathways
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "scripting/lua/script_runner.hpp"
#include "support/test_paths.hpp"

namespace {
void run_check(const std::string& name) {
  const std::string root = ergon::test::kSourceDir;
  std::ostringstream errors;
  const int code = ergon::scripting::run_script(
      {.script = root + "/tests/pathways/" + name, .args = {"root=" + root}, .quiet = true},
      errors);
  BOOST_TEST(code == 0, name << ": " << errors.str());
}
}  // namespace

BOOST_AUTO_TEST_CASE(energy_model_yields) {
  run_check("energy_model_checks.lua");
}
BOOST_AUTO_TEST_CASE(variant_phenotypes) {
  run_check("variant_phenotypes.lua");
}
BOOST_AUTO_TEST_CASE(kinetic_model_steady_state_and_load) {
  run_check("kinetic_model_checks.lua");
}
BOOST_AUTO_TEST_CASE(kinetic_variant_phenotypes) {
  run_check("kinetic_variant_phenotypes.lua");
}
BOOST_AUTO_TEST_CASE(driving_force_of_normal_and_warburg_modes) {
  run_check("driving_force_checks.lua");
}

// The README's main job: runs, and its HDF5 file reads back with h5py as documented.
BOOST_AUTO_TEST_CASE(energy_budget_main_job) {
  const std::string root = ergon::test::kSourceDir;
  const auto out = std::filesystem::temp_directory_path() /
                   ("ergon_energy_budget_" + std::to_string(::getpid()) + ".h5");
  std::ostringstream errors;
  const int code =
      ergon::scripting::run_script({.script = root + "/pathways/experiments/energy_budget.lua",
                                    .args = {"out=" + out.string()},
                                    .quiet = true},
                                   errors);
  BOOST_TEST_REQUIRE(code == 0, errors.str());
  const std::string check =
      "/usr/bin/python3 " + root + "/tests/pathways/energy_budget_check.py " + out.string();
  BOOST_TEST(std::system(check.c_str()) == 0, check);
  std::filesystem::remove(out);
}
