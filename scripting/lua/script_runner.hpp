#pragma once
// Runs a Lua experiment script with the `ergon` module loaded: `ergon run script.lua [args]`.

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "scripting/lua/script_context.hpp"

namespace ergon::scripting {

struct RunOptions {
  std::filesystem::path script;
  std::vector<std::string> args;  ///< passed as `arg[1..]`, as `...`, and parsed into ergon.args
  bool sandbox = false;           ///< no os.execute/io.popen/package.loadlib; writes confined
  std::vector<std::filesystem::path> allow_write;  ///< sandbox: writable roots besides the cwd
  bool quiet = false;                              ///< no progress bars
  ScreenRunOptions screen;                         ///< how ergon.screen runs
};

/// Runs the script. Returns 0 on success and 1 when the script raised an uncaught error
/// (message and traceback written to `errors`). Throws InputError (exit 2) when the script
/// cannot be read or does not compile.
int run_script(const RunOptions& options, std::ostream& errors);

}  // namespace ergon::scripting
