// ergon's single executable. Exit codes (see engine/core/error.hpp):
//   0 success, 1 computation failed, 2 bad input or usage, 3 internal error.

#include <exception>
#include <iostream>
#include <new>

#include "engine/core/error.hpp"
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

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const ergon::Error& e) {
    std::cerr << "ergon: " << e.what() << '\n';
    return static_cast<int>(e.exit_code());
  } catch (const std::bad_alloc&) {
    std::cerr << "ergon: out of memory\n";
    return static_cast<int>(ergon::ExitCode::computation_failed);
  } catch (const std::exception& e) {
    std::cerr << "ergon: " << e.what() << " (a bug in ergon: please report it)\n";
    return static_cast<int>(ergon::ExitCode::internal_error);
  }
}
