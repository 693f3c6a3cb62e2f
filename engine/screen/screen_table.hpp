#pragma once
// The result table of a finished screen (one row per target × dose × condition, in task
// order) and its scores: inhibition relative to the unperturbed condition, IC50 from the
// dose-response, selectivity of condition A over condition B, ranked.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "engine/screen/screen_spec.hpp"
#include "engine/screen/task_runner.hpp"

namespace ergon::screen {

struct ScreenTable {
  std::vector<std::string> condition;
  std::vector<std::string> target;
  std::vector<std::string> target_kind;  ///< "gene" or "reaction"
  std::vector<double> dose;
  std::vector<std::string> status;
  std::vector<std::vector<double>> values;    ///< per readout, one value per row
  std::vector<std::vector<double>> baseline;  ///< per condition, per readout (unperturbed)
};

/// Assembles the table from `done` (which must hold every task: InputError names how many are
/// missing) and the unperturbed baselines.
[[nodiscard]] ScreenTable make_table(const ScreenSpec& spec,
                                     const std::map<std::size_t, TaskResult>& done,
                                     std::vector<std::vector<double>> baseline);

struct TargetScore {
  std::string target;
  std::string kind;
  std::vector<double> ic50;  ///< per condition: dose giving 50 % inhibition; NaN if never reached
  std::vector<std::vector<double>> inhibition;  ///< per condition, per dose: 1 - value / baseline
  double selectivity = 0.0;                     ///< max over doses of inhibition(A) - inhibition(B)
  double best_dose = 0.0;                       ///< where that maximum is reached
};

/// Scores every target on readout `readout` for condition `a` against condition `b` (for a
/// single-condition screen, b = a and selectivity is the inhibition itself), ranked by
/// selectivity, then by lower IC50 in `a`, then by target id.
[[nodiscard]] std::vector<TargetScore> score(const ScreenSpec& spec, const ScreenTable& table,
                                             std::size_t readout, std::size_t a, std::size_t b);

/// The ranked summary as CSV text.
[[nodiscard]] std::string ranked_csv(const ScreenSpec& spec, const std::vector<TargetScore>& scores,
                                     std::size_t a, std::size_t b);

}  // namespace ergon::screen
