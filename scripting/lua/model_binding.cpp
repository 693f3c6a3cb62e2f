// ergon.load and the Model and Result types: the Lua face of engine/sbml and engine/kinetic.
// A Model is an SBML text plus the edits made to it (m:set); the engine's immutable model is
// imported once and shared between clones, and edits travel as simulation options.

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/kinetic/simulation.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/sbml/model_reader.hpp"
#include "engine/sbml/model_summary.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/h5_binding.hpp"
#include "scripting/lua/model_object.hpp"
#include "scripting/lua/modules.hpp"

namespace ergon::scripting {
namespace {

namespace fs = std::filesystem;

}  // namespace

ModelSource::~ModelSource() {
  if (temporary) {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
}

// Text given as a string is written to a private temporary file because the readers take
// paths (libSBML decides compression and relative comp references from the path).
std::shared_ptr<ModelSource> ModelSource::load(const std::string& argument) {
  auto source = std::make_shared<ModelSource>();
  const auto first = argument.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && argument[first] == '<') {
    source->text = argument;
    source->label = "<string>";
    char name[] = "/tmp/ergon_model_XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) throw ComputationError("cannot create a temporary file for an SBML string");
    close(fd);
    source->path = name;
    source->temporary = true;
    std::ofstream(source->path, std::ios::binary) << argument;
  } else {
    if (argument.empty()) throw InputError("ergon.load: empty path");
    source->path = argument;
    source->label = argument;
    if (!fs::is_regular_file(source->path)) {
      throw InputError({.file = argument},
                       fs::exists(source->path) ? "is not a regular file" : "no such file");
    }
    std::ifstream in(source->path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    source->text = text.str();
  }
  source->sha256 = sha256_hex(source->text);
  return source;
}

const Model& ModelSource::kinetic_model() {
  if (!kinetic) {
    kinetic = std::make_shared<const Model>(
        read([](const fs::path& p) { return sbml::read_model(p).model; }));
  }
  return *kinetic;
}

const ConstraintModel& ModelSource::constraint_model() {
  if (!constraints) {
    // SBML given as a string is not cached: it is small as a rule, and each variant a script
    // builds would leave an entry behind.
    auto file = read([this](const fs::path& p) {
      return sbml::read_constraint_model_cached(
          p, {}, {.enabled = !temporary, .directory = {}, .warm_start = fba::reference_basis});
    });
    for (const auto& d : file.file.diagnostics) {
      if (d.code == "model-cache")
        std::cerr << "ergon: warning: " << label << ": " << d.message << '\n';
    }
    constraints = std::make_shared<const ConstraintModel>(std::move(file.file.model));
    constraint_basis = std::move(file.warm_start);
  }
  return *constraints;
}

namespace {

struct LuaResult {
  static constexpr const char* kLuaType = "ergon.Result";
  kinetic::Trajectory trajectory;
  std::shared_ptr<ModelSource> source;
  std::string model_id;
  kinetic::SimulationOptions options;

  [[nodiscard]] std::ptrdiff_t column(const std::string& id) const {
    const auto it = std::find(trajectory.names.begin(), trajectory.names.end(), id);
    return it == trajectory.names.end() ? -1 : it - trajectory.names.begin();
  }
};

// The initial value an id has in the model (before rules and initial assignments).
std::optional<double> model_value(const Model& model, const std::string& id) {
  for (const auto& c : model.compartments) {
    if (c.id == id) return c.size;
  }
  for (const auto& s : model.species) {
    if (s.id != id) continue;
    if (!std::isnan(s.initial_concentration) && !s.has_only_substance_units)
      return s.initial_concentration;
    return s.initial_amount;
  }
  for (const auto& p : model.parameters) {
    if (p.id == id) return p.value;
  }
  return std::nullopt;
}

std::vector<std::string> ids_of(const auto& elements) {
  std::vector<std::string> out;
  out.reserve(elements.size());
  for (const auto& e : elements) out.push_back(e.id);
  return out;
}

int load(lua_State* L) {
  return guarded(L, [L] {
    const std::string argument = check_string(L, 1, "ergon.load", "path or SBML text");
    new_userdata(L, LuaModel{ModelSource::load(argument), {}, {}});
    return 1;
  });
}

int model_info(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:info");
    const auto s = m.source->read([](const fs::path& p) {
      return sbml::inspect_sbml_file(p, {.consistency_checks = false}).summary;
    });
    lua_newtable(L);
    lua_pushstring(L, s.model_id.c_str());
    lua_setfield(L, -2, "id");
    lua_pushstring(L, s.model_name.c_str());
    lua_setfield(L, -2, "name");
    lua_pushstring(L, m.source->label.c_str());
    lua_setfield(L, -2, "source");
    lua_pushstring(L, m.source->sha256.c_str());
    lua_setfield(L, -2, "sha256");
    const std::pair<const char*, std::size_t> counts[] = {
        {"level", s.level},
        {"version", s.version},
        {"compartments", s.compartments},
        {"species", s.species},
        {"reactions", s.reactions},
        {"parameters", s.parameters},
        {"events", s.events},
        {"rules", s.assignment_rules + s.rate_rules + s.algebraic_rules},
        {"genes", s.gene_products},
        {"function_definitions", s.function_definitions}};
    for (const auto& [key, value] : counts) {
      lua_pushinteger(L, static_cast<lua_Integer>(value));
      lua_setfield(L, -2, key);
    }
    return 1;
  });
}

template <auto Member>
int model_ids(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:ids");
    push_string_array(L, ids_of(m.source->kinetic_model().*Member));
    return 1;
  });
}

