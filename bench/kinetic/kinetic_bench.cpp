// ergon's kinetic engine against hand-written C++ driven by the same CVODE, in one process:
// (a) a generated mass-action network (1 000 species, 2 000 reactions, KLU),
// (b) Teusink 2000 glycolysis (dense), (c) throughput of many Teusink runs on one compiled
// model. Usage: kinetic_bench SHARED_DIR [--runs N] [--repeats R]. See bench/README.md.
#include <cvodes/cvodes.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "engine/kinetic/compiled_model.hpp"
#include "engine/kinetic/integrator.hpp"
#include "engine/sbml/model_reader.hpp"
#include "mass_action_network.hpp"
#include "teusink_rhs.hpp"

namespace fs = std::filesystem;
using namespace ergon;
namespace {

// CPU time of this thread: the machine is shared, and CPU time is far less disturbed by the
// other tenants than wall time (both sides are single-threaded).
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
};

double seconds_since(double start) {
  return Clock::now() - start;
}

// The baseline: CVODE BDF on a hand-written RHS (and, for KLU, a hand-written Jacobian),
// output at equally spaced points with CV_NORMAL, as a direct user of CVODE writes it.
struct Baseline {
  void (*rhs)(const void* self, const double* y, double* ydot) = nullptr;
  void (*jacobian)(const void* self, const double* y, double* data) = nullptr;
  const void* self = nullptr;
  std::vector<sunindextype> column_starts, row_indices;  // for KLU
};

struct RunResult {
  double seconds = 0.0;
  long steps = 0, rhs_evaluations = 0;
  std::vector<double> final_state;
};

int baseline_rhs(double, N_Vector y, N_Vector ydot, void* data) {
  const auto* b = static_cast<const Baseline*>(data);
  b->rhs(b->self, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot));
  return 0;
}

int baseline_jacobian(double, N_Vector y, N_Vector, SUNMatrix jac, void* data, N_Vector, N_Vector,
                      N_Vector) {
  const auto* b = static_cast<const Baseline*>(data);
  std::copy(b->column_starts.begin(), b->column_starts.end(), SM_INDEXPTRS_S(jac));
  std::copy(b->row_indices.begin(), b->row_indices.end(), SM_INDEXVALS_S(jac));
  b->jacobian(b->self, N_VGetArrayPointer(y), SM_DATA_S(jac));
  return 0;
}

RunResult run_baseline(const Baseline& problem, const std::vector<double>& y0, double end,
                       std::size_t intervals, double rtol, double atol, bool sparse) {
  const auto start = Clock::now();
  SUNContext context = nullptr;
  SUNContext_Create(nullptr, &context);
  const auto n = static_cast<sunindextype>(y0.size());
  N_Vector y = N_VNew_Serial(n, context);
  std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(y));
  void* mem = CVodeCreate(CV_BDF, context);
  CVodeInit(mem, baseline_rhs, 0.0, y);
  CVodeSetUserData(mem, const_cast<Baseline*>(&problem));
  CVodeSStolerances(mem, rtol, atol);
  CVodeSetMaxNumSteps(mem, 200000);
  SUNMatrix matrix =
      sparse ? SUNSparseMatrix(n, n, static_cast<sunindextype>(problem.row_indices.size()), CSC_MAT,
                               context)
             : SUNDenseMatrix(n, n, context);
  SUNLinearSolver solver =
      sparse ? SUNLinSol_KLU(y, matrix, context) : SUNLinSol_Dense(y, matrix, context);
  CVodeSetLinearSolver(mem, solver, matrix);
  if (sparse) CVodeSetJacFn(mem, baseline_jacobian);
  std::vector<double> rows;
  rows.reserve((intervals + 1) * y0.size());
  rows.insert(rows.end(), y0.begin(), y0.end());
  for (std::size_t k = 1; k <= intervals; ++k) {
    const double tout = end * static_cast<double>(k) / static_cast<double>(intervals);
    double t = 0.0;
    if (CVode(mem, tout, y, &t, CV_NORMAL) < 0) {
      std::fprintf(stderr, "baseline CVODE failed at t = %g\n", t);
      std::exit(1);
    }
    const double* v = N_VGetArrayPointer(y);
    rows.insert(rows.end(), v, v + n);
  }
  RunResult result;
  CVodeGetNumSteps(mem, &result.steps);
  CVodeGetNumRhsEvals(mem, &result.rhs_evaluations);
  result.final_state.assign(N_VGetArrayPointer(y), N_VGetArrayPointer(y) + n);
  CVodeFree(&mem);
  SUNLinSolFree(solver);
  SUNMatDestroy(matrix);
  N_VDestroy(y);
  SUNContext_Free(&context);
  result.seconds = seconds_since(start);
  return result;
}

