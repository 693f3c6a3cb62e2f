// ergon.thermo: reaction Gibbs energies, max-min driving force and thermodynamic FBA/TVA of a
// Model's stoichiometry (TFA/TVA with the Model's edited bounds and objective).
// The binding translates option tables into engine/thermo calls and results into Lua tables;
// conventions (signs, units, per-compartment conditions) are in docs/thermo.md.

#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/io/thermo_log.hpp"
#include "engine/thermo/mdf.hpp"
#include "engine/thermo/rate_law_check.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "engine/thermo/state_energetics.hpp"
#include "engine/thermo/tfa.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/h5_binding.hpp"
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

// The `log` (from ergon.h5.open) and `name` options: the result is also written there as group
// `name`, with the layout of docs/hdf5-schema.md (Thermodynamics). Both or neither.
template <class Write>
void write_to_log(lua_State* L, int index, const char* function, Write write) {
  if (lua_isnoneornil(L, index)) return;
  const auto name = field_string(L, index, "name", function);
  lua_getfield(L, index, "log");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    if (name) throw LuaArgumentError(std::string(function) + ": name needs log (ergon.h5.open)");
    return;
  }
  // The options table keeps the log alive after the pop.
  auto& log = check_log(L, lua_gettop(L), function);
  lua_pop(L, 1);
  if (!name)
    throw LuaArgumentError(std::string(function) + ": log needs name (the group to write)");
  write(log, *name);
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
    if (!lua_isnoneornil(L, 2))
      check_option_keys(L, 2, "ergon.thermo.drg",
                        {ERGON_THERMO_CONDITION_KEYS, "potential", "log", "name"});
    const auto in = inputs_of(L, 2, "ergon.thermo.drg");
    const auto& model = m.source->constraint_model();
    const auto energies = thermo::reaction_energies(model, in.data, in.conditions);
    write_to_log(L, 2, "ergon.thermo.drg", [&](io::ResultLog& log, const std::string& name) {
      io::write_reaction_energies(log, name, model, energies, in.conditions);
    });
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

// Sets field `key` of the table on top of the stack to `x`, or leaves it nil when unset.
void set_optional(lua_State* L, const char* key, const std::optional<double>& x) {
  if (!x) return;
  lua_pushnumber(L, *x);
  lua_setfield(L, -2, key);
}