int model_get(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:get");
    const std::string id = check_string(L, 2, "Model:get", "id");
    if (const auto it = m.values.find(id); it != m.values.end()) {
      lua_pushnumber(L, it->second);
      return 1;
    }
    const auto value = model_value(m.source->kinetic_model(), id);
    if (!value) {
      throw InputError({.file = m.source->label, .element_id = id},
                       "no compartment, species or parameter with this id");
    }
    lua_pushnumber(L, *value);
    return 1;
  });
}

int model_set(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:set");
    const std::string id = check_string(L, 2, "Model:set", "id");
    const double value = check_number(L, 3, "Model:set", "value");
    if (!model_value(m.source->kinetic_model(), id)) {
      throw InputError({.file = m.source->label, .element_id = id},
                       "no compartment, species or parameter with this id");
    }
    if (!std::isfinite(value))
      throw LuaArgumentError("Model:set: value of '" + id + "' must be finite");
    m.values[id] = value;
    return 0;
  });
}

int model_clone(lua_State* L) {
  return guarded(L, [L] {
    const auto& m = check_userdata<LuaModel>(L, 1, "Model:clone");
    new_userdata(L, m.clone());
    return 1;
  });
}

kinetic::SimulationOptions simulation_options(lua_State* L, int index, LuaModel& m) {
  kinetic::SimulationOptions options;
  if (lua_isnoneornil(L, index)) return options;
  const char* f = "Model:simulate";
  check_option_keys(L, index, f,
                    {"t_start", "t_end", "points", "rtol", "atol", "selections", "log", "name"});
  options.start = field_number(L, index, "t_start", f).value_or(0.0);
  options.end = field_number(L, index, "t_end", f).value_or(options.start + 10.0);
  const double points = field_number(L, index, "points", f).value_or(101);
  if (points < 2 || std::floor(points) != points) {
    throw LuaArgumentError("Model:simulate: points must be an integer >= 2, got " +
                           std::to_string(points));
  }
  options.intervals = static_cast<std::size_t>(points) - 1;
  options.rtol = field_number(L, index, "rtol", f).value_or(options.rtol);
  options.atol = field_number(L, index, "atol", f).value_or(options.atol);
  if (!(options.end > options.start))
    throw LuaArgumentError("Model:simulate: t_end must be greater than t_start");
  if (!(options.rtol > 0) || !(options.atol > 0))
    throw LuaArgumentError("Model:simulate: rtol and atol must be > 0");
  lua_getfield(L, index, "selections");
  if (!lua_isnil(L, -1)) {
    for (const auto& id : check_string_array(L, lua_gettop(L), f, "selections")) {
      if (!model_value(m.source->kinetic_model(), id)) {
        lua_pop(L, 1);
        throw InputError({.file = m.source->label, .element_id = id}, "unknown id in selections");
      }
      options.columns.push_back({id, kinetic::Quantity::value});
    }
  }
  lua_pop(L, 1);
  for (const auto& [id, value] : m.values) options.initial_values.emplace_back(id, value);
  return options;
}

