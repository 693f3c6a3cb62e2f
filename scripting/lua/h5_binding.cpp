#include "scripting/lua/h5_binding.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>

#include "engine/core/build_info.hpp"
#include "engine/core/error.hpp"
#include "scripting/lua/binding.hpp"
#include "scripting/lua/modules.hpp"
#include "scripting/lua/script_context.hpp"

namespace ergon::scripting {
namespace {

std::map<std::string, LogWriter>& writers() {
  static std::map<std::string, LogWriter> registry;
  return registry;
}

struct Log {
  static constexpr const char* kLuaType = "ergon.Log";
  std::unique_ptr<io::ResultLog> log;
};

struct Stream {
  static constexpr const char* kLuaType = "ergon.Stream";
  std::unique_ptr<io::RowStream> stream;
  std::size_t columns = 0;
};

io::ResultLog& open_log(lua_State* L, int index, const char* function) {
  auto& log = check_userdata<Log>(L, index, function);
  if (!log.log || !log.log->is_open())
    throw LuaArgumentError(std::string(function) + ": the log is closed");
  return *log.log;
}

std::string iso8601_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "unknown";
}

// Kinds of plain Lua values log:write accepts.
enum class Shape { numbers, strings, matrix, columns };

Shape classify(lua_State* L, int index, const std::string& name) {
  const auto n = luaL_len(L, index);
  if (n == 0) {
    // Either an empty array or a table of named columns.
    lua_pushnil(L);
    if (lua_next(L, index) == 0) return Shape::numbers;  // empty: a 0-length dataset
    lua_pop(L, 2);
    return Shape::columns;
  }
  lua_geti(L, index, 1);
  const int first = lua_type(L, -1);
  lua_pop(L, 1);
  if (first == LUA_TNUMBER) return Shape::numbers;
  if (first == LUA_TSTRING) return Shape::strings;
  if (first == LUA_TTABLE) return Shape::matrix;
  throw LuaArgumentError("Log:write: '" + name + "' holds " + lua_typename(L, first) +
                         " values; expected numbers, strings, rows of numbers or named columns");
}

std::vector<double> number_array(lua_State* L, int index, const std::string& what) {
  std::vector<double> out;
  const auto n = luaL_len(L, index);
  out.reserve(static_cast<std::size_t>(n));
  for (lua_Integer i = 1; i <= n; ++i) {
    lua_geti(L, index, i);
    if (lua_type(L, -1) != LUA_TNUMBER) {
      const std::string got = type_name(L, -1);
      lua_pop(L, 1);
      throw LuaArgumentError("Log:write: " + what + "[" + std::to_string(i) +
                             "] must be a number, got " + got);
    }
    out.push_back(lua_tonumber(L, -1));
    lua_pop(L, 1);
  }
  return out;
}

void write_array(lua_State* L, int index, io::ResultLog& log, const std::string& name,
                 Shape shape) {
  if (shape == Shape::numbers) {
    const auto values = number_array(L, index, name);
    log.write_numbers(name, values, {values.size()});
  } else if (shape == Shape::strings) {
    log.write_strings(name, check_string_array(L, index, "Log:write", name.c_str()));
  } else {
    const auto rows = luaL_len(L, index);
    std::vector<double> values;
    std::size_t width = 0;
    for (lua_Integer r = 1; r <= rows; ++r) {
      lua_geti(L, index, r);
      if (lua_type(L, -1) != LUA_TTABLE) {
        lua_pop(L, 1);
        throw LuaArgumentError("Log:write: row " + std::to_string(r) + " of '" + name +
                               "' is not a table");
      }
      const auto row = number_array(L, lua_gettop(L), name + "[" + std::to_string(r) + "]");
      lua_pop(L, 1);
      if (r == 1) width = row.size();
      if (row.size() != width) {
        throw LuaArgumentError("Log:write: rows of '" + name + "' differ in length (" +
                               std::to_string(width) + " and " + std::to_string(row.size()) + ")");
      }
      values.insert(values.end(), row.begin(), row.end());
    }
    log.write_numbers(name, values, {static_cast<std::size_t>(rows), width});
  }
}

// A table of named columns: group kind "table", one dataset per array column (in sorted key
// order, recorded in attribute `columns`), scalar entries as attributes.
void write_columns(lua_State* L, int index, io::ResultLog& log, const std::string& name,
                   const io::Attributes& extra) {
  std::vector<std::string> keys;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      throw LuaArgumentError("Log:write: table '" + name +
                             "' mixes array entries and named columns");
    }
    keys.emplace_back(lua_tostring(L, -2));
    lua_pop(L, 1);
  }
  std::sort(keys.begin(), keys.end());
  io::Attributes attributes = extra;
  std::vector<std::string> columns;
  for (const auto& key : keys) {
    lua_getfield(L, index, key.c_str());
    if (lua_type(L, -1) == LUA_TTABLE) columns.push_back(key);
    lua_pop(L, 1);
  }
  attributes.emplace_back("columns", columns);
  // Scalars first become attributes, validated before anything is written.
  lua_newtable(L);
  for (const auto& key : keys) {
    lua_getfield(L, index, key.c_str());
    if (lua_type(L, -1) != LUA_TTABLE) {
      lua_setfield(L, -2, key.c_str());
    } else {
      lua_pop(L, 1);
    }
  }
  const auto scalars = attributes_from_table(L, lua_gettop(L), "Log:write");
  lua_pop(L, 1);
  attributes.insert(attributes.end(), scalars.begin(), scalars.end());
  log.create_group(name, "table", attributes);
  for (const auto& key : columns) {
    lua_getfield(L, index, key.c_str());
    const int column = lua_gettop(L);
    write_array(L, column, log, name + "/" + key, classify(L, column, name + "/" + key));
    lua_pop(L, 1);
  }
}

