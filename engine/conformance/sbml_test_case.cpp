#include "engine/conformance/sbml_test_case.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/fba/fba.hpp"
#include "engine/fba/flux_balance.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/sbml/model_reader.hpp"

namespace ergon::conformance {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

double parse_number(const std::string& text, const std::string& file) {
  std::string t = trim(text);
  std::string upper = t;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  if (upper == "NAN" || upper == "-NAN") return std::numeric_limits<double>::quiet_NaN();
  if (upper == "INF" || upper == "+INF" || upper == "INFINITY")
    return std::numeric_limits<double>::infinity();
  if (upper == "-INF" || upper == "-INFINITY") return -std::numeric_limits<double>::infinity();
  try {
    std::size_t used = 0;
    const double v = std::stod(t, &used);
    if (used != t.size()) throw std::invalid_argument(t);
    return v;
  } catch (const std::exception&) {
    throw InputError({.file = file}, "not a number: '" + t + "'");
  }
}

bool contains(const std::vector<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

}  // namespace

std::filesystem::path settings_file(const std::filesystem::path& case_dir) {
  // "cases/00001/", "." and "../00001" all name the folder NNNNN
  std::filesystem::path dir = std::filesystem::absolute(case_dir).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  return dir / (dir.filename().string() + "-settings.txt");
}

CaseSettings read_settings(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError({.file = file.string()}, "cannot read settings file");
  CaseSettings s;
  std::string line;
  bool have_steps = false;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trim(line.substr(0, colon));
    const std::string value = trim(line.substr(colon + 1));
    if (value.empty()) continue;
    if (key == "start") s.start = parse_number(value, file.string());
    if (key == "duration") s.duration = parse_number(value, file.string());
    if (key == "steps") {
      s.steps = static_cast<std::size_t>(parse_number(value, file.string()));
      have_steps = true;
    }
    if (key == "variables") s.variables = split_list(value);
    if (key == "absolute") s.absolute = parse_number(value, file.string());
    if (key == "relative") s.relative = parse_number(value, file.string());
    if (key == "amount") s.amount = split_list(value);
    if (key == "concentration") s.concentration = split_list(value);
  }
  if (!have_steps && s.duration == 0.0 && s.start == 0.0) {
    s.steady_state = true;  // FluxBalanceSteadyState: "start:", "duration:", "steps:" left empty
  } else if (!have_steps) {
    throw InputError({.file = file.string()}, "settings give a duration but no 'steps'");
  }
  return s;
}

std::filesystem::path model_file(const std::filesystem::path& case_dir) {
  std::filesystem::path best;
  int best_rank = -1;
  static const std::regex pattern(R"(\d+-sbml-l(\d)v(\d)\.xml)");
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(case_dir, ec)) {
    std::smatch m;
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, m, pattern)) continue;
    const int rank = std::stoi(m[1]) * 10 + std::stoi(m[2]);
    if (rank > best_rank) {
      best_rank = rank;
      best = entry.path();
    }
  }
  if (ec) throw InputError({.file = case_dir.string()}, "cannot list case folder: " + ec.message());
  if (best.empty())
    throw InputError({.file = case_dir.string()},
                     "no NNNNN-sbml-lXvY.xml model in the case folder");
  return best;
}

kinetic::SimulationOptions case_options(const CaseSettings& settings,
                                        kinetic::SimulationOptions base) {
  base.start = settings.start;
  base.end = settings.start + settings.duration;
  base.intervals = settings.steps;
  base.columns.clear();
  for (const auto& id : settings.variables) {
    kinetic::Quantity q = kinetic::Quantity::value;
    if (contains(settings.amount, id)) q = kinetic::Quantity::amount;
    if (contains(settings.concentration, id)) q = kinetic::Quantity::concentration;
    base.columns.push_back({.id = id, .quantity = q});
  }
  return base;
}

kinetic::Trajectory run_case(const std::filesystem::path& case_dir,
                             const kinetic::SimulationOptions& base) {
  const CaseSettings settings = read_settings(settings_file(case_dir));
  const auto imported = sbml::read_model(model_file(case_dir));
  return kinetic::simulate(imported.model, case_options(settings, base));
}

namespace {

void put_value(std::ostream& out, double v) {
  if (std::isnan(v)) {
    out << "NaN";
  } else if (std::isinf(v)) {
    out << (v > 0 ? "INF" : "-INF");
  } else {
    out << v;
  }
}

bool meets(double expected, double actual, const CaseSettings& settings) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  if (!std::isfinite(actual)) return false;
  return std::fabs(expected - actual) <=
         settings.absolute + settings.relative * std::fabs(expected);
}

std::filesystem::path results_file(const std::filesystem::path& case_dir) {
  const auto dir = settings_file(case_dir).parent_path();
  return dir / (dir.filename().string() + "-results.csv");
}

