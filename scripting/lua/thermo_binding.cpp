// ergon.thermo: reaction Gibbs energies and max-min driving force of a Model's stoichiometry.
// The binding translates option tables into engine/thermo calls and results into Lua tables;
// conventions (signs, units, per-compartment conditions) are in docs/thermo.md.

#include <array>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/thermo/mdf.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/model_object.hpp"
#include "scripting/lua/modules.hpp"

namespace ergon::scripting {
namespace {

// Keys every ergon.thermo function accepts in its options table.
#define ERGON_THERMO_CONDITION_KEYS \
  "data", "sources", "temperature", "pH", "ionic_strength", "pMg", "compartments"

// pH, ionic_strength, pMg and potential of the table at `index`, the others kept from `c`.
thermo::CompartmentConditions compartment_of(lua_State* L, int index, const char* function,
                                             thermo::CompartmentConditions c) {
  c.pH = field_number(L, index, "pH", function).value_or(c.pH);
  c.ionic_strength = field_number(L, index, "ionic_strength", function).value_or(c.ionic_strength);
  c.pMg = field_number(L, index, "pMg", function).value_or(c.pMg);
  c.potential = field_number(L, index, "potential", function).value_or(c.potential);
  return c;
}

struct ThermoInputs {
  thermo::Conditions conditions;
  thermo::FormationData data;
  std::filesystem::path data_dir;
};

// Conditions and formation data from the options table at `index` (absent: the defaults).
ThermoInputs inputs_of(lua_State* L, int index, const char* function) {
  ThermoInputs in;
  in.data_dir = "datasets";
  std::vector<std::string> sources{"CC2013", "Alberty2006"};
  auto& c = in.conditions;
  if (!lua_isnoneornil(L, index)) {
    check_table(L, index, function, "options");
    if (auto d = field_string(L, index, "data", function)) in.data_dir = *d;
    lua_getfield(L, index, "sources");
    if (!lua_isnil(L, -1)) sources = check_string_array(L, lua_gettop(L), function, "sources");
    lua_pop(L, 1);
    c.temperature = field_number(L, index, "temperature", function).value_or(c.temperature);
    c.default_compartment = compartment_of(L, index, function, c.default_compartment);
    lua_getfield(L, index, "compartments");
    if (!lua_isnil(L, -1)) {
      const int t = lua_gettop(L);
      check_table(L, t, function, "compartments");
      lua_pushnil(L);
      while (lua_next(L, t) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING)
          throw LuaArgumentError(std::string(function) + ": compartments keys are compartment ids");
        const std::string id = lua_tostring(L, -2);
        check_table(L, lua_gettop(L), function, "compartment conditions");
        check_option_keys(L, lua_gettop(L), function, {"pH", "ionic_strength", "pMg", "potential"},
                          "compartment conditions");
        c.compartments[id] = compartment_of(L, lua_gettop(L), function, c.default_compartment);
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }
  thermo::validate(c);
  in.data = thermo::read_formation_data(in.data_dir / "thermo_formation_species.tsv",
                                        in.data_dir / "thermo_compounds.tsv", {.sources = sources});
  return in;
}

// The top level of the options holds the default compartment's conditions too.
void check_keys_drg(lua_State* L, int index, const char* function) {
  if (!lua_isnoneornil(L, index))
    check_option_keys(L, index, function, {ERGON_THERMO_CONDITION_KEYS, "potential"});
}

void push_strings_field(lua_State* L, const char* key, const std::vector<std::string>& values) {
  push_string_array(L, values);
  lua_setfield(L, -2, key);
}

// ergon.thermo.drg(model [, options]) -> {reaction_id = {standard, uncertainty, membrane, ...}}
int thermo_drg(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "ergon.thermo.drg");
    check_keys_drg(L, 2, "ergon.thermo.drg");
    const auto in = inputs_of(L, 2, "ergon.thermo.drg");
    const auto& model = m.source->constraint_model();
    const auto energies = thermo::reaction_energies(model, in.data, in.conditions);
    lua_createtable(L, 0, static_cast<int>(energies.size()));
    for (const auto& e : energies) {
      lua_createtable(L, 0, 8);
      if (e.standard) {
        lua_pushnumber(L, *e.standard);
        lua_setfield(L, -2, "standard");
        lua_pushnumber(L, e.uncertainty);
        lua_setfield(L, -2, "uncertainty");
      }
      lua_pushnumber(L, e.membrane);
      lua_setfield(L, -2, "membrane");
      lua_pushboolean(L, static_cast<int>(e.boundary));
      lua_setfield(L, -2, "boundary");
      lua_pushboolean(L, static_cast<int>(e.transport));
      lua_setfield(L, -2, "transport");
      lua_pushstring(L, e.imbalance.c_str());
      lua_setfield(L, -2, "imbalance");
      push_strings_field(L, "missing", e.missing);
      push_strings_field(L, "unchecked", e.unchecked);
      lua_setfield(L, -2, e.reaction_id.c_str());
    }
    return 1;
  });
}

