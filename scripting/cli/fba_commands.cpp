// Flux-balance commands: `ergon fba`, `ergon fva`, `ergon deletions`, `ergon yield`. JSON shapes:
// docs/cli.md.

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/fba/analyses.hpp"
#include "engine/fba/flux_balance.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "scripting/cli/commands.hpp"

namespace ergon::cli {
namespace {

using Json = nlohmann::ordered_json;

// Options every flux-balance command shares: the model and edits applied before the analysis.
struct ModelArgs {
  std::string model;
  std::string fbc_objective;
  std::string objective;
  bool minimize = false;
  std::vector<std::string> bounds;     // R=LB:UB
  std::vector<std::string> medium;     // R=UPTAKE
  std::vector<std::string> knockouts;  // gene ids, comma-separated allowed
  std::vector<std::string> inhibit;    // R=F or G=F, 0 <= F <= 1
  double time_limit = 60.0;
  bool json = false;
  bool no_cache = false;
};

void add_model_options(CLI::App* cmd, ModelArgs& a) {
  cmd->add_option("MODEL", a.model, "SBML file with fbc (v1 or v2) or COBRA notes (.xml, .xml.gz)")
      ->required();
  cmd->add_option("--fbc-objective", a.fbc_objective,
                  "Use this fbc objective of the file instead of the active one");
  cmd->add_option("--objective", a.objective,
                  "Optimise this reaction's flux instead of the model objective");
  cmd->add_flag(
      "--minimize", a.minimize,
      "Minimise instead of maximise (with --objective; otherwise flips the model's sense)");
  cmd->add_option(
         "--medium", a.medium,
         "Set the medium as COBRApy's model.medium: R=UPTAKE,...; other exchanges' uptake closed")
      ->delimiter(',');
  cmd->add_option("--bound", a.bounds, "Set flux bounds, R=LB:UB (inf, -inf allowed); repeatable");
  cmd->add_option("--knockout", a.knockouts, "Knock out genes (GPR-evaluated), G1,G2,...")
      ->delimiter(',');
  cmd->add_option("--inhibit", a.inhibit,
                  "Scale a reaction's or gene's reactions' bounds by F in [0,1], ID=F; repeatable");
  cmd->add_option("--time-limit", a.time_limit, "Seconds per LP before the cold-restart fallback")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--json", a.json, "Print the result as JSON");
  cmd->add_flag("--no-cache", a.no_cache,
                "Parse the SBML file even when the model cache has it, and do not write the cache");
}

double parse_number(const std::string& text, const std::string& what) {
  if (text == "inf" || text == "+inf" || text == "Inf") return INFINITY;
  if (text == "-inf" || text == "-Inf") return -INFINITY;
  try {
    std::size_t used = 0;
    const double x = std::stod(text, &used);
    if (used == text.size()) return x;
  } catch (const std::exception&) {
  }
  throw InputError({.element_id = text}, "not a number in " + what);
}

struct Loaded {
  std::unique_ptr<fba::FluxBalance> balance;
  std::unique_ptr<fba::ScopedBounds> edits;  // lives as long as the balance; never restored
  std::vector<Diagnostic> diagnostics;       // import findings, printed with the result
  sbml::CacheOutcome cache = sbml::CacheOutcome::disabled;
};

const char* to_string(sbml::CacheOutcome outcome) {
  switch (outcome) {
    case sbml::CacheOutcome::disabled: return "disabled";
    case sbml::CacheOutcome::hit: return "hit";
    case sbml::CacheOutcome::stored: return "stored";
    case sbml::CacheOutcome::not_stored: return "not_stored";
  }
  return "unknown";
}

// Knockouts and inhibitions: the "mutant" part of the edits, applied after the wild type is
// known where a method needs it (MOMA).
void perturb(const ModelArgs& a, Loaded& out) {
  const auto& model = out.balance->model();
  std::vector<std::size_t> genes;
  for (const auto& g : a.knockouts) {
    if (!g.empty()) genes.push_back(model.gene_index(g));
  }
  if (!genes.empty()) (void)fba::knock_out_genes(genes, *out.edits, model);
  for (const auto& text : a.inhibit) {
    const auto eq = text.find('=');
    if (eq == std::string::npos)
      throw InputError({.element_id = text}, "--inhibit expects ID=FACTOR");
    const std::string id = text.substr(0, eq);
    const double factor = parse_number(text.substr(eq + 1), "--inhibit " + text);
    if (const auto r = model.find_reaction(id)) {
      out.edits->scale(*r, factor);
    } else if (const auto g = model.find_gene(id)) {
      // A partially inhibited gene limits the reactions that would fail without it.
      for (const auto rr : model.reactions_disabled_by({*g})) out.edits->scale(rr, factor);
    } else {
      throw InputError({.element_id = id}, "unknown reaction or gene id");
    }
  }
}

Loaded load(const ModelArgs& a, bool perturb_now = true) {
  auto read = sbml::read_constraint_model_cached(
      a.model, {.objective = a.fbc_objective},
      {.enabled = !a.no_cache, .directory = {}, .warm_start = fba::reference_basis});
  Loaded out;
  out.diagnostics = std::move(read.file.diagnostics);
  out.cache = read.cache;
  out.balance = std::make_unique<fba::FluxBalance>(
      std::move(read.file.model), fba::SolverOptions{.time_limit_seconds = a.time_limit});
  auto& b = *out.balance;
  // The first solve starts at the optimum of the model as read (from the cache, or computed
  // for it on a miss, so that hit and miss give the same answer).
  (void)b.try_set_basis(read.warm_start);
  const auto& model = b.model();
  if (!a.objective.empty()) {
    b.set_objective(model.reaction_index(a.objective),
                    a.minimize ? ObjectiveSense::minimize : ObjectiveSense::maximize);
  } else {
    if (!model.has_objective()) {
      throw InputError({.file = a.model},
                       "the model has no objective; choose one with --objective REACTION");
    }
    if (a.minimize) b.set_objective(b.objective(), ObjectiveSense::minimize);
  }
  out.edits = std::make_unique<fba::ScopedBounds>(b);
  if (!a.medium.empty()) {
    std::vector<std::pair<std::size_t, double>> medium;
    for (const auto& text : a.medium) {
      const auto eq = text.find('=');
      if (eq == std::string::npos)
        throw InputError({.element_id = text}, "--medium expects REACTION=UPTAKE");
      medium.emplace_back(model.reaction_index(text.substr(0, eq)),
                          parse_number(text.substr(eq + 1), "--medium " + text));
    }
    fba::apply_medium(*out.edits, b, medium);
  }
  for (const auto& text : a.bounds) {
    const auto eq = text.find('=');
    const auto colon = text.find(':', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || colon == std::string::npos) {
      throw InputError({.element_id = text}, "--bound expects REACTION=LB:UB");
    }
    const auto r = model.reaction_index(text.substr(0, eq));
    out.edits->set(r, {parse_number(text.substr(eq + 1, colon - eq - 1), "--bound " + text),
                       parse_number(text.substr(colon + 1), "--bound " + text)});
  }
  if (perturb_now) perturb(a, out);
  return out;
}

Json number_or_null(double x) {
  return std::isfinite(x) ? Json(x) : Json(nullptr);
}

template <class AnyJson = Json>
AnyJson stats_json(const fba::SolverStats& s) {
  return {{"lp_solves", s.lp_solves},   {"skipped", s.skipped},
          {"iterations", s.iterations}, {"cold_restarts", s.cold_restarts},
          {"polished", s.polished},     {"solver_seconds", s.seconds}};
}

// Import findings go with every result: in the JSON as "diagnostics", otherwise on stderr.
template <class AnyJson>
void finish(AnyJson j, const Loaded& loaded, bool json, const std::string& text) {
  if (json) {
    AnyJson diagnostics = AnyJson::array();
    for (const auto& d : loaded.diagnostics) {
      diagnostics.push_back({{"severity", to_string(d.severity)},
                             {"code", d.code},
                             {"line", d.line},
                             {"message", d.message}});
    }
    j["diagnostics"] = diagnostics;
    j["model_cache"] = to_string(loaded.cache);
    std::cout << j.dump(2) << '\n';
  } else {
    for (const auto& d : loaded.diagnostics) {
      std::cerr << "ergon: " << to_string(d.severity) << " [" << d.code << "] " << d.message
                << '\n';
    }
    std::cout << text;
  }
  std::cout.flush();
}

// ---- ergon fba ---------------------------------------------------------------------------

struct FbaArgs {
  ModelArgs model;
  bool pfba = false;
  bool loopless = false;
  bool moma = false;
  double fraction = 1.0;
  bool all_fluxes = false;
};

void run_fba(const FbaArgs& a) {
  if (static_cast<int>(a.pfba) + static_cast<int>(a.loopless) + static_cast<int>(a.moma) > 1) {
    throw InputError("choose one of --pfba, --loopless and --moma");
  }
  auto loaded = load(a.model, !a.moma);
  auto& b = *loaded.balance;
  std::vector<double> wild_type;
  if (a.moma) {
    // MOMA stays close to the unperturbed network's pFBA fluxes (COBRApy's default reference).
    const auto reference = fba::pfba(b);
    if (reference.status != fba::Status::optimal) {
      throw ComputationError(std::string("pFBA of the unperturbed model failed: ") +
                             fba::to_string(reference.status));
    }
    wild_type = reference.fluxes;
    perturb(a.model, loaded);
  }
  const auto& reactions = b.model().reactions();
  Json j;
  j["model"] = b.model().id();
  j["analysis"] = a.pfba ? "pfba" : a.loopless ? "loopless_fba" : a.moma ? "linear_moma" : "fba";
  fba::Status status{};
  double objective = fba::kNaN;
  std::vector<double> fluxes;
  if (a.pfba) {
    const auto r = fba::pfba(b, {.fraction_of_optimum = a.fraction});
    status = r.status;
    objective = r.objective;
    fluxes = r.fluxes;
    j["status"] = fba::to_string(status);
    j["objective"] = number_or_null(objective);
    j["total_flux"] = number_or_null(r.total_flux);
    j["stats"] = stats_json(r.stats);
  } else {
    const auto r = a.loopless ? fba::loopless_fba(b)
                   : a.moma   ? fba::linear_moma(b, wild_type)
                              : fba::fba(b);
    status = r.status;
    objective = r.objective;
    fluxes = r.fluxes;
    j["status"] = fba::to_string(status);
    j["objective"] = number_or_null(objective);
    j["stats"] = stats_json(r.stats);
  }
  Json flux_map = Json::object();
  std::ostringstream text;
  text << "status     " << fba::to_string(status) << "\nobjective  " << std::setprecision(12)
       << objective << '\n';
  if (a.pfba && j["total_flux"].is_number())
    text << "total flux " << j["total_flux"].get<double>() << '\n';
  for (std::size_t r = 0; r < fluxes.size(); ++r) {
    flux_map[reactions[r].id] = fluxes[r];
    if (a.all_fluxes || std::abs(fluxes[r]) > 1e-9) {
      text << "  " << std::left << std::setw(28) << reactions[r].id << ' ' << fluxes[r] << '\n';
    }
  }
  j["fluxes"] = flux_map;
  finish(std::move(j), loaded, a.model.json, text.str());
  if (status != fba::Status::optimal)
    throw ComputationError(std::string("no optimal solution: ") + fba::to_string(status));
}

// ---- ergon fva ---------------------------------------------------------------------------

struct FvaArgs {
  ModelArgs model;
  double fraction = 1.0;
  bool loopless = false;
  std::size_t threads = 1;
  std::vector<std::string> reactions;
};

void run_fva(const FvaArgs& a) {
  auto loaded = load(a.model);
  auto& b = *loaded.balance;
  std::vector<std::size_t> chosen;
  for (const auto& id : a.reactions) chosen.push_back(b.model().reaction_index(id));
  const auto start = std::chrono::steady_clock::now();
  fba::FvaOptions options{.fraction_of_optimum = a.fraction,
                          .reactions = chosen,
                          .loopless = a.loopless,
                          .threads = a.threads};
  const auto r = fba::fva(b, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Json j;
  j["model"] = b.model().id();
  j["analysis"] = "fva";
  j["status"] = fba::to_string(r.status);
  j["objective"] = number_or_null(r.objective);
  j["fraction_of_optimum"] = a.fraction;
  j["loopless"] = a.loopless;
  Json ranges = Json::object();
  Json failed = Json::object();
  std::ostringstream text;
  text << "status     " << fba::to_string(r.status) << "\nobjective  " << std::setprecision(12)
       << r.objective << "\nfraction   " << a.fraction << '\n';
  for (std::size_t i = 0; i < r.reactions.size(); ++i) {
    const auto& id = b.model().reactions()[r.reactions[i]].id;
    ranges[id] = Json::array({number_or_null(r.minimum[i]), number_or_null(r.maximum[i])});
    if (r.minimum_status[i] != fba::Status::optimal ||
        r.maximum_status[i] != fba::Status::optimal) {
      failed[id] =
          Json::array({fba::to_string(r.minimum_status[i]), fba::to_string(r.maximum_status[i])});
    }
    text << "  " << std::left << std::setw(28) << id << ' ' << std::setw(20) << r.minimum[i] << ' '
         << r.maximum[i] << '\n';
  }
  j["ranges"] = ranges;
  j["failed"] = failed;
  j["seconds"] = seconds;
  j["stats"] = stats_json(r.stats);
  finish(std::move(j), loaded, a.model.json, text.str());
  if (r.status != fba::Status::optimal)
    throw ComputationError(std::string("no optimal solution: ") + fba::to_string(r.status));
}

// ---- ergon deletions ---------------------------------------------------------------------

struct DeletionArgs {
  ModelArgs model;
  bool moma = false;
  bool genes = false;
  bool reactions = false;
  bool pairs = false;
  int threads = 1;
  std::vector<std::string> only;
};

void run_deletions(const DeletionArgs& a) {
  if (a.genes == a.reactions) throw InputError("choose exactly one of --genes or --reactions");
  auto loaded = load(a.model);
  auto& b = *loaded.balance;
  const auto& model = b.model();
  std::vector<std::size_t> chosen;
  for (const auto& id : a.only)
    chosen.push_back(a.genes ? model.gene_index(id) : model.reaction_index(id));
  const auto start = std::chrono::steady_clock::now();
  const auto r = fba::deletions(
      b, {.target = a.genes ? fba::DeletionTarget::genes : fba::DeletionTarget::reactions,
          .method = a.moma ? fba::DeletionMethod::linear_moma : fba::DeletionMethod::fba,
          .pairs = a.pairs,
          .candidates = chosen,
          .threads = static_cast<std::size_t>(a.threads)});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto id_of = [&](std::size_t k) -> const std::string& {
    return a.genes ? model.genes()[k].id : model.reactions()[k].id;
  };
  // A sorted-key JSON: the insertion-ordered one searches linearly on every insert, which made
  // iJO1366's 934k double deletions take longer than the LPs.
  using MapJson = nlohmann::json;
  MapJson growth = MapJson::object();
  MapJson status = MapJson::object();
  std::ostringstream text;
  text << "reference  " << fba::to_string(r.reference_status) << ' ' << std::setprecision(12)
       << r.reference_objective << '\n';
  for (const auto& d : r.deletions) {
    std::string key;
    for (const auto k : d.targets) key += (key.empty() ? "" : ",") + id_of(k);
    growth[key] = std::isfinite(d.growth) ? MapJson(d.growth) : MapJson(nullptr);
    status[key] = fba::to_string(d.status);
    text << "  " << std::left << std::setw(28) << key << ' ' << std::setw(20) << d.growth << ' '
         << fba::to_string(d.status) << '\n';
  }
  MapJson j;
  j["model"] = model.id();
  j["analysis"] = std::string(a.pairs ? "double" : "single") +
                  (a.genes ? "_gene_deletions" : "_reaction_deletions");
  j["method"] = a.moma ? "linear_moma" : "fba";
  j["reference"] = {
      {"status", fba::to_string(r.reference_status)},
      {"objective",
       std::isfinite(r.reference_objective) ? MapJson(r.reference_objective) : MapJson(nullptr)}};
  j["growth"] = growth;
  j["status"] = status;
  if (!a.pairs) {
    // Lethal single knockouts: growth null or below 1 % of the reference (COBRApy's
    // find_essential_genes / find_essential_reactions).
    MapJson lethal = MapJson::array();
    for (const auto k : fba::essential(r)) lethal.push_back(id_of(k));
    j["essential"] = lethal;
    const double threshold = r.reference_objective * 1e-2;
    j["essential_threshold"] = std::isfinite(threshold) ? MapJson(threshold) : MapJson(nullptr);
  }
  j["seconds"] = seconds;
  j["stats"] = stats_json<MapJson>(r.stats);
  finish(std::move(j), loaded, a.model.json, text.str());
}

// ---- ergon yield -------------------------------------------------------------------------

struct YieldArgs {
  ModelArgs model;
  std::string product;
  std::string substrate;
  std::size_t envelope = 0;
};

void run_yield(const YieldArgs& a) {
  auto loaded = load(a.model);
  auto& b = *loaded.balance;
  const auto& model = b.model();
  const auto product = model.reaction_index(a.product);
  const auto substrate = model.reaction_index(a.substrate);
  const auto r = fba::maximum_yield(b, product, substrate);
  Json j;
  j["model"] = model.id();
  j["analysis"] = "yield";
  j["product"] = model.reactions()[product].id;
  j["substrate"] = model.reactions()[substrate].id;
  j["status"] = fba::to_string(r.status);
  j["yield"] = number_or_null(r.yield);
  j["product_flux"] = number_or_null(r.product_flux);
  j["substrate_flux"] = number_or_null(r.substrate_flux);
  j["iterations"] = r.iterations;
  std::ostringstream text;
  text << "status          " << fba::to_string(r.status) << "\nmaximum yield   "
       << std::setprecision(12) << r.yield << " (" << j["product"].get<std::string>() << " per "
       << j["substrate"].get<std::string>() << " taken up)"
       << "\nat fluxes       product " << r.product_flux << ", substrate " << r.substrate_flux
       << '\n';
  if (a.envelope > 0) {
    Json points = Json::array();
    text << "production envelope (objective, product min, product max):\n";
    for (const auto& p : fba::production_envelope(b, product, a.envelope)) {
      points.push_back({{"objective", number_or_null(p.objective)},
                        {"minimum", number_or_null(p.minimum)},
                        {"maximum", number_or_null(p.maximum)}});
      text << "  " << std::setw(20) << p.objective << ' ' << std::setw(20) << p.minimum << ' '
           << p.maximum << '\n';
    }
    j["envelope"] = points;
  }
  j["stats"] = stats_json(r.stats);
  finish(std::move(j), loaded, a.model.json, text.str());
  if (r.status != fba::Status::optimal)
    throw ComputationError(std::string("no maximum yield: ") + fba::to_string(r.status));
}

}  // namespace

void register_fba_commands(CLI::App& app) {
  {
    auto args = std::make_shared<YieldArgs>();
    CLI::App* cmd = app.add_subcommand(
        "yield", "Maximum yield of a product per substrate taken up; production envelope");
    add_model_options(cmd, args->model);
    cmd->add_option("--product", args->product, "Product reaction (e.g. its exchange)")->required();
    cmd->add_option("--substrate", args->substrate, "Substrate reaction (uptake = negative flux)")
        ->required();
    cmd->add_option("--envelope", args->envelope,
                    "Also the production envelope with N points over the objective range");
    cmd->callback([args] { run_yield(*args); });
  }
  {
    auto args = std::make_shared<FbaArgs>();
    CLI::App* cmd = app.add_subcommand("fba", "Flux-balance analysis (optionally parsimonious)");
    add_model_options(cmd, args->model);
    cmd->add_flag("--pfba", args->pfba, "Parsimonious FBA: minimise total |flux| at the optimum");
    cmd->add_flag("--loopless", args->loopless,
                  "Loopless FBA (MILP as COBRApy's add_loopless; core-size models)");
    cmd->add_flag("--moma", args->moma,
                  "Linear MOMA: fluxes closest (L1) to the unperturbed pFBA fluxes after "
                  "--knockout/--inhibit");
    cmd->add_option("--fraction", args->fraction, "With --pfba: fraction of the optimum to keep")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--all", args->all_fluxes, "Text output: list zero fluxes too");
    cmd->callback([args] { run_fba(*args); });
  }
  {
    auto args = std::make_shared<FvaArgs>();
    CLI::App* cmd =
        app.add_subcommand("fva", "Flux variability analysis at a fraction of the optimum");
    add_model_options(cmd, args->model);
    cmd->add_option("--fraction", args->fraction, "Fraction of the optimum to keep (default 1.0)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--reactions", args->reactions, "Only these reactions, R1,R2,...")
        ->delimiter(',');
    cmd->add_flag("--loopless", args->loopless,
                  "Remove loops from each extreme (as COBRApy's loopless=True)");
    cmd->add_option("--threads", args->threads,
                    "Worker threads, each with its own LP (same answers for any count)")
        ->check(CLI::PositiveNumber);
    cmd->callback([args] { run_fva(*args); });
  }
  {
    auto args = std::make_shared<DeletionArgs>();
    CLI::App* cmd = app.add_subcommand("deletions", "Single or double gene / reaction knockouts");
    add_model_options(cmd, args->model);
    cmd->add_flag("--genes", args->genes, "Knock out genes (GPR-evaluated)");
    cmd->add_flag("--reactions", args->reactions, "Knock out reactions");
    cmd->add_flag("--double", args->pairs,
                  "Also all unordered pairs (as COBRApy's double deletion)");
    cmd->add_flag("--moma", args->moma,
                  "Phenotype by linear MOMA from the wild type's pFBA fluxes instead of FBA");
    cmd->add_option("--only", args->only, "Only these genes/reactions, ID1,ID2,...")
        ->delimiter(',');
    cmd->add_option("--threads", args->threads,
                    "Worker threads, each with its own LPs (same answers for any count)")
        ->check(CLI::PositiveNumber);
    cmd->callback([args] { run_deletions(*args); });
  }
}

}  // namespace ergon::cli