int h5_open(lua_State* L) {
  return guarded(L, [L] {
    const std::string path = check_string(L, 1, "ergon.h5.open", "path");
    const std::string mode = opt_string(L, 2, "ergon.h5.open", "mode").value_or("w");
    if (mode != "w" && mode != "a") {
      throw LuaArgumentError(
          "ergon.h5.open: mode must be \"w\" (replace) or \"a\" (append), got \"" + mode + "\"");
    }
    const auto& context = script_context(L);
    context.require_writable(path);
    const bool fresh =
        mode == "w" || !std::filesystem::exists(path) || std::filesystem::file_size(path) == 0;
    auto log = std::make_unique<io::ResultLog>(
        io::ResultLog::open(path, mode == "w" ? io::OpenMode::truncate : io::OpenMode::append));
    if (fresh) write_provenance(*log, context);
    new_userdata(L, Log{std::move(log)});
    return 1;
  });
}

int log_write(lua_State* L) {
  return guarded(L, [L] {
    auto& log = open_log(L, 1, "Log:write");
    const std::string name = check_string(L, 2, "Log:write", "name");
    io::Attributes attributes;
    if (!lua_isnoneornil(L, 4)) attributes = attributes_from_table(L, 4, "Log:write");
    if (lua_type(L, 3) == LUA_TUSERDATA) {
      const std::string type = type_name(L, 3);
      const auto it = writers().find(type);
      if (it == writers().end()) throw LuaArgumentError("Log:write: cannot write a " + type);
      it->second(L, 3, log, name, attributes);
      return 0;
    }
    if (lua_type(L, 3) != LUA_TTABLE) {
      throw LuaArgumentError("Log:write: value must be a result or a table, got " +
                             type_name(L, 3));
    }
    const Shape shape = classify(L, 3, name);
    if (shape == Shape::columns) {
      write_columns(L, 3, log, name, attributes);
    } else {
      write_array(L, 3, log, name, shape);
      if (!attributes.empty()) log.set_attributes(name, attributes);
    }
    return 0;
  });
}

int log_attrs(lua_State* L) {
  return guarded(L, [L] {
    auto& log = open_log(L, 1, "Log:attrs");
    const std::string name = check_string(L, 2, "Log:attrs", "name");
    check_table(L, 3, "Log:attrs", "attributes");
    log.set_attributes(name, attributes_from_table(L, 3, "Log:attrs"));
    return 0;
  });
}

int log_flush(lua_State* L) {
  return guarded(L, [L] {
    open_log(L, 1, "Log:flush").flush();
    return 0;
  });
}

int log_close(lua_State* L) {
  return guarded(L, [L] {
    auto& log = check_userdata<Log>(L, 1, "Log:close");
    if (log.log) log.log->close();
    return 0;
  });
}

int log_path(lua_State* L) {
  return guarded(L, [L] {
    auto& log = check_userdata<Log>(L, 1, "Log:path");
    lua_pushstring(L, log.log ? log.log->path().c_str() : "");
    return 1;
  });
}