// {id = number} at `index` into one value per metabolite (or reaction) of `model`; `what` names
// the table, unknown ids fail. Values not given stay `fill`.
template <typename Lookup>
std::vector<double> id_values(lua_State* L, int index, const char* function, const char* what,
                              std::size_t size, Lookup index_of, double fill) {
  check_table(L, index, function, what);
  std::vector<double> values(size, fill);
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER)
      throw LuaArgumentError(std::string(function) + ": " + what + " maps ids to numbers");
    values[index_of(lua_tostring(L, -2))] = lua_tonumber(L, -1);
    lua_pop(L, 1);
  }
  return values;
}

// ergon.thermo.gibbs(model, reaction_id, concentrations [, options]) -> ΔrG' (kJ/mol)
// concentrations: {metabolite_id = M}; every reactant but water and H+ is needed.
int thermo_gibbs(lua_State* L) {
  return guarded(L, [L] {
    const char* function = "ergon.thermo.gibbs";
    auto& m = check_userdata<LuaModel>(L, 1, function);
    const auto& model = m.source->constraint_model();
    const auto r = model.reaction_index(check_string(L, 2, function, "reaction id"));
    const auto c = id_values(
        L, 3, function, "concentrations", model.metabolites().size(),
        [&](const char* id) { return model.metabolite_index(id); }, std::nan(""));
    check_keys_drg(L, 4, function);
    const auto in = inputs_of(L, 4, function);
    const auto energies = thermo::reaction_energies(model, in.data, in.conditions);
    const auto metabolites = thermo::metabolite_thermo(model, in.data, in.conditions);
    const auto g = thermo::reaction_gibbs_energy(model, r, energies[r], metabolites, c,
                                                 in.conditions.temperature);
    if (!g)
      throw InputError({.element_id = model.reactions()[r].id},
                       "no standard Gibbs energy (no data for: " +
                           (energies[r].missing.empty() ? std::string("a boundary reaction")
                                                        : energies[r].missing.front()) +
                           ")");
    lua_pushnumber(L, *g);
    return 1;
  });
}

