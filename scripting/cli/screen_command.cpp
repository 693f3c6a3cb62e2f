// `ergon screen SPEC.lua` and `ergon merge SPEC.lua`: run a screen script (one that calls
// ergon.screen{...}) on threads or as one Slurm-array shard, and combine shards.

#include <iostream>
#include <memory>

#include "engine/core/error.hpp"
#include "scripting/cli/commands.hpp"
#include "scripting/lua/script_runner.hpp"

namespace ergon::cli {
namespace {

// "i/N" with 1 <= i <= N.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  std::size_t i = 0;
  std::size_t n = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    i = std::stoul(text.substr(0, slash));
    n = std::stoul(text.substr(slash + 1));
  } catch (const std::exception&) {
    throw InputError("--shard must be i/N (e.g. 3/10), got '" + text + "'");
  }
  if (n == 0 || i == 0 || i > n) throw InputError("--shard " + text + ": need 1 <= i <= N");
  return {i - 1, n};
}

struct ScreenArgs {
  scripting::RunOptions run;
  std::string script;
  std::string shard;
};

void add_common(CLI::App* cmd, ScreenArgs& args) {
  cmd->add_option("--out", args.run.screen.out,
                  "Output prefix (<out>.h5, <out>.csv, journals); default: the spec's");
  cmd->add_flag("-q,--quiet", args.run.quiet, "No progress output");
  cmd->add_flag("--sandbox", args.run.sandbox,
                "Run the spec script sandboxed (see ergon run --help)");
  cmd->add_option("SPEC", args.script, "Lua script calling ergon.screen{...}")->required();
  cmd->prefix_command();
}

}  // namespace

void register_screen_commands(CLI::App& app, int& exit_code) {
  auto screen = std::make_shared<ScreenArgs>();
  CLI::App* cmd = app.add_subcommand(
      "screen", "Run a drug-target screen (threads, or one shard of a Slurm array)");
  cmd->add_option("--threads", screen->run.screen.threads,
                  "Worker threads (default: the spec's, else 1)");
  cmd->add_option("--shard", screen->shard,
                  "Run only shard i of N (i/N); combine with `ergon merge`");
  add_common(cmd, *screen);
  cmd->callback([cmd, screen, &exit_code] {
    screen->run.script = screen->script;
    screen->run.args = cmd->remaining();
    if (!screen->shard.empty()) {
      const auto [i, n] = parse_shard(screen->shard);
      screen->run.screen.mode = scripting::ScreenRunOptions::Mode::shard;
      screen->run.screen.shard = i;
      screen->run.screen.shards = n;
    }
    exit_code = scripting::run_script(screen->run, std::cerr);
  });

  auto merge = std::make_shared<ScreenArgs>();
  std::size_t* shards = &merge->run.screen.shards;
  CLI::App* mcmd = app.add_subcommand(
      "merge", "Combine the shards of a screen into its table (<out>.h5, <out>.csv)");
  mcmd->add_option("--shards", *shards, "Number of shards N the screen was split into")->required();
  add_common(mcmd, *merge);
  mcmd->callback([mcmd, merge, &exit_code] {
    merge->run.script = merge->script;
    merge->run.args = mcmd->remaining();
    merge->run.screen.mode = scripting::ScreenRunOptions::Mode::merge;
    exit_code = scripting::run_script(merge->run, std::cerr);
  });
}

}  // namespace ergon::cli
