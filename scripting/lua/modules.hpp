#pragma once
// One registration function per part of the `ergon` Lua table. Each adds its functions to
// the table at the top of the stack and registers its userdata types.

#include <lua.hpp>

namespace ergon::scripting {

void register_progress(lua_State* L);  ///< ergon.progress
void register_h5(lua_State* L);        ///< ergon.h5.open and the Log type
void register_model(lua_State* L);     ///< ergon.load, Model, Result
void register_flux(lua_State* L);      ///< Model:fba & co., FluxResult (after register_model)
void register_screen(lua_State* L);    ///< ergon.screen
void register_neuro(lua_State* L);     ///< ergon.neuro: spiking networks with ATP budgets
void register_thermo(lua_State* L);    ///< ergon.thermo: Gibbs energies, driving forces

/// Pushes a new `ergon` table holding everything above, plus version information.
void push_ergon_module(lua_State* L);

}  // namespace ergon::scripting
