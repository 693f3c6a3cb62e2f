#include "scripting/lua/sandbox.hpp"

#include <string>

#include "scripting/lua/binding.hpp"
#include "scripting/lua/script_context.hpp"

namespace ergon::scripting {
namespace {

bool mode_writes(const std::string& mode) {
  return mode.find_first_of("wa+") != std::string::npos;
}

// Calls the original function (upvalue 1) with all arguments after the checks passed.
int call_original(lua_State* L) {
  const int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

int sandboxed_io_open(lua_State* L) {
  guarded(L, [L] {
    const std::string path = check_string(L, 1, "io.open", "path");
    const std::string mode = lua_isnoneornil(L, 2) ? "r" : check_string(L, 2, "io.open", "mode");
    if (mode_writes(mode)) script_context(L).require_writable(path);
    return 0;
  });
  return call_original(L);
}

int sandboxed_io_output(lua_State* L) {
  guarded(L, [L] {
    if (lua_type(L, 1) == LUA_TSTRING) script_context(L).require_writable(lua_tostring(L, 1));
    return 0;
  });
  return call_original(L);
}

int sandboxed_os_remove(lua_State* L) {
  guarded(L, [L] {
    script_context(L).require_writable(check_string(L, 1, "os.remove", "path"));
    return 0;
  });
  return call_original(L);
}

int sandboxed_os_rename(lua_State* L) {
  guarded(L, [L] {
    script_context(L).require_writable(check_string(L, 1, "os.rename", "old name"));
    script_context(L).require_writable(check_string(L, 2, "os.rename", "new name"));
    return 0;
  });
  return call_original(L);
}

// load(chunk, name, mode, env): force text mode.
int sandboxed_load(lua_State* L) {
  lua_settop(L, 4);
  lua_pushstring(L, "t");
  lua_replace(L, 3);
  return call_original(L);
}

// loadfile(filename, mode, env): force text mode.
int sandboxed_loadfile(lua_State* L) {
  lua_settop(L, 3);
  lua_pushstring(L, "t");
  lua_replace(L, 2);
  return call_original(L);
}

void wrap(lua_State* L, const char* library, const char* name, lua_CFunction replacement) {
  lua_getglobal(L, library);
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, replacement, 1);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

void remove_field(lua_State* L, const char* library, const char* name) {
  lua_getglobal(L, library);
  lua_pushnil(L);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

}  // namespace

void install_sandbox(lua_State* L) {
  remove_field(L, "os", "execute");
  remove_field(L, "os", "tmpname");
  remove_field(L, "io", "popen");
  remove_field(L, "package", "loadlib");
  remove_field(L, "package", "cpath");
  // package.searchers: keep the preload and Lua-file searchers, drop the two C searchers.
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "searchers");
  lua_pushnil(L);
  lua_seti(L, -2, 4);
  lua_pushnil(L);
  lua_seti(L, -2, 3);
  lua_pop(L, 2);

  wrap(L, "io", "open", sandboxed_io_open);
  wrap(L, "io", "output", sandboxed_io_output);
  wrap(L, "os", "remove", sandboxed_os_remove);
  wrap(L, "os", "rename", sandboxed_os_rename);
  lua_getglobal(L, "load");
  lua_pushcclosure(L, sandboxed_load, 1);
  lua_setglobal(L, "load");
  lua_getglobal(L, "loadfile");
  lua_pushcclosure(L, sandboxed_loadfile, 1);
  lua_setglobal(L, "loadfile");
  // dofile has no mode argument: rebuild it on the text-only loadfile.
  if (luaL_dostring(L, "dofile = function(f) return assert(loadfile(f))() end") != LUA_OK)
    lua_pop(L, 1);
}

}  // namespace ergon::scripting
