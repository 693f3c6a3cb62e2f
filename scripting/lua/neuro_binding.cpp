// ergon.neuro: build spiking networks, run them, read statistics, spikes and the ATP budget,
// and log them to HDF5. Units as in the C++ API: ms, mV, pF, nS, pA, Hz; ATP in molecules.
//
//   local net = ergon.neuro.network{dt = 0.1, seed = 1}
//   net:population{name = "E", n = 3200, model = "lif", e_l = -49, init = {v_min = -60, v_max =
//   -50}} net:connect{source = "E", target = "E", p = 0.02, receptor = "exc", weight = 1.62} local
//   r = net:run{duration = 1000, threads = 1, log = log, log_name = "spikes"}
//   print(r:stats().populations.E.mean_rate_hz)

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/kinetic/compiled_model.hpp"
#include "neuro/network.hpp"
#include "neuro/simulation.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/h5_binding.hpp"
#include "scripting/lua/model_object.hpp"
#include "scripting/lua/modules.hpp"

namespace ergon::scripting {
namespace {

using namespace ergon::neuro;
namespace fs = std::filesystem;

struct NetworkUd {
  static constexpr const char* kLuaType = "ergon.neuro.Network";
  std::unique_ptr<Network> net;
};

struct ResultUd {
  static constexpr const char* kLuaType = "ergon.neuro.Result";
  std::unique_ptr<SimulationResult> result;
  std::vector<PopulationSpec> populations;  // names and offsets (spike lists dropped)
  bool streamed = false;
};

template <typename T>
struct Field {
  const char* key;
  double T::*member;
};

// Reads the numeric fields listed in `fields` from the table at `index`; any other key that
// is not in `allowed` is an error, so a misspelt parameter never passes silently.
template <typename T, std::size_t N>
void read_fields(lua_State* L, int index, T& out, const Field<T> (&fields)[N], const char* function,
                 std::initializer_list<const char*> allowed) {
  for (const auto& f : fields)
    if (auto v = field_number(L, index, f.key, function)) out.*(f.member) = *v;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) continue;
    const std::string key = lua_tostring(L, -1);
    bool known = false;
    for (const auto& f : fields) known = known || key == f.key;
    for (const auto* a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (const auto& f : fields) list += std::string(list.empty() ? "" : ", ") + f.key;
      lua_pop(L, 1);
      throw LuaArgumentError(std::string(function) + ": unknown option '" + key +
                             "' (parameters of this model: " + list + ")");
    }
  }
}

const Field<LifParameters> kLif[] = {
    {"tau_m", &LifParameters::tau_m_ms}, {"c_m", &LifParameters::c_m_pf},
    {"g_l", &LifParameters::g_l_ns},     {"e_l", &LifParameters::e_l_mv},
    {"v_th", &LifParameters::v_th_mv},   {"v_reset", &LifParameters::v_reset_mv},
    {"t_ref", &LifParameters::t_ref_ms}, {"tau_e", &LifParameters::tau_e_ms},
    {"tau_i", &LifParameters::tau_i_ms}, {"e_e", &LifParameters::e_e_mv},
    {"e_i", &LifParameters::e_i_mv}};
const Field<AdexParameters> kAdex[] = {{"c_m", &AdexParameters::c_m_pf},
                                       {"g_l", &AdexParameters::g_l_ns},
                                       {"e_l", &AdexParameters::e_l_mv},
                                       {"v_t", &AdexParameters::v_t_mv},
                                       {"delta_t", &AdexParameters::delta_t_mv},
                                       {"tau_w", &AdexParameters::tau_w_ms},
                                       {"a", &AdexParameters::a_ns},
                                       {"b", &AdexParameters::b_pa},
                                       {"v_reset", &AdexParameters::v_reset_mv},
                                       {"v_peak", &AdexParameters::v_peak_mv},
                                       {"t_ref", &AdexParameters::t_ref_ms},
                                       {"i_e", &AdexParameters::i_e_pa},
                                       {"tau_e", &AdexParameters::tau_e_ms},
                                       {"tau_i", &AdexParameters::tau_i_ms},
                                       {"e_e", &AdexParameters::e_e_mv},
                                       {"e_i", &AdexParameters::e_i_mv}};
const Field<IzhikevichParameters> kIzh[] = {{"a", &IzhikevichParameters::a},
                                            {"b", &IzhikevichParameters::b},
                                            {"c", &IzhikevichParameters::c},
                                            {"d", &IzhikevichParameters::d},
                                            {"v_peak", &IzhikevichParameters::v_peak_mv},
                                            {"i_e", &IzhikevichParameters::i_e},
                                            {"tau_e", &IzhikevichParameters::tau_e_ms},
                                            {"tau_i", &IzhikevichParameters::tau_i_ms}};
