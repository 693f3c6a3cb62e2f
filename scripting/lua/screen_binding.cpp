// ergon.screen{...}: a drug-target screen from Lua. The spec's conditions are Model objects
// (with their edits, e.g. variants); everything else is data, except readouts given as Lua
// functions. Tasks run in engine/screen on a thread pool (or one shard of them, or MPI ranks);
// results are journaled as they finish, so a killed run resumes where it stopped; the finished
// table goes to <out>.h5 and a ranked <out>.csv.

#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/io/result_log.hpp"
#include "engine/screen/journal.hpp"
#include "engine/screen/mpi/mpi_runner.hpp"
#include "engine/screen/screen_runner.hpp"
#include "engine/screen/screen_table.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/h5_binding.hpp"
#include "scripting/lua/model_object.hpp"
#include "scripting/lua/modules.hpp"
#include "scripting/lua/script_context.hpp"

namespace ergon::scripting {
namespace {

namespace fs = std::filesystem;
constexpr const char* kFn = "ergon.screen";

screen::Condition condition_from(lua_State* L, int index, const std::string& name, bool kinetic) {
  auto& m = check_userdata<LuaModel>(L, index, kFn);
  screen::Condition c{.name = name,
                      .model = std::shared_ptr<const ConstraintModel>(),
                      .model_sha256 = m.source->sha256,
                      .bounds = {},
                      .objective = m.flux.objective,
                      .kinetic_model = {},
                      .initial_values = {}};
  if (kinetic) {
    (void)m.source->kinetic_model();
    c.kinetic_model = m.source->kinetic;
    c.initial_values.assign(m.values.begin(), m.values.end());  // m:set edits, in id order
    return c;
  }
  (void)m.source->constraint_model();
  c.model = m.source->constraints;
  c.bounds.assign(m.flux.bounds.begin(), m.flux.bounds.end());
  return c;
}

// conditions = {{name = "warburg", model = m1}, {name = "normal", model = m2}} (ordered).
std::vector<screen::Condition> conditions(lua_State* L, int spec, bool kinetic) {
  lua_getfield(L, spec, "conditions");
  check_table(L, -1, kFn, "conditions");
  const int list = lua_gettop(L);
  std::vector<screen::Condition> out;
  for (lua_Integer i = 1; i <= luaL_len(L, list); ++i) {
    lua_geti(L, list, i);
    check_option_keys(L, -1, kFn, {"name", "model"}, "conditions[i]");
    const auto name = field_string(L, lua_gettop(L), "name", kFn);
    if (!name)
      throw LuaArgumentError(std::string(kFn) + ": conditions[" + std::to_string(i) +
                             "] needs a name");
    lua_getfield(L, -1, "model");
    out.push_back(condition_from(L, lua_gettop(L), *name, kinetic));
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
  if (out.empty()) throw LuaArgumentError(std::string(kFn) + ": conditions is empty");
  return out;
}

// targets = {genes = "all" | {...}} or {reactions = "all" | {...}}, optionally with
// subsystem = "..." and/or filter = function(id) -> boolean. Kinetic screens target reactions:
// "all" means every reaction with a kinetic law.
std::vector<screen::Target> targets(lua_State* L, int spec, const screen::Condition& first) {
  lua_getfield(L, spec, "targets");
  check_option_keys(L, -1, kFn, {"genes", "reactions", "subsystem", "filter"}, "targets");
  const int t = lua_gettop(L);
  lua_getfield(L, t, "genes");
  const bool genes = !lua_isnil(L, -1);
  if (!genes) {
    lua_pop(L, 1);
    lua_getfield(L, t, "reactions");
    if (lua_isnil(L, -1))
      throw LuaArgumentError(std::string(kFn) + ": targets needs genes = ... or reactions = ...");
  }
  std::vector<std::string> ids;
  const bool kinetic = first.kinetic_model != nullptr;
  if (kinetic && genes)
    throw LuaArgumentError(std::string(kFn) + ": a kinetic screen targets reactions");
  if (lua_type(L, -1) == LUA_TSTRING && std::string(lua_tostring(L, -1)) == "all" && kinetic) {
    for (const auto& r : first.kinetic_model->reactions)
      if (r.rate) ids.push_back(r.id);
  } else if (lua_type(L, -1) == LUA_TSTRING && std::string(lua_tostring(L, -1)) == "all") {
    const auto& model = *first.model;
    if (genes) {
      for (const auto& g : model.genes()) ids.push_back(g.id);
    } else {
      const auto boundary = model.boundary_reactions();
      for (std::size_t r = 0; r < model.reactions().size(); ++r) {
        // "all reactions" means enzymes and transporters: exchanges are the medium, not targets.
        if (std::find(boundary.begin(), boundary.end(), r) == boundary.end())
          ids.push_back(model.reactions()[r].id);
      }
    }
  } else {
    ids = check_string_array(L, lua_gettop(L), kFn, genes ? "targets.genes" : "targets.reactions");
  }
  lua_pop(L, 1);
  const auto subsystem = field_string(L, t, "subsystem", kFn);
  if (subsystem) {
    if (kinetic)
      throw LuaArgumentError(std::string(kFn) +
                             ": targets.subsystem applies to flux-balance models");
    const auto& model = *first.model;
    if (genes)
      throw LuaArgumentError(std::string(kFn) + ": targets.subsystem applies to reactions");
    std::erase_if(ids, [&](const std::string& id) {
      return model.reactions()[model.reaction_index(id)].subsystem != *subsystem;
    });
  }
  lua_getfield(L, t, "filter");
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != LUA_TFUNCTION)
      throw LuaArgumentError(std::string(kFn) + ": targets.filter must be a function");
    std::vector<std::string> kept;
    for (const auto& id : ids) {
      lua_pushvalue(L, -1);
      lua_pushstring(L, id.c_str());
      lua_call(L, 1, 1);
      if (lua_toboolean(L, -1) != 0) kept.push_back(id);
      lua_pop(L, 1);
    }
    ids = std::move(kept);
  }
  lua_pop(L, 2);
  std::vector<screen::Target> out;
  for (auto& id : ids)
    out.push_back({genes ? screen::TargetKind::gene : screen::TargetKind::reaction, std::move(id)});
  return out;
}

// Readouts given as Lua functions. A Lua state runs on one thread at a time, and the task
// threads all call into the script's state, so the calls are serialised by one mutex per
// screen. (One state per thread would need the function and its upvalues copied between
// states, which Lua cannot do in general.) A call costs microseconds, a task's LP or
// simulation milliseconds, so the threads rarely wait. MPI ranks and shards each run the
// script, so each has its own state and function. Results stay bit-identical across modes as
// long as the function is pure: it sees only its task's result, in any order.
// The garbage collector runs only on the thread that owns the state: a collection on a task
// thread would run finalisers there, and those free LPs in the owner's GLPK environment (GLPK
// keeps one per thread) or close HDF5 files. Task threads call with the collector stopped; the
// owner's calls collect, fully when the heap has grown a lot.
struct LuaReadouts {
  lua_State* L = nullptr;
  std::thread::id owner = std::this_thread::get_id();
  int collect_above_kb = 0;
  std::mutex lock;
  std::vector<int> references;  ///< registry references of the functions
  /// Kinetic: reaction ids per condition, to put their rates under `rates`.
  std::map<const screen::Condition*, std::set<std::string>> reactions;

