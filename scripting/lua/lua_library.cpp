#include "scripting/lua/lua_library.hpp"

#include <lua.hpp>

namespace ergon::scripting {

std::string lua_version() {
  return LUA_RELEASE;
}

}  // namespace ergon::scripting
