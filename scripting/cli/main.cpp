// ergon's single executable. Exit codes (see engine/core/error.hpp):
//   0 success, 1 computation failed, 2 bad input or usage, 3 internal error.

#include <exception>
#include <iostream>
#include <new>

#include "engine/core/error.hpp"
#include "engine/screen/mpi/mpi_runner.hpp"
#include "scripting/cli/commands.hpp"

namespace {

constexpr const char* kFooter =
    "Exit codes: 0 success, 1 computation failed (solver failure, infeasible),\n"
    "            2 bad input or usage, 3 internal error (a bug: please report it).";

int run(int argc, char** argv) {
  CLI::App app{"ergon: flux-balance and kinetic simulation of energy metabolism", "ergon"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.set_version_flag("--version", ergon::cli::version_text());
  int exit_code = 0;
  ergon::cli::register_info_command(app);
  ergon::cli::register_run_command(app, exit_code);
  ergon::cli::register_kinetic_commands(app);
  ergon::cli::register_fba_commands(app);
  ergon::cli::register_thermo_commands(app);
  ergon::cli::register_screen_commands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help/version or the usage error
    return code == 0 ? 0 : static_cast<int>(ergon::ExitCode::bad_input);
  }
  return exit_code;
}

}  // namespace

namespace {

// Prints the failure and returns its exit code; under MPI, ends the whole job with it.
int fail(const std::string& message, ergon::ExitCode code) {
  std::cerr << "ergon: " << message << '\n';
  ergon::screen::mpi::abort_job(static_cast<int>(code));
  return static_cast<int>(code);
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun/srun every rank runs this executable; MPI starts before anything else.
  ergon::screen::mpi::start_if_launched(&argc, &argv);
  try {
    const int code = run(argc, argv);
    if (code != 0) ergon::screen::mpi::abort_job(code);  // e.g. a failed script on one rank
    return code;
  } catch (const ergon::Error& e) {
    return fail(e.what(), e.exit_code());
  } catch (const std::bad_alloc&) {
    return fail("out of memory", ergon::ExitCode::computation_failed);
  } catch (const std::exception& e) {
    return fail(std::string(e.what()) + " (a bug in ergon: please report it)",
                ergon::ExitCode::internal_error);
  }
}