RunResult run_ergon(const kinetic::CompiledModel& model, const kinetic::SimulationOptions& options,
                    const std::vector<std::string>& state_columns) {
  const auto start = Clock::now();
  const auto t = kinetic::simulate(model, options);
  RunResult result;
  result.seconds = seconds_since(start);
  if (!t.ok()) {
    std::fprintf(stderr, "ergon failed: %s\n", t.message.c_str());
    std::exit(1);
  }
  result.steps = t.steps;
  result.rhs_evaluations = t.rhs_evaluations;
  const std::size_t last = t.times.size() - 1;
  for (const auto& id : state_columns) {
    const auto it = std::find(t.names.begin(), t.names.end(), id);
    result.final_state.push_back(t.at(last, static_cast<std::size_t>(it - t.names.begin())));
  }
  return result;
}

double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b,
                               double floor) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i)
    worst = std::max(worst, std::fabs(a[i] - b[i]) / std::max(std::fabs(b[i]), floor));
  return worst;
}

// ns per RHS evaluation of both, over the same states (alternating blocks, minimum of blocks).
struct RhsTiming {
  double ergon_ns = 0.0, hand_ns = 0.0, max_difference = 0.0;
};

// `states` in ergon's order are checked against `hand` (which takes that order); the timing
// runs ergon on `states` and `hand_fast` on `hand_states` (the same points in its own order).
template <class Hand, class HandFast>
RhsTiming time_rhs(kinetic::Integrator& ergon, Hand&& hand, HandFast&& hand_fast,
                   const std::vector<std::vector<double>>& states,
                   const std::vector<std::vector<double>>& hand_states, long calls_per_block,
                   int blocks) {
  RhsTiming out{1e300, 1e300, 0.0};
  const std::size_t n = states.front().size();
  std::vector<double> a(n), b(n), c(hand_states.front().size());
  for (const auto& y : states) {
    ergon.rhs(0.0, y, a);
    hand(y.data(), b.data());
    // relative, with a floor: near steady state derivatives are cancellations of large rates
    for (std::size_t i = 0; i < n; ++i) {
      out.max_difference =
          std::max(out.max_difference, std::fabs(a[i] - b[i]) / std::max(std::fabs(b[i]), 1e-6));
    }
  }
  volatile double sink = 0.0;
  for (int block = 0; block < blocks; ++block) {
    auto start = Clock::now();
    for (long k = 0; k < calls_per_block; ++k) {
      ergon.rhs(0.0, states[static_cast<std::size_t>(k) % states.size()], a);
      sink = sink + a[0];
    }
    out.ergon_ns =
        std::min(out.ergon_ns, seconds_since(start) * 1e9 / static_cast<double>(calls_per_block));
    start = Clock::now();
    for (long k = 0; k < calls_per_block; ++k) {
      hand_fast(hand_states[static_cast<std::size_t>(k) % hand_states.size()].data(), c.data());
      sink = sink + c[0];
    }
    out.hand_ns =
        std::min(out.hand_ns, seconds_since(start) * 1e9 / static_cast<double>(calls_per_block));
  }
  return out;
}

// States along a trajectory, in the order `ids`, as the Integrator holds them (amounts).
std::vector<std::vector<double>> sample_states(
    const std::shared_ptr<const kinetic::CompiledModel>& model, double end, int count) {
  kinetic::Integrator run(model, {.rtol = 1e-8});
  std::vector<std::vector<double>> out{run.state()};
  for (int i = 1; i < count; ++i) {
    run.advance_to(end * i / (count - 1));
    out.push_back(run.state());
  }
  return out;
}

