#pragma once
// Screens over MPI ranks (Open MPI): rank 0 keeps the journal and hands out tasks one at a time
// to whichever rank asks (dynamic distribution: a slow task never stalls a static block) while
// computing tasks itself; the other ranks compute and send results back. The only code in
// ergon that sees MPI. Built without MPI (ERGON_WITH_MPI=OFF) the world is one rank.

#include <cstddef>
#include <vector>

#include "engine/screen/journal.hpp"
#include "engine/screen/screen_spec.hpp"

namespace ergon::screen::mpi {

/// Starts MPI when the process was launched by mpirun/srun (Open MPI sets
/// OMPI_COMM_WORLD_SIZE; Slurm's PMI sets PMI_SIZE); finalizes at exit. Idempotent.
void start_if_launched(int* argc, char*** argv);
[[nodiscard]] int rank();        ///< 0 without MPI
[[nodiscard]] int world_size();  ///< 1 without MPI
/// Ends every rank of the job with `code` (MPI_Abort) when running under MPI with more than one
/// rank; otherwise returns. A rank that fails alone would leave the others waiting forever.
void abort_job(int code);

/// Runs `tasks` over all ranks. On rank 0 `journal` must be open and receives every result;
/// other ranks pass nullptr. Returns the number of tasks run (on rank 0: in total).
std::size_t run_tasks(const ScreenSpec& spec, const std::vector<Task>& tasks, Journal* journal);

}  // namespace ergon::screen::mpi
