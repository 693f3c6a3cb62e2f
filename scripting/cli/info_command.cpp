// `ergon info MODEL`: structure, fbc content and consistency findings of an SBML file.

#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/kinetic/conservation.hpp"
#include "engine/sbml/model_reader.hpp"
#include "engine/sbml/model_summary.hpp"
#include "scripting/cli/commands.hpp"

namespace ergon::cli {
namespace {

struct InfoArgs {
  std::string model;
  bool json = false;
  bool no_checks = false;
  bool unit_checks = false;
  bool practice_checks = false;
};

// Conservation laws of the reaction network, or why they could not be found (a model the
// simulator refuses, e.g. a comp model whose external file is missing).
struct Conservation {
  std::optional<kinetic::ConservationAnalysis> analysis;
  std::string not_analysed;
};

Conservation analyse_conservation(const std::string& file) {
  try {
    return {.analysis =
                kinetic::conservation_laws(sbml::read_model(file, {.validate = false}).model)};
  } catch (const Error& e) {
    return {.not_analysed = e.what()};
  }
}

nlohmann::ordered_json to_json(const Conservation& c) {
  nlohmann::ordered_json j;
  if (!c.analysis) {
    j["not_analysed"] = c.not_analysed;
    return j;
  }
  const auto& a = *c.analysis;
  j["species"] = a.species.size();
  j["reactions"] = a.reactions;
  j["rank"] = a.rank;
  j["laws"] = nlohmann::ordered_json::array();
  for (const auto& law : a.laws) {
    nlohmann::ordered_json terms = nlohmann::ordered_json::array();
    for (const auto& [id, k] : law.terms) terms.push_back({{"species", id}, {"coefficient", k}});
    j["laws"].push_back({{"dependent", law.dependent}, {"terms", terms}});
  }
  j["excluded"] = nlohmann::ordered_json::array();
  for (const auto& [id, why] : a.excluded)
    j["excluded"].push_back({{"species", id}, {"reason", why}});
  return j;
}

void print_text(const Conservation& c, std::ostream& out) {
  if (!c.analysis) {
    out << "conservation laws: not analysed (" << c.not_analysed << ")\n";
    return;
  }
  const auto& a = *c.analysis;
  out << "conservation laws: " << a.laws.size() << " (stoichiometric matrix " << a.species.size()
      << " species x " << a.reactions << " reactions, rank " << a.rank << ")\n";
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < a.laws.size() && i < kShown; ++i) {
    out << "  " << kinetic::to_string(a.laws[i])
        << " = constant  (dependent: " << a.laws[i].dependent << ")\n";
  }
  if (a.laws.size() > kShown)
    out << "  ... and " << a.laws.size() - kShown << " more (--json lists them all)\n";
  for (std::size_t i = 0; i < a.excluded.size() && i < kShown; ++i)
    out << "  not in any law: " << a.excluded[i].first << " (" << a.excluded[i].second << ")\n";
  if (a.excluded.size() > kShown)
    out << "  ... and " << a.excluded.size() - kShown
        << " more species in no law (--json lists them)\n";
}

nlohmann::ordered_json to_json(const sbml::Inspection& inspection) {
  const auto& s = inspection.summary;
  nlohmann::ordered_json j;
  j["file"] = s.file;
  j["level"] = s.level;
  j["version"] = s.version;
  j["model_id"] = s.model_id;
  j["model_name"] = s.model_name;
  j["packages"] = nlohmann::ordered_json::array();
  for (const auto& p : s.packages) {
    j["packages"].push_back({{"name", p.name}, {"version", p.version}, {"required", p.required}});
  }
  j["counts"] = {{"compartments", s.compartments},
                 {"species", s.species},
                 {"reactions", s.reactions},
                 {"parameters", s.parameters},
                 {"assignment_rules", s.assignment_rules},
                 {"rate_rules", s.rate_rules},
                 {"algebraic_rules", s.algebraic_rules},
                 {"initial_assignments", s.initial_assignments},
                 {"constraints", s.constraints},
                 {"events", s.events},
                 {"function_definitions", s.function_definitions},
                 {"unit_definitions", s.unit_definitions}};
  if (s.has_fbc || !s.gpr_source.empty()) {
    nlohmann::ordered_json fbc;
    fbc["version"] = s.fbc_version;
    fbc["objectives"] = nlohmann::ordered_json::array();
    for (const auto& o : s.objectives) {
      nlohmann::ordered_json terms = nlohmann::ordered_json::array();
      for (const auto& t : o.terms)
        terms.push_back({{"reaction", t.reaction}, {"coefficient", t.coefficient}});
      fbc["objectives"].push_back(
          {{"id", o.id}, {"type", o.type}, {"active", o.active}, {"terms", terms}});
    }
    fbc["flux_bounds"] = s.flux_bounds;
    fbc["gene_products"] = s.gene_products;
    fbc["reactions_with_gpr"] = s.reactions_with_gpr;
    fbc["gpr_source"] = s.gpr_source;
    j["fbc"] = fbc;
  }
  j["diagnostics"] = nlohmann::ordered_json::array();
  for (const auto& d : inspection.diagnostics) {
    j["diagnostics"].push_back({{"severity", to_string(d.severity)},
                                {"code", d.code},
                                {"line", d.line},
                                {"category", d.category},
                                {"message", d.message}});
  }
  return j;
}

void print_text(const sbml::Inspection& inspection, std::ostream& out) {
  const auto& s = inspection.summary;
  auto row = [&out](const char* key, const auto& value) {
    out << "  " << std::left << std::setw(22) << key << value << '\n';
  };
  out << s.file << '\n';
  row("SBML", "Level " + std::to_string(s.level) + " Version " + std::to_string(s.version));
  for (const auto& p : s.packages) {
    row("package", p.name + " v" + std::to_string(p.version) + (p.required ? " (required)" : ""));
  }
  row("model id", s.model_id.empty() ? "(none)" : s.model_id);
  if (!s.model_name.empty()) row("model name", s.model_name);
  row("compartments", s.compartments);
  row("species", s.species);
  row("reactions", s.reactions);
  row("parameters", s.parameters);
  row("rules", std::to_string(s.assignment_rules) + " assignment, " + std::to_string(s.rate_rules) +
                   " rate, " + std::to_string(s.algebraic_rules) + " algebraic");
  row("initial assignments", s.initial_assignments);
  row("constraints", s.constraints);
  row("events", s.events);
  row("function definitions", s.function_definitions);
  row("unit definitions", s.unit_definitions);
  if (s.has_fbc || !s.gpr_source.empty()) {
    if (s.has_fbc) row("fbc version", s.fbc_version);
    for (const auto& o : s.objectives) {
      std::ostringstream text;
      text << o.id << " (" << o.type << (o.active ? ", active" : "") << "):";
      for (const auto& t : o.terms) text << ' ' << t.coefficient << ' ' << t.reaction;
      row("objective", text.str());
    }
    if (s.flux_bounds > 0) row("flux bounds", s.flux_bounds);
    row("gene products", s.gene_products);
    row("reactions with GPR", std::to_string(s.reactions_with_gpr) +
                                  (s.gpr_source.empty() ? "" : " (from " + s.gpr_source + ")"));
  }
  const auto errors = count_at_least(inspection.diagnostics, Severity::error);
  out << "diagnostics: " << errors << " error(s), " << inspection.diagnostics.size() - errors
      << " warning(s)/info\n";
  for (const auto& d : inspection.diagnostics) {
    out << "  line " << d.line << ": " << to_string(d.severity) << " [" << d.code << "] "
        << d.message << '\n';
  }
}

void run_info(const InfoArgs& args) {
  const sbml::InspectOptions options{.consistency_checks = !args.no_checks,
                                     .unit_checks = args.unit_checks,
                                     .practice_checks = args.practice_checks};
  const auto inspection = sbml::inspect_sbml_file(args.model, options);
  const auto errors_found = count_at_least(inspection.diagnostics, Severity::error);
  const auto conservation = errors_found == 0 ? analyse_conservation(args.model)
                                              : Conservation{.not_analysed = "invalid SBML"};
  if (args.json) {
    auto j = to_json(inspection);
    j["conservation"] = to_json(conservation);
    std::cout << j.dump(2) << '\n';
  } else {
    print_text(inspection, std::cout);
    print_text(conservation, std::cout);
  }
  std::cout.flush();
  const auto errors = count_at_least(inspection.diagnostics, Severity::error);
  if (errors == 0) return;
  const auto first =
      std::find_if(inspection.diagnostics.begin(), inspection.diagnostics.end(),
                   [](const Diagnostic& d) { return d.severity >= Severity::error; });
  throw InputError(
      {.file = args.model, .line = first->line},
      "invalid SBML (" + std::to_string(errors) + " error(s)); first: " + first->message);
}

}  // namespace

void register_info_command(CLI::App& app) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd =
      app.add_subcommand("info", "Describe an SBML model and run libSBML's consistency checks");
  cmd->add_option("MODEL", args->model, "SBML file (Level 1-3; .xml, .xml.gz, .xml.bz2)")
      ->required();
  cmd->add_flag("--json", args->json, "Print the report as JSON");
  cmd->add_flag("--no-checks", args->no_checks,
                "Skip libSBML's consistency checks (read-time errors still count)");
  cmd->add_flag("--units", args->unit_checks, "Also run libSBML's units-consistency checks");
  cmd->add_flag("--practice", args->practice_checks,
                "Also report libSBML's modeling-practice advice");
  cmd->callback([args] { run_info(*args); });
}

}  // namespace ergon::cli