const Field<HhParameters> kHh[] = {
    {"c_m", &HhParameters::c_m_pf},         {"g_l", &HhParameters::g_l_ns},
    {"e_l", &HhParameters::e_l_mv},         {"g_na", &HhParameters::g_na_ns},
    {"e_na", &HhParameters::e_na_mv},       {"g_k", &HhParameters::g_k_ns},
    {"e_k", &HhParameters::e_k_mv},         {"v_t", &HhParameters::v_t_mv},
    {"v_spike", &HhParameters::v_spike_mv}, {"t_ref", &HhParameters::t_ref_ms},
    {"i_e", &HhParameters::i_e_pa},         {"tau_e", &HhParameters::tau_e_ms},
    {"tau_i", &HhParameters::tau_i_ms},     {"e_e", &HhParameters::e_e_mv},
    {"e_i", &HhParameters::e_i_mv}};
const Field<PoissonSource> kPoisson[] = {{"rate", &PoissonSource::rate_hz},
                                         {"start", &PoissonSource::start_ms},
                                         {"stop", &PoissonSource::stop_ms}};
const Field<InitialState> kInit[] = {
    {"v_min", &InitialState::v_min_mv},  {"v_max", &InitialState::v_max_mv},
    {"ge_mean", &InitialState::ge_mean}, {"ge_sd", &InitialState::ge_sd},
    {"gi_mean", &InitialState::gi_mean}, {"gi_sd", &InitialState::gi_sd}};
const Field<StdpParameters> kStdp[] = {{"tau_plus", &StdpParameters::tau_plus_ms},
                                       {"tau_minus", &StdpParameters::tau_minus_ms},
                                       {"a_plus", &StdpParameters::a_plus},
                                       {"a_minus", &StdpParameters::a_minus},
                                       {"w_max", &StdpParameters::w_max}};
const Field<AtpCosts> kCosts[] = {{"per_spike", &AtpCosts::per_spike},
                                  {"resting_per_s", &AtpCosts::resting_per_s},
                                  {"presynaptic_per_vesicle", &AtpCosts::presynaptic_per_vesicle},
                                  {"postsynaptic_per_vesicle", &AtpCosts::postsynaptic_per_vesicle},
                                  {"recycling_per_vesicle", &AtpCosts::recycling_per_vesicle},
                                  {"vesicles_per_event", &AtpCosts::vesicles_per_event},
                                  {"inhibitory_scale", &AtpCosts::inhibitory_scale}};
const Field<AtpSupply> kSupply[] = {{"initial_atp", &AtpSupply::initial_atp},
                                    {"max_rate_per_s", &AtpSupply::max_rate_per_s},
                                    {"ceiling_atp", &AtpSupply::ceiling_atp},
                                    {"cut_at", &AtpSupply::cut_at_ms},
                                    {"cut_scale", &AtpSupply::cut_scale}};
const Field<AtpFeedback> kFeedback[] = {
    {"katp_g_max_rel", &AtpFeedback::katp_g_max_rel}, {"katp_half", &AtpFeedback::katp_half},
    {"katp_hill", &AtpFeedback::katp_hill},           {"e_k", &AtpFeedback::e_k_mv},
    {"pump_max_mv", &AtpFeedback::pump_max_mv},       {"pump_km", &AtpFeedback::pump_km}};
const Field<EnergyOptions> kEnergy[] = {{"metabolic_dt", &EnergyOptions::metabolic_dt_ms},
                                        {"delta_g_kj_per_mol", &EnergyOptions::delta_g_kj_per_mol}};

// Calls `body(index)` with the sub-table `key` of the table at `index` when it is present.
template <typename Body>
void with_subtable(lua_State* L, int index, const char* key, const char* function, Body&& body) {
  lua_getfield(L, index, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  if (lua_type(L, -1) != LUA_TTABLE) {
    const std::string got = type_name(L, -1);
    lua_pop(L, 1);
    throw LuaArgumentError(std::string(function) + ": option '" + key + "' must be a table, got " +
                           got);
  }
  body(lua_gettop(L));
  lua_pop(L, 1);
}

std::vector<double> numbers(lua_State* L, int index, const char* function, const char* what) {
  check_table(L, index, function, what);
  std::vector<double> out;
  const auto n = luaL_len(L, index);
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_geti(L, index, i);
    if (lua_type(L, -1) != LUA_TNUMBER) {
      lua_pop(L, 1);
      throw LuaArgumentError(std::string(function) + ": " + what + "[" + std::to_string(i) +
                             "] is not a number");
    }
    out.push_back(lua_tonumber(L, -1));
    lua_pop(L, 1);
  }
  return out;
}

// The Model at `index` (an ergon.Model, or a path / SBML text loaded here), replaced on the
// stack by the userdata. Returns it.
LuaModel& supply_model(lua_State* L, int index, const char* function) {
  if (lua_type(L, index) == LUA_TSTRING) {
    const std::string path = lua_tostring(L, index);
    new_userdata(L, LuaModel{ModelSource::load(path), {}, {}});
    lua_replace(L, index);
  }
  return check_userdata<LuaModel>(L, index, function);
}

