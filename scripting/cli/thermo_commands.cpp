// Thermodynamics commands: `ergon thermo drg` (ΔrG'° of every reaction) and `ergon thermo mdf`
// (max-min driving force of a flux mode). Conventions and JSON shapes: docs/thermo.md.

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/thermo/mdf.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "scripting/cli/commands.hpp"

namespace ergon::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ThermoArgs {
  std::string model;
  std::string data = "datasets";
  std::vector<std::string> sources{"CC2013", "Alberty2006"};
  double temperature = thermo::standard_temperature;
  double pH = 7.0;
  double ionic_strength = 0.25;
  double pMg = 14.0;
  std::vector<std::string> compartments;  // ID=PH[:I[:PMG[:PSI]]]
  bool json = false;
};

void add_thermo_options(CLI::App* cmd, ThermoArgs& a) {
  cmd->add_option("MODEL", a.model, "SBML file (.xml, .xml.gz)")->required();
  cmd->add_option("--data", a.data,
                  "Folder with thermo_formation_species.tsv and thermo_compounds.tsv "
                  "(default: datasets, i.e. run from the repository root)")
      ->capture_default_str();
  cmd->add_option("--sources", a.sources,
                  "Formation-data sources in order of preference (CC2013, Alberty2006)")
      ->delimiter(',');
  cmd->add_option("--temperature", a.temperature, "K")->capture_default_str();
  cmd->add_option("--pH", a.pH, "pH of compartments not given with --compartment")
      ->capture_default_str();
  cmd->add_option("--ionic-strength", a.ionic_strength, "M, likewise")->capture_default_str();
  cmd->add_option("--pMg", a.pMg, "likewise; 14 means no Mg2+ binding")->capture_default_str();
  cmd->add_option("--compartment", a.compartments,
                  "Conditions of one compartment, ID=PH[:I[:PMG[:POTENTIAL_V]]]; repeatable");
  cmd->add_flag("--json", a.json, "Print the result as JSON");
}

double parse_number(const std::string& text, const std::string& what) {
  try {
    std::size_t used = 0;
    const double x = std::stod(text, &used);
    if (used == text.size() && std::isfinite(x)) return x;
  } catch (const std::exception&) {
  }
  throw InputError({.element_id = text}, "not a number in " + what);
}

thermo::Conditions conditions_of(const ThermoArgs& a) {
  thermo::Conditions c;
  c.temperature = a.temperature;
  c.default_compartment = {.pH = a.pH, .ionic_strength = a.ionic_strength, .pMg = a.pMg};
  for (const auto& text : a.compartments) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError({.element_id = text}, "--compartment expects ID=PH[:I[:PMG[:POTENTIAL_V]]]");
    thermo::CompartmentConditions cc = c.default_compartment;
    std::vector<double> values;
    std::string rest = text.substr(eq + 1);
    std::size_t start = 0;
    for (;;) {
      const auto colon = rest.find(':', start);
      values.push_back(parse_number(
          rest.substr(start, colon == std::string::npos ? std::string::npos : colon - start),
          "--compartment " + text));
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
    if (values.size() > 4)
      throw InputError({.element_id = text}, "--compartment takes at most 4 values");
    cc.pH = values[0];
    if (values.size() > 1) cc.ionic_strength = values[1];
    if (values.size() > 2) cc.pMg = values[2];
    if (values.size() > 3) cc.potential = values[3];
    c.compartments[text.substr(0, eq)] = cc;
  }
  thermo::validate(c);
  return c;
}

struct Loaded {
  ConstraintModel model;
  thermo::FormationData data;
  std::vector<Diagnostic> diagnostics;
};

Loaded load(const ThermoArgs& a) {
  auto file = sbml::read_constraint_model(a.model);
  const std::filesystem::path dir(a.data);
  auto data = thermo::read_formation_data(dir / "thermo_formation_species.tsv",
                                          dir / "thermo_compounds.tsv", {.sources = a.sources});
  return {std::move(file.model), std::move(data), std::move(file.diagnostics)};
}

