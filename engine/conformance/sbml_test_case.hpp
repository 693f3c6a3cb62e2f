#pragma once
// The SBML Test Suite's semantic cases as data: a case folder's settings, its model file,
// running it with the kinetic engine (TimeCourse) or as flux balance (FluxBalanceSteadyState),
// the suite's CSV, and the suite's scoring rule
// (|expected - actual| <= absolute + relative * |expected|; NaN meets NaN, INF the same INF).

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/kinetic/simulation.hpp"

namespace ergon::conformance {

/// NNNNN-settings.txt.
struct CaseSettings {
  double start = 0.0;
  double duration = 0.0;
  std::size_t steps = 0;
  std::vector<std::string> variables;
  double absolute = 0.0;
  double relative = 0.0;
  std::vector<std::string> amount;
  std::vector<std::string> concentration;
  /// No steps and no duration: a FluxBalanceSteadyState case (one row, no time column).
  bool steady_state = false;
};

/// Reads a settings file; throws InputError when it is missing or malformed.
[[nodiscard]] CaseSettings read_settings(const std::filesystem::path& file);

/// The case's settings file (NNNNN-settings.txt in `case_dir`).
[[nodiscard]] std::filesystem::path settings_file(const std::filesystem::path& case_dir);

/// The highest Level/Version SBML file in `case_dir` (NNNNN-sbml-lXvY.xml).
[[nodiscard]] std::filesystem::path model_file(const std::filesystem::path& case_dir);

/// Simulation options a case asks for; `base` supplies tolerances and the time budget.
[[nodiscard]] kinetic::SimulationOptions case_options(const CaseSettings& settings,
                                                      kinetic::SimulationOptions base = {});

/// Reads and simulates a case folder. InputError for a model the engine refuses.
[[nodiscard]] kinetic::Trajectory run_case(const std::filesystem::path& case_dir,
                                           const kinetic::SimulationOptions& base = {});

/// Writes `time,<names>` then one row per output time, with NaN / INF / -INF as the suite
/// spells them, 17 significant digits.
void write_csv(const kinetic::Trajectory& trajectory, std::ostream& out);

struct CaseVerdict {
  bool pass = false;
  std::string reason;  ///< empty on pass
};

/// Compares a trajectory with NNNNN-results.csv under the case's tolerances.
[[nodiscard]] CaseVerdict score(const kinetic::Trajectory& trajectory,
                                const std::filesystem::path& case_dir,
                                const CaseSettings& settings);

/// A FluxBalanceSteadyState case's answer: the settings' variables (reaction fluxes and
/// objective values) at the optimum of the active objective; NaN when there is none.
struct SteadyStateResult {
  std::string status;              ///< the LP's status, e.g. "optimal", "infeasible"
  std::vector<std::string> names;  ///< the settings' variables, in order
  std::vector<double> values;      ///< one per name
};

/// Reads a case's model as a constraint-based model (fbc) and solves FBA on its active
/// objective. InputError for a variable that is neither a reaction nor an objective.
[[nodiscard]] SteadyStateResult run_flux_balance_case(const std::filesystem::path& case_dir,
                                                      const CaseSettings& settings);

/// Writes `<names>` then the one row of values, spelled as for time courses.
void write_csv(const SteadyStateResult& result, std::ostream& out);

/// Compares with NNNNN-results.csv (no time column) under the case's tolerances.
[[nodiscard]] CaseVerdict score(const SteadyStateResult& result,
                                const std::filesystem::path& case_dir,
                                const CaseSettings& settings);

/// componentTags and testTags of NNNNN-model.m, and its testType.
struct CaseTags {
  std::string test_type;
  std::vector<std::string> tags;
};
[[nodiscard]] CaseTags read_tags(const std::filesystem::path& case_dir);

}  // namespace ergon::conformance
