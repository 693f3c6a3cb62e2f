#include "engine/screen/mpi/mpi_runner.hpp"

#include <mpi.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/screen/screen_runner.hpp"

namespace ergon::screen::mpi {
namespace {

constexpr int kRequest = 1;  // worker -> 0: [has_result, index, status, values...]
constexpr int kAssign = 2;   // 0 -> worker: task position, or -1 when no work is left

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

void check_mpi(int code, const char* what) {
  if (code != MPI_SUCCESS) throw ComputationError(std::string("MPI: ") + what + " failed");
}

std::vector<double> pack(const TaskResult* r, std::size_t readouts) {
  std::vector<double> buffer(3 + readouts, 0.0);
  if (r != nullptr) {
    buffer[0] = 1;
    buffer[1] = static_cast<double>(r->index);
    buffer[2] = static_cast<double>(static_cast<int>(r->status));
    for (std::size_t k = 0; k < readouts; ++k) buffer[3 + k] = r->values[k];
  }
  return buffer;
}

TaskResult unpack(const std::vector<double>& buffer, std::size_t readouts) {
  TaskResult r{.index = static_cast<std::size_t>(buffer[1]),
               .status = static_cast<TaskStatus>(static_cast<int>(buffer[2])),
               .values = {}};
  r.values.assign(buffer.begin() + 3, buffer.begin() + 3 + static_cast<std::ptrdiff_t>(readouts));
  return r;
}

// Rank 0's dispatcher: answers requests without busy-polling a core (Irecv + Test + sleep),
// so the rank's own computing thread keeps its CPU.
void dispatch(std::deque<Task>& queue, std::mutex& lock, Journal& journal, std::size_t readouts,
              int workers, std::size_t& finished) {
  std::vector<double> buffer(3 + readouts);
  while (workers > 0) {
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Status status;
    check_mpi(MPI_Irecv(buffer.data(), static_cast<int>(buffer.size()), MPI_DOUBLE, MPI_ANY_SOURCE,
                        kRequest, MPI_COMM_WORLD, &request),
              "MPI_Irecv");
    int done = 0;
    while (done == 0) {
      check_mpi(MPI_Test(&request, &done, &status), "MPI_Test");
      if (done == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    long assign = -1;
    {
      const std::lock_guard guard(lock);
      if (buffer[0] != 0) {
        journal.append(unpack(buffer, readouts));
        ++finished;
      }
      if (!queue.empty()) {
        assign = static_cast<long>(queue.front().index);
        queue.pop_front();
      }
    }
    check_mpi(MPI_Send(&assign, 1, MPI_LONG, status.MPI_SOURCE, kAssign, MPI_COMM_WORLD),
              "MPI_Send");
    if (assign < 0) --workers;
  }
}

}  // namespace

void start_if_launched(int* argc, char*** argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized != 0 || !launched_by_mpi()) return;
  int provided = 0;
  check_mpi(MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  std::atexit([] {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized == 0) MPI_Finalize();
  });
}

int rank() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized == 0) return 0;
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int world_size() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized == 0) return 1;
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

void abort_job(int code) {
  if (world_size() > 1) MPI_Abort(MPI_COMM_WORLD, code);
}

std::size_t run_tasks(const ScreenSpec& spec, const std::vector<Task>& tasks, Journal* journal) {
  const std::size_t readouts = spec.readouts.size();
  if (world_size() == 1) return journal != nullptr ? screen::run_tasks(spec, tasks, *journal) : 0;

  if (rank() != 0) {
    const auto all = enumerate_tasks(spec);
    TaskRunner runner(spec);
    std::optional<TaskResult> last;
    std::size_t ran = 0;
    while (true) {
      auto request = pack(last ? &*last : nullptr, readouts);
      check_mpi(MPI_Send(request.data(), static_cast<int>(request.size()), MPI_DOUBLE, 0, kRequest,
                         MPI_COMM_WORLD),
                "MPI_Send");
      long assign = -1;
      check_mpi(MPI_Recv(&assign, 1, MPI_LONG, 0, kAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
                "MPI_Recv");
      if (assign < 0) break;
      last = runner.run(all.at(static_cast<std::size_t>(assign)));
      ++ran;
    }
    return ran;
  }

  if (journal == nullptr) throw InternalError("MPI rank 0 needs the journal");
  std::deque<Task> queue;
  for (const auto& task : tasks) {
    if (!journal->done().contains(task.index)) queue.push_back(task);
  }
  std::mutex lock;
  std::size_t finished = 0;
  std::exception_ptr error;
  std::thread dispatcher([&] {
    try {
      dispatch(queue, lock, *journal, readouts, world_size() - 1, finished);
    } catch (...) {
      error = std::current_exception();
    }
  });
  TaskRunner runner(spec);
  while (true) {
    Task task;
    {
      const std::lock_guard guard(lock);
      if (queue.empty()) break;
      task = queue.front();
      queue.pop_front();
    }
    const auto result = runner.run(task);
    const std::lock_guard guard(lock);
    journal->append(result);
    ++finished;
  }
  dispatcher.join();
  if (error) std::rethrow_exception(error);
  return finished;
}

}  // namespace ergon::screen::mpi
