// `ergon sbml-case CASE_DIR -o OUT.csv` and `ergon simulate MODEL ...`: time courses with the
// kinetic engine. A failed integration keeps the rows computed so far and exits 1.

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "engine/conformance/sbml_test_case.hpp"
#include "engine/core/error.hpp"
#include "engine/kinetic/simulation.hpp"
#include "engine/sbml/model_reader.hpp"
#include "scripting/cli/commands.hpp"

namespace ergon::cli {
namespace {

kinetic::LinearSolver parse_solver(const std::string& name) {
  if (name == "auto") return kinetic::LinearSolver::automatic;
  if (name == "dense") return kinetic::LinearSolver::dense;
  if (name == "sparse") return kinetic::LinearSolver::sparse;
  throw InputError("--linear-solver wants auto, dense or sparse, got '" + name + "'");
}

struct CaseArgs {
  std::string case_dir;
  std::string output;
  std::string solver = "auto";
  double time_budget = 0.0;
  double rtol = 1e-10;
  double atol = 1e-12;
};

struct SimulateArgs {
  std::string model;
  double start = 0.0;
  double end = 10.0;
  std::size_t points = 101;
  std::vector<std::string> sets;
  double rtol = 1e-8;
  double atol = 1e-12;
  std::string output;
  std::string solver = "auto";
  std::vector<std::string> columns;
  bool amounts = false;
  bool no_validate = false;
  bool eliminate_conserved = false;
  bool native = false;
  bool stats = false;
  std::uint64_t seed = kinetic::SimulationOptions{}.seed;
  double time_budget = 0.0;
};

// Import findings that did not stop the run go to stderr, so the CSV stays clean.
void report(const sbml::ImportedModel& imported, const std::string& file) {
  for (const auto& d : imported.diagnostics) {
    if (d.severity < Severity::warning) continue;
    std::cerr << "ergon: " << to_string(d.severity) << ": " << file << ':' << d.line << ": ["
              << d.code << "] " << d.message << '\n';
  }
}

void emit(const kinetic::Trajectory& trajectory, const std::string& output) {
  for (const auto& w : trajectory.warnings) std::cerr << "ergon: warning: " << w << '\n';
  if (output.empty() || output == "-") {
    conformance::write_csv(trajectory, std::cout);
    std::cout.flush();
  } else {
    std::ofstream out(output);
    if (!out) throw InputError({.file = output}, "cannot open output file for writing");
    conformance::write_csv(trajectory, out);
  }
  if (trajectory.status == kinetic::SimulationStatus::undefined_value) {
    // The model's own math is undefined there: bad input (exit 2), the rows before are kept.
    throw InputError("the model is undefined during the simulation: " + trajectory.message +
                     "; the " + std::to_string(trajectory.times.size()) +
                     " row(s) before were written");
  }
  if (!trajectory.ok()) {
    throw ComputationError(std::string("integration stopped (") +
                           kinetic::to_string(trajectory.status) + "): " + trajectory.message +
                           "; the " + std::to_string(trajectory.times.size()) +
                           " row(s) before were written");
  }
}

void run_case_command(const CaseArgs& args) {
  const auto settings = conformance::read_settings(conformance::settings_file(args.case_dir));
  if (settings.steady_state) {  // FluxBalanceSteadyState: FBA on the active objective
    const auto result = conformance::run_flux_balance_case(args.case_dir, settings);
    if (args.output.empty() || args.output == "-") {
      conformance::write_csv(result, std::cout);
    } else {
      std::ofstream out(args.output);
      if (!out) throw InputError({.file = args.output}, "cannot open output file for writing");
      conformance::write_csv(result, out);
    }
    return;  // an infeasible LP is the case's answer (NaN), not a failure
  }
  const auto file = conformance::model_file(args.case_dir);
  const auto imported = sbml::read_model(file);
  report(imported, file.string());
  const auto options =
      conformance::case_options(settings, {.rtol = args.rtol,
                                           .atol = args.atol,
                                           .linear_solver = parse_solver(args.solver),
                                           .time_budget = args.time_budget});
  emit(kinetic::simulate(imported.model, options), args.output);
}

void run_simulate_command(const SimulateArgs& args) {
  if (args.points < 1) throw InputError("--points must be at least 1");
  kinetic::SimulationOptions options{.start = args.start,
                                     .end = args.end,
                                     .intervals = args.points - 1,
                                     .rtol = args.rtol,
                                     .atol = args.atol,
                                     .linear_solver = parse_solver(args.solver),
                                     .time_budget = args.time_budget,
                                     .seed = args.seed,
                                     .eliminate_conserved = args.eliminate_conserved,
                                     .native = args.native};
  for (const auto& s : args.sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--set wants ID=VALUE, got '" + s + "'");
    double value = 0.0;
    try {
      std::size_t used = 0;
      value = std::stod(s.substr(eq + 1), &used);
      if (used != s.size() - eq - 1) throw std::invalid_argument(s);
    } catch (const std::exception&) {
      throw InputError("--set " + s + ": the value is not a number");
    }
    options.initial_values.emplace_back(s.substr(0, eq), value);
  }

  const auto imported = sbml::read_model(args.model, {.validate = !args.no_validate});
  report(imported, args.model);
  std::vector<std::string> ids = args.columns;
  if (ids.empty() && args.amounts) {
    for (const auto& species : imported.model.species) ids.push_back(species.id);
  }
  for (const auto& id : ids) {
    options.columns.push_back(
        {.id = id,
         .quantity = args.amounts ? kinetic::Quantity::amount : kinetic::Quantity::value});
  }
  const auto trajectory = kinetic::simulate(imported.model, options);
  if (args.stats) {
    std::cerr << "ergon: stats: steps " << trajectory.steps << ", rhs evaluations "
              << trajectory.rhs_evaluations << ", events " << trajectory.events_executed
              << ", integrator " << (trajectory.dae ? "IDA" : "CVODE") << ", linear solver "
              << (trajectory.sparse ? "KLU" : "dense") << ", eliminated species "
              << trajectory.eliminated_species << ", native code "
              << (trajectory.native ? "yes" : "no") << '\n';
  }
  emit(trajectory, args.output);
}

}  // namespace

void register_kinetic_commands(CLI::App& app) {
  auto c = std::make_shared<CaseArgs>();
  CLI::App* sc = app.add_subcommand(
      "sbml-case", "Run an SBML Test Suite semantic case and write the suite's CSV");
  sc->add_option("CASE_DIR", c->case_dir, "Case folder (NNNNN-settings.txt, NNNNN-sbml-lXvY.xml)")
      ->required();
  sc->add_option("-o,--output", c->output, "CSV to write (default: standard output)");
  sc->add_option("--rtol", c->rtol, "CVODE relative tolerance")->capture_default_str();
  sc->add_option("--atol", c->atol, "CVODE absolute tolerance")->capture_default_str();
  sc->add_option("--linear-solver", c->solver, "auto, dense or sparse (KLU)")
      ->capture_default_str();
  sc->add_option("--time-budget", c->time_budget, "Wall-clock seconds before giving up (0: none)")
      ->capture_default_str();
  sc->callback([c] { run_case_command(*c); });

  auto s = std::make_shared<SimulateArgs>();
  CLI::App* sim =
      app.add_subcommand("simulate", "Simulate an SBML model and write the time course as CSV");
  sim->add_option("MODEL", s->model, "SBML file")->required();
  sim->add_option("--start", s->start, "Start time (model time units)")->capture_default_str();
  sim->add_option("--end", s->end, "End time (model time units)")->capture_default_str();
  sim->add_option("--points", s->points, "Output points, start and end included")
      ->capture_default_str();
  sim->add_option("--set", s->sets, "Initial value override ID=VALUE (repeatable)");
  sim->add_option("--rtol", s->rtol, "CVODE relative tolerance")->capture_default_str();
  sim->add_option("--atol", s->atol, "CVODE absolute tolerance")->capture_default_str();
  sim->add_option("-o,--output", s->output, "CSV to write (default: standard output)");
  sim->add_option("--columns", s->columns,
                  "Ids to report (default: species, then non-constant compartments and parameters)")
      ->delimiter(',');
  sim->add_flag("--amounts", s->amounts,
                "Report species as amounts (default: what the id means in math)");
  sim->add_option("--seed", s->seed, "Seed for the order of simultaneous equal-priority events")
      ->capture_default_str();
  sim->add_flag("--no-validate", s->no_validate,
                "Skip libSBML's consistency checks (they dominate the run time of large models)");
  sim->add_option("--linear-solver", s->solver, "auto, dense or sparse (KLU)")
      ->capture_default_str();
  sim->add_option("--time-budget", s->time_budget, "Wall-clock seconds before giving up (0: none)")
      ->capture_default_str();
  sim->add_flag("--eliminate-conserved", s->eliminate_conserved,
                "Integrate one species fewer per conservation law (see ergon info)");
  sim->add_flag("--native", s->native,
                "Run the right-hand side as native code built by the C compiler ($ERGON_CC or cc; "
                "cached, see docs/kinetic.md); falls back to the bytecode with a warning");
  sim->add_flag("--stats", s->stats,
                "Print solver statistics (steps, right-hand side evaluations, ...) to stderr");
  sim->callback([s] { run_simulate_command(*s); });
}

}  // namespace ergon::cli