// ergon.thermo.state(model, concentrations [, options]) -> {reactions = {id = {standard, gibbs,
// disequilibrium, near_equilibrium, note}}, compartments = {id = {atp_hydrolysis,
// energy_charge, pH, potential, note}}}. concentrations: {metabolite_id or KEGG id = M}; a KEGG
// id stands for that compound wherever the model has no metabolite of it with a value.
int thermo_state(lua_State* L) {
  return guarded(L, [L] {
    const char* function = "ergon.thermo.state";
    auto& m = check_userdata<LuaModel>(L, 1, function);
    const auto& model = m.source->constraint_model();
    if (!lua_isnoneornil(L, 3))
      check_option_keys(
          L, 3, function,
          {ERGON_THERMO_CONDITION_KEYS, "potential", "near_equilibrium", "log", "name"});
    const auto in = inputs_of(L, 3, function);
    check_table(L, 2, function, "concentrations");
    std::vector<double> c(model.metabolites().size(), std::nan(""));
    std::map<std::string, double> by_compound;
    lua_pushnil(L);
    while (lua_next(L, 2) != 0) {
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER)
        throw LuaArgumentError(std::string(function) + ": concentrations maps ids to numbers (M)");
      const std::string id = lua_tostring(L, -2);
      if (const auto i = model.find_metabolite(id))
        c[*i] = lua_tonumber(L, -1);
      else if (in.data.compounds().contains(id))
        by_compound[id] = lua_tonumber(L, -1);
      else
        throw LuaArgumentError(std::string(function) + ": '" + id +
                               "' is neither a metabolite of the model nor a KEGG compound");
      lua_pop(L, 1);
    }
    thermo::StateEnergeticsOptions options;
    options.conditions = in.conditions;
    if (!lua_isnoneornil(L, 3))
      options.near_equilibrium = field_number(L, 3, "near_equilibrium", function);
    const auto s = thermo::state_energetics(model, in.data, c, by_compound, options);
    write_to_log(L, 3, function, [&](io::ResultLog& log, const std::string& name) {
      io::write_state_energetics(log, name, s, options.conditions);
    });
    lua_createtable(L, 0, 2);
    lua_createtable(L, 0, static_cast<int>(s.reactions.size()));
    for (const auto& r : s.reactions) {
      lua_createtable(L, 0, 5);
      set_optional(L, "standard", r.standard);
      set_optional(L, "gibbs", r.gibbs);
      set_optional(L, "disequilibrium", r.disequilibrium);
      lua_pushboolean(L, static_cast<int>(r.near_equilibrium));
      lua_setfield(L, -2, "near_equilibrium");
      lua_pushstring(L, r.note.c_str());
      lua_setfield(L, -2, "note");
      lua_setfield(L, -2, r.reaction_id.c_str());
    }
    lua_setfield(L, -2, "reactions");
    lua_createtable(L, 0, static_cast<int>(s.compartments.size()));
    for (const auto& k : s.compartments) {
      lua_createtable(L, 0, 5);
      set_optional(L, "atp_hydrolysis", k.atp_hydrolysis);
      set_optional(L, "energy_charge", k.energy_charge);
      lua_pushnumber(L, k.pH);
      lua_setfield(L, -2, "pH");
      lua_pushnumber(L, k.potential);
      lua_setfield(L, -2, "potential");
      lua_pushstring(L, k.note.c_str());
      lua_setfield(L, -2, "note");
      lua_setfield(L, -2, k.compartment.c_str());
    }
    lua_setfield(L, -2, "compartments");
    return 1;
  });
}

// The kinetic model of `m` with its m:set edits applied to initial values and parameters.
Model edited_kinetic_model(LuaModel& m) {
  Model model = m.source->kinetic_model();
  for (const auto& [id, value] : m.values) {
    for (auto& p : model.parameters)
      if (p.id == id) p.value = value;
    for (auto& c : model.compartments)
      if (c.id == id) c.size = value;
    for (auto& sp : model.species)
      if (sp.id == id) {
        // The id means what the math means by it: an amount or a concentration.
        sp.initial_amount = sp.has_only_substance_units ? value : std::nan("");
        sp.initial_concentration = sp.has_only_substance_units ? std::nan("") : value;
      }
  }
  return model;
}

