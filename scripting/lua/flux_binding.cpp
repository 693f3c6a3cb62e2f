// Constraint-based analyses on a Model: m:bounds, m:objective, m:knockout, m:genes and
// m:fba, m:pfba, m:fva, m:deletions, m:yield, returning FluxResult objects. The binding holds
// no analysis logic: it records the model's edits, keeps one live LP (fba::FluxBalance) per
// Model object with those edits applied, and calls engine/fba.

#include <cmath>
#include <map>
#include <set>

#include "engine/core/error.hpp"
#include "engine/fba/analyses.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/h5_binding.hpp"
#include "scripting/lua/model_object.hpp"
#include "scripting/lua/modules.hpp"

namespace ergon::scripting {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A flux-analysis result as Lua sees it: a kind, a status, scalars, and named columns over a
// list of row ids (reactions, or deletion targets).
struct FluxResult {
  static constexpr const char* kLuaType = "ergon.FluxResult";
  std::string kind;  ///< "fba", "pfba", "fva", "deletions", "yield"
  std::string status;
  double objective = kNaN;
  std::vector<std::pair<std::string, double>> scalars;
  std::vector<std::string> ids;                                      ///< row ids
  std::string ids_name = "reaction_ids";                             ///< dataset name of the ids
  std::vector<std::pair<std::string, std::vector<double>>> columns;  ///< per row
  std::vector<std::string> row_status;                               ///< per row, when meaningful
  std::shared_ptr<ModelSource> source;
  std::string model_id;
  io::Attributes options;
};

const fba::FluxBalance& ensure_balance(LuaModel& m);

fba::FluxBalance& balance_of(LuaModel& m) {
  (void)ensure_balance(m);
  return *m.flux.balance;
}

const ConstraintModel& constraints_of(LuaModel& m) {
  return balance_of(m).model();
}

// Builds the live LP with every recorded edit applied.
const fba::FluxBalance& ensure_balance(LuaModel& m) {
  if (m.flux.balance) return *m.flux.balance;
  m.flux.balance = std::make_shared<fba::FluxBalance>(m.source->constraint_model());
  auto& balance = *m.flux.balance;
  (void)balance.try_set_basis(m.source->constraint_basis);
  for (const auto& [reaction, bounds] : m.flux.bounds) balance.set_bounds(reaction, bounds);
  if (m.flux.objective) balance.set_objective(m.flux.objective->first, m.flux.objective->second);
  return balance;
}

void set_bounds(LuaModel& m, std::size_t reaction, fba::FluxBounds bounds) {
  balance_of(m).set_bounds(reaction, bounds);  // validates (NaN, lb > ub) first
  m.flux.bounds[reaction] = bounds;
}

std::size_t reaction_arg(lua_State* L, int index, LuaModel& m, const char* function) {
  return constraints_of(m).reaction_index(check_string(L, index, function, "reaction id"));
}

FluxResult& push_result(lua_State* L, FluxResult result, const LuaModel& m) {
  result.source = m.source;
  result.model_id = m.source->constraints ? m.source->constraints->id() : "";
  return new_userdata(L, std::move(result));
}

std::vector<std::string> reaction_ids(const ConstraintModel& model) {
  std::vector<std::string> ids;
  ids.reserve(model.reactions().size());
  for (const auto& r : model.reactions()) ids.push_back(r.id);
  return ids;
}

// Rows = every reaction, column "fluxes" (NaN throughout when the LP gave no solution).
void add_fluxes(FluxResult& out, const ConstraintModel& model, const std::vector<double>& fluxes) {
  out.ids = reaction_ids(model);
  out.columns.emplace_back("fluxes",
                           fluxes.empty() ? std::vector<double>(out.ids.size(), kNaN) : fluxes);
}

// A number, or nil for NaN (no optimum, lethal, failed).
void push_number_or_nil(lua_State* L, double value) {
  if (std::isnan(value)) {
    lua_pushnil(L);
  } else {
    lua_pushnumber(L, value);
  }
}

int model_genes(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:genes");
    std::vector<std::string> ids;
    for (const auto& g : constraints_of(m).genes()) ids.push_back(g.id);
    push_string_array(L, ids);
    return 1;
  });
}

// m:bounds(rxn) -> lb, ub;  m:bounds(rxn, lb, ub) sets them (nil keeps a side).
int model_bounds(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:bounds");
    const std::size_t r = reaction_arg(L, 2, m, "Model:bounds");
    auto bounds = balance_of(m).bounds(r);
    if (lua_gettop(L) >= 3) {
      if (!lua_isnil(L, 3)) bounds.lower = check_number(L, 3, "Model:bounds", "lower bound");
      if (!lua_isnoneornil(L, 4)) bounds.upper = check_number(L, 4, "Model:bounds", "upper bound");
      set_bounds(m, r, bounds);
    }
    lua_pushnumber(L, bounds.lower);
    lua_pushnumber(L, bounds.upper);
    return 2;
  });
}

