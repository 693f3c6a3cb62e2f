#pragma once
// Runs a screen's tasks on a pool of threads with dynamic distribution (a worker takes the next
// task when it is free, so one slow task never stalls a block), recording each result in the
// journal as it finishes. Results do not depend on the thread count.

#include <cstddef>
#include <functional>
#include <vector>

#include "engine/screen/journal.hpp"
#include "engine/screen/screen_spec.hpp"

namespace ergon::screen {

struct RunOptions {
  std::size_t threads = 1;
  /// Called from the recording thread after each task: (tasks done, tasks to do).
  std::function<void(std::size_t, std::size_t)> progress;
};

/// Runs every task of `tasks` that `journal` does not hold yet. Returns the number run.
std::size_t run_tasks(const ScreenSpec& spec, const std::vector<Task>& tasks, Journal& journal,
                      const RunOptions& options = {});

}  // namespace ergon::screen