// ergon.thermo.mdf(model, fluxes [, options]) -> {status, mdf, reactions, concentrations, excluded}
// fluxes: {reaction_id = flux} (e.g. r.fluxes of m:pfba()); options add bounds (TSV path),
// concentrations ({id = {min, max}} in M, metabolite or KEGG id) and exclude_missing.
int thermo_mdf(lua_State* L) {
  return guarded(L, [L] {
    const char* function = "ergon.thermo.mdf";
    auto& m = check_userdata<LuaModel>(L, 1, function);
    const auto& model = m.source->constraint_model();
    const auto fluxes = id_values(
        L, 2, function, "fluxes", model.reactions().size(),
        [&](const char* id) { return model.reaction_index(id); }, 0.0);
    if (!lua_isnoneornil(L, 3))
      check_option_keys(L, 3, function,
                        {ERGON_THERMO_CONDITION_KEYS, "potential", "bounds", "concentrations",
                         "exclude_missing"});
    auto in = inputs_of(L, 3, function);
    thermo::MdfOptions options;
    options.conditions = in.conditions;
    std::filesystem::path bounds = in.data_dir / "thermo_mdf_bounds.tsv";
    if (!lua_isnoneornil(L, 3)) {
      if (auto b = field_string(L, 3, "bounds", function)) bounds = *b;
      options.exclude_missing = field_bool(L, 3, "exclude_missing", function).value_or(false);
    }
    options.bounds = thermo::read_concentration_bounds(bounds);
    if (!lua_isnoneornil(L, 3)) {
      lua_getfield(L, 3, "concentrations");
      if (!lua_isnil(L, -1)) {
        const int t = lua_gettop(L);
        check_table(L, t, function, "concentrations");
        lua_pushnil(L);
        while (lua_next(L, t) != 0) {
          const int v = lua_gettop(L);
          if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, v))
            throw LuaArgumentError(std::string(function) +
                                   ": concentrations maps ids to {min, max} in M");
          const std::string id = lua_tostring(L, -2);
          lua_rawgeti(L, v, 1);
          lua_rawgeti(L, v, 2);
          const thermo::ConcentrationRange range{
              check_number(L, -2, function, "concentration min"),
              check_number(L, -1, function, "concentration max")};
          lua_pop(L, 2);
          if (const auto i = model.find_metabolite(id))
            options.bounds.by_metabolite[model.metabolites()[*i].id] = range;
          else if (in.data.compounds().contains(id))
            options.bounds.by_compound[id] = range;
          else
            throw InputError({.element_id = id},
                             "concentrations: neither a metabolite of the model nor a compound");
          lua_pop(L, 1);
        }
      }
      lua_pop(L, 1);
    }
    const auto r = thermo::max_min_driving_force(model, in.data, fluxes, options);
    lua_createtable(L, 0, 5);
    lua_pushstring(L, thermo::to_string(r.status));
    lua_setfield(L, -2, "status");
    if (r.status == thermo::MdfStatus::optimal) {
      lua_pushnumber(L, r.driving_force);
      lua_setfield(L, -2, "mdf");
    }
    lua_createtable(L, static_cast<int>(r.reactions.size()), 0);
    for (std::size_t i = 0; i < r.reactions.size(); ++i) {
      const auto& s = r.reactions[i];
      lua_createtable(L, 0, 6);
      lua_pushstring(L, model.reactions()[s.reaction].id.c_str());
      lua_setfield(L, -2, "id");
      lua_pushinteger(L, s.direction);
      lua_setfield(L, -2, "direction");
      lua_pushnumber(L, s.standard);
      lua_setfield(L, -2, "standard");
      lua_pushnumber(L, s.gibbs);
      lua_setfield(L, -2, "gibbs");
      lua_pushnumber(L, s.shadow_price);
      lua_setfield(L, -2, "shadow_price");
      lua_pushboolean(L, static_cast<int>(s.bottleneck));
      lua_setfield(L, -2, "bottleneck");
      lua_rawseti(L, -2, static_cast<lua_Integer>(i) + 1);
    }
    lua_setfield(L, -2, "reactions");
    lua_createtable(L, 0, static_cast<int>(r.concentrations.size()));
    for (const auto& c : r.concentrations) {
      lua_pushnumber(L, c.concentration);
      lua_setfield(L, -2, model.metabolites()[c.metabolite].id.c_str());
    }
    lua_setfield(L, -2, "concentrations");
    push_strings_field(L, "excluded", r.excluded);
    return 1;
  });
}

#undef ERGON_THERMO_CONDITION_KEYS

}  // namespace

void register_thermo(lua_State* L) {
  static const std::array<luaL_Reg, 4> functions{
      {{"drg", thermo_drg}, {"gibbs", thermo_gibbs}, {"mdf", thermo_mdf}, {nullptr, nullptr}}};
  lua_newtable(L);
  luaL_setfuncs(L, functions.data(), 0);
  lua_setfield(L, -2, "thermo");
}

}  // namespace ergon::scripting