ObjectiveSense sense_arg(lua_State* L, int index, const char* function) {
  const std::string sense = opt_string(L, index, function, "sense").value_or("max");
  if (sense == "max" || sense == "maximize") return ObjectiveSense::maximize;
  if (sense == "min" || sense == "minimize") return ObjectiveSense::minimize;
  throw LuaArgumentError(std::string(function) + ": sense must be \"max\" or \"min\", got \"" +
                         sense + "\"");
}

// m:objective() -> ids, sense;  m:objective(rxn [, "max"|"min"]) sets a single-reaction objective.
int model_objective(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:objective");
    auto& balance = balance_of(m);
    if (!lua_isnoneornil(L, 2)) {
      const std::size_t r = reaction_arg(L, 2, m, "Model:objective");
      const auto sense = sense_arg(L, 3, "Model:objective");
      balance.set_objective(r, sense);
      m.flux.objective = std::make_pair(r, sense);
    }
    std::vector<std::string> ids;
    const auto& coefficients = balance.objective();
    for (std::size_t i = 0; i < coefficients.size(); ++i) {
      if (coefficients[i] != 0.0) ids.push_back(balance.model().reactions()[i].id);
    }
    push_string_array(L, ids);
    lua_pushstring(L, balance.sense() == ObjectiveSense::maximize ? "max" : "min");
    return 2;
  });
}

// m:knockout{genes = {...}, reactions = {...}} closes reactions (bounds 0, 0), genes through
// their GPRs; returns the ids of the reactions closed.
int model_knockout(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:knockout");
    check_option_keys(L, 2, "Model:knockout", {"genes", "reactions"}, "targets");
    const auto& model = constraints_of(m);
    std::set<std::size_t> closed;
    lua_getfield(L, 2, "genes");
    if (!lua_isnil(L, -1)) {
      std::vector<std::size_t> genes;
      for (const auto& id : check_string_array(L, lua_gettop(L), "Model:knockout", "genes")) {
        genes.push_back(model.gene_index(id));
      }
      for (const auto r : model.reactions_disabled_by(genes)) closed.insert(r);
    }
    lua_pop(L, 1);
    lua_getfield(L, 2, "reactions");
    if (!lua_isnil(L, -1)) {
      for (const auto& id : check_string_array(L, lua_gettop(L), "Model:knockout", "reactions")) {
        closed.insert(model.reaction_index(id));
      }
    }
    lua_pop(L, 1);
    std::vector<std::string> ids;
    for (const auto r : closed) {
      set_bounds(m, r, {0.0, 0.0});
      ids.push_back(model.reactions()[r].id);
    }
    push_string_array(L, ids);
    return 1;
  });
}

double fraction_option(lua_State* L, int index, const char* function) {
  if (lua_isnoneornil(L, index)) return 1.0;
  check_table(L, index, function, "options");
  const double f = field_number(L, index, "fraction", function).value_or(1.0);
  if (!(f >= 0.0 && f <= 1.0))
    throw LuaArgumentError(std::string(function) + ": fraction must be in [0, 1]");
  return f;
}

// threads = N (default 1): worker threads of a sweep; answers do not depend on it.
std::size_t threads_option(lua_State* L, int index, const char* function) {
  if (lua_isnoneornil(L, index)) return 1;
  const double t = field_number(L, index, "threads", function).value_or(1.0);
  if (!(t >= 1.0 && t <= 1024.0 && t == std::floor(t)))
    throw LuaArgumentError(std::string(function) + ": threads must be a whole number >= 1");
  return static_cast<std::size_t>(t);
}

bool flag_option(lua_State* L, int index, const char* key, const char* function) {
  if (lua_isnoneornil(L, index)) return false;
  check_table(L, index, function, "options");
  return field_bool(L, index, key, function).value_or(false);
}

int model_fba(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:fba");
    auto& balance = balance_of(m);
    if (!balance.model().has_objective() && !m.flux.objective) {
      throw InputError({.file = m.source->label},
                       "the model has no objective (set one with m:objective(rxn))");
    }
    if (!lua_isnoneornil(L, 2)) check_option_keys(L, 2, "Model:fba", {"loopless"});
    const bool loopless = flag_option(L, 2, "loopless", "Model:fba");
    const auto r = loopless ? fba::loopless_fba(balance) : fba::fba(balance);
    FluxResult out{.kind = "fba", .status = fba::to_string(r.status), .objective = r.objective};
    add_fluxes(out, balance.model(), r.fluxes);
    out.options = {{"loopless", loopless}};
    push_result(L, std::move(out), m);
    return 1;
  });
}