  explicit LuaReadouts(lua_State* state)
      : L(state), collect_above_kb(2 * lua_gc(state, LUA_GCCOUNT) + 65536) {}
  LuaReadouts(const LuaReadouts&) = delete;
  LuaReadouts& operator=(const LuaReadouts&) = delete;
  ~LuaReadouts() {
    for (const int r : references) luaL_unref(L, LUA_REGISTRYINDEX, r);
  }
};

// A hash of the function's bytecode (debug information stripped, so the path the script was
// given by does not matter): part of the screen's fingerprint. Upvalues' values are not.
std::string function_code_hash(lua_State* L, int index) {
  std::string code;
  lua_pushvalue(L, index);
  const auto writer = [](lua_State*, const void* p, size_t size, void* out) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(p), size);
    return 0;
  };
  const int status = lua_dump(L, writer, &code, 1);
  lua_pop(L, 1);
  if (status != 0)
    throw LuaArgumentError(std::string(kFn) + ": a readout function must be a Lua function");
  return sha256_hex(code);
}

// The argument of a readout function: {condition =, target = (nil for the baseline), dose =,
// and objective, fluxes = {id = v} (flux balance) or values = {id = v}, rates = {id = v}
// (kinetic, at the end time)}.
void push_readout_input(LuaReadouts& shared, const screen::ReadoutInput& in) {
  lua_State* L = shared.L;
  lua_createtable(L, 0, 6);
  lua_pushstring(L, in.condition->name.c_str());
  lua_setfield(L, -2, "condition");
  if (in.target != nullptr) {
    lua_pushstring(L, in.target->id.c_str());
    lua_setfield(L, -2, "target");
  }
  lua_pushnumber(L, in.dose);
  lua_setfield(L, -2, "dose");
  if (in.condition->model) {
    lua_pushnumber(L, in.objective);
    lua_setfield(L, -2, "objective");
    const auto& reactions = in.condition->model->reactions();
    lua_createtable(L, 0, static_cast<int>(in.fluxes.size()));
    for (std::size_t r = 0; r < in.fluxes.size(); ++r) {
      lua_pushnumber(L, in.fluxes[r]);
      lua_setfield(L, -2, reactions[r].id.c_str());
    }
    lua_setfield(L, -2, "fluxes");
    return;
  }
  auto& is_reaction = shared.reactions[in.condition];
  if (is_reaction.empty()) {
    for (const auto& r : in.condition->kinetic_model->reactions) is_reaction.insert(r.id);
  }
  lua_newtable(L);  // values
  lua_newtable(L);  // rates
  for (std::size_t i = 0; i < in.ids.size(); ++i) {
    lua_pushnumber(L, in.values[i]);
    lua_setfield(L, is_reaction.contains(in.ids[i]) ? -2 : -3, in.ids[i].c_str());
  }
  lua_setfield(L, -3, "rates");
  lua_setfield(L, -2, "values");
}