// A variant by name: pathways' convention, variants/<name>.lua next to the model file,
// applied through its `kinetic_edits` (variants.apply_kinetic) to a clone of `base`. Pushes
// the edited Model.
void apply_named_variant(lua_State* L, int base, const std::string& name, int params,
                         const std::filesystem::path& directory) {
  static const char* kApply = R"(
    local base, name, params, dir = ...
    local saved = package.path
    package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua;" .. package.path
    local found, variants = pcall(require, "variants")
    if not found then
      package.path = saved
      error("no variant library next to the model (" .. dir .. "/variants): " .. tostring(variants), 0)
    end
    local ok, edited = pcall(variants.apply_kinetic, name, base, params)
    package.path = saved
    if not ok then error(edited, 0) end
    return edited
  )";
  if (luaL_loadstring(L, kApply) != LUA_OK) throw InternalError(lua_tostring(L, -1));
  lua_pushvalue(L, base);
  lua_pushstring(L, name.c_str());
  if (params != 0)
    lua_pushvalue(L, params);
  else
    lua_newtable(L);
  lua_pushstring(L, directory.string().c_str());
  lua_call(L, 4, 1);
}

// energy.supply = {model = path | Model, ...}: the kinetic supply (KineticSupplyOptions).
//   load = "k_load", load_kind = "rate_constant" | "flux", atp = "atp", production = "J_ATP"
//   (false: none), settle = s, pool_atp = ATP per neuron, reference_demand = ATP/s per neuron,
//   time_scale = model s per network s (0: derived), step = ms
//   (the metabolic step), rtol =, atol =,
//   variant = name | Model (an edited clone of `model`), variant_params = {...},
//   variant_at = ms (default 0: from the start), set = {id = value, ...} (edits at variant_at)
void read_kinetic_supply(lua_State* L, int t, EnergyOptions& e) {
  const char* fn = "energy.supply";
  static const char* kKeys[] = {
      "model",      "load",       "load_kind", "atp",  "production", "settle",  "reference_demand",
      "pool_atp",   "time_scale", "step",      "rtol", "atol",       "variant", "variant_params",
      "variant_at", "set"};
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    lua_pop(L, 1);
    const std::string key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (std::find_if(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; }) ==
        std::end(kKeys)) {
      lua_pop(L, 1);
      throw LuaArgumentError(
          std::string(fn) + ": unknown option '" + key +
          "' for a kinetic supply (model, load, load_kind, atp, production, "
          "settle, reference_demand, pool_atp, time_scale, step, rtol, atol, variant, "
          "variant_params, variant_at, set)");
    }
  }
  KineticSupplyOptions k;
  lua_getfield(L, t, "model");
  const int model_index = lua_gettop(L);
  const auto& base = supply_model(L, model_index, fn);
  k.model = kinetic::CompiledModel::compile(base.source->kinetic_model());
  for (const auto& [id, v] : base.values) k.initial_values.emplace_back(id, v);
  k.load_id = field_string(L, t, "load", fn).value_or(k.load_id);
  k.atp_id = field_string(L, t, "atp", fn).value_or(k.atp_id);
  const auto kind = field_string(L, t, "load_kind", fn).value_or("rate_constant");
  if (kind == "flux")
    k.load_kind = LoadKind::flux;
  else if (kind != "rate_constant")
    throw LuaArgumentError(std::string(fn) +
                           ": load_kind must be 'rate_constant' or 'flux', got '" + kind + "'");
  lua_getfield(L, t, "production");
  if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1))
    k.production_id.clear();
  else if (!lua_isnil(L, -1))
    k.production_id = check_string(L, -1, fn, "production");
  lua_pop(L, 1);
  k.settle_s = field_number(L, t, "settle", fn).value_or(k.settle_s);
  k.reference_demand_per_s =
      field_number(L, t, "reference_demand", fn).value_or(k.reference_demand_per_s);
  k.pool_atp = field_number(L, t, "pool_atp", fn).value_or(k.pool_atp);
  k.time_scale = field_number(L, t, "time_scale", fn).value_or(0.0);
  k.rtol = field_number(L, t, "rtol", fn).value_or(k.rtol);
  k.atol = field_number(L, t, "atol", fn).value_or(k.atol);
  if (auto step = field_number(L, t, "step", fn)) e.metabolic_dt_ms = *step;

  // The perturbation: what the variant changes relative to `model`, then `set`.
  std::map<std::string, double> edits;
  lua_getfield(L, t, "variant");
  if (!lua_isnil(L, -1)) {
    const int variant = lua_gettop(L);
    if (lua_type(L, variant) == LUA_TSTRING) {
      if (base.source->temporary)
        throw LuaArgumentError(std::string(fn) +
                               ": a variant by name needs a model file (variants/ next to it)");
      lua_getfield(L, t, "variant_params");
      const int params = lua_isnil(L, -1) ? 0 : lua_gettop(L);
      if (params != 0) check_table(L, params, fn, "variant_params");
      apply_named_variant(L, model_index, lua_tostring(L, variant), params,
                          fs::absolute(base.source->path).parent_path());
      lua_replace(L, variant);
      lua_pop(L, 1);
    }
    const auto& edited = check_userdata<LuaModel>(L, variant, "energy.supply variant");
    if (edited.source->sha256 != base.source->sha256)
      throw LuaArgumentError(std::string(fn) + ": the variant model is not built from `model` (" +
                             edited.source->label + " vs " + base.source->label + ")");
    for (const auto& [id, v] : edited.values) {
      const auto it = base.values.find(id);
      if (it == base.values.end() || it->second != v) edits[id] = v;
    }
  }
  lua_pop(L, 1);
  with_subtable(L, t, "set", fn, [&](int set) {
    lua_pushnil(L);
    while (lua_next(L, set) != 0) {
      if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER) {
        lua_pop(L, 2);
        throw LuaArgumentError(std::string(fn) + ": set must map ids to numbers");
      }
      edits[lua_tostring(L, -2)] = lua_tonumber(L, -1);
      lua_pop(L, 1);
    }
  });
  if (!edits.empty()) {
    k.perturb_at_ms = field_number(L, t, "variant_at", fn).value_or(0.0);
    if (!(k.perturb_at_ms >= 0))
      throw LuaArgumentError(std::string(fn) + ": variant_at must be ≥ 0 ms");
    k.perturbation.assign(edits.begin(), edits.end());
  }
  lua_pop(L, 1);  // model
  e.kinetic_supply = std::move(k);
}