// ergon.thermo.check(model [, options]) -> {reaction_id = {kind, implied_K, implied_standard,
// data_standard, uncertainty, difference, disagrees, state_dependent, note}}; options add
// unit ("M", "mM", "uM", "nM": the model's concentration unit, default mM) and sigmas.
int thermo_check(lua_State* L) {
  return guarded(L, [L] {
    const char* function = "ergon.thermo.check";
    auto& m = check_userdata<LuaModel>(L, 1, function);
    if (!lua_isnoneornil(L, 2))
      check_option_keys(
          L, 2, function,
          {ERGON_THERMO_CONDITION_KEYS, "potential", "unit", "sigmas", "log", "name"});
    const auto in = inputs_of(L, 2, function);
    thermo::RateLawCheckOptions options;
    options.conditions = in.conditions;
    if (!lua_isnoneornil(L, 2)) {
      if (const auto unit = field_string(L, 2, "unit", function)) {
        const std::map<std::string, double> units{
            {"M", 1.0}, {"mM", 1e-3}, {"uM", 1e-6}, {"nM", 1e-9}};
        const auto it = units.find(*unit);
        if (it == units.end())
          throw LuaArgumentError(std::string(function) + ": unit '" + *unit +
                                 "' is not one of M, mM, uM, nM");
        options.concentration_unit = it->second;
      }
      options.sigmas = field_number(L, 2, "sigmas", function).value_or(options.sigmas);
    }
    const auto kinetic = edited_kinetic_model(m);
    const auto rows =
        thermo::check_rate_laws(kinetic, m.source->constraint_model(), in.data, options);
    write_to_log(L, 2, function, [&](io::ResultLog& log, const std::string& name) {
      io::write_rate_law_check(log, name, rows, options.conditions, options.concentration_unit);
    });
    lua_createtable(L, 0, static_cast<int>(rows.size()));
    for (const auto& r : rows) {
      lua_createtable(L, 0, 9);
      lua_pushstring(L, thermo::to_string(r.kind));
      lua_setfield(L, -2, "kind");
      if (!r.state_dependent) set_optional(L, "implied_K", r.implied_constant);
      set_optional(L, "implied_standard", r.implied_standard);
      set_optional(L, "data_standard", r.data_standard);
      if (r.data_standard) set_optional(L, "uncertainty", r.uncertainty);
      set_optional(L, "difference", r.difference);
      lua_pushboolean(L, static_cast<int>(r.disagrees));
      lua_setfield(L, -2, "disagrees");
      lua_pushboolean(L, static_cast<int>(r.state_dependent));
      lua_setfield(L, -2, "state_dependent");
      lua_pushstring(L, r.note.c_str());
      lua_setfield(L, -2, "note");
      lua_setfield(L, -2, r.reaction_id.c_str());
    }
    return 1;
  });
}

// The `concentrations` field of the options at `index`, {id = {min, max}} in M (a metabolite of
// `model` or a KEGG compound), added to `bounds`.
void add_concentrations(lua_State* L, int index, const char* function, const ConstraintModel& model,
                        const thermo::FormationData& data, thermo::ConcentrationBounds& bounds) {
  lua_getfield(L, index, "concentrations");
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
      const thermo::ConcentrationRange range{check_number(L, -2, function, "concentration min"),
                                             check_number(L, -1, function, "concentration max")};
      lua_pop(L, 2);
      if (const auto i = model.find_metabolite(id))
        bounds.by_metabolite[model.metabolites()[*i].id] = range;
      else if (data.compounds().contains(id))
        bounds.by_compound[id] = range;
      else
        throw InputError({.element_id = id},
                         "concentrations: neither a metabolite of the model nor a compound");
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
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
                         "exclude_missing", "log", "name"});
    auto in = inputs_of(L, 3, function);
    thermo::MdfOptions options;
    options.conditions = in.conditions;
    std::filesystem::path bounds = in.data_dir / "thermo_mdf_bounds.tsv";
    if (!lua_isnoneornil(L, 3)) {
      if (auto b = field_string(L, 3, "bounds", function)) bounds = *b;
      options.exclude_missing = field_bool(L, 3, "exclude_missing", function).value_or(false);
    }
    options.bounds = thermo::read_concentration_bounds(bounds);
    if (!lua_isnoneornil(L, 3)) add_concentrations(L, 3, function, model, in.data, options.bounds);
    const auto r = thermo::max_min_driving_force(model, in.data, fluxes, options);
    write_to_log(L, 3, function, [&](io::ResultLog& log, const std::string& name) {
      io::write_mdf(log, name, model, r, options.conditions);
    });
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

// The Model's stoichiometry with its m:bounds and m:objective edits applied.
ConstraintModel edited_constraint_model(LuaModel& m) {
  auto data = m.source->constraint_model().data();
  for (const auto& [r, b] : m.flux.bounds) {
    data.reactions[r].lower_bound = b.lower;
    data.reactions[r].upper_bound = b.upper;
  }
  if (m.flux.objective) {
    for (auto& reaction : data.reactions) reaction.objective_coefficient = 0.0;
    data.reactions[m.flux.objective->first].objective_coefficient = 1.0;
    data.sense = m.flux.objective->second;
  }
  return ConstraintModel(std::move(data));
}