// Attributes that identify a timecourse: the model and the options it was simulated with.
io::Attributes timecourse_attributes(const std::string& model_id, const ModelSource& source,
                                     const kinetic::SimulationOptions& options) {
  return {
      {"model_id", model_id},         {"model_sha256", source.sha256},
      {"model_source", source.label}, {"t_start", options.start},
      {"t_end", options.end},         {"points", static_cast<std::int64_t>(options.intervals + 1)},
      {"rtol", options.rtol},         {"atol", options.atol}};
}

// m:simulate{..., log = log, name = "run"} streams rows into the log as they are computed
// (extendible datasets, flushed at least every 5 s): memory stays bounded however long the
// run. The returned Result then holds the status but no rows.
int model_simulate(lua_State* L) {
  return guarded(L, [L] {
    auto& m = check_userdata<LuaModel>(L, 1, "Model:simulate");
    auto options = simulation_options(L, 2, m);
    const Model& model = m.source->kinetic_model();
    io::ResultLog* log = nullptr;
    std::string name;
    if (!lua_isnoneornil(L, 2)) {
      lua_getfield(L, 2, "log");
      if (!lua_isnil(L, -1)) log = &check_log(L, lua_gettop(L), "Model:simulate");
      lua_pop(L, 1);
      if (log != nullptr) {
        const auto given = field_string(L, 2, "name", "Model:simulate");
        if (!given)
          throw LuaArgumentError("Model:simulate: streaming to a log needs name = \"...\"");
        name = *given;
      }
    }
    if (log == nullptr) {
      auto trajectory = kinetic::simulate(model, options);
      new_userdata(L, LuaResult{std::move(trajectory), m.source, model.id, std::move(options)});
      return 1;
    }
    log->create_group(name, "timecourse", timecourse_attributes(model.id, *m.source, options));
    log->store_text_once(m.source->sha256, m.source->text);
    // Columns: the selections, or every species (as without a log).
    std::optional<io::RowStream> stream;
    std::vector<std::string> column_ids;
    for (const auto& c : options.columns) column_ids.push_back(c.id);
    if (column_ids.empty()) {
      for (const auto& sp : model.species) column_ids.push_back(sp.id);
      options.columns.clear();
      for (const auto& id : column_ids) options.columns.push_back({id, kinetic::Quantity::value});
    }
    stream.emplace(log->stream_rows(name, column_ids));
    options.on_row = [&stream](double t, std::span<const double> row) { stream->append(t, row); };
    options.keep_rows = false;
    auto trajectory = kinetic::simulate(model, options);
    stream->flush();
    log->set_attributes(name, {{"status", std::string(kinetic::to_string(trajectory.status))},
                               {"message", trajectory.message},
                               {"time_reached", trajectory.time_reached}});
    options.on_row = nullptr;
    new_userdata(L, LuaResult{std::move(trajectory), m.source, model.id, std::move(options)});
    return 1;
  });
}

int result_names(lua_State* L) {
  return guarded(L, [L] {
    push_string_array(L, check_userdata<LuaResult>(L, 1, "Result:names").trajectory.names);
    return 1;
  });
}