int network_new(lua_State* L) {
  return guarded(L, [L] {
    NetworkOptions o;
    if (!lua_isnoneornil(L, 1)) {
      check_option_keys(L, 1, "ergon.neuro.network", {"dt", "seed"});
      if (auto v = field_number(L, 1, "dt", "ergon.neuro.network")) o.dt_ms = *v;
      if (auto v = field_number(L, 1, "seed", "ergon.neuro.network")) {
        if (*v < 0 || *v != std::floor(*v))
          throw LuaArgumentError("ergon.neuro.network: seed must be a non-negative integer");
        o.seed = static_cast<std::uint64_t>(*v);
      }
    }
    new_userdata(L, NetworkUd{std::make_unique<Network>(o)});
    return 1;
  });
}

Network& check_network(lua_State* L, const char* function) {
  return *check_userdata<NetworkUd>(L, 1, function).net;
}

// net:population{name=, n=, model="lif"|"adex"|"izhikevich"|"hh"|"poisson"|"spikes", <parameters>,
//                synapses="current"|"conductance" (lif), init={...}, record=true,
//                times={...}, indices={...} (spikes, 0-based indices)} → index (0-based)
int network_population(lua_State* L) {
  return guarded(L, [L] {
    const char* fn = "Network:population";
    auto& net = check_network(L, fn);
    check_table(L, 2, fn, "options");
    PopulationSpec spec;
    spec.name = field_string(L, 2, "name", fn).value_or("");
    if (auto n = field_number(L, 2, "n", fn)) {
      if (*n < 0 || *n != std::floor(*n))
        throw LuaArgumentError(std::string(fn) + ": n must be a non-negative integer");
      spec.size = static_cast<std::size_t>(*n);
    }
    spec.record = field_bool(L, 2, "record", fn).value_or(true);
    with_subtable(L, 2, "init", fn, [&](int t) {
      read_fields(L, t, spec.initial, kInit, "Network:population init", {});
    });
    const std::string model = field_string(L, 2, "model", fn).value_or("lif");
    const std::initializer_list<const char*> common = {"name",   "n",    "model",
                                                       "record", "init", "synapses"};
    if (model == "lif") {
      LifParameters p;
      const auto syn = field_string(L, 2, "synapses", fn).value_or("current");
      if (syn == "conductance")
        p.synapses = SynapseKind::conductance;
      else if (syn != "current")
        throw LuaArgumentError(std::string(fn) +
                               ": synapses must be 'current' or 'conductance', got '" + syn + "'");
      read_fields(L, 2, p, kLif, fn, common);
      spec.model = p;
    } else if (model == "adex") {
      AdexParameters p;
      read_fields(L, 2, p, kAdex, fn, common);
      spec.model = p;
    } else if (model == "izhikevich") {
      IzhikevichParameters p;
      read_fields(L, 2, p, kIzh, fn, common);
      spec.model = p;
    } else if (model == "hh") {
      HhParameters p;
      read_fields(L, 2, p, kHh, fn, common);
      spec.model = p;
    } else if (model == "poisson") {
      PoissonSource p;
      read_fields(L, 2, p, kPoisson, fn, common);
      spec.model = p;
    } else if (model == "spikes") {
      SpikeListSource p;
      lua_getfield(L, 2, "times");
      p.times_ms = numbers(L, lua_gettop(L), fn, "times");
      lua_pop(L, 1);
      lua_getfield(L, 2, "indices");
      for (const double x : numbers(L, lua_gettop(L), fn, "indices")) {
        if (x < 0 || x != std::floor(x))
          throw LuaArgumentError(std::string(fn) + ": indices must be non-negative integers");
        p.indices.push_back(static_cast<std::uint32_t>(x));
      }
      lua_pop(L, 1);
      spec.model = std::move(p);
    } else {
      throw LuaArgumentError(std::string(fn) + ": unknown model '" + model +
                             "' (lif, adex, izhikevich, hh, poisson, spikes)");
    }
    lua_pushinteger(L, static_cast<lua_Integer>(net.add_population(std::move(spec))));
    return 1;
  });
}