Json number_or_null(const std::optional<double>& x) {
  return x ? Json(*x) : Json(nullptr);
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics)
    if (d.severity != Severity::info)
      std::cerr << "ergon: " << to_string(d.severity) << " [" << d.code << "] " << d.message
                << '\n';
}

Json conditions_json(const thermo::Conditions& c) {
  const auto one = [](const thermo::CompartmentConditions& x) {
    return Json{{"pH", x.pH},
                {"ionic_strength_M", x.ionic_strength},
                {"pMg", x.pMg},
                {"potential_V", x.potential}};
  };
  Json j{{"temperature_K", c.temperature}, {"default", one(c.default_compartment)}};
  Json per = Json::object();
  for (const auto& [id, x] : c.compartments) per[id] = one(x);
  j["compartments"] = per;
  return j;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// ---- ergon thermo drg --------------------------------------------------------------------

void run_drg(const ThermoArgs& a) {
  const auto conditions = conditions_of(a);
  const auto loaded = load(a);
  const auto energies = thermo::reaction_energies(loaded.model, loaded.data, conditions);
  const auto metabolites = thermo::metabolite_thermo(loaded.model, loaded.data, conditions);
  if (a.json) {
    Json j;
    j["model"] = loaded.model.id();
    j["conditions"] = conditions_json(conditions);
    j["units"] = "kJ/mol";
    Json ms = Json::array();
    for (std::size_t m = 0; m < metabolites.size(); ++m)
      ms.push_back(
          {{"id", loaded.model.metabolites()[m].id},
           {"compartment", loaded.model.metabolites()[m].compartment},
           {"kegg", metabolites[m].match.kegg_id.empty() ? Json(nullptr)
                                                         : Json(metabolites[m].match.kegg_id)},
           {"matched_via", metabolites[m].match.via},
           {"dfG_prime0", number_or_null(metabolites[m].formation_energy)}});
    Json rs = Json::array();
    for (const auto& e : energies)
      rs.push_back({{"id", e.reaction_id},
                    {"drG_prime0", number_or_null(e.standard)},
                    {"uncertainty", e.uncertainty},
                    {"membrane_term", e.membrane},
                    {"boundary", e.boundary},
                    {"transport", e.transport},
                    {"missing", e.missing},
                    {"imbalance", e.imbalance},
                    {"proton_imbalance", e.proton_imbalance},
                    {"unchecked", e.unchecked}});
    j["metabolites"] = ms;
    j["reactions"] = rs;
    std::cout << j.dump(2) << '\n';
  } else {
    print_diagnostics(loaded.diagnostics);
    std::cout << std::left << std::setw(16) << "reaction" << std::right << std::setw(11) << "drG'0"
              << std::setw(7) << "+-" << std::setw(10) << "membrane"
              << "  notes\n";
    std::cout << std::fixed << std::setprecision(2);
    for (const auto& e : energies) {
      std::cout << std::left << std::setw(16) << e.reaction_id << std::right;
      if (e.standard)
        std::cout << std::setw(11) << *e.standard << std::setw(7) << e.uncertainty << std::setw(10)
                  << e.membrane;
      else
        std::cout << std::setw(11) << "-" << std::setw(7) << "" << std::setw(10) << "";
      std::string notes;
      if (e.boundary) notes += " boundary";
      if (!e.missing.empty()) notes += " no value: " + join(e.missing);
      if (!e.imbalance.empty()) notes += " UNBALANCED: " + e.imbalance;
      if (!e.unchecked.empty())
        notes += " balance unchecked (no formula: " + join(e.unchecked) + ")";
      if (!e.proton_imbalance.empty()) notes += " H+/charge: " + e.proton_imbalance;
      std::cout << " " << notes << '\n';
    }
    std::cout << "kJ/mol; T " << conditions.temperature << " K; pH " << a.pH << ", I "
              << a.ionic_strength << " M, pMg " << a.pMg << " unless set per compartment\n";
  }
}

// ---- ergon thermo mdf --------------------------------------------------------------------

struct MdfArgs {
  ThermoArgs thermo;
  std::vector<std::string> reactions;       // R or -R
  std::string fluxes;                       // JSON file with a "fluxes" object
  std::string bounds;                       // TSV (default DATA/thermo_mdf_bounds.tsv)
  std::vector<std::string> concentrations;  // ID=MIN:MAX (metabolite id or KEGG id)
  bool exclude_missing = false;
};

std::vector<double> mode_of(const MdfArgs& a, const ConstraintModel& model) {
  if (a.reactions.empty() == a.fluxes.empty())
    throw InputError("thermo mdf: give exactly one of --reactions and --fluxes");
  std::vector<double> v(model.reactions().size(), 0.0);
  if (!a.reactions.empty()) {
    for (const auto& text : a.reactions) {
      const bool reverse = text.starts_with('-');
      v[model.reaction_index(reverse ? text.substr(1) : text)] = reverse ? -1.0 : 1.0;
    }
    return v;
  }
  std::ifstream in(a.fluxes);
  if (!in) throw InputError({.file = a.fluxes}, "cannot open the flux file");
  Json j;
  try {
    j = Json::parse(in);
  } catch (const std::exception& e) {
    throw InputError({.file = a.fluxes}, std::string("not JSON: ") + e.what());
  }
  if (!j.contains("fluxes") || !j["fluxes"].is_object())
    throw InputError({.file = a.fluxes}, "no \"fluxes\" object (write it with `ergon fba --json`)");
  for (const auto& [id, value] : j["fluxes"].items()) {
    if (!value.is_number())
      throw InputError({.file = a.fluxes, .element_id = id}, "flux is not a number");
    v[model.reaction_index(id)] = value.get<double>();
  }
  return v;
}

void run_mdf(const MdfArgs& a) {
  thermo::MdfOptions options;
  options.conditions = conditions_of(a.thermo);
  const auto loaded = load(a.thermo);
  const auto& model = loaded.model;
  options.bounds = thermo::read_concentration_bounds(
      a.bounds.empty() ? std::filesystem::path(a.thermo.data) / "thermo_mdf_bounds.tsv"
                       : std::filesystem::path(a.bounds));
  for (const auto& text : a.concentrations) {
    const auto eq = text.find('=');
    const auto colon = text.find(':', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || colon == std::string::npos)
      throw InputError({.element_id = text}, "--concentration expects ID=MIN:MAX (M)");
    const std::string id = text.substr(0, eq);
    const thermo::ConcentrationRange range{
        parse_number(text.substr(eq + 1, colon - eq - 1), "--concentration " + text),
        parse_number(text.substr(colon + 1), "--concentration " + text)};
    if (const auto m = model.find_metabolite(id))
      options.bounds.by_metabolite[model.metabolites()[*m].id] = range;
    else if (loaded.data.compounds().contains(id))
      options.bounds.by_compound[id] = range;
    else
      throw InputError({.element_id = id}, "--concentration: neither a metabolite nor a compound");
  }
  options.exclude_missing = a.exclude_missing;
  const auto fluxes = mode_of(a, model);
  const auto r = thermo::max_min_driving_force(model, loaded.data, fluxes, options);

  if (a.thermo.json) {
    Json j;
    j["model"] = model.id();
    j["conditions"] = conditions_json(options.conditions);
    j["status"] = thermo::to_string(r.status);
    j["mdf"] = r.status == thermo::MdfStatus::optimal ? Json(r.driving_force) : Json(nullptr);
    j["units"] = "kJ/mol";
    Json rs = Json::array();
    for (const auto& s : r.reactions)
      rs.push_back({{"id", model.reactions()[s.reaction].id},
                    {"direction", s.direction},
                    {"drG_prime0", s.standard},
                    {"drG_prime", s.gibbs},
                    {"shadow_price", s.shadow_price},
                    {"bottleneck", s.bottleneck}});
    j["reactions"] = rs;
    Json cs = Json::array();
    for (const auto& c : r.concentrations)
      cs.push_back({{"id", model.metabolites()[c.metabolite].id},
                    {"concentration_M", c.concentration},
                    {"min_M", c.range.lower},
                    {"max_M", c.range.upper}});
    j["concentrations"] = cs;
    j["excluded"] = r.excluded;
    std::cout << j.dump(2) << '\n';
  } else {
    print_diagnostics(loaded.diagnostics);
    std::cout << "status  " << thermo::to_string(r.status) << '\n';
    if (!r.excluded.empty())
      std::cout << (r.status == thermo::MdfStatus::missing_data ? "no drG'0 for: "
                                                                : "left out (no drG'0): ")
                << join(r.excluded) << '\n';
    if (r.status == thermo::MdfStatus::optimal) {
      std::cout << std::fixed << std::setprecision(2) << "MDF     " << r.driving_force
                << " kJ/mol\n";
      std::cout << std::left << std::setw(16) << "reaction" << std::right << std::setw(5) << "dir"
                << std::setw(10) << "drG'0" << std::setw(10) << "drG'" << std::setw(8) << "shadow"
                << '\n';
      for (const auto& s : r.reactions)
        std::cout << std::left << std::setw(16) << model.reactions()[s.reaction].id << std::right
                  << std::setw(5) << s.direction << std::setw(10) << s.standard << std::setw(10)
                  << s.gibbs << std::setw(8) << std::setprecision(3) << s.shadow_price
                  << std::setprecision(2) << (s.bottleneck ? "  bottleneck" : "") << '\n';
      std::cout << std::left << std::setw(16) << "metabolite" << std::right << std::setw(12)
                << "conc (M)" << std::setw(12) << "min" << std::setw(12) << "max" << '\n';
      std::cout << std::scientific << std::setprecision(3);
      for (const auto& c : r.concentrations)
        std::cout << std::left << std::setw(16) << model.metabolites()[c.metabolite].id
                  << std::right << std::setw(12) << c.concentration << std::setw(12)
                  << c.range.lower << std::setw(12) << c.range.upper << '\n';
    }
    std::cout.flush();
  }
  if (r.status == thermo::MdfStatus::missing_data)
    throw InputError("thermo mdf: reactions of the mode have no drG'0: " + join(r.excluded) +
                     " (use --exclude-missing to leave them out)");
  if (r.status != thermo::MdfStatus::optimal)
    throw ComputationError(std::string("thermo mdf: ") + thermo::to_string(r.status));
}

}  // namespace

