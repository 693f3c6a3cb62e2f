// ergon built without MPI (ERGON_WITH_MPI=OFF): the world is this one process.
#include "engine/screen/mpi/mpi_runner.hpp"
#include "engine/screen/screen_runner.hpp"

namespace ergon::screen::mpi {

void start_if_launched(int* /*argc*/, char*** /*argv*/) {}
int rank() {
  return 0;
}
int world_size() {
  return 1;
}
void abort_job(int /*code*/) {}

std::size_t run_tasks(const ScreenSpec& spec, const std::vector<Task>& tasks, Journal* journal) {
  return journal != nullptr ? screen::run_tasks(spec, tasks, *journal) : 0;
}

}  // namespace ergon::screen::mpi
