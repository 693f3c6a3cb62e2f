#include "scripting/lua/script_context.hpp"

#include "engine/core/error.hpp"

namespace ergon::scripting {
namespace {
const char kContextKey = 0;  // its address is the registry key
}

void ScriptContext::require_writable(const std::filesystem::path& path) const {
  if (!sandbox) return;
  const auto target = std::filesystem::weakly_canonical(std::filesystem::absolute(path));
  for (const auto& root : writable) {
    const auto base = std::filesystem::weakly_canonical(std::filesystem::absolute(root));
    const auto relative = target.lexically_relative(base);
    if (!relative.empty() && *relative.begin() != "..") return;
  }
  throw InputError(
      {.file = path.string()},
      "sandbox: writing outside the working directory is not allowed (use --allow-write DIR)");
}

const ScriptContext& script_context(lua_State* L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &kContextKey);
  const auto* context = static_cast<const ScriptContext*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  if (context == nullptr) throw InternalError("no script context in this Lua state");
  return *context;
}

void set_script_context(lua_State* L, const ScriptContext* context) {
  lua_pushlightuserdata(L, const_cast<ScriptContext*>(context));  // NOLINT: Lua stores void*
  lua_rawsetp(L, LUA_REGISTRYINDEX, &kContextKey);
}

}  // namespace ergon::scripting