// net:connect{source=, target=, p= | indegree=, autapses=true, receptor="exc"|"inh", weight=,
//             weight_sd=0, delay=0, delay_max=, stdp={rule=, tau_plus=, ...}, name=} → synapse
//             count
int network_connect(lua_State* L) {
  return guarded(L, [L] {
    const char* fn = "Network:connect";
    auto& net = check_network(L, fn);
    check_option_keys(L, 2, fn,
                      {"name", "source", "target", "autapses", "p", "indegree", "receptor",
                       "weight", "weight_sd", "delay", "delay_max", "stdp"});
    ConnectOptions o;
    o.name = field_string(L, 2, "name", fn).value_or("");
    o.source = field_string(L, 2, "source", fn).value_or("");
    o.target = field_string(L, 2, "target", fn).value_or("");
    const bool autapses = field_bool(L, 2, "autapses", fn).value_or(true);
    const auto p = field_number(L, 2, "p", fn);
    const auto k = field_number(L, 2, "indegree", fn);
    if (p.has_value() == k.has_value())
      throw LuaArgumentError(std::string(fn) +
                             ": give exactly one of p (fixed probability) or indegree");
    if (p)
      o.rule = FixedProbability{.p = *p, .autapses = autapses};
    else {
      if (*k < 0 || *k != std::floor(*k))
        throw LuaArgumentError(std::string(fn) + ": indegree must be a non-negative integer");
      o.rule = FixedInDegree{.k = static_cast<std::size_t>(*k), .autapses = autapses};
    }
    const auto receptor = field_string(L, 2, "receptor", fn).value_or("exc");
    if (receptor == "inh")
      o.receptor = Receptor::inhibitory;
    else if (receptor != "exc")
      throw LuaArgumentError(std::string(fn) + ": receptor must be 'exc' or 'inh', got '" +
                             receptor + "'");
    o.weight = field_number(L, 2, "weight", fn).value_or(0.0);
    o.weight_sd = field_number(L, 2, "weight_sd", fn).value_or(0.0);
    o.delay_ms = field_number(L, 2, "delay", fn).value_or(0.0);
    o.delay_max_ms = field_number(L, 2, "delay_max", fn).value_or(-1.0);
    with_subtable(L, 2, "stdp", fn, [&](int t) {
      StdpParameters s;
      const auto rule = field_string(L, t, "rule", fn).value_or("additive");
      if (rule == "multiplicative")
        s.rule = StdpRule::multiplicative;
      else if (rule != "additive")
        throw LuaArgumentError(std::string(fn) +
                               ": stdp.rule must be 'additive' or 'multiplicative'");
      read_fields(L, t, s, kStdp, "Network:connect stdp", {"rule"});
      o.stdp = s;
    });
    const auto index = net.connect(o);
    lua_pushinteger(L, static_cast<lua_Integer>(net.projections()[index].size()));
    return 1;
  });
}

// net:weights(projection_index) → weights as an array (for plastic projections)
int network_weights(lua_State* L) {
  return guarded(L, [L] {
    auto& net = check_network(L, "Network:weights");
    const auto k = check_integer(L, 2, "Network:weights", "projection");
    if (k < 0 || static_cast<std::size_t>(k) >= net.projections().size())
      throw LuaArgumentError("Network:weights: no projection " + std::to_string(k));
    const auto& proj = net.projections()[static_cast<std::size_t>(k)];
    std::vector<double> w(proj.size(), proj.weight);
    for (std::size_t i = 0; i < proj.weights.size(); ++i) w[i] = proj.weights[i];
    push_number_array(L, w);
    return 1;
  });
}

int network_info(lua_State* L) {
  return guarded(L, [L] {
    auto& net = check_network(L, "Network:info");
    lua_newtable(L);
    lua_pushinteger(L, static_cast<lua_Integer>(net.neuron_count()));
    lua_setfield(L, -2, "neurons");
    lua_pushinteger(L, static_cast<lua_Integer>(net.synapse_count()));
    lua_setfield(L, -2, "synapses");
    lua_pushnumber(L, static_cast<double>(net.synapse_bytes()));
    lua_setfield(L, -2, "synapse_bytes");
    return 1;
  });
}

