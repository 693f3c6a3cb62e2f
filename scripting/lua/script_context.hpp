#pragma once
// What a running script's bindings may need to know about the run: its text and arguments
// (for provenance in logs), verbosity, and the sandbox's write permissions.

#include <filesystem>
#include <string>
#include <vector>

#include <lua.hpp>

namespace ergon::scripting {

/// How ergon.screen runs: `ergon run` and `ergon screen` run every task (threads), `ergon
/// screen --shard i/N` one slice, `ergon merge` combines the slices' journals.
struct ScreenRunOptions {
  enum class Mode { all, shard, merge };
  Mode mode = Mode::all;
  std::size_t shard = 0;  ///< 0-based
  std::size_t shards = 1;
  std::size_t threads = 0;  ///< 0 = the spec's `threads` (default 1)
  std::string out;          ///< output prefix overriding the spec's `out`; empty = the spec's
};

struct ScriptContext {
  std::filesystem::path script_path;
  std::string script_text;
  std::vector<std::string> args;
  bool quiet = false;
  bool sandbox = false;
  std::vector<std::filesystem::path> writable;  ///< sandbox: roots where writes are allowed

  ScreenRunOptions screen;

  /// Throws InputError unless `path` may be written (always true outside the sandbox).
  void require_writable(const std::filesystem::path& path) const;
};

/// The context stored in the state's registry by run_script.
[[nodiscard]] const ScriptContext& script_context(lua_State* L);
void set_script_context(lua_State* L, const ScriptContext* context);

}  // namespace ergon::scripting