int model_pfba(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:pfba");
    if (!lua_isnoneornil(L, 2)) check_option_keys(L, 2, "Model:pfba", {"fraction"});
    const double fraction = fraction_option(L, 2, "Model:pfba");
    auto& balance = balance_of(m);
    const auto r = fba::pfba(balance, {.fraction_of_optimum = fraction});
    FluxResult out{.kind = "pfba", .status = fba::to_string(r.status), .objective = r.objective};
    out.scalars = {{"total_flux", r.total_flux}};
    add_fluxes(out, balance.model(), r.fluxes);
    out.options = {{"fraction", fraction}};
    push_result(L, std::move(out), m);
    return 1;
  });
}

int model_fva(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:fva");
    if (!lua_isnoneornil(L, 2))
      check_option_keys(L, 2, "Model:fva", {"fraction", "loopless", "threads", "reactions"});
    const double fraction = fraction_option(L, 2, "Model:fva");
    auto& balance = balance_of(m);
    fba::FvaOptions options{.fraction_of_optimum = fraction,
                            .loopless = flag_option(L, 2, "loopless", "Model:fva"),
                            .threads = threads_option(L, 2, "Model:fva")};
    if (!lua_isnoneornil(L, 2)) {
      lua_getfield(L, 2, "reactions");
      if (!lua_isnil(L, -1)) {
        for (const auto& id : check_string_array(L, lua_gettop(L), "Model:fva", "reactions")) {
          options.reactions.push_back(balance.model().reaction_index(id));
        }
      }
      lua_pop(L, 1);
    }
    const auto r = fba::fva(balance, options);
    FluxResult out{.kind = "fva", .status = fba::to_string(r.status), .objective = r.objective};
    for (const auto i : r.reactions) out.ids.push_back(balance.model().reactions()[i].id);
    out.columns = {{"minimum", r.minimum}, {"maximum", r.maximum}};
    out.options = {{"fraction", fraction}, {"loopless", options.loopless}};
    push_result(L, std::move(out), m);
    return 1;
  });
}

int model_deletions(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:deletions");
    check_option_keys(L, 2, "Model:deletions",
                      {"genes", "reactions", "double", "threads", "targets"});
    const bool genes = field_bool(L, 2, "genes", "Model:deletions").value_or(false);
    const bool reactions = field_bool(L, 2, "reactions", "Model:deletions").value_or(false);
    if (genes == reactions) {
      throw LuaArgumentError(
          "Model:deletions: give exactly one of genes = true or reactions = true");
    }
    auto& balance = balance_of(m);
    const auto& model = balance.model();
    fba::DeletionOptions options{
        .target = genes ? fba::DeletionTarget::genes : fba::DeletionTarget::reactions,
        .pairs = field_bool(L, 2, "double", "Model:deletions").value_or(false),
        .threads = threads_option(L, 2, "Model:deletions")};
    lua_getfield(L, 2, "targets");
    if (!lua_isnil(L, -1)) {
      for (const auto& id : check_string_array(L, lua_gettop(L), "Model:deletions", "targets")) {
        options.candidates.push_back(genes ? model.gene_index(id) : model.reaction_index(id));
      }
    }
    lua_pop(L, 1);
    const auto r = fba::deletions(balance, options);
    FluxResult out{.kind = "deletions",
                   .status = fba::to_string(r.reference_status),
                   .objective = r.reference_objective};
    out.ids_name = "targets";
    std::vector<double> growth;
    for (const auto& d : r.deletions) {
      std::string id;
      for (const auto t : d.targets) {
        id += (id.empty() ? "" : ",") + (genes ? model.genes()[t].id : model.reactions()[t].id);
      }
      out.ids.push_back(std::move(id));
      growth.push_back(d.growth);
      out.row_status.emplace_back(fba::to_string(d.status));
    }
    out.columns.emplace_back("growth", std::move(growth));
    out.options = {{"target", std::string(genes ? "genes" : "reactions")},
                   {"double", options.pairs}};
    push_result(L, std::move(out), m);
    return 1;
  });
}

int model_yield(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:yield");
    check_option_keys(L, 2, "Model:yield", {"product", "substrate"});
    auto& balance = balance_of(m);
    const auto product_id = field_string(L, 2, "product", "Model:yield");
    const auto substrate_id = field_string(L, 2, "substrate", "Model:yield");
    if (!product_id || !substrate_id)
      throw LuaArgumentError("Model:yield: needs product = rxn and substrate = rxn");
    const auto product = balance.model().reaction_index(*product_id);
    const auto substrate = balance.model().reaction_index(*substrate_id);
    const auto r = fba::maximum_yield(balance, product, substrate);
    FluxResult out{.kind = "yield", .status = fba::to_string(r.status), .objective = r.yield};
    out.scalars = {
        {"yield", r.yield}, {"product_flux", r.product_flux}, {"substrate_flux", r.substrate_flux}};
    add_fluxes(out, balance.model(), r.fluxes);
    out.options = {{"product", *product_id}, {"substrate", *substrate_id}};
    push_result(L, std::move(out), m);
    return 1;
  });
}

