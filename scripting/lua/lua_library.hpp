#pragma once
#include <string>

namespace ergon::scripting {

/// Version of the Lua this build embeds, e.g. "Lua 5.4.4".
[[nodiscard]] std::string lua_version();

}  // namespace ergon::scripting
