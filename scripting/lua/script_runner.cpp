#include "scripting/lua/script_runner.hpp"

#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>

#include "engine/core/error.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/modules.hpp"
#include "scripting/lua/sandbox.hpp"
#include "scripting/lua/script_context.hpp"

namespace ergon::scripting {
namespace {

struct LuaStateCloser {
  void operator()(lua_State* L) const noexcept { lua_close(L); }
};
using LuaStatePtr = std::unique_ptr<lua_State, LuaStateCloser>;

std::string read_script(const std::filesystem::path& path) {
  const InputLocation where{.file = path.string()};
  if (!std::filesystem::exists(path)) throw InputError(where, "no such script");
  if (std::filesystem::is_directory(path))
    throw InputError(where, "is a directory, not a Lua script");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(where, "cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Message handler for lua_pcall: the error plus a traceback of the script's stack.
int traceback(lua_State* L) {
  const char* message = lua_tostring(L, 1);
  if (message == nullptr) {
    if (luaL_callmeta(L, 1, "__tostring") != 0 && lua_type(L, -1) == LUA_TSTRING) return 1;
    message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, message, 1);
  return 1;
}

// "key=value" arguments become ergon.args.key (numbers converted); all are in ergon.args[i].
void push_parsed_args(lua_State* L, const std::vector<std::string>& args) {
  lua_createtable(L, static_cast<int>(args.size()), 0);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    lua_pushstring(L, a.c_str());
    lua_seti(L, -2, static_cast<lua_Integer>(i) + 1);
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    const std::string value = a.substr(eq + 1);
    if (lua_stringtonumber(L, value.c_str()) == 0) lua_pushstring(L, value.c_str());
    lua_setfield(L, -2, a.substr(0, eq).c_str());
  }
}

}  // namespace

int run_script(const RunOptions& options, std::ostream& errors) {
  ScriptContext context{.script_path = options.script,
                        .script_text = read_script(options.script),
                        .args = options.args,
                        .quiet = options.quiet,
                        .sandbox = options.sandbox,
                        .writable = options.allow_write,
                        .screen = options.screen};
  context.writable.push_back(std::filesystem::current_path());

  LuaStatePtr state(luaL_newstate());
  if (!state) throw ComputationError("cannot create a Lua state (out of memory)");
  lua_State* L = state.get();
  luaL_openlibs(L);
  set_script_context(L, &context);
  if (options.sandbox) install_sandbox(L);

  push_ergon_module(L);
  push_parsed_args(L, options.args);
  lua_setfield(L, -2, "args");
  lua_pushvalue(L, -1);
  lua_setglobal(L, "ergon");
  // require "ergon" returns the same table.
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "loaded");
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "ergon");
  lua_pop(L, 3);

  // The standalone interpreter's `arg` convention: arg[0] the script, arg[1..] its arguments.
  lua_createtable(L, static_cast<int>(options.args.size()), 1);
  lua_pushstring(L, options.script.string().c_str());
  lua_seti(L, -2, 0);
  for (std::size_t i = 0; i < options.args.size(); ++i) {
    lua_pushstring(L, options.args[i].c_str());
    lua_seti(L, -2, static_cast<lua_Integer>(i) + 1);
  }
  lua_setglobal(L, "arg");

  lua_pushcfunction(L, traceback);
  const int handler = lua_gettop(L);
  const std::string chunk_name = "@" + options.script.string();
  if (luaL_loadbuffer(L, context.script_text.data(), context.script_text.size(),
                      chunk_name.c_str()) != LUA_OK) {
    const std::string message = lua_tostring(L, -1);
    throw InputError(message);  // "script.lua:3: syntax error near ..."
  }
  for (const auto& a : options.args) lua_pushstring(L, a.c_str());
  if (lua_pcall(L, static_cast<int>(options.args.size()), 0, handler) != LUA_OK) {
    const char* message = lua_tostring(L, -1);
    errors << "ergon: " << (message != nullptr ? message : "error without message") << '\n';
    return static_cast<int>(ExitCode::computation_failed);
  }
  return 0;
}

}  // namespace ergon::scripting
