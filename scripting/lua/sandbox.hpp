#pragma once
// `ergon run --sandbox`, for shared batch systems: no process spawning (os.execute,
// io.popen), no native code (package.loadlib, C module searchers), text-only chunks (binary
// chunks can crash the VM), and file writes (io.open/io.output in write modes, os.remove,
// os.rename, ergon.h5.open) confined to the working directory and --allow-write roots.

#include <lua.hpp>

namespace ergon::scripting {

/// Applies the restrictions to the standard library already opened in `L`. Requires the
/// script context (for the writable roots) to be set.
void install_sandbox(lua_State* L);

}  // namespace ergon::scripting