// Builds the argument and calls the function, inside lua_pcall: every Lua error (a memory
// error while building the table too) is caught on the calling thread.
struct ReadoutCall {
  LuaReadouts* shared;
  const screen::ReadoutInput* input;
};
int call_readout(lua_State* L) {
  const auto* call = static_cast<const ReadoutCall*>(lua_touserdata(L, 1));
  push_readout_input(*call->shared, *call->input);
  lua_call(L, 1, 1);  // the function (argument 2) with the table
  return 1;
}

screen::ReadoutFunction lua_readout(const std::shared_ptr<LuaReadouts>& shared, int reference,
                                    const std::string& name) {
  return [shared, reference, name](const screen::ReadoutInput& in) {
    const std::lock_guard guard(shared->lock);
    lua_State* L = shared->L;
    const bool owner = std::this_thread::get_id() == shared->owner;
    const bool collecting = lua_gc(L, LUA_GCISRUNNING) != 0;
    if (!owner && collecting) lua_gc(L, LUA_GCSTOP);
    struct Restart {
      lua_State* L;
      bool on;
      ~Restart() {
        if (on) lua_gc(L, LUA_GCRESTART);
      }
    } restart{L, !owner && collecting};
    if (owner && lua_gc(L, LUA_GCCOUNT) > shared->collect_above_kb) {
      lua_gc(L, LUA_GCCOLLECT);
      shared->collect_above_kb = 2 * lua_gc(L, LUA_GCCOUNT) + 65536;
    }
    const int top = lua_gettop(L);
    if (lua_checkstack(L, 8) == 0) throw ComputationError("ergon.screen: Lua stack exhausted");
    ReadoutCall call{shared.get(), &in};
    lua_pushcfunction(L, call_readout);
    lua_pushlightuserdata(L, &call);
    lua_rawgeti(L, LUA_REGISTRYINDEX, reference);
    if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
      const std::string message = lua_tostring(L, -1) != nullptr ? lua_tostring(L, -1) : "error";
      lua_settop(L, top);
      throw InputError({.element_id = name}, "readout function failed: " + message);
    }
    if (lua_type(L, -1) != LUA_TNUMBER) {
      const std::string got = type_name(L, -1);
      lua_settop(L, top);
      throw InputError({.element_id = name}, "readout function must return a number, got " + got);
    }
    const double value = lua_tonumber(L, -1);
    lua_settop(L, top);
    return value;
  };
}

