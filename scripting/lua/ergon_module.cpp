#include <string>

#include "engine/core/build_info.hpp"
#include "scripting/lua/modules.hpp"

namespace ergon::scripting {

void push_ergon_module(lua_State* L) {
  lua_newtable(L);
  lua_pushstring(L, std::string(ergon::version()).c_str());
  lua_setfield(L, -2, "version");
  lua_pushstring(L, std::string(ergon::git_commit()).c_str());
  lua_setfield(L, -2, "git_commit");
  register_progress(L);
  register_h5(L);
  register_model(L);
  register_flux(L);
  register_screen(L);
  register_neuro(L);
  register_thermo(L);
}

}  // namespace ergon::scripting
