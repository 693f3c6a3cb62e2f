// `ergon run SCRIPT [ARGS...]`: runs a Lua experiment script.

#include <iostream>
#include <memory>

#include "scripting/cli/commands.hpp"
#include "scripting/lua/script_runner.hpp"

namespace ergon::cli {

void register_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<scripting::RunOptions>();
  auto script = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("run", "Run a Lua experiment script (see docs/lua-api.md)");
  cmd->add_flag("--sandbox", options->sandbox,
                "No os.execute/io.popen/package.loadlib; writes only below the working directory");
  cmd->add_option("--allow-write", options->allow_write,
                  "With --sandbox: another directory writes may go to");
  cmd->add_flag("-q,--quiet", options->quiet, "No progress bars");
  cmd->add_option("SCRIPT", *script, "Lua script")->required();
  // Everything after SCRIPT belongs to the script, options included.
  cmd->prefix_command();
  cmd->callback([cmd, options, script, &exit_code] {
    options->script = *script;
    options->args = cmd->remaining();
    exit_code = scripting::run_script(*options, std::cerr);
  });
}

}  // namespace ergon::cli