// NNNNN-results.csv: the header and the rows of numbers; nullopt when it cannot be read.
struct ExpectedResults {
  std::vector<std::string> header;
  std::vector<std::vector<double>> rows;
};
std::optional<ExpectedResults> read_expected(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  ExpectedResults out;
  std::string line;
  while (std::getline(in, line)) {
    if (trim(line).empty()) continue;
    if (out.header.empty()) {
      out.header = split_list(line);
      continue;
    }
    std::vector<double> row;
    for (const auto& cell : split_list(line)) row.push_back(parse_number(cell, file.string()));
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace

SteadyStateResult run_flux_balance_case(const std::filesystem::path& case_dir,
                                        const CaseSettings& settings) {
  const auto file = model_file(case_dir);
  const auto read = sbml::read_constraint_model(file);
  fba::FluxBalance balance(read.model);
  const auto solution = fba::fba(balance);
  const bool optimal = solution.status == fba::Status::optimal;
  SteadyStateResult out{
      .status = fba::to_string(solution.status), .names = settings.variables, .values = {}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& id : settings.variables) {
    const auto& reactions = read.model.reactions();
    const auto exact = std::find_if(reactions.begin(), reactions.end(),
                                    [&id](const FluxReaction& r) { return r.id == id; });
    if (exact != reactions.end()) {
      out.values.push_back(
          optimal ? solution.fluxes[static_cast<std::size_t>(exact - reactions.begin())] : nan);
      continue;
    }
    if (contains(read.objectives, id)) {
      if (read.objectives.size() == 1) {  // the active one: the LP's own objective value
        double value = optimal ? solution.objective : nan;
        if (solution.status == fba::Status::unbounded) {
          value = read.model.sense() == ObjectiveSense::maximize
                      ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity();
        }
        out.values.push_back(value);
        continue;
      }
      // One of several: its value at the active objective's optimum, from its own coefficients.
      const auto with = sbml::read_constraint_model(file, {.objective = id});
      double value = 0.0;
      for (std::size_t r = 0; r < with.model.reactions().size(); ++r)
        value +=
            with.model.reactions()[r].objective_coefficient * (optimal ? solution.fluxes[r] : nan);
      out.values.push_back(value);
      continue;
    }
    throw InputError({.file = file.string(), .element_id = id},
                     "case variable is neither a reaction nor an fbc objective of the model");
  }
  return out;
}

void write_csv(const SteadyStateResult& result, std::ostream& out) {
  for (std::size_t c = 0; c < result.names.size(); ++c) out << (c ? "," : "") << result.names[c];
  out << '\n' << std::setprecision(17);
  for (std::size_t c = 0; c < result.values.size(); ++c) {
    if (c) out << ',';
    put_value(out, result.values[c]);
  }
  out << '\n';
}

CaseVerdict score(const SteadyStateResult& result, const std::filesystem::path& case_dir,
                  const CaseSettings& settings) {
  const auto file = results_file(case_dir);
  const auto read = read_expected(file);
  if (!read) return {false, "no expected results " + file.string()};
  const auto& header = read->header;
  const std::vector<double> expected = read->rows.empty() ? std::vector<double>{} : read->rows[0];
  if (expected.size() != header.size()) return {false, "malformed " + file.string()};
  for (std::size_t j = 0; j < header.size(); ++j) {
    const auto it = std::find(result.names.begin(), result.names.end(), header[j]);
    if (it == result.names.end()) return {false, "missing column " + header[j]};
    const double a = result.values[static_cast<std::size_t>(it - result.names.begin())];
    if (!meets(expected[j], a, settings)) {
      std::ostringstream why;
      why << std::setprecision(10) << header[j] << ": expected " << expected[j] << ", got " << a
          << " (" << result.status << ")";
      return {false, why.str()};
    }
  }
  return {true, ""};
}

void write_csv(const kinetic::Trajectory& trajectory, std::ostream& out) {
  out << "time";
  for (const auto& n : trajectory.names) out << ',' << n;
  out << '\n';
  auto put = [&out](double v) { put_value(out, v); };
  out << std::setprecision(17);
  const std::size_t width = trajectory.names.size();
  for (std::size_t row = 0; row < trajectory.times.size(); ++row) {
    put(trajectory.times[row]);
    for (std::size_t c = 0; c < width; ++c) {
      out << ',';
      put(trajectory.values[row * width + c]);
    }
    out << '\n';
  }
}

CaseVerdict score(const kinetic::Trajectory& trajectory, const std::filesystem::path& case_dir,
                  const CaseSettings& settings) {
  const auto file = results_file(case_dir);
  const auto read = read_expected(file);
  if (!read) return {false, "no expected results " + file.string()};
  const auto& header = read->header;
  const auto& rows = read->rows;
  if (rows.size() != trajectory.times.size()) {
    return {false, std::to_string(trajectory.times.size()) + " rows, expected " +
                       std::to_string(rows.size()) +
                       (trajectory.ok() ? "" : " (" + trajectory.message + ")")};
  }
  std::vector<std::size_t> column(header.size(), 0);
  for (std::size_t j = 1; j < header.size(); ++j) {
    const auto it = std::find(trajectory.names.begin(), trajectory.names.end(), header[j]);
    if (it == trajectory.names.end()) return {false, "missing column " + header[j]};
    column[j] = static_cast<std::size_t>(it - trajectory.names.begin());
  }
  const std::size_t width = trajectory.names.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < header.size() && j < rows[i].size(); ++j) {
      const double e = rows[i][j];
      const double a = j == 0 ? trajectory.times[i] : trajectory.values[i * width + column[j]];
      if (!meets(e, a, settings)) {
        std::ostringstream why;
        why << std::setprecision(10) << "row " << i << ' ' << header[j] << ": expected " << e
            << ", got " << a;
        return {false, why.str()};
      }
    }
  }
  return {true, ""};
}

CaseTags read_tags(const std::filesystem::path& case_dir) {
  const auto dir = settings_file(case_dir).parent_path();
  std::ifstream in(dir / (dir.filename().string() + "-model.m"));
  CaseTags out;
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trim(line.substr(0, colon));
    if (key == "testType") out.test_type = trim(line.substr(colon + 1));
    if (key == "componentTags" || key == "testTags") {
      for (auto& t : split_list(line.substr(colon + 1))) out.tags.push_back(t);
    }
  }
  return out;
}

}  // namespace ergon::conformance