// net:run{duration=ms, threads=1, keep_spikes=true, statistics_start=100, log=, log_name=,
//         energy={enabled=true, metabolic_dt=1, costs={}, supply={} (the law) or
//                 supply={model=...} (kinetic, read_kinetic_supply), feedback={enabled=}, ...},
//         trace={neuron indices}} → Result
int network_run(lua_State* L) {
  return guarded(L, [L] {
    const char* fn = "Network:run";
    auto& net = check_network(L, fn);
    SimulationOptions o;
    if (!lua_isnoneornil(L, 2)) {
      check_option_keys(L, 2, fn,
                        {"duration", "threads", "keep_spikes", "statistics_start", "energy",
                         "trace", "log", "log_name"});
      o.duration_ms = field_number(L, 2, "duration", fn).value_or(o.duration_ms);
      o.threads = static_cast<int>(field_number(L, 2, "threads", fn).value_or(1));
      o.keep_spikes = field_bool(L, 2, "keep_spikes", fn).value_or(true);
      o.statistics_start_ms =
          field_number(L, 2, "statistics_start", fn).value_or(o.statistics_start_ms);
      with_subtable(L, 2, "energy", fn, [&](int t) {
        auto& e = o.energy;
        e.enabled = field_bool(L, t, "enabled", fn).value_or(true);
        e.hh_spike_cost_from_sodium =
            field_bool(L, t, "hh_spike_cost_from_sodium", fn).value_or(true);
        read_fields(L, t, e, kEnergy, "Network:run energy",
                    {"enabled", "hh_spike_cost_from_sodium", "costs", "supply", "feedback"});
        with_subtable(L, t, "costs", fn,
                      [&](int c) { read_fields(L, c, e.costs, kCosts, "energy.costs", {}); });
        with_subtable(L, t, "supply", fn, [&](int c) {
          lua_getfield(L, c, "model");
          const bool kinetic = !lua_isnil(L, -1);
          lua_pop(L, 1);
          if (kinetic)
            read_kinetic_supply(L, c, e);
          else
            read_fields(L, c, e.supply, kSupply, "energy.supply", {});
        });
        with_subtable(L, t, "feedback", fn, [&](int c) {
          e.feedback.enabled = field_bool(L, c, "enabled", fn).value_or(true);
          read_fields(L, c, e.feedback, kFeedback, "energy.feedback", {"enabled"});
        });
      });
      with_subtable(L, 2, "trace", fn, [&](int t) {
        for (const double x : numbers(L, t, fn, "trace"))
          o.atp_trace_neurons.push_back(static_cast<std::uint32_t>(x));
      });
    }
    // Streaming: spikes go to <log_name>/{time, values} (one row per spike, s and neuron index)
    // while the run proceeds, so memory stays bounded.
    std::unique_ptr<io::RowStream> stream;
    if (!lua_isnoneornil(L, 2)) {
      lua_getfield(L, 2, "log");
      if (!lua_isnil(L, -1)) {
        auto& log = check_log(L, lua_gettop(L), fn);
        const auto name = field_string(L, 2, "log_name", fn).value_or("spikes");
        log.create_group(name, "spikes",
                         {{"time_unit", std::string("s")},
                          {"dt_ms", net.options().dt_ms},
                          {"layout", std::string("time: spike times; values: neuron index")}});
        stream = std::make_unique<io::RowStream>(log.stream_rows(name, {"neuron"}));
        const double dt_s = net.options().dt_ms * 1e-3;
        io::RowStream* s = stream.get();
        o.on_spikes = [s, dt_s](std::span<const std::int64_t> steps,
                                std::span<const std::uint32_t> neurons) {
          for (std::size_t k = 0; k < steps.size(); ++k) {
            const double n = neurons[k];
            s->append(static_cast<double>(steps[k]) * dt_s, {&n, 1});
          }
        };
      }
      lua_pop(L, 1);
    }
    ResultUd ud;
    ud.result = std::make_unique<SimulationResult>(simulate(net, o));
    if (stream) stream->flush();
    ud.streamed = stream != nullptr;
    for (const auto& p : net.populations()) {
      PopulationSpec s;
      s.name = p.name;
      s.size = p.size;
      s.offset = p.offset;
      ud.populations.push_back(std::move(s));
    }
    new_userdata(L, std::move(ud));
    return 1;
  });
}

void set_number(lua_State* L, const char* key, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, key);
}

// r:stats() → {spikes, synapses, bytes_per_synapse, synaptic_events, loop_seconds,
//              loop_cpu_seconds, metabolic_model_cpu_seconds, setup_seconds, duration_ms, threads,
//              populations = {name = {...}}}
int result_stats(lua_State* L) {
  return guarded(L, [L] {
    const auto& r = *check_userdata<ResultUd>(L, 1, "Result:stats").result;
    lua_newtable(L);
    set_number(L, "spikes", static_cast<double>(r.spike_count));
    set_number(L, "synapses", static_cast<double>(r.synapses));
    set_number(
        L, "bytes_per_synapse",
        r.synapses ? static_cast<double>(r.synapse_bytes) / static_cast<double>(r.synapses) : 0.0);
    set_number(L, "synaptic_events", static_cast<double>(r.synaptic_events));
    set_number(L, "loop_seconds", r.loop_seconds);
    set_number(L, "loop_cpu_seconds", r.loop_cpu_seconds);
    set_number(L, "metabolic_model_cpu_seconds", r.metabolic_model_cpu_seconds);
    set_number(L, "setup_seconds", r.setup_seconds);
    set_number(L, "duration_ms", r.duration_ms);
    set_number(L, "threads", r.threads);
    lua_newtable(L);
    for (const auto& s : r.statistics) {
      lua_newtable(L);
      set_number(L, "neurons", static_cast<double>(s.neurons));
      set_number(L, "spikes", static_cast<double>(s.spikes));
      set_number(L, "mean_rate_hz", s.mean_rate_hz);
      set_number(L, "rate_sd_hz", s.rate_sd_hz);
      set_number(L, "median_rate_hz", s.median_rate_hz);
      set_number(L, "fraction_silent", s.fraction_silent);
      set_number(L, "cv_isi_mean", s.cv_isi_mean);
      set_number(L, "cv_isi_median", s.cv_isi_median);
      set_number(L, "neurons_with_3_spikes", static_cast<double>(s.neurons_with_3_spikes));
      set_number(L, "window_start_ms", s.window_start_ms);
      set_number(L, "window_end_ms", s.window_end_ms);
      lua_setfield(L, -2, s.name.c_str());
    }
    lua_setfield(L, -2, "populations");
    return 1;
  });
}

