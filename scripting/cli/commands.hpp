#pragma once
// Each CLI command registers itself on the application; main() owns error-to-exit-code mapping.

#include <CLI/CLI.hpp>
#include <string>

namespace ergon::cli {

void register_info_command(CLI::App& app);
/// `ergon run`; sets `exit_code` to the script's outcome (1 after an uncaught Lua error).
void register_run_command(CLI::App& app, int& exit_code);
void register_kinetic_commands(CLI::App& app);
void register_fba_commands(CLI::App& app);
/// `ergon thermo drg|mdf`.
void register_thermo_commands(CLI::App& app);
/// `ergon screen` and `ergon merge`; set `exit_code` like `ergon run`.
void register_screen_commands(CLI::App& app, int& exit_code);

/// Multi-line text for `ergon --version`: ergon's version and commit, and the versions of the
/// libraries it was built with.
[[nodiscard]] std::string version_text();

}  // namespace ergon::cli