// log:stream(name, columns [, attrs]) -> Stream: rows appended one at a time, for long loops.
int log_stream(lua_State* L) {
  return guarded(L, [L] {
    auto& log = open_log(L, 1, "Log:stream");
    const std::string name = check_string(L, 2, "Log:stream", "name");
    const auto columns = check_string_array(L, 3, "Log:stream", "columns");
    io::Attributes attributes;
    if (!lua_isnoneornil(L, 4)) attributes = attributes_from_table(L, 4, "Log:stream");
    log.create_group(name, "timecourse", attributes);
    auto stream = std::make_unique<io::RowStream>(log.stream_rows(name, columns));
    new_userdata(L, Stream{std::move(stream), columns.size()});
    return 1;
  });
}

int stream_append(lua_State* L) {
  return guarded(L, [L] {
    auto& s = check_userdata<Stream>(L, 1, "Stream:append");
    const double t = check_number(L, 2, "Stream:append", "time");
    check_table(L, 3, "Stream:append", "values");
    const auto values = number_array(L, 3, "values");
    if (!s.stream) throw LuaArgumentError("Stream:append: the stream is closed");
    s.stream->append(t, values);
    return 0;
  });
}

int stream_flush(lua_State* L) {
  return guarded(L, [L] {
    auto& s = check_userdata<Stream>(L, 1, "Stream:flush");
    if (s.stream) s.stream->flush();
    return 0;
  });
}

int stream_rows(lua_State* L) {
  return guarded(L, [L] {
    auto& s = check_userdata<Stream>(L, 1, "Stream:rows");
    lua_pushinteger(L, s.stream ? static_cast<lua_Integer>(s.stream->rows()) : 0);
    return 1;
  });
}

}  // namespace

io::ResultLog& check_log(lua_State* L, int index, const char* function) {
  return open_log(L, index, function);
}

void register_log_writer(const char* lua_type, LogWriter writer) {
  writers()[lua_type] = writer;
}

void write_provenance(io::ResultLog& log, const ScriptContext& context) {
  log.set_attributes("/", {{"ergon_version", std::string(ergon::version())},
                           {"git_commit", std::string(ergon::git_commit())},
                           {"created", iso8601_now()},
                           {"script", context.script_text},
                           {"script_path", context.script_path.string()},
                           {"args", context.args},
                           {"host", host_name()}});
}

io::Attributes attributes_from_table(lua_State* L, int index, const char* function) {
  check_table(L, index, function, "attributes");
  index = lua_absindex(L, index);
  io::Attributes out;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      throw LuaArgumentError(std::string(function) + ": attribute names must be strings");
    }
    const std::string key = lua_tostring(L, -2);
    switch (lua_type(L, -1)) {
      case LUA_TBOOLEAN: out.emplace_back(key, lua_toboolean(L, -1) != 0); break;
      case LUA_TSTRING: out.emplace_back(key, std::string(lua_tostring(L, -1))); break;
      case LUA_TNUMBER:
        if (lua_isinteger(L, -1) != 0) {
          out.emplace_back(key, static_cast<std::int64_t>(lua_tointeger(L, -1)));
        } else {
          out.emplace_back(key, lua_tonumber(L, -1));
        }
        break;
      case LUA_TTABLE: {
        const int table = lua_gettop(L);
        lua_geti(L, table, 1);
        const bool strings = lua_type(L, -1) == LUA_TSTRING;
        lua_pop(L, 1);
        if (strings) {
          out.emplace_back(key, check_string_array(L, table, function, key.c_str()));
        } else {
          out.emplace_back(key, number_array(L, table, key));
        }
        break;
      }
      default: {
        const std::string got = type_name(L, -1);
        lua_pop(L, 2);
        throw LuaArgumentError(std::string(function) + ": attribute '" + key + "' cannot be a " +
                               got);
      }
    }
    lua_pop(L, 1);
  }
  return out;
}

void register_h5(lua_State* L) {
  static const luaL_Reg log_methods[] = {
      {"write", log_write}, {"attrs", log_attrs},   {"flush", log_flush}, {"close", log_close},
      {"path", log_path},   {"stream", log_stream}, {nullptr, nullptr}};
  register_type<Log>(L, log_methods);
  static const luaL_Reg stream_methods[] = {{"append", stream_append},
                                            {"flush", stream_flush},
                                            {"rows", stream_rows},
                                            {nullptr, nullptr}};
  register_type<Stream>(L, stream_methods);
  lua_newtable(L);
  lua_pushcfunction(L, h5_open);
  lua_setfield(L, -2, "open");
  lua_setfield(L, -2, "h5");
}

}  // namespace ergon::scripting
