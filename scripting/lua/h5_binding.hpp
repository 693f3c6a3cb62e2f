#pragma once
// ergon.h5: logs results to HDF5 through engine/io. Other bindings make their result types
// writable with log:write by registering a writer for their Lua type name.

#include <lua.hpp>

#include <string>

#include "engine/io/result_log.hpp"

namespace ergon::scripting {

/// Writes the userdata at `value_index` as group `name` with extra `attributes`.
using LogWriter = void (*)(lua_State* L, int value_index, io::ResultLog& log,
                           const std::string& name, const io::Attributes& attributes);

/// Makes userdata of Lua type `lua_type` (its metatable's __name) writable by log:write.
void register_log_writer(const char* lua_type, LogWriter writer);

struct ScriptContext;
/// Root attributes of a new log: ergon version and commit, creation time, script text and
/// path, arguments, host (docs/hdf5-schema.md).
void write_provenance(io::ResultLog& log, const ScriptContext& context);
/// The open log held by the ergon.Log userdata at `index` (for bindings that stream into it).
[[nodiscard]] io::ResultLog& check_log(lua_State* L, int index, const char* function);

/// Converts the Lua table at `index` (string keys; number, string, boolean or array values)
/// into HDF5 attributes.
[[nodiscard]] io::Attributes attributes_from_table(lua_State* L, int index, const char* function);

}  // namespace ergon::scripting