// Lua fields: kind, status, ok, objective, scalars by name, columns as {id = value} maps
// (NaN -> nil: lethal or failed), statuses as {id = status} for deletions, ids as an array.
int result_index(lua_State* L) {
  return guarded(L, [L] {
    const auto& r = check_userdata<FluxResult>(L, 1, "FluxResult");
    const std::string key = check_string(L, 2, "FluxResult", "field");
    if (key == "kind" || key == "status") {
      lua_pushstring(L, key == "kind" ? r.kind.c_str() : r.status.c_str());
      return 1;
    }
    if (key == "ok") {
      lua_pushboolean(L, static_cast<int>(r.status == "optimal"));
      return 1;
    }
    if (key == "objective") {
      push_number_or_nil(L, r.objective);
      return 1;
    }
    if (key == "ids") {
      push_string_array(L, r.ids);
      return 1;
    }
    for (const auto& [name, value] : r.scalars) {
      if (name == key) {
        push_number_or_nil(L, value);
        return 1;
      }
    }
    for (const auto& [name, values] : r.columns) {
      if (name != key) continue;
      lua_createtable(L, 0, static_cast<int>(values.size()));
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) continue;
        lua_pushnumber(L, values[i]);
        lua_setfield(L, -2, r.ids[i].c_str());
      }
      return 1;
    }
    if (key == "statuses" && !r.row_status.empty()) {
      lua_createtable(L, 0, static_cast<int>(r.row_status.size()));
      for (std::size_t i = 0; i < r.row_status.size(); ++i) {
        lua_pushstring(L, r.row_status[i].c_str());
        lua_setfield(L, -2, r.ids[i].c_str());
      }
      return 1;
    }
    if (key == "ranges" && r.kind == "fva") {
      lua_createtable(L, 0, static_cast<int>(r.ids.size()));
      for (std::size_t i = 0; i < r.ids.size(); ++i) {
        lua_createtable(L, 2, 0);
        lua_pushnumber(L, r.columns[0].second[i]);
        lua_seti(L, -2, 1);
        lua_pushnumber(L, r.columns[1].second[i]);
        lua_seti(L, -2, 2);
        lua_setfield(L, -2, r.ids[i].c_str());
      }
      return 1;
    }
    throw LuaArgumentError("FluxResult: a " + r.kind + " result has no field '" + key + "'");
  });
}

void write_flux_result(lua_State* L, int index, io::ResultLog& log, const std::string& name,
                       const io::Attributes& extra) {
  const auto& r = check_userdata<FluxResult>(L, index, "Log:write");
  io::Attributes attributes{{"model_id", r.model_id},
                            {"model_sha256", r.source->sha256},
                            {"model_source", r.source->label},
                            {"status", r.status},
                            {"objective", r.objective}};
  for (const auto& [key, value] : r.scalars) attributes.emplace_back(key, value);
  attributes.insert(attributes.end(), r.options.begin(), r.options.end());
  attributes.insert(attributes.end(), extra.begin(), extra.end());
  log.create_group(name, r.kind, attributes);
  log.write_strings(name + "/" + r.ids_name, r.ids);
  for (const auto& [column, values] : r.columns)
    log.write_numbers(name + "/" + column, values, {values.size()});
  if (!r.row_status.empty()) log.write_strings(name + "/statuses", r.row_status);
  log.store_text_once(r.source->sha256, r.source->text);
}

}  // namespace

void register_flux(lua_State* L) {
  // Methods added to the Model type registered by register_model.
  static const luaL_Reg model_methods[] = {{"genes", model_genes},
                                           {"bounds", model_bounds},
                                           {"objective", model_objective},
                                           {"knockout", model_knockout},
                                           {"fba", model_fba},
                                           {"pfba", model_pfba},
                                           {"fva", model_fva},
                                           {"deletions", model_deletions},
                                           {"yield", model_yield},
                                           {nullptr, nullptr}};
  luaL_getmetatable(L, LuaModel::kLuaType);
  lua_getfield(L, -1, "__index");
  luaL_setfuncs(L, model_methods, 0);
  lua_pop(L, 2);

  register_type<FluxResult>(L, nullptr);
  luaL_getmetatable(L, FluxResult::kLuaType);
  lua_pushcfunction(L, result_index);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  register_log_writer(FluxResult::kLuaType, write_flux_result);
}

}  // namespace ergon::scripting