// r:spikes() → times (ms), neurons (global 0-based indices)
int result_spikes(lua_State* L) {
  return guarded(L, [L] {
    const auto& r = *check_userdata<ResultUd>(L, 1, "Result:spikes").result;
    std::vector<double> t(r.spikes.size()), n(r.spikes.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
      t[k] = static_cast<double>(r.spikes.steps[k]) * r.spikes.dt_ms;
      n[k] = r.spikes.neurons[k];
    }
    push_number_array(L, t);
    push_number_array(L, n);
    return 2;
  });
}

// r:energy() → nil without an ATP budget, else the report as a table
int result_energy(lua_State* L) {
  return guarded(L, [L] {
    const auto& r = *check_userdata<ResultUd>(L, 1, "Result:energy").result;
    if (!r.energy) {
      lua_pushnil(L);
      return 1;
    }
    const auto& e = *r.energy;
    lua_newtable(L);
    lua_newtable(L);
    set_number(L, "spikes", e.atp.spikes);
    set_number(L, "postsynaptic", e.atp.postsynaptic);
    set_number(L, "presynaptic", e.atp.presynaptic);
    set_number(L, "recycling", e.atp.recycling);
    set_number(L, "resting", e.atp.resting);
    set_number(L, "total", e.atp.total());
    lua_setfield(L, -2, "atp");
    set_number(L, "atp_supplied", e.atp_supplied);
    set_number(L, "delta_g_kj_per_mol", e.delta_g_kj_per_mol);
    set_number(L, "joules_total", e.joules_total);
    set_number(L, "joules_per_spike", e.joules_per_spike);
    set_number(L, "joules_per_synaptic_event", e.joules_per_synaptic_event);
    set_number(L, "spikes", static_cast<double>(e.spikes));
    set_number(L, "synaptic_events", static_cast<double>(e.synaptic_events));
    set_number(L, "biological_seconds", e.biological_seconds);
    set_number(L, "neurons", static_cast<double>(e.neurons));
    set_number(L, "watts_per_neuron", e.watts_per_neuron);
    lua_newtable(L);
    for (const auto& h : e.hardware) {
      lua_newtable(L);
      set_number(L, "joules_per_synaptic_op", h.joules_per_synaptic_op);
      set_number(L, "joules", h.joules);
      lua_pushstring(L, h.source.c_str());
      lua_setfield(L, -2, "source");
      lua_setfield(L, -2, h.platform.c_str());
    }
    lua_setfield(L, -2, "hardware");
    return 1;
  });
}

void push_trace(lua_State* L, const AtpTrace& tr) {
  lua_newtable(L);
  push_number_array(L, tr.time_ms);
  lua_setfield(L, -2, "time");
  push_string_array(L, tr.columns);
  lua_setfield(L, -2, "columns");
  const std::size_t w = tr.columns.size();
  lua_createtable(L, static_cast<int>(tr.time_ms.size()), 0);
  for (std::size_t r = 0; r < tr.time_ms.size(); ++r) {
    push_number_array(
        L, std::vector<double>(tr.values.begin() + static_cast<std::ptrdiff_t>(r * w),
                               tr.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * w)));
    lua_seti(L, -2, static_cast<lua_Integer>(r + 1));
  }
  lua_setfield(L, -2, "values");
}

// r:atp_trace() → {time = {ms...}, columns = {names}, values = {{row}...}}
int result_atp_trace(lua_State* L) {
  return guarded(L, [L] {
    push_trace(L, check_userdata<ResultUd>(L, 1, "Result:atp_trace").result->atp_trace);
    return 1;
  });
}

// r:metabolic_trace() → nil without a kinetic supply, else {time = {ms...}, columns = {atp id,
// load id, "demand", production id}, values = {{row}...}} in the model's units
int result_metabolic_trace(lua_State* L) {
  return guarded(L, [L] {
    const auto& tr =
        check_userdata<ResultUd>(L, 1, "Result:metabolic_trace").result->metabolic_trace;
    if (tr.columns.empty())
      lua_pushnil(L);
    else
      push_trace(L, tr);
    return 1;
  });
}

