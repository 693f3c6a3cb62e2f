#include "scripting/lua/binding.hpp"

#include <algorithm>
#include <cmath>

namespace ergon::scripting {
namespace {

[[noreturn]] void wrong_type(lua_State* L, int index, const char* function, const char* what,
                             const char* expected) {
  throw LuaArgumentError(std::string(function) + ": " + what + " must be " + expected + ", got " +
                         type_name(L, index));
}

}  // namespace

std::string type_name(lua_State* L, int index) {
  // luaL_getmetafield pushes the field only when it is not nil.
  if (luaL_getmetafield(L, index, "__name") != LUA_TNIL) {
    std::string name =
        lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, index);
    lua_pop(L, 1);
    return name;
  }
  return luaL_typename(L, index);
}

std::string check_string(lua_State* L, int index, const char* function, const char* what) {
  if (lua_type(L, index) != LUA_TSTRING) wrong_type(L, index, function, what, "a string");
  std::size_t length = 0;
  const char* s = lua_tolstring(L, index, &length);
  return {s, length};
}

double check_number(lua_State* L, int index, const char* function, const char* what) {
  if (lua_type(L, index) != LUA_TNUMBER) wrong_type(L, index, function, what, "a number");
  return lua_tonumber(L, index);
}

std::int64_t check_integer(lua_State* L, int index, const char* function, const char* what) {
  const double x = check_number(L, index, function, what);
  if (std::floor(x) != x) {
    throw LuaArgumentError(std::string(function) + ": " + what + " must be an integer, got " +
                           std::to_string(x));
  }
  return static_cast<std::int64_t>(x);
}

void check_table(lua_State* L, int index, const char* function, const char* what) {
  if (lua_type(L, index) != LUA_TTABLE) wrong_type(L, index, function, what, "a table");
}

void check_option_keys(lua_State* L, int index, const char* function,
                       std::initializer_list<std::string_view> accepted, const char* what) {
  check_table(L, index, function, what);
  const int table = lua_absindex(L, index);
  std::string unknown;
  lua_pushnil(L);
  while (lua_next(L, table) != 0) {
    lua_pop(L, 1);  // the value; the key stays for lua_next
    if (lua_type(L, -1) != LUA_TSTRING) {
      unknown = lua_type(L, -1) == LUA_TNUMBER
                    ? "[" + std::string(luaL_tolstring(L, -1, nullptr)) + "]"
                    : std::string("a ") + luaL_typename(L, -1) + " key";
      if (lua_type(L, -1) == LUA_TNUMBER) lua_pop(L, 1);  // luaL_tolstring's copy
      lua_pop(L, 1);
      break;
    }
    const std::string_view key = lua_tostring(L, -1);
    if (std::find(accepted.begin(), accepted.end(), key) == accepted.end()) {
      unknown = "'" + std::string(key) + "'";
      lua_pop(L, 1);
      break;
    }
  }
  if (unknown.empty()) return;
  std::string list;
  for (const auto a : accepted) list += (list.empty() ? "" : ", ") + std::string(a);
  throw LuaArgumentError(std::string(function) + ": unknown " + what + " key " + unknown +
                         " (accepted: " + (list.empty() ? "none" : list) + ")");
}

std::optional<std::string> opt_string(lua_State* L, int index, const char* function,
                                      const char* what) {
  if (lua_isnoneornil(L, index)) return std::nullopt;
  return check_string(L, index, function, what);
}

namespace {

// Field `key` of the table at `index` if it has Lua type `type`, read by `read`; nullopt when nil.
template <typename T, typename Read>
std::optional<T> typed_field(lua_State* L, int index, const char* key, const char* function,
                             int type, const char* expected, Read read) {
  lua_getfield(L, index, key);
  std::optional<T> out;
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != type) {
      const std::string got = type_name(L, -1);
      lua_pop(L, 1);
      throw LuaArgumentError(std::string(function) + ": option '" + key + "' must be " + expected +
                             ", got " + got);
    }
    out = read(L);
  }
  lua_pop(L, 1);
  return out;
}

}  // namespace

std::optional<double> field_number(lua_State* L, int index, const char* key, const char* function) {
  return typed_field<double>(L, index, key, function, LUA_TNUMBER, "a number",
                             [](lua_State* s) { return lua_tonumber(s, -1); });
}

std::optional<std::string> field_string(lua_State* L, int index, const char* key,
                                        const char* function) {
  return typed_field<std::string>(L, index, key, function, LUA_TSTRING, "a string",
                                  [](lua_State* s) { return std::string(lua_tostring(s, -1)); });
}

std::optional<bool> field_bool(lua_State* L, int index, const char* key, const char* function) {
  return typed_field<bool>(L, index, key, function, LUA_TBOOLEAN, "a boolean",
                           [](lua_State* s) { return lua_toboolean(s, -1) != 0; });
}

std::vector<std::string> check_string_array(lua_State* L, int index, const char* function,
                                            const char* what) {
  if (lua_type(L, index) == LUA_TSTRING) return {lua_tostring(L, index)};
  check_table(L, index, function, what);
  std::vector<std::string> out;
  const auto n = luaL_len(L, index);
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_geti(L, index, i);
    if (lua_type(L, -1) != LUA_TSTRING) {
      const std::string got = type_name(L, -1);
      lua_pop(L, 1);
      throw LuaArgumentError(std::string(function) + ": " + what + "[" + std::to_string(i) +
                             "] must be a string, got " + got);
    }
    out.emplace_back(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  return out;
}

void push_string_array(lua_State* L, const std::vector<std::string>& values) {
  lua_createtable(L, static_cast<int>(values.size()), 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    lua_pushlstring(L, values[i].data(), values[i].size());
    lua_seti(L, -2, static_cast<lua_Integer>(i) + 1);
  }
}

void push_number_array(lua_State* L, const std::vector<double>& values) {
  lua_createtable(L, static_cast<int>(values.size()), 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    lua_pushnumber(L, values[i]);
    lua_seti(L, -2, static_cast<lua_Integer>(i) + 1);
  }
}

}  // namespace ergon::scripting
