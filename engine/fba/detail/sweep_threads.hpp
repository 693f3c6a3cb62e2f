#pragma once
// Sweeps (FVA, deletions) split into fixed blocks of work, each started from the same saved
// state, so that results do not depend on how many threads run the blocks or in which order.
// Each thread owns its LPs: GLPK problems are not shared between threads.

#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/fba/flux_balance.hpp"
#include "engine/fba/glpk_library.hpp"

namespace ergon::fba::detail {

/// The state of a FluxBalance (bounds, objective, options) taken on the calling thread, from
/// which other threads build their own copies while the original goes on changing.
struct LpSnapshot {
  const FluxBalance* original = nullptr;  ///< only its immutable model is read later
  SolverOptions options;
  std::vector<FluxBounds> bounds;
  std::vector<double> objective;
  ObjectiveSense sense = ObjectiveSense::maximize;
  SimplexBasis basis;

  [[nodiscard]] static LpSnapshot of(const FluxBalance& balance);
  /// A new FluxBalance of the same model in this state, its next solve starting from `basis`.
  /// Call it on the thread that will use (and destroy) the copy.
  [[nodiscard]] std::unique_ptr<FluxBalance> replica() const;
};

/// The FluxBalance a sweep worker on `thread` solves on: the caller's `original` on thread 0,
/// else a replica of `snapshot` made here, on that thread, and kept alive in `own`.
inline FluxBalance* thread_balance(std::size_t thread, FluxBalance& original,
                                   const LpSnapshot& snapshot, std::unique_ptr<FluxBalance>& own) {
  if (thread == 0) return &original;
  own = snapshot.replica();
  return own.get();
}

/// Runs blocks 0..blocks-1 on up to `threads` threads. `make_worker(thread)` is called once on
/// each thread (thread 0 is the caller's) and returns an object whose operator()(block) does
/// one block; blocks are handed out in order as threads become free. The first exception
/// stops the sweep and is rethrown here.
template <class MakeWorker>
void for_each_block(std::size_t blocks, std::size_t threads, MakeWorker make_worker) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex guard;
  std::exception_ptr error;
  auto work = [&](std::size_t thread) {
    try {
      auto worker = make_worker(thread);
      for (std::size_t b = next++; b < blocks && !failed; b = next++) worker(b);
    } catch (...) {
      const std::lock_guard lock(guard);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  const std::size_t count = std::max<std::size_t>(1, std::min(threads, blocks));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < count; ++t) {
    pool.emplace_back([&work, t] {
      work(t);  // the worker, and every LP it made, is gone on return
      release_thread_solver();
    });
  }
  work(0);
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace ergon::fba::detail