// r:at(t) -> {id = value}: linear interpolation between the two output rows around t.
int result_at(lua_State* L) {
  return guarded(L, [L] {
    const auto& r = check_userdata<LuaResult>(L, 1, "Result:at");
    const double t = check_number(L, 2, "Result:at", "t");
    const auto& times = r.trajectory.times;
    if (times.empty() || t < times.front() || t > times.back()) {
      throw LuaArgumentError("Result:at: t = " + std::to_string(t) +
                             " is outside the simulated time span");
    }
    const auto upper = std::lower_bound(times.begin(), times.end(), t);
    const std::size_t hi = static_cast<std::size_t>(upper - times.begin());
    const std::size_t lo = hi == 0 ? 0 : hi - 1;
    const double w = times[hi] == times[lo] ? 1.0 : (t - times[lo]) / (times[hi] - times[lo]);
    lua_newtable(L);
    for (std::size_t c = 0; c < r.trajectory.names.size(); ++c) {
      lua_pushnumber(L, (1 - w) * r.trajectory.at(lo, c) + w * r.trajectory.at(hi, c));
      lua_setfield(L, -2, r.trajectory.names[c].c_str());
    }
    return 1;
  });
}

// r.time, r.status, r.message, r.ok, r[id] (a column), and the methods.
int result_index(lua_State* L) {
  return guarded(L, [L] {
    const auto& r = check_userdata<LuaResult>(L, 1, "Result");
    const std::string key = check_string(L, 2, "Result", "field");
    if (luaL_getmetafield(L, 1, "methods") != LUA_TNIL) {
      lua_getfield(L, -1, key.c_str());
      if (!lua_isnil(L, -1)) return 1;
      lua_pop(L, 2);
    }
    if (key == "time") {
      push_number_array(L, r.trajectory.times);
    } else if (key == "status") {
      lua_pushstring(L, kinetic::to_string(r.trajectory.status));
    } else if (key == "message") {
      lua_pushstring(L, r.trajectory.message.c_str());
    } else if (key == "ok") {
      lua_pushboolean(L, static_cast<int>(r.trajectory.ok()));
    } else if (const auto c = r.column(key); c >= 0) {
      std::vector<double> column(r.trajectory.times.size());
      for (std::size_t row = 0; row < column.size(); ++row) {
        column[row] = r.trajectory.at(row, static_cast<std::size_t>(c));
      }
      push_number_array(L, column);
    } else {
      throw LuaArgumentError("Result: no column or field '" + key + "' (see r:names())");
    }
    return 1;
  });
}

void write_result(lua_State* L, int index, io::ResultLog& log, const std::string& name,
                  const io::Attributes& extra) {
  const auto& r = check_userdata<LuaResult>(L, index, "Log:write");
  const auto& t = r.trajectory;
  io::Attributes attributes = timecourse_attributes(r.model_id, *r.source, r.options);
  attributes.emplace_back("status", std::string(kinetic::to_string(t.status)));
  attributes.emplace_back("message", t.message);
  attributes.insert(attributes.end(), extra.begin(), extra.end());
  log.create_group(name, "timecourse", attributes);
  log.write_numbers(name + "/time", t.times, {t.times.size()});
  log.write_numbers(name + "/values", t.values, {t.times.size(), t.names.size()});
  log.write_strings(name + "/names", t.names);
  log.store_text_once(r.source->sha256, r.source->text);
}

}  // namespace

void register_model(lua_State* L) {
  static const luaL_Reg model_methods[] = {{"info", model_info},
                                           {"species", model_ids<&Model::species>},
                                           {"reactions", model_ids<&Model::reactions>},
                                           {"parameters", model_ids<&Model::parameters>},
                                           {"compartments", model_ids<&Model::compartments>},
                                           {"get", model_get},
                                           {"set", model_set},
                                           {"clone", model_clone},
                                           {"simulate", model_simulate},
                                           {nullptr, nullptr}};
  register_type<LuaModel>(L, model_methods);

  // Result: fields computed on access, so __index is a function; methods live in `methods`.
  static const luaL_Reg result_methods[] = {
      {"names", result_names}, {"at", result_at}, {nullptr, nullptr}};
  register_type<LuaResult>(L, result_methods);
  luaL_getmetatable(L, LuaResult::kLuaType);
  lua_getfield(L, -1, "__index");
  lua_setfield(L, -2, "methods");
  lua_pushcfunction(L, result_index);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
  register_log_writer(LuaResult::kLuaType, write_result);

  lua_pushcfunction(L, load);
  lua_setfield(L, -2, "load");
}

}  // namespace ergon::scripting