// Options of tfa/tva at `index`: conditions, then bounds (TSV; default 1 µM – 10 mM for every
// metabolite), concentrations, sigmas, time_limit.
thermo::TfaOptions tfa_options_of(lua_State* L, int index, const char* function,
                                  const ConstraintModel& model, ThermoInputs& in) {
  thermo::TfaOptions o;
  o.conditions = in.conditions;
  if (lua_isnoneornil(L, index)) return o;
  if (auto b = field_string(L, index, "bounds", function))
    o.bounds = thermo::read_concentration_bounds(*b);
  add_concentrations(L, index, function, model, in.data, o.bounds);
  o.uncertainty_sigmas = field_number(L, index, "sigmas", function).value_or(o.uncertainty_sigmas);
  o.solver.time_limit_seconds =
      field_number(L, index, "time_limit", function).value_or(o.solver.time_limit_seconds);
  if (!(o.solver.time_limit_seconds > 0.0))
    throw LuaArgumentError(std::string(function) + ": time_limit must be > 0 s");
  return o;
}

void push_number_map(lua_State* L, const std::vector<std::optional<double>>& values,
                     const auto& id_of) {
  lua_createtable(L, 0, static_cast<int>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i]) {
      lua_pushnumber(L, *values[i]);
      lua_setfield(L, -2, id_of(i).c_str());
    }
}

void push_range_map(lua_State* L, const std::vector<std::optional<thermo::ValueRange>>& values,
                    const auto& id_of) {
  lua_createtable(L, 0, static_cast<int>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i]) {
      lua_createtable(L, 2, 0);
      lua_pushnumber(L, values[i]->minimum);
      lua_rawseti(L, -2, 1);
      lua_pushnumber(L, values[i]->maximum);
      lua_rawseti(L, -2, 2);
      lua_setfield(L, -2, id_of(i).c_str());
    }
}

#define ERGON_TFA_KEYS                                                                          \
  ERGON_THERMO_CONDITION_KEYS, "potential", "bounds", "concentrations", "sigmas", "time_limit", \
      "log", "name"

// ergon.thermo.tfa(model [, options]) -> {status, objective, fluxes, gibbs, concentrations,
// unconstrained = {id = reason}, conflicts = {{id, violation, flux}, ...}, binaries}
int thermo_tfa(lua_State* L) {
  return guarded(L, [L] {
    const char* function = "ergon.thermo.tfa";
    auto& m = check_userdata<LuaModel>(L, 1, function);
    if (!lua_isnoneornil(L, 2)) check_option_keys(L, 2, function, {ERGON_TFA_KEYS});
    auto in = inputs_of(L, 2, function);
    const auto model = edited_constraint_model(m);
    const auto options = tfa_options_of(L, 2, function, model, in);
    const auto r = thermo::thermodynamic_fba(model, in.data, options);
    write_to_log(L, 2, function, [&](io::ResultLog& log, const std::string& name) {
      io::write_tfa(log, name, model, r, options.conditions);
    });
    const auto reaction_id = [&](std::size_t i) -> const std::string& {
      return model.reactions()[i].id;
    };
    const auto metabolite_id = [&](std::size_t i) -> const std::string& {
      return model.metabolites()[i].id;
    };
    lua_createtable(L, 0, 8);
    lua_pushstring(L, thermo::to_string(r.status));
    lua_setfield(L, -2, "status");
    lua_pushinteger(L, static_cast<lua_Integer>(r.binaries));
    lua_setfield(L, -2, "binaries");
    if (!r.fluxes.empty()) {
      lua_pushnumber(L, r.objective);
      lua_setfield(L, -2, "objective");
      std::vector<std::optional<double>> fluxes(r.fluxes.begin(), r.fluxes.end());
      push_number_map(L, fluxes, reaction_id);
      lua_setfield(L, -2, "fluxes");
      push_number_map(L, r.gibbs, reaction_id);
      lua_setfield(L, -2, "gibbs");
      push_number_map(L, r.concentrations, metabolite_id);
      lua_setfield(L, -2, "concentrations");
    }
    lua_createtable(L, 0, static_cast<int>(r.unconstrained.size()));
    for (const auto& u : r.unconstrained) {
      lua_pushstring(L, u.reason.c_str());
      lua_setfield(L, -2, u.reaction_id.c_str());
    }
    lua_setfield(L, -2, "unconstrained");
    lua_createtable(L, static_cast<int>(r.conflicts.size()), 0);
    for (std::size_t i = 0; i < r.conflicts.size(); ++i) {
      lua_createtable(L, 0, 3);
      lua_pushstring(L, r.conflicts[i].reaction_id.c_str());
      lua_setfield(L, -2, "id");
      lua_pushnumber(L, r.conflicts[i].violation);
      lua_setfield(L, -2, "violation");
      lua_pushnumber(L, r.conflicts[i].flux);
      lua_setfield(L, -2, "flux");
      lua_rawseti(L, -2, static_cast<lua_Integer>(i) + 1);
    }
    lua_setfield(L, -2, "conflicts");
    return 1;
  });
}

