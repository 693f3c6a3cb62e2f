// Thermodynamics commands: `ergon thermo drg` (ΔrG'° of every reaction), `mdf` (max-min
// driving force of a flux mode), `tfa` and `tva` (thermodynamic FBA and its variability),
// `check` (equilibrium constants of a kinetic model's rate laws against the data).
// Conventions and JSON shapes: docs/thermo.md.

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/fba/analyses.hpp"
#include "engine/io/result_log.hpp"
#include "engine/io/thermo_log.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "engine/sbml/model_reader.hpp"
#include "engine/thermo/mdf.hpp"
#include "engine/thermo/rate_law_check.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "engine/thermo/tfa.hpp"
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
  std::string id_map;                     // FILE[:ID_COLUMN:KEGG_COLUMN]
  std::string h5;                         // HDF5 log to append the result to
  std::string h5_group;                   // its group (default thermo/<command>)
  bool json = false;
};

void add_thermo_options(CLI::App* cmd, ThermoArgs& a) {
  cmd->add_option("MODEL", a.model, "SBML file (.xml, .xml.gz)")->required();
  cmd->add_option("--data", a.data,
                  "Folder with thermo_formation_species.tsv and thermo_compounds.tsv "
                  "(default: datasets, i.e. run from the repository root), or with "
                  "formation_species.tsv (../shared/thermo: every KEGG compound)")
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
  cmd->add_option("--id-map", a.id_map,
                  "Metabolite id -> KEGG id table, FILE[:ID_COLUMN:KEGG_COLUMN] (default columns "
                  "id, kegg_id; e.g. Human-GEM.metabolites.tsv:mets:metKEGGID, uncompressed)");
  cmd->add_option("--h5", a.h5, "Append the result to this HDF5 log (layout: docs/hdf5-schema.md)");
  cmd->add_option("--h5-group", a.h5_group,
                  "Group of the result in --h5 (default thermo/<command>)");
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

// The HDF5 log of --h5, opened before the computation so that an unwritable file or a group
// that already exists fails at once (exit 2), in append mode so nothing in the file is lost.
struct H5Target {
  std::optional<io::ResultLog> log;
  std::string group;
};

H5Target open_h5(const ThermoArgs& a, const std::string& command) {
  H5Target t;
  if (a.h5.empty()) return t;
  t.group = a.h5_group.empty() ? "thermo/" + command : a.h5_group;
  t.log = io::ResultLog::open(a.h5, io::OpenMode::append);
  if (t.log->exists(t.group))
    throw InputError({.file = a.h5, .element_id = t.group},
                     "already holds a result (choose another --h5-group)");
  return t;
}

Loaded load(const ThermoArgs& a) {
  auto file = sbml::read_constraint_model(a.model);
  const std::filesystem::path dir(a.data);
  // ergon's datasets/ names its files thermo_*; ../shared/thermo (every KEGG compound) has
  // formation_species.tsv and no compounds table (no formulas: balance then "unchecked").
  auto species = dir / "thermo_formation_species.tsv";
  if (!std::filesystem::exists(species) && std::filesystem::exists(dir / "formation_species.tsv"))
    species = dir / "formation_species.tsv";
  auto compounds = dir / "thermo_compounds.tsv";
  if (!std::filesystem::exists(compounds) && species.filename() == "formation_species.tsv")
    compounds.clear();
  auto data = thermo::read_formation_data(species, compounds, {.sources = a.sources});
  if (!a.id_map.empty()) {
    std::string path = a.id_map;
    std::string id_column = "id";
    std::string kegg_column = "kegg_id";
    if (const auto first = a.id_map.find(':'); first != std::string::npos) {
      const auto second = a.id_map.find(':', first + 1);
      if (second == std::string::npos || second == first + 1 || second + 1 == a.id_map.size())
        throw InputError({.element_id = a.id_map},
                         "--id-map expects FILE or FILE:ID_COLUMN:KEGG_COLUMN");
      path = a.id_map.substr(0, first);
      id_column = a.id_map.substr(first + 1, second - first - 1);
      kegg_column = a.id_map.substr(second + 1);
    }
    data = data.with_metabolite_map(thermo::read_metabolite_map(path, id_column, kegg_column));
  }
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

// Concentration bounds: the file (or only the 1 µM – 10 mM default when `file` is empty), then
// each ID=MIN:MAX of --concentration (a metabolite id or a KEGG id).
thermo::ConcentrationBounds bounds_of(const std::filesystem::path& file,
                                      const std::vector<std::string>& concentrations,
                                      const Loaded& loaded) {
  const auto& model = loaded.model;
  thermo::ConcentrationBounds bounds;
  if (!file.empty()) bounds = thermo::read_concentration_bounds(file);
  for (const auto& text : concentrations) {
    const auto eq = text.find('=');
    const auto colon = text.find(':', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || colon == std::string::npos)
      throw InputError({.element_id = text}, "--concentration expects ID=MIN:MAX (M)");
    const std::string id = text.substr(0, eq);
    const thermo::ConcentrationRange range{
        parse_number(text.substr(eq + 1, colon - eq - 1), "--concentration " + text),
        parse_number(text.substr(colon + 1), "--concentration " + text)};
    if (const auto m = model.find_metabolite(id))
      bounds.by_metabolite[model.metabolites()[*m].id] = range;
    else if (loaded.data.compounds().contains(id))
      bounds.by_compound[id] = range;
    else
      throw InputError({.element_id = id}, "--concentration: neither a metabolite nor a compound");
  }
  thermo::validate(bounds);
  return bounds;
}

// ---- ergon thermo drg --------------------------------------------------------------------

void run_drg(const ThermoArgs& a) {
  const auto conditions = conditions_of(a);
  auto h5 = open_h5(a, "drg");
  const auto loaded = load(a);
  const auto energies = thermo::reaction_energies(loaded.model, loaded.data, conditions);
  if (h5.log) io::write_reaction_energies(*h5.log, h5.group, loaded.model, energies, conditions);
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
  auto h5 = open_h5(a.thermo, "mdf");
  const auto loaded = load(a.thermo);
  const auto& model = loaded.model;
  options.bounds =
      bounds_of(a.bounds.empty() ? std::filesystem::path(a.thermo.data) / "thermo_mdf_bounds.tsv"
                                 : std::filesystem::path(a.bounds),
                a.concentrations, loaded);
  options.exclude_missing = a.exclude_missing;
  const auto fluxes = mode_of(a, model);
  const auto r = thermo::max_min_driving_force(model, loaded.data, fluxes, options);
  if (h5.log) io::write_mdf(*h5.log, h5.group, model, r, options.conditions);

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

// ---- ergon thermo tfa / tva --------------------------------------------------------------

struct TfaArgs {
  ThermoArgs thermo;
  std::string bounds;                       // TSV; empty: 1 µM – 10 mM for every metabolite
  std::vector<std::string> concentrations;  // ID=MIN:MAX
  double sigmas = 2.0;
  double time_limit = 600.0;
  double fraction = 1.0;  // tva only
};

thermo::TfaOptions tfa_options_of(const TfaArgs& a, const Loaded& loaded) {
  thermo::TfaOptions o;
  o.conditions = conditions_of(a.thermo);
  o.bounds = bounds_of(a.bounds, a.concentrations, loaded);
  if (!(a.sigmas >= 0.0)) throw InputError({.element_id = "--sigmas"}, "must be >= 0");
  if (!(a.time_limit > 0.0)) throw InputError({.element_id = "--time-limit"}, "must be > 0 s");
  o.uncertainty_sigmas = a.sigmas;
  o.solver.time_limit_seconds = a.time_limit;
  return o;
}

Json unconstrained_json(const thermo::TfaResult& r) {
  Json u = Json::array();
  for (const auto& x : r.unconstrained) u.push_back({{"id", x.reaction_id}, {"reason", x.reason}});
  return u;
}

Json conflicts_json(const thermo::TfaResult& r) {
  Json c = Json::array();
  for (const auto& x : r.conflicts)
    c.push_back({{"id", x.reaction_id}, {"violation", x.violation}, {"flux", x.flux}});
  return c;
}

void print_conflicts(const thermo::TfaResult& r) {
  if (r.conflicts.empty()) return;
  std::cout << "reactions whose flux direction and drG' conflict (least total violation):\n";
  for (const auto& c : r.conflicts)
    std::cout << "  " << std::left << std::setw(16) << c.reaction_id << std::right << " flux "
              << std::setw(10) << c.flux << "  needs drG' lower by " << c.violation << " kJ/mol\n";
}

void fail_unless_optimal(thermo::TfaStatus status, const thermo::TfaResult* result) {
  if (status == thermo::TfaStatus::optimal) return;
  std::string message = std::string("thermo: TFA is ") + thermo::to_string(status);
  if (result != nullptr && !result->conflicts.empty()) {
    message += "; conflicting reactions:";
    for (const auto& c : result->conflicts) message += " " + c.reaction_id;
  }
  throw ComputationError(message);
}

void run_tfa(const TfaArgs& a) {
  auto h5 = open_h5(a.thermo, "tfa");
  const auto loaded = load(a.thermo);
  const auto& model = loaded.model;
  const auto options = tfa_options_of(a, loaded);
  const auto r = thermo::thermodynamic_fba(model, loaded.data, options);
  // Logged whatever the status: an infeasible TFA's conflicts are a result too.
  if (h5.log) io::write_tfa(*h5.log, h5.group, model, r, options.conditions);
  if (a.thermo.json) {
    Json j;
    j["model"] = model.id();
    j["conditions"] = conditions_json(options.conditions);
    j["status"] = thermo::to_string(r.status);
    const bool solved = !r.fluxes.empty();
    j["objective"] = solved ? Json(r.objective) : Json(nullptr);
    j["binaries"] = r.binaries;
    j["constrained"] = r.constrained.size();
    j["seconds"] = r.stats.seconds;
    Json rs = Json::array();
    for (std::size_t k = 0; k < model.reactions().size(); ++k)
      rs.push_back({{"id", model.reactions()[k].id},
                    {"flux", solved ? Json(r.fluxes[k]) : Json(nullptr)},
                    {"drG_prime", solved ? number_or_null(r.gibbs[k]) : Json(nullptr)}});
    j["reactions"] = rs;
    Json cs = Json::array();
    if (solved)
      for (std::size_t m = 0; m < model.metabolites().size(); ++m)
        if (r.concentrations[m])
          cs.push_back(
              {{"id", model.metabolites()[m].id}, {"concentration_M", *r.concentrations[m]}});
    j["concentrations"] = cs;
    j["unconstrained"] = unconstrained_json(r);
    j["conflicts"] = conflicts_json(r);
    std::cout << j.dump(2) << '\n';
  } else {
    print_diagnostics(loaded.diagnostics);
    std::cout << "status     " << thermo::to_string(r.status) << '\n';
    std::cout << "binaries   " << r.binaries << " (" << r.constrained.size()
              << " reactions with the thermodynamic constraint), " << r.stats.seconds
              << " s in the solver\n";
    if (!r.unconstrained.empty()) {
      std::cout << "unconstrained:\n";
      for (const auto& u : r.unconstrained)
        std::cout << "  " << u.reaction_id << ": " << u.reason << '\n';
    }
    print_conflicts(r);
    if (!r.fluxes.empty()) {
      std::cout << "objective  " << r.objective << '\n';
      std::cout << std::left << std::setw(16) << "reaction" << std::right << std::setw(12) << "flux"
                << std::setw(10) << "drG'" << '\n';
      std::cout << std::fixed;
      for (std::size_t k = 0; k < model.reactions().size(); ++k) {
        if (std::abs(r.fluxes[k]) <= options.flux_tolerance) continue;
        std::cout << std::left << std::setw(16) << model.reactions()[k].id << std::right
                  << std::setprecision(4) << std::setw(12) << r.fluxes[k] << std::setprecision(2)
                  << std::setw(10);
        if (r.gibbs[k])
          std::cout << *r.gibbs[k];
        else
          std::cout << "-";
        std::cout << '\n';
      }
    }
    std::cout.flush();
  }
  fail_unless_optimal(r.status, &r);
}

// Which way a flux range goes: bit 1 forward, bit 2 reverse.
int directions_of(double lo, double hi, double tol) {
  return (hi > tol ? 1 : 0) | (lo < -tol ? 2 : 0);
}

void run_tva(const TfaArgs& a) {
  auto h5 = open_h5(a.thermo, "tva");
  const auto loaded = load(a.thermo);
  const auto& model = loaded.model;
  thermo::TvaOptions options;
  options.tfa = tfa_options_of(a, loaded);
  options.fraction_of_optimum = a.fraction;
  const auto r = thermo::thermodynamic_variability(model, loaded.data, options);
  if (h5.log) io::write_tva(*h5.log, h5.group, model, r, options.tfa.conditions);
  if (r.status != thermo::TfaStatus::optimal) {
    // Say why: the diagnosis of the TFA itself names the conflicting reactions.
    const auto why = thermo::thermodynamic_fba(model, loaded.data, options.tfa);
    if (!a.thermo.json) print_conflicts(why);
    fail_unless_optimal(why.status, &why);
    fail_unless_optimal(r.status, nullptr);
  }
  // Plain FVA at the same fraction, to show what the thermodynamics removed.
  fba::FluxBalance balance(model);
  fba::FvaOptions fva_options;
  fva_options.fraction_of_optimum = a.fraction;
  const auto fva = fba::fva(balance, fva_options);
  const bool have_fva = fva.status == fba::Status::optimal;
  const double tol = options.tfa.flux_tolerance * 1e3;
  const auto change_of = [&](std::size_t k) -> std::string {
    if (!have_fva || !r.fluxes[k]) return "";
    const int before = directions_of(fva.minimum[k], fva.maximum[k], tol);
    const int after = directions_of(r.fluxes[k]->minimum, r.fluxes[k]->maximum, tol);
    if (before == after) return "";
    if (after == 0) return "blocked";
    return after == 1 ? "forward only" : "reverse only";
  };
  const auto range_json = [](const std::optional<thermo::ValueRange>& x) {
    return x ? Json{{"min", x->minimum}, {"max", x->maximum}} : Json(nullptr);
  };
  if (a.thermo.json) {
    Json j;
    j["model"] = model.id();
    j["conditions"] = conditions_json(options.tfa.conditions);
    j["status"] = thermo::to_string(r.status);
    j["objective"] = r.objective;
    j["fraction_of_optimum"] = a.fraction;
    j["milps"] = r.milps;
    j["failed"] = r.failed;
    j["seconds"] = r.seconds;
    Json rs = Json::array();
    for (std::size_t k = 0; k < model.reactions().size(); ++k)
      rs.push_back({{"id", model.reactions()[k].id},
                    {"flux", range_json(r.fluxes[k])},
                    {"fva", have_fva ? Json{{"min", fva.minimum[k]}, {"max", fva.maximum[k]}}
                                     : Json(nullptr)},
                    {"drG_prime", range_json(r.gibbs[k])},
                    {"change", change_of(k)}});
    j["reactions"] = rs;
    Json cs = Json::array();
    for (std::size_t m = 0; m < model.metabolites().size(); ++m)
      if (r.concentrations[m])
        cs.push_back({{"id", model.metabolites()[m].id},
                      {"min_M", r.concentrations[m]->minimum},
                      {"max_M", r.concentrations[m]->maximum}});
    j["concentrations"] = cs;
    std::cout << j.dump(2) << '\n';
  } else {
    print_diagnostics(loaded.diagnostics);
    std::cout << "status     " << thermo::to_string(r.status) << "; TFA optimum " << r.objective
              << ", ranges at >= " << a.fraction << " of it; " << r.milps << " MILPs in "
              << r.seconds << " s, " << r.failed << " ranges failed\n";
    std::cout << std::left << std::setw(16) << "reaction" << std::right << std::setw(11)
              << "flux min" << std::setw(11) << "flux max" << std::setw(11) << "fva min"
              << std::setw(11) << "fva max" << std::setw(10) << "drG' min" << std::setw(10)
              << "drG' max"
              << "  change\n";
    std::cout << std::fixed << std::setprecision(3);
    for (std::size_t k = 0; k < model.reactions().size(); ++k) {
      std::cout << std::left << std::setw(16) << model.reactions()[k].id << std::right;
      if (r.fluxes[k])
        std::cout << std::setw(11) << r.fluxes[k]->minimum << std::setw(11) << r.fluxes[k]->maximum;
      else
        std::cout << std::setw(11) << "-" << std::setw(11) << "-";
      if (have_fva)
        std::cout << std::setw(11) << fva.minimum[k] << std::setw(11) << fva.maximum[k];
      else
        std::cout << std::setw(11) << "-" << std::setw(11) << "-";
      std::cout << std::setprecision(2);
      if (r.gibbs[k])
        std::cout << std::setw(10) << r.gibbs[k]->minimum << std::setw(10) << r.gibbs[k]->maximum;
      else
        std::cout << std::setw(10) << "-" << std::setw(10) << "-";
      std::cout << std::setprecision(3) << "  " << change_of(k) << '\n';
    }
    std::cout << std::left << std::setw(16) << "metabolite" << std::right << std::setw(12)
              << "min (M)" << std::setw(12) << "max (M)" << '\n'
              << std::scientific;
    for (std::size_t m = 0; m < model.metabolites().size(); ++m)
      if (r.concentrations[m])
        std::cout << std::left << std::setw(16) << model.metabolites()[m].id << std::right
                  << std::setw(12) << r.concentrations[m]->minimum << std::setw(12)
                  << r.concentrations[m]->maximum << '\n';
    std::cout.flush();
  }
  if (r.failed > 0)
    throw ComputationError("thermo tva: " + std::to_string(r.failed) +
                           " ranges did not solve to optimality (see --time-limit)");
}

// ---- ergon thermo check ------------------------------------------------------------------

struct CheckArgs {
  ThermoArgs thermo;
  std::string unit = "mM";
  double sigmas = 1.0;
};

double molar_per_unit(const std::string& unit) {
  if (unit == "M") return 1.0;
  if (unit == "mM") return 1e-3;
  if (unit == "uM") return 1e-6;
  if (unit == "nM") return 1e-9;
  const double x = parse_number(unit, "--unit (M, mM, uM, nM or molar per model unit)");
  if (!(x > 0.0)) throw InputError({.element_id = unit}, "--unit must be > 0");
  return x;
}

void run_check(const CheckArgs& a) {
  const auto conditions = conditions_of(a.thermo);
  auto h5 = open_h5(a.thermo, "check");
  const auto loaded = load(a.thermo);
  const auto kinetic = sbml::read_model(a.thermo.model);
  thermo::RateLawCheckOptions options;
  options.conditions = conditions;
  options.concentration_unit = molar_per_unit(a.unit);
  options.sigmas = a.sigmas;
  const auto rows = thermo::check_rate_laws(kinetic.model, loaded.model, loaded.data, options);
  if (h5.log)
    io::write_rate_law_check(*h5.log, h5.group, rows, conditions, options.concentration_unit);
  std::size_t reversible = 0;
  std::size_t compared = 0;
  std::size_t disagree = 0;
  for (const auto& r : rows) {
    if (r.kind == thermo::RateLawKind::reversible) ++reversible;
    if (r.difference) ++compared;
    if (r.disagrees) ++disagree;
  }
  if (a.thermo.json) {
    Json j;
    j["model"] = kinetic.model.id;
    j["conditions"] = conditions_json(conditions);
    j["concentration_unit_M"] = options.concentration_unit;
    j["sigmas"] = a.sigmas;
    j["units"] = "kJ/mol";
    Json rs = Json::array();
    for (const auto& r : rows)
      rs.push_back({{"id", r.reaction_id},
                    {"kind", thermo::to_string(r.kind)},
                    {"implied_K", number_or_null(r.implied_constant)},
                    {"other_state_K", number_or_null(r.other_state_constant)},
                    {"state_dependent", r.state_dependent},
                    {"implied_drG_prime0", number_or_null(r.implied_standard)},
                    {"data_drG_prime0", number_or_null(r.data_standard)},
                    {"uncertainty", r.uncertainty},
                    {"difference", number_or_null(r.difference)},
                    {"disagrees", r.disagrees},
                    {"note", r.note}});
    j["reactions"] = rs;
    j["summary"] = {{"reactions", rows.size()},
                    {"reversible", reversible},
                    {"compared", compared},
                    {"disagree", disagree}};
    std::cout << j.dump(2) << '\n';
    return;
  }
  print_diagnostics(kinetic.diagnostics);
  std::cout << std::left << std::setw(14) << "reaction" << std::setw(14) << "rate law" << std::right
            << std::setw(12) << "K (model)" << std::setw(10) << "drG'0 law" << std::setw(10)
            << "drG'0 data" << std::setw(7) << "+-" << std::setw(9) << "diff"
            << "  notes\n";
  for (const auto& r : rows) {
    std::cout << std::left << std::setw(14) << r.reaction_id << std::setw(14)
              << thermo::to_string(r.kind) << std::right;
    if (r.implied_constant && !r.state_dependent)
      std::cout << std::scientific << std::setprecision(3) << std::setw(12) << *r.implied_constant;
    else
      std::cout << std::setw(12) << (r.state_dependent ? "varies" : "-");
    std::cout << std::fixed << std::setprecision(2);
    const auto cell = [](const std::optional<double>& x, int width) {
      if (x)
        std::cout << std::setw(width) << *x;
      else
        std::cout << std::setw(width) << "-";
    };
    cell(r.implied_standard, 10);
    cell(r.data_standard, 10);
    if (r.data_standard)
      std::cout << std::setw(7) << r.uncertainty;
    else
      std::cout << std::setw(7) << "";
    cell(r.difference, 9);
    std::cout << (r.disagrees ? "  DISAGREES" : "") << (r.note.empty() ? "" : "  " + r.note)
              << '\n';
  }
  std::cout << std::defaultfloat << rows.size() << " reactions, " << reversible
            << " reversible rate laws, " << compared << " compared with the data, " << disagree
            << " disagree by more than " << a.sigmas << " sigma (concentrations in " << a.unit
            << ")\n";
}

void add_tfa_options(CLI::App* cmd, TfaArgs& a) {
  add_thermo_options(cmd, a.thermo);
  cmd->add_option("--bounds", a.bounds,
                  "Concentration bounds TSV (layout of thermo_mdf_bounds.tsv; default: 1 uM - "
                  "10 mM for every metabolite)");
  cmd->add_option("--concentration", a.concentrations,
                  "Bounds of one metabolite or KEGG compound, ID=MIN:MAX in M; repeatable");
  cmd->add_option("--sigmas", a.sigmas,
                  "drG'0 may move by this many standard uncertainties (0: fixed)")
      ->capture_default_str();
  cmd->add_option("--time-limit", a.time_limit, "Seconds per MILP")->capture_default_str();
}

}  // namespace

void register_thermo_commands(CLI::App& app) {
  CLI::App* thermo = app.add_subcommand(
      "thermo",
      "Thermodynamics: reaction Gibbs energies, max-min driving force, thermodynamic FBA");
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

  auto t = std::make_shared<TfaArgs>();
  CLI::App* tfa = thermo->add_subcommand(
      "tfa", "Thermodynamics-based FBA: every carried flux runs down its drG' (MILP)");
  add_tfa_options(tfa, *t);
  tfa->callback([t] { run_tfa(*t); });

  auto v = std::make_shared<TfaArgs>();
  CLI::App* tva = thermo->add_subcommand(
      "tva", "Thermodynamic variability: ranges of fluxes, drG' and concentrations under TFA");
  add_tfa_options(tva, *v);
  tva->add_option("--fraction", v->fraction, "Objective held at >= this fraction of the optimum")
      ->capture_default_str();
  tva->callback([v] { run_tva(*v); });

  auto c = std::make_shared<CheckArgs>();
  CLI::App* check = thermo->add_subcommand(
      "check", "Equilibrium constants implied by a kinetic model's rate laws (Haldane) vs data");
  add_thermo_options(check, c->thermo);
  check
      ->add_option("--unit", c->unit,
                   "Concentration unit of the model: M, mM, uM, nM or molar per unit")
      ->capture_default_str();
  check
      ->add_option("--sigmas", c->sigmas,
                   "Flag a law whose drG'0 differs from the data's by more than this many sigma")
      ->capture_default_str();
  check->callback([c] { run_check(*c); });
}

}  // namespace ergon::cli
