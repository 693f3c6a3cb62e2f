#pragma once
// Runs screen tasks on one thread: one live LP per condition, built once, with the
// condition's edits and its unperturbed parsimonious optimum (the 100 % capacities).

#include <memory>
#include <vector>

#include "engine/fba/flux_balance.hpp"
#include "engine/fba/solver_types.hpp"
#include "engine/screen/screen_spec.hpp"

namespace ergon::screen {

struct TaskResult {
  std::size_t index = 0;
  fba::Status status = fba::Status::numerical_failure;
  std::vector<double> values;  ///< one per readout; NaN unless optimal
};

/// Not thread-safe: one per worker thread (or MPI rank).
class TaskRunner {
 public:
  explicit TaskRunner(const ScreenSpec& spec);
  ~TaskRunner();
  TaskRunner(TaskRunner&&) noexcept;
  TaskRunner& operator=(TaskRunner&&) noexcept;

  [[nodiscard]] TaskResult run(const Task& task);
  /// Readouts of condition `condition` unperturbed (its parsimonious optimum): the 100 % level
  /// that inhibition is measured against. NaN when that optimum does not exist.
  [[nodiscard]] std::vector<double> baseline(std::size_t condition) const;

 private:
  struct ConditionState;
  const ScreenSpec* spec_;
  std::vector<std::unique_ptr<ConditionState>> conditions_;
};

}  // namespace ergon::screen
