#pragma once
// Helpers shared by the Lua bindings: argument checks that name the function and argument,
// one translation of C++ exceptions into Lua errors, and typed userdata.
//
// Lua is linked as its C++ build, so lua_error() throws and unwinds binding code normally.
// C++ exceptions are caught once, in `guarded`, and re-raised as Lua errors carrying
// "file:line:" of the calling script line and ergon's message.

#include <lua.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ergon::scripting {

/// A misuse of the Lua API by a script (wrong type, missing field). Raised as a Lua error.
class LuaArgumentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Lua type name of the value at `index`, for messages ("nil", "number", "Model" ...).
[[nodiscard]] std::string type_name(lua_State* L, int index);

[[nodiscard]] std::string check_string(lua_State* L, int index, const char* function,
                                       const char* what);
[[nodiscard]] double check_number(lua_State* L, int index, const char* function, const char* what);
[[nodiscard]] std::int64_t check_integer(lua_State* L, int index, const char* function,
                                         const char* what);
void check_table(lua_State* L, int index, const char* function, const char* what);
/// Refuses the option table at `index` if it holds a key not in `accepted` (or a positional
/// entry), naming the key and the accepted ones, so a misspelt option (`rtoll = 1`) never
/// runs silently with the default. `what` names the table in the message ("options").
void check_option_keys(lua_State* L, int index, const char* function,
                       std::initializer_list<std::string_view> accepted,
                       const char* what = "options");
[[nodiscard]] std::optional<std::string> opt_string(lua_State* L, int index, const char* function,
                                                    const char* what);

/// Field `key` of the table at `index` (absolute index), typed; nullopt when nil.
[[nodiscard]] std::optional<double> field_number(lua_State* L, int index, const char* key,
                                                 const char* function);
[[nodiscard]] std::optional<std::string> field_string(lua_State* L, int index, const char* key,
                                                      const char* function);
[[nodiscard]] std::optional<bool> field_bool(lua_State* L, int index, const char* key,
                                             const char* function);
/// An array of strings (a Lua sequence) at `index`.
[[nodiscard]] std::vector<std::string> check_string_array(lua_State* L, int index,
                                                          const char* function, const char* what);

void push_string_array(lua_State* L, const std::vector<std::string>& values);
void push_number_array(lua_State* L, const std::vector<double>& values);

/// Runs `body` and turns any std::exception into a Lua error "where: message".
template <typename Body>
int guarded(lua_State* L, Body&& body) {
  std::string message;
  try {
    return std::forward<Body>(body)();
  } catch (const std::exception& e) {
    message = e.what();
  }
  luaL_where(L, 1);
  lua_pushstring(L, message.c_str());
  lua_concat(L, 2);
  return lua_error(L);
}

/// Typed full userdata holding a T, with a metatable named `T::kLuaType`.
template <typename T>
T& new_userdata(lua_State* L, T value) {
  void* memory = lua_newuserdatauv(L, sizeof(T), 0);
  T* object = new (memory) T(std::move(value));
  luaL_setmetatable(L, T::kLuaType);
  return *object;
}

template <typename T>
T& check_userdata(lua_State* L, int index, const char* function) {
  void* p = luaL_testudata(L, index, T::kLuaType);
  if (p == nullptr) {
    throw LuaArgumentError(std::string(function) + ": expected a " + T::kLuaType + ", got " +
                           type_name(L, index) + " (call it with ':' as in obj:method())");
  }
  return *static_cast<T*>(p);
}

/// __gc metamethod that runs T's destructor.
template <typename T>
int destroy_userdata(lua_State* L) {
  static_cast<T*>(luaL_checkudata(L, 1, T::kLuaType))->~T();
  return 0;
}

/// Creates metatable `T::kLuaType` with __index = methods, __gc and __close = destructor.
template <typename T>
void register_type(lua_State* L, const luaL_Reg* methods) {
  luaL_newmetatable(L, T::kLuaType);
  lua_newtable(L);
  if (methods != nullptr) luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, destroy_userdata<T>);
  lua_setfield(L, -2, "__gc");
  lua_pushstring(L, T::kLuaType);
  lua_setfield(L, -2, "__name");
  lua_pop(L, 1);
}

}  // namespace ergon::scripting