// readouts = {"objective", "R_EX_lac__L_e", {name = "yield", fn = function(r) ... end}}.
// Flux balance: "objective" or a reaction id (its pFBA flux). Kinetic: a species, compartment,
// parameter or reaction id (its value or rate at the end time). A table: a Lua function of the
// task's result.
std::vector<screen::Readout> readouts(lua_State* L, int spec, bool kinetic,
                                      const std::shared_ptr<LuaReadouts>& shared) {
  lua_getfield(L, spec, "readouts");
  std::vector<screen::Readout> out;
  if (lua_isnil(L, -1)) {
    if (kinetic) throw LuaArgumentError(std::string(kFn) + ": a kinetic screen needs readouts");
    out.push_back({"objective", screen::Readout::Kind::objective, "", nullptr, ""});
    lua_pop(L, 1);
    return out;
  }
  check_table(L, -1, kFn, "readouts");
  const int list = lua_gettop(L);
  for (lua_Integer i = 1; i <= luaL_len(L, list); ++i) {
    lua_geti(L, list, i);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const std::string id = lua_tostring(L, -1);
      if (kinetic) {
        out.push_back({id, screen::Readout::Kind::value, id, nullptr, ""});
      } else if (id == "objective") {
        out.push_back({id, screen::Readout::Kind::objective, "", nullptr, ""});
      } else {
        out.push_back({id, screen::Readout::Kind::flux, id, nullptr, ""});
      }
    } else if (lua_type(L, -1) == LUA_TTABLE) {
      const int entry = lua_gettop(L);
      check_option_keys(L, entry, kFn, {"name", "fn"}, "readouts[i]");
      const auto name = field_string(L, entry, "name", kFn);
      if (!name || name->empty())
        throw LuaArgumentError(std::string(kFn) + ": readouts[" + std::to_string(i) +
                               "] needs a name");
      lua_getfield(L, entry, "fn");
      if (lua_type(L, -1) != LUA_TFUNCTION)
        throw LuaArgumentError(std::string(kFn) + ": readout '" + *name +
                               "' needs fn = function(result)");
      const std::string hash = function_code_hash(L, lua_gettop(L));
      const int reference = luaL_ref(L, LUA_REGISTRYINDEX);  // pops the function
      shared->references.push_back(reference);
      out.push_back({*name, screen::Readout::Kind::function, "",
                     lua_readout(shared, reference, *name), hash});
    } else {
      throw LuaArgumentError(std::string(kFn) + ": readouts[" + std::to_string(i) +
                             "] must be an id or {name = ..., fn = function}, got " +
                             type_name(L, -1));
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  for (std::size_t a = 0; a < out.size(); ++a) {
    for (std::size_t b = 0; b < a; ++b) {
      if (out[a].name == out[b].name)
        throw LuaArgumentError(std::string(kFn) + ": readout '" + out[a].name + "' given twice");
    }
  }
  return out;
}

// inhibition = {type = "competitive", ki = 0.1, substrates = {HK = {"glc"}}} and
// simulation = {t_end =, rtol =, atol =, steady_tolerance =}: what makes a screen kinetic.
void kinetic_settings(lua_State* L, int spec, screen::ScreenSpec& out) {
  lua_getfield(L, spec, "inhibition");
  const int t = lua_gettop(L);
  check_option_keys(L, t, kFn, {"type", "ki", "substrates"}, "inhibition");
  auto& k = out.kinetic;
  k.inhibition =
      kinetic::parse_inhibition_type(field_string(L, t, "type", kFn).value_or("competitive"));
  const auto ki = field_number(L, t, "ki", kFn);
  if (!ki)
    throw LuaArgumentError(std::string(kFn) + ": inhibition needs ki = (the inhibition constant)");
  k.ki = *ki;
  lua_getfield(L, t, "substrates");
  if (!lua_isnil(L, -1)) {
    check_table(L, -1, kFn, "inhibition.substrates");
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
      const std::string key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
      if (std::none_of(out.targets.begin(), out.targets.end(),
                       [&](const screen::Target& x) { return x.id == key; })) {
        throw LuaArgumentError(std::string(kFn) + ": inhibition.substrates names '" + key +
                               "', which is not a target");
      }
      lua_pop(L, 1);
    }
    for (auto& target : out.targets) {
      lua_getfield(L, -1, target.id.c_str());
      if (!lua_isnil(L, -1))
        target.substrates = check_string_array(L, lua_gettop(L), kFn, "inhibition.substrates[id]");
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 2);
  lua_getfield(L, spec, "simulation");
  if (!lua_isnil(L, -1)) {
    const int s = lua_gettop(L);
    check_option_keys(L, s, kFn, {"t_end", "rtol", "atol", "steady_tolerance"}, "simulation");
    k.end = field_number(L, s, "t_end", kFn).value_or(k.end);
    k.rtol = field_number(L, s, "rtol", kFn).value_or(k.rtol);
    k.atol = field_number(L, s, "atol", kFn).value_or(k.atol);
    k.steady_tolerance = field_number(L, s, "steady_tolerance", kFn).value_or(k.steady_tolerance);
  }
  lua_pop(L, 1);
}

std::size_t condition_index(const screen::ScreenSpec& spec, const std::string& name) {
  for (std::size_t c = 0; c < spec.conditions.size(); ++c) {
    if (spec.conditions[c].name == name) return c;
  }
  throw LuaArgumentError(std::string(kFn) + ": score names no condition '" + name + "'");
}

std::string shard_journal(const std::string& out, std::size_t shard, std::size_t shards) {
  return out + ".shard-" + std::to_string(shard + 1) + "-of-" + std::to_string(shards) + ".journal";
}

void write_outputs(lua_State* L, const screen::ScreenSpec& spec, const screen::ScreenTable& table,
                   const std::vector<screen::TargetScore>& scores, std::size_t a, std::size_t b,
                   const std::string& out, const std::string& fingerprint) {
  const bool kinetic = spec.kind == screen::ModelKind::kinetic;
  const auto& context = script_context(L);
  context.require_writable(out + ".h5");
  auto log = io::ResultLog::open(out + ".h5", io::OpenMode::truncate);
  write_provenance(log, context);
  std::vector<std::string> condition_names;
  std::vector<std::string> readout_names;
  std::vector<std::string> models;
  for (const auto& c : spec.conditions) {
    condition_names.push_back(c.name);
    models.push_back(c.model_sha256);
  }
  for (const auto& r : spec.readouts) readout_names.push_back(r.name);
  log.create_group("screen", "screen",
                   {{"name", spec.name},
                    {"fingerprint", fingerprint},
                    {"conditions", condition_names},
                    {"model_sha256", models},
                    {"doses", spec.doses},
                    {"readouts", readout_names},
                    {"score_condition_a", spec.conditions[a].name},
                    {"score_condition_b", spec.conditions[b].name},
                    {"model_kind", std::string(kinetic ? "kinetic" : "flux_balance")}});
  if (kinetic) {
    // Doses are inhibitor concentrations; the rows are values at t_end.
    const auto& k = spec.kinetic;
    log.set_attributes("screen", {{"inhibition", std::string(kinetic::to_string(k.inhibition))},
                                  {"ki", k.ki},
                                  {"t_end", k.end},
                                  {"rtol", k.rtol},
                                  {"atol", k.atol},
                                  {"steady_tolerance", k.steady_tolerance}});
  }
  log.write_strings("screen/condition", table.condition);
  log.write_strings("screen/target", table.target);
  log.write_strings("screen/target_kind", table.target_kind);
  log.write_numbers("screen/dose", table.dose, {table.dose.size()});
  log.write_strings("screen/status", table.status);
  for (std::size_t k = 0; k < spec.readouts.size(); ++k) {
    log.write_numbers("screen/" + spec.readouts[k].name, table.values[k], {table.values[k].size()});
  }
  std::vector<double> baseline;
  for (const auto& row : table.baseline) baseline.insert(baseline.end(), row.begin(), row.end());
  log.write_numbers("screen/baseline", baseline, {spec.conditions.size(), spec.readouts.size()});
  log.close();
  context.require_writable(out + ".csv");
  std::ofstream(out + ".csv") << screen::ranked_csv(spec, scores, a, b);
}

int screen_run(lua_State* L) {
  return guarded(L, [L] {
    check_option_keys(L, 1, kFn,
                      {"name", "conditions", "targets", "inhibition", "simulation", "doses",
                       "readouts", "score", "out", "threads"},
                      "spec");
    const auto& context = script_context(L);
    screen::ScreenSpec spec;
    spec.name = field_string(L, 1, "name", kFn).value_or("screen");
    lua_getfield(L, 1, "inhibition");
    const bool kinetic = !lua_isnil(L, -1);
    lua_pop(L, 1);
    spec.kind = kinetic ? screen::ModelKind::kinetic : screen::ModelKind::flux_balance;
    spec.conditions = conditions(L, 1, kinetic);
    spec.targets = targets(L, 1, spec.conditions.front());
    if (kinetic) kinetic_settings(L, 1, spec);
    lua_getfield(L, 1, "doses");
    if (!lua_isnil(L, -1)) {
      check_table(L, -1, kFn, "doses");
      spec.doses.clear();
      for (lua_Integer i = 1; i <= luaL_len(L, -1); ++i) {
        lua_geti(L, -1, i);
        spec.doses.push_back(check_number(L, -1, kFn, "doses[i]"));
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
    // Shared by the function readouts' closures; unreferences the functions when the last goes.
    const auto lua_functions = std::make_shared<LuaReadouts>(L);
    spec.readouts = readouts(L, 1, kinetic, lua_functions);
    screen::validate(spec);

    // Scoring: readout (default the first) in condition a against b (default the first two).
    std::size_t a = 0;
    std::size_t b = spec.conditions.size() > 1 ? 1 : 0;
    std::size_t readout = 0;
    lua_getfield(L, 1, "score");
    if (!lua_isnil(L, -1)) {
      const int s = lua_gettop(L);
      check_option_keys(L, s, kFn, {"a", "b", "readout"}, "score");
      if (const auto name = field_string(L, s, "a", kFn)) a = condition_index(spec, *name);
      if (const auto name = field_string(L, s, "b", kFn)) b = condition_index(spec, *name);
      if (const auto name = field_string(L, s, "readout", kFn)) {
        const auto it = std::find_if(spec.readouts.begin(), spec.readouts.end(),
                                     [&](const auto& r) { return r.name == *name; });
        if (it == spec.readouts.end())
          throw LuaArgumentError(std::string(kFn) + ": score.readout '" + *name +
                                 "' is not a readout");
        readout = static_cast<std::size_t>(it - spec.readouts.begin());
      }
    }
    lua_pop(L, 1);

    const auto& mode = context.screen;
    const std::string out =
        !mode.out.empty() ? mode.out : field_string(L, 1, "out", kFn).value_or(spec.name);
    const std::size_t threads =
        mode.threads > 0 ? mode.threads
                         : static_cast<std::size_t>(field_number(L, 1, "threads", kFn).value_or(1));
    const auto tasks = screen::enumerate_tasks(spec);
    const auto fingerprint = screen::fingerprint(spec);
    std::map<std::size_t, screen::TaskResult> done;
    using Mode = ScreenRunOptions::Mode;
    if (mode.mode == Mode::merge) {
      for (std::size_t i = 0; i < mode.shards; ++i) {
        const auto path = shard_journal(out, i, mode.shards);
        if (!fs::exists(path))
          throw InputError({.file = path}, "shard journal missing (run that shard first)");
        auto contents = screen::read_journal(path);
        if (contents.fingerprint != fingerprint)
          throw InputError({.file = path}, "shard of a different screen");
        for (auto& [index, result] : contents.done) done.emplace(index, std::move(result));
      }
    } else {
      const bool shard = mode.mode == Mode::shard;
      const std::string path =
          shard ? shard_journal(out, mode.shard, mode.shards) : out + ".journal";
      const auto mine = shard ? screen::shard_tasks(tasks, mode.shard, mode.shards) : tasks;
      const bool distributed = screen::mpi::world_size() > 1;
      if (distributed && screen::mpi::rank() != 0) {
        // Under mpirun: rank 0 journals and writes the outputs; the other ranks only compute.
        (void)screen::mpi::run_tasks(spec, mine, nullptr);
        lua_pushnil(L);
        return 1;
      }
      context.require_writable(path);
      auto journal = screen::Journal::open(path, fingerprint, tasks.size(), spec.readouts.size());
      const std::size_t before = journal.done().size();
      const auto ran = distributed ? screen::mpi::run_tasks(spec, mine, &journal)
                                   : screen::run_tasks(spec, mine, journal,
                                                       {.threads = threads, .progress = nullptr});
      if (!context.quiet) {
        std::cerr << "ergon.screen '" << spec.name << "': " << ran << " tasks run";
        if (distributed) std::cerr << " on " << screen::mpi::world_size() << " MPI ranks";
        std::cerr << ", " << before << " already in " << path << "\n";
      }
      if (shard) {
        lua_pushnil(L);  // a shard writes only its journal; `ergon merge` builds the table
        return 1;
      }
      done = journal.done();
    }
    const screen::TaskRunner reference(spec);
    std::vector<std::vector<double>> baseline;
    for (std::size_t c = 0; c < spec.conditions.size(); ++c)
      baseline.push_back(reference.baseline(c));
    const auto table = screen::make_table(spec, done, std::move(baseline));
    const auto scores = screen::score(spec, table, readout, a, b);
    write_outputs(L, spec, table, scores, a, b, out, fingerprint);

    // Returns the ranked scores: {{target=, kind=, selectivity=, best_dose=, ic50 = {cond = x}},
    // ...}
    lua_createtable(L, static_cast<int>(scores.size()), 0);
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const auto& s = scores[i];
      lua_createtable(L, 0, 6);
      lua_pushstring(L, s.target.c_str());
      lua_setfield(L, -2, "target");
      lua_pushstring(L, s.kind.c_str());
      lua_setfield(L, -2, "kind");
      lua_pushnumber(L, s.selectivity);
      lua_setfield(L, -2, "selectivity");
      lua_pushnumber(L, s.best_dose);
      lua_setfield(L, -2, "best_dose");
      lua_createtable(L, 0, static_cast<int>(spec.conditions.size()));
      for (std::size_t c = 0; c < spec.conditions.size(); ++c) {
        lua_pushnumber(L, s.ic50[c]);
        lua_setfield(L, -2, spec.conditions[c].name.c_str());
      }
      lua_setfield(L, -2, "ic50");
      lua_seti(L, -2, static_cast<lua_Integer>(i) + 1);
    }
    return 1;
  });
}

}  // namespace

void register_screen(lua_State* L) {
  lua_pushcfunction(L, screen_run);
  lua_setfield(L, -2, "screen");
}

}  // namespace ergon::scripting
