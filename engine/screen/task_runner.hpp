#pragma once
// Runs screen tasks on one thread. Flux-balance: one live LP per condition, built once, with the
// condition's edits and its unperturbed parsimonious optimum (the 100 % capacities); each task
// solves a fresh LP from that optimum's basis. Kinetic: each task inhibits the condition's
// model (kinetic::inhibit) and simulates it. Either way a task's result depends on the task
// alone, never on what the runner did before.

#include <memory>
#include <vector>

#include "engine/fba/flux_balance.hpp"
#include "engine/fba/solver_types.hpp"
#include "engine/screen/screen_spec.hpp"

namespace ergon::screen {

struct TaskResult {
  std::size_t index = 0;
  TaskStatus status = TaskStatus::numerical_failure;
  std::vector<double> values;  ///< one per readout; NaN unless optimal/steady (not_steady: kept)
};

/// Not thread-safe: one per worker thread (or MPI rank).
class TaskRunner {
 public:
  explicit TaskRunner(const ScreenSpec& spec);
  ~TaskRunner();
  TaskRunner(TaskRunner&&) noexcept;
  TaskRunner& operator=(TaskRunner&&) noexcept;

  [[nodiscard]] TaskResult run(const Task& task);
  /// Readouts of condition `condition` unperturbed (its parsimonious optimum, or its kinetic
  /// steady state): the 100 % level that inhibition is measured against. NaN when that optimum
  /// or steady state does not exist.
  [[nodiscard]] std::vector<double> baseline(std::size_t condition) const;

 private:
  struct ConditionState;
  struct FluxBalanceState;
  struct KineticState;
  const ScreenSpec* spec_;
  std::vector<std::unique_ptr<ConditionState>> conditions_;
};

}  // namespace ergon::screen