void print_row(const char* what, const RunResult& ergon, const RunResult& base, double difference) {
  std::printf(
      "  %-28s ergon %8.3f ms (%ld steps, %ld RHS)  hand+CVODE %8.3f ms (%ld steps, %ld RHS)  "
      "ratio %.2f  final-state max rel diff %.1e\n",
      what, ergon.seconds * 1e3, ergon.steps, ergon.rhs_evaluations, base.seconds * 1e3, base.steps,
      base.rhs_evaluations, ergon.seconds / base.seconds, difference);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: kinetic_bench SHARED_DIR [--runs N] [--repeats R] [--network yes|no]\n");
    return 2;
  }
  const fs::path shared = argv[1];
  long runs = 10000;
  int repeats = 5;
  bool network = true;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--repeats") == 0) repeats = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--network") == 0) network = std::strcmp(argv[i + 1], "no") != 0;
  }

  // ---- (b) Teusink 2000 ----
  const fs::path teusink_file = shared / "models/kinetic/teusink2000_glycolysis.xml";
  double load_min = 1e300, read_min = 1e300;
  std::shared_ptr<const kinetic::CompiledModel> teusink;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    const auto imported = sbml::read_model(teusink_file);
    const double read = seconds_since(start);
    teusink = kinetic::CompiledModel::compile(imported.model);
    load_min = std::min(load_min, seconds_since(start));
    read_min = std::min(read_min, read);
  }
  std::printf(
      "Teusink 2000: load (libSBML read + consistency checks) + compile %.1f ms (read %.1f ms, "
      "compile %.2f ms)\n",
      load_min * 1e3, read_min * 1e3, (load_min - read_min) * 1e3);
  // The native tier: a first build into an empty cache directory (the compiler runs), then
  // loads that find the shared object in the cache.
  const fs::path native_cache =
      fs::temp_directory_path() / ("ergon_bench_native_" + std::to_string(::getpid()));
  fs::remove_all(native_cache);
  ::setenv("ERGON_CACHE_DIR", native_cache.c_str(), 1);
  std::shared_ptr<const kinetic::CompiledModel> teusink_native;
  {
    const auto imported = sbml::read_model(teusink_file);
    // wall time: the compiler is another process, which thread CPU time does not see
    const auto start = std::chrono::steady_clock::now();
    teusink_native = kinetic::CompiledModel::compile(imported.model, {.native = true});
    const double first =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!teusink_native->native()) {
      std::fprintf(stderr, "native tier unavailable: %s\n", teusink_native->native_note().c_str());
      return 1;
    }
    double warm_min = 1e300;
    for (int r = 0; r < repeats; ++r) {
      const auto warm_start = Clock::now();
      const auto again = sbml::read_model(teusink_file);
      teusink_native = kinetic::CompiledModel::compile(again.model, {.native = true});
      warm_min = std::min(warm_min, seconds_since(warm_start));
    }
    std::printf(
        "Teusink 2000 native: first compile (C compiler, wall time) %.1f ms; load + compile from "
        "the warm "
        "cache %.1f ms\n",
        first * 1e3, warm_min * 1e3);
  }
  const auto ids = teusink->state_ids();
  std::vector<std::size_t> to_hand(ids.size());  // ergon state index -> hand-written index
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto it = std::find_if(bench::kTeusinkStates.begin(), bench::kTeusinkStates.end(),
                                 [&](const char* s) { return ids[i] == s; });
    if (it == bench::kTeusinkStates.end()) {
      std::fprintf(stderr, "unexpected Teusink state %s\n", ids[i].c_str());
      return 1;
    }
    to_hand[i] = static_cast<std::size_t>(it - bench::kTeusinkStates.begin());
  }
  const bench::TeusinkParameters parameters;
  auto teusink_hand = [&](const double* y, double* dy) {  // in ergon's state order
    double yh[14], dh[14];
    for (std::size_t i = 0; i < 14; ++i) yh[to_hand[i]] = y[i];
    bench::teusink_rhs(parameters, yh, dh);
    for (std::size_t i = 0; i < 14; ++i) dy[i] = dh[to_hand[i]];
  };
  for (const bool native : {false, true}) {
    kinetic::Integrator probe(native ? teusink_native : teusink, {});
    const auto states = sample_states(teusink, 100.0, 16);
    // the pure hand-written function (its own state order) for the timing
    std::vector<std::vector<double>> hand_states;
    for (const auto& y : states) {
      std::vector<double> yh(14);
      for (std::size_t i = 0; i < 14; ++i) yh[to_hand[i]] = y[i];
      hand_states.push_back(yh);
    }
    const auto timing = time_rhs(
        probe, teusink_hand,
        [&](const double* y, double* dy) { bench::teusink_rhs(parameters, y, dy); }, states,
        hand_states, 200000, repeats);
    std::printf(
        "Teusink RHS%s: ergon %.0f ns, hand-written %.0f ns per evaluation: ratio %.2f (agreement "
        "%.1e)\n",
        native ? " (native)" : "", timing.ergon_ns, timing.hand_ns,
        timing.ergon_ns / timing.hand_ns, timing.max_difference);
  }
  {
    Baseline problem;
    problem.self = &teusink_hand;
    problem.rhs = [](const void* self, const double* y, double* dy) {
      (*static_cast<const decltype(teusink_hand)*>(self))(y, dy);
    };
    const auto y0 = kinetic::Integrator(teusink, {}).state();
    const kinetic::SimulationOptions options{.end = 100,
                                             .intervals = 1000,
                                             .rtol = 1e-6,
                                             .atol = 1e-12,
                                             .linear_solver = kinetic::LinearSolver::dense};
    auto fd_options = options;  // CVODE's own difference-quotient Jacobian, as the baseline
    fd_options.analytic_jacobian = false;
    RunResult best_e, best_f, best_b, best_n, best_nf;
    best_e.seconds = best_f.seconds = best_b.seconds = best_n.seconds = best_nf.seconds = 1e300;
    for (int r = 0; r < repeats; ++r) {
      const auto e = run_ergon(*teusink, options, ids);
      const auto fd = run_ergon(*teusink, fd_options, ids);
      const auto b = run_baseline(problem, y0, 100.0, 1000, 1e-6, 1e-12, false);
      const auto n = run_ergon(*teusink_native, options, ids);
      const auto nf = run_ergon(*teusink_native, fd_options, ids);
      if (e.seconds < best_e.seconds) best_e = e;
      if (fd.seconds < best_f.seconds) best_f = fd;
      if (b.seconds < best_b.seconds) best_b = b;
      if (n.seconds < best_n.seconds) best_n = n;
      if (nf.seconds < best_nf.seconds) best_nf = nf;
    }
    print_row("Teusink native, dense", best_n, best_b,
              max_relative_difference(best_n.final_state, best_b.final_state, 1e-6));
    print_row("  native, DQ Jacobian", best_nf, best_b,
              max_relative_difference(best_nf.final_state, best_b.final_state, 1e-6));
    print_row("Teusink 0-100, 1001 pts, dense", best_e, best_b,
              max_relative_difference(best_e.final_state, best_b.final_state, 1e-6));
    print_row("  same, ergon with DQ Jacobian", best_f, best_b,
              max_relative_difference(best_f.final_state, best_b.final_state, 1e-6));
  }
  {
    // Operator splitting as a coupled model uses it: 1 ms steps with an input set before each
    // (here the ATPase rate constant alternating between two values every 100 ms), 10 s.
    kinetic::Integrator coupled(teusink, {.rtol = 1e-6, .atol = 1e-12});
    const double start = Clock::now();
    for (int step = 1; step <= 10000; ++step) {
      coupled.set_value("KeqAK", (step / 100) % 2 == 0 ? 0.45 : 0.40);
      coupled.advance_to(0.001 * step);
    }
    const double spent = seconds_since(start);
    std::printf(
        "Teusink stepped by an Integrator: 10,000 steps of 1 ms (input changed every 100 ms): %.1f "
        "us per step, %ld CVODE steps\n",
        spent * 1e6 / 10000.0, coupled.steps());
  }
  for (const bool native : {false, true}) {
    // (c) throughput: `runs` runs with the global parameters varied by up to +-20 %.
    std::vector<std::pair<std::string, double>> base_values;
    for (const auto& p : teusink->model().parameters) base_values.emplace_back(p.id, p.value);
    std::mt19937_64 rng(2026);
    std::uniform_real_distribution<double> factor(0.8, 1.2);
    kinetic::SimulationOptions options{.end = 100, .intervals = 1000, .rtol = 1e-6, .atol = 1e-12};
    long failed = 0, steps = 0;
    const auto start = Clock::now();
    for (long r = 0; r < runs; ++r) {
      options.initial_values = base_values;
      for (auto& [id, v] : options.initial_values) v *= factor(rng);
      const auto t = kinetic::simulate(native ? *teusink_native : *teusink, options);
      failed += t.ok() ? 0 : 1;
      steps += t.steps;
    }
    const double total = seconds_since(start);
    std::printf(
        "Teusink throughput%s: %ld runs (0-100 s, 1001 points, rtol 1e-6, atol 1e-12, %zu "
        "parameters "
        "varied +-20 %%): %.3f ms/run, %.1f steps/run, %ld failed\n",
        native ? " (native)" : "", runs, base_values.size(),
        total * 1e3 / static_cast<double>(runs),
        static_cast<double>(steps) / static_cast<double>(runs), failed);
  }

  // ---- (a) generated mass-action network ----
  if (network) {
    const auto net = bench::generate_network(1000, 2000, 1);
    const fs::path file = fs::temp_directory_path() / "ergon_bench_mass_action_1000_2000_seed1.xml";
    std::ofstream(file) << bench::to_sbml(net, "mass_action_1000_2000_seed1");
    auto start = Clock::now();
    const auto imported = sbml::read_model(file, {.validate = false});
    const double read = seconds_since(start);
    start = Clock::now();
    const auto compiled = kinetic::CompiledModel::compile(imported.model);
    std::printf(
        "Mass-action network (1000 species, 2000 reactions, seed 1): read %.1f ms (no consistency "
        "checks), compile %.1f ms\n",
        read * 1e3, seconds_since(start) * 1e3);
    const auto wall = std::chrono::steady_clock::now();
    const auto compiled_native = kinetic::CompiledModel::compile(imported.model, {.native = true});
    std::printf(
        "  native: first compile (C compiler, wall time) %.1f ms, native %s\n",
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count() * 1e3,
        compiled_native->native() ? "yes" : "no");
    // ergon's states: the species some reaction changes, in document order
    const auto net_ids = compiled->state_ids();
    std::vector<std::size_t> species_of_state;
    for (const auto& id : net_ids) species_of_state.push_back(std::stoul(id.substr(1)));
    const bench::MassActionRhs hand(net);
    kinetic::Integrator probe(compiled, {});
    const auto states = sample_states(compiled, 100.0, 8);
    std::vector<double> full = net.initial, full_dot(net.species);
    auto hand_in_ergon_order = [&](const double* y, double* dy) {
      for (std::size_t i = 0; i < species_of_state.size(); ++i) full[species_of_state[i]] = y[i];
      hand.rhs(full.data(), full_dot.data());
      for (std::size_t i = 0; i < species_of_state.size(); ++i)
        dy[i] = full_dot[species_of_state[i]];
    };
    std::vector<std::vector<double>> hand_states;
    for (const auto& y : states) {
      for (std::size_t i = 0; i < species_of_state.size(); ++i) full[species_of_state[i]] = y[i];
      hand_states.push_back(full);
    }
    kinetic::Integrator probe_native(compiled_native, {});
    for (const bool native : {false, true}) {
      const auto timing = time_rhs(
          native ? probe_native : probe, hand_in_ergon_order,
          [&](const double* y, double* dy) { hand.rhs(y, dy); }, states, hand_states, 2000,
          repeats);
      std::printf(
          "Network RHS%s: ergon %.0f ns, hand-written %.0f ns per evaluation: ratio %.2f "
          "(agreement %.1e)\n",
          native ? " (native)" : "", timing.ergon_ns, timing.hand_ns,
          timing.ergon_ns / timing.hand_ns, timing.max_difference);
    }
    Baseline problem;
    problem.self = &hand;
    problem.rhs = [](const void* self, const double* y, double* dy) {
      static_cast<const bench::MassActionRhs*>(self)->rhs(y, dy);
    };
    problem.jacobian = [](const void* self, const double* y, double* data) {
      static_cast<const bench::MassActionRhs*>(self)->jacobian(y, data);
    };
    problem.column_starts.assign(hand.column_starts().begin(), hand.column_starts().end());
    problem.row_indices.assign(hand.row_indices().begin(), hand.row_indices().end());
    const kinetic::SimulationOptions options{.end = 100,
                                             .intervals = 100,
                                             .rtol = 1e-8,
                                             .atol = 1e-12,
                                             .linear_solver = kinetic::LinearSolver::sparse};
    RunResult best_e, best_b, best_n;
    best_e.seconds = best_b.seconds = best_n.seconds = 1e300;
    for (int r = 0; r < repeats; ++r) {
      const auto e = run_ergon(*compiled, options, net_ids);
      const auto b = run_baseline(problem, net.initial, 100.0, 100, 1e-8, 1e-12, true);
      const auto n = run_ergon(*compiled_native, options, net_ids);
      if (e.seconds < best_e.seconds) best_e = e;
      if (b.seconds < best_b.seconds) best_b = b;
      if (n.seconds < best_n.seconds) best_n = n;
    }
    std::vector<double> baseline_states;
    for (const auto s : species_of_state) baseline_states.push_back(best_b.final_state[s]);
    best_b.final_state = baseline_states;
    print_row("network 0-100, 101 pts, KLU", best_e, best_b,
              max_relative_difference(best_e.final_state, best_b.final_state, 1e-6));
    print_row("network native, KLU", best_n, best_b,
              max_relative_difference(best_n.final_state, best_b.final_state, 1e-6));
    fs::remove(file);
  }
  fs::remove_all(native_cache);
  return 0;
}