// log:write(name, result): group kind "spikes" with datasets times (s) and neurons (unless
// streamed during the run), statistics as attributes, and subgroups energy (kind
// "energy_report") and atp_trace (kind "atp_trace") when the run had an ATP budget.
void write_result(lua_State* L, int index, io::ResultLog& log, const std::string& name,
                  const io::Attributes& attributes) {
  const auto& ud = check_userdata<ResultUd>(L, index, "Log:write");
  const auto& r = *ud.result;
  io::Attributes a = attributes;
  a.emplace_back("spike_count", static_cast<std::int64_t>(r.spike_count));
  a.emplace_back("synapses", static_cast<std::int64_t>(r.synapses));
  a.emplace_back("synaptic_events", static_cast<std::int64_t>(r.synaptic_events));
  a.emplace_back("duration_ms", r.duration_ms);
  a.emplace_back("dt_ms", r.spikes.dt_ms);
  a.emplace_back("loop_seconds", r.loop_seconds);
  a.emplace_back("time_unit", std::string("s"));
  std::vector<std::string> pops;
  std::vector<std::int64_t> offsets;
  for (const auto& p : ud.populations) {
    pops.push_back(p.name);
    offsets.push_back(static_cast<std::int64_t>(p.offset));
  }
  a.emplace_back("populations", pops);
  a.emplace_back("population_offsets", offsets);
  log.create_group(name, "spikes", a);
  if (!ud.streamed) {
    std::vector<double> t(r.spikes.size());
    std::vector<std::int64_t> n(r.spikes.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
      t[k] = static_cast<double>(r.spikes.steps[k]) * r.spikes.dt_ms * 1e-3;
      n[k] = r.spikes.neurons[k];
    }
    log.write_numbers(name + "/times", t, {t.size()});
    log.write_integers(name + "/neurons", n);
  }
  for (const auto& s : r.statistics) {
    log.create_group(name + "/statistics/" + s.name, "spike_statistics",
                     {{"mean_rate_hz", s.mean_rate_hz},
                      {"cv_isi_mean", s.cv_isi_mean},
                      {"fraction_silent", s.fraction_silent},
                      {"spikes", static_cast<std::int64_t>(s.spikes)},
                      {"window_start_ms", s.window_start_ms},
                      {"window_end_ms", s.window_end_ms}});
  }
  if (r.energy) {
    const auto& e = *r.energy;
    io::Attributes ea = {{"atp_spikes", e.atp.spikes},
                         {"atp_postsynaptic", e.atp.postsynaptic},
                         {"atp_presynaptic", e.atp.presynaptic},
                         {"atp_recycling", e.atp.recycling},
                         {"atp_resting", e.atp.resting},
                         {"atp_total", e.atp.total()},
                         {"atp_supplied", e.atp_supplied},
                         {"atp_unit", std::string("molecules")},
                         {"delta_g_kj_per_mol", e.delta_g_kj_per_mol},
                         {"joules_total", e.joules_total},
                         {"joules_per_spike", e.joules_per_spike},
                         {"joules_per_synaptic_event", e.joules_per_synaptic_event},
                         {"watts_per_neuron", e.watts_per_neuron},
                         {"spikes", static_cast<std::int64_t>(e.spikes)},
                         {"synaptic_events", static_cast<std::int64_t>(e.synaptic_events)}};
    for (const auto& h : e.hardware) {
      ea.emplace_back("hardware_joules:" + h.platform, h.joules);
      ea.emplace_back("hardware_joules_per_synaptic_op:" + h.platform, h.joules_per_synaptic_op);
      ea.emplace_back("hardware_source:" + h.platform, h.source);
    }
    log.create_group(name + "/energy", "energy_report", ea);
    log.create_group(name + "/atp_trace", "atp_trace", {{"unit", std::string("ATP molecules")}});
    const auto& tr = r.atp_trace;
    log.write_numbers(name + "/atp_trace/time_ms", tr.time_ms, {tr.time_ms.size()});
    log.write_numbers(name + "/atp_trace/values", tr.values,
                      {tr.time_ms.size(), tr.columns.size()});
    log.write_strings(name + "/atp_trace/columns", tr.columns);
    const auto& mt = r.metabolic_trace;
    if (!mt.columns.empty()) {
      log.create_group(name + "/metabolic_trace", "metabolic_trace",
                       {{"unit", std::string("model units: concentration, load parameter, "
                                             "demand and production per model time")}});
      log.write_numbers(name + "/metabolic_trace/time_ms", mt.time_ms, {mt.time_ms.size()});
      log.write_numbers(name + "/metabolic_trace/values", mt.values,
                        {mt.time_ms.size(), mt.columns.size()});
      log.write_strings(name + "/metabolic_trace/columns", mt.columns);
    }
  }
}

}  // namespace

void register_neuro(lua_State* L) {
  static const luaL_Reg network_methods[] = {
      {"population", network_population}, {"connect", network_connect}, {"run", network_run},
      {"weights", network_weights},       {"info", network_info},       {nullptr, nullptr}};
  static const luaL_Reg result_methods[] = {{"stats", result_stats},
                                            {"spikes", result_spikes},
                                            {"energy", result_energy},
                                            {"atp_trace", result_atp_trace},
                                            {"metabolic_trace", result_metabolic_trace},
                                            {nullptr, nullptr}};
  register_type<NetworkUd>(L, network_methods);
  register_type<ResultUd>(L, result_methods);
  register_log_writer(ResultUd::kLuaType, write_result);
  lua_newtable(L);
  lua_pushcfunction(L, network_new);
  lua_setfield(L, -2, "network");
  lua_setfield(L, -2, "neuro");
}

}  // namespace ergon::scripting