void register_thermo_commands(CLI::App& app) {
  CLI::App* thermo = app.add_subcommand(
      "thermo", "Thermodynamics: reaction Gibbs energies and max-min driving force");
  thermo->require_subcommand(1);

  auto d = std::make_shared<ThermoArgs>();
  CLI::App* drg = thermo->add_subcommand(
      "drg", "Standard transformed Gibbs energy drG'0 of every reaction of a model");
  add_thermo_options(drg, *d);
  drg->callback([d] { run_drg(*d); });

  auto m = std::make_shared<MdfArgs>();
  CLI::App* mdf =
      thermo->add_subcommand("mdf", "Max-min driving force of a flux mode (Noor et al. 2014)");
  add_thermo_options(mdf, m->thermo);
  mdf->add_option("--reactions", m->reactions,
                  "The mode as reaction ids, -ID for reverse: R1,-R2,...")
      ->delimiter(',');
  mdf->add_option("--fluxes", m->fluxes, "JSON with a \"fluxes\" object (from `ergon fba --json`)");
  mdf->add_option("--bounds", m->bounds,
                  "Concentration bounds TSV (default: DATA/thermo_mdf_bounds.tsv)");
  mdf->add_option("--concentration", m->concentrations,
                  "Bounds of one metabolite or KEGG compound, ID=MIN:MAX in M; repeatable");
  mdf->add_flag("--exclude-missing", m->exclude_missing,
                "Leave reactions without drG'0 out of the LP (listed) instead of failing");
  mdf->callback([m] { run_mdf(*m); });
}

}  // namespace ergon::cli