// ergon.thermo.tva(model [, options]) -> {status, objective, fluxes = {id = {min, max}}, gibbs,
// concentrations, milps, failed}; options add fraction (of the optimum, default 1).
int thermo_tva(lua_State* L) {
  return guarded(L, [L] {
    const char* function = "ergon.thermo.tva";
    auto& m = check_userdata<LuaModel>(L, 1, function);
    if (!lua_isnoneornil(L, 2)) check_option_keys(L, 2, function, {ERGON_TFA_KEYS, "fraction"});
    auto in = inputs_of(L, 2, function);
    const auto model = edited_constraint_model(m);
    thermo::TvaOptions options;
    options.tfa = tfa_options_of(L, 2, function, model, in);
    if (!lua_isnoneornil(L, 2))
      options.fraction_of_optimum =
          field_number(L, 2, "fraction", function).value_or(options.fraction_of_optimum);
    const auto r = thermo::thermodynamic_variability(model, in.data, options);
    write_to_log(L, 2, function, [&](io::ResultLog& log, const std::string& name) {
      io::write_tva(log, name, model, r, options.tfa.conditions);
    });
    const auto reaction_id = [&](std::size_t i) -> const std::string& {
      return model.reactions()[i].id;
    };
    const auto metabolite_id = [&](std::size_t i) -> const std::string& {
      return model.metabolites()[i].id;
    };
    lua_createtable(L, 0, 7);
    lua_pushstring(L, thermo::to_string(r.status));
    lua_setfield(L, -2, "status");
    lua_pushinteger(L, static_cast<lua_Integer>(r.milps));
    lua_setfield(L, -2, "milps");
    lua_pushinteger(L, static_cast<lua_Integer>(r.failed));
    lua_setfield(L, -2, "failed");
    if (r.status == thermo::TfaStatus::optimal) {
      lua_pushnumber(L, r.objective);
      lua_setfield(L, -2, "objective");
      push_range_map(L, r.fluxes, reaction_id);
      lua_setfield(L, -2, "fluxes");
      push_range_map(L, r.gibbs, reaction_id);
      lua_setfield(L, -2, "gibbs");
      push_range_map(L, r.concentrations, metabolite_id);
      lua_setfield(L, -2, "concentrations");
    }
    return 1;
  });
}

#undef ERGON_TFA_KEYS

#undef ERGON_THERMO_CONDITION_KEYS

}  // namespace

void register_thermo(lua_State* L) {
  static const std::array<luaL_Reg, 8> functions{{{"drg", thermo_drg},
                                                  {"gibbs", thermo_gibbs},
                                                  {"mdf", thermo_mdf},
                                                  {"tfa", thermo_tfa},
                                                  {"tva", thermo_tva},
                                                  {"state", thermo_state},
                                                  {"check", thermo_check},
                                                  {nullptr, nullptr}}};
  lua_newtable(L);
  luaL_setfuncs(L, functions.data(), 0);
  lua_setfield(L, -2, "thermo");
}

}  // namespace ergon::scripting
