#include "engine/screen/screen_runner.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "engine/fba/glpk_library.hpp"

namespace ergon::screen {

std::size_t run_tasks(const ScreenSpec& spec, const std::vector<Task>& tasks, Journal& journal,
                      const RunOptions& options) {
  std::vector<Task> pending;
  for (const auto& task : tasks) {
    if (!journal.done().contains(task.index)) pending.push_back(task);
  }
  if (pending.empty()) return 0;

  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex record;
  std::exception_ptr error;
  std::size_t finished = 0;
  auto worker = [&] {
    try {
      TaskRunner runner(spec);
      for (std::size_t i = next++; i < pending.size() && !failed; i = next++) {
        const auto result = runner.run(pending[i]);
        const std::lock_guard lock(record);
        journal.append(result);
        ++finished;
        if (options.progress) options.progress(finished, pending.size());
      }
    } catch (...) {
      const std::lock_guard lock(record);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  const std::size_t threads = std::max<std::size_t>(1, std::min(options.threads, pending.size()));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) {
    pool.emplace_back([&worker] {
      worker();  // its TaskRunner, and with it every LP of this thread, is gone on return
      fba::release_thread_solver();
    });
  }
  worker();
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
  return finished;
}

}  // namespace ergon::screen
