#pragma once
// The running instance behind kinetic::simulate(): a Model bound to CVODES. Every model
// quantity has a slot in one value array; compiled programs read and write slots. Private to
// engine/kinetic (it shows SUNDIALS types).
//
// Slots: 0 is time; then compartments, species (the id's meaning in math) each with a hidden
// amount slot, parameters, reactions (their rate) and species references (stoichiometry).
// ODE variables are rate-rule targets and species amounts changed by reactions; everything
// else is a constant (changed only by events) or derived in dependency order.

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/core/model.hpp"
#include "engine/kinetic/detail/native_code.hpp"
#include "engine/kinetic/detail/sundials_handles.hpp"
#include "engine/kinetic/expression_compiler.hpp"
#include "engine/kinetic/program.hpp"
#include "engine/kinetic/simulation.hpp"

namespace ergon::kinetic::detail {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint32_t kTimeSlot = 0;

inline bool truth(double x) {
  return x != 0.0;
}

/// A value computed from others: an assignment rule, a species' concentration from its
/// amount (or the reverse), a stoichiometryMath, a reaction rate, or an initial assignment.
struct Node {
  std::uint32_t target = kNone;
  Expression math;
  std::string owner;
};

struct Compiled {
  std::uint32_t target = kNone;
  Program program;
};

struct SpeciesTerm {
  std::uint32_t stoichiometry = kNone;
  double sign = 1.0;
  std::uint32_t rate = kNone;
};

/// One ODE variable: its slot, and either a rate rule or the reactions changing it.
struct StateVariable {
  std::string id;
  std::uint32_t slot = kNone;
  bool by_rate_rule = false;
  Program rate_rule;
  std::vector<SpeciesTerm> terms;
  std::uint32_t conversion = kNone;
  // For rateOf(species) when the state is an amount: the symbol's slot and compartment.
  std::uint32_t symbol_slot = kNone;
  std::uint32_t compartment_slot = kNone;
  bool concentration_symbol = false;
};

struct SpeciesInfo {
  std::uint32_t symbol = kNone;
  std::uint32_t amount = kNone;
  std::uint32_t compartment = kNone;
  bool has_only_substance_units = false;
  bool amount_is_primary = true;  ///< false when a rule sets the species' symbol
};

struct CompiledEvent {
  std::string name;
  Program trigger;
  bool initial_value = true;
  bool persistent = true;
  bool use_values_from_trigger_time = true;
  std::optional<Program> delay;
  std::optional<Program> priority;
  std::vector<Compiled> assignments;
};

struct Pending {
  std::size_t event = 0;
  double time = 0.0;
  bool has_values = false;
  std::vector<double> values;
  std::uint64_t serial = 0;
};

struct ReactionSlots {
  std::uint32_t rate = kNone;
  std::vector<std::uint32_t> reactants;
  std::vector<std::uint32_t> products;
};

struct Column {
  std::uint32_t slot = kNone;
  std::uint32_t divisor = kNone;
  std::uint32_t multiplier = kNone;
};

/// Throws InputError for inconsistent times or tolerances.
void validate(const SimulationOptions& options);

/// What an integration up to some time came to (success: the state is at that time).
struct Outcome {
  SimulationStatus status = SimulationStatus::success;
  double time = 0.0;    ///< where the state is known
  std::string message;  ///< what failed and where; empty on success
  [[nodiscard]] bool ok() const { return status == SimulationStatus::success; }
};

/// CVODE's memory for one run (absent in a prototype engine).
struct SolverState {
  Context context;
  Vector y;
  Vector abstol;
  CvodeMemory cvode;
  Matrix matrix;
  LinearSolver solver;
  long steps_before_restart = 0;  ///< CVodeReInit restarts CVODE's step counter
  std::vector<int> found;         ///< roots found at a root return
  double t = 0.0;                 ///< time the state is at
  int task = CV_NORMAL;
  double stop_time = std::numeric_limits<double>::quiet_NaN();  ///< set in CVODE, NaN: none
  bool sparse = false;
  bool analytic_jacobian = false;
};

class Engine {
 public:
  Engine(const Model& model, const SimulationOptions& options)
      : model_(model), options_(options), random_(options.seed) {
    build();
    build_columns();
    if (native_requested(options)) build_native();
  }
  /// A run of a compiled prototype: the compiled structure is copied, never rebuilt.
  Engine(const Engine& prototype, const SimulationOptions& options);
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  /// A whole run with output rows (kinetic::simulate).
  Trajectory run();
  /// Initial values, events at the start, CVODE set up; then advance() steps.
  Outcome begin();
  /// Integrates (executing events) until time `tout`; derived values are current there.
  Outcome advance(double tout);
  [[nodiscard]] double time() const { return solver_ ? solver_->t : options_.start; }
  /// Current value of a model id (species: its meaning in math; reaction: its rate).
  [[nodiscard]] double value_of(std::string_view id);
  /// Sets a compartment, species or parameter between steps, as an event assignment would.
  void set_value_of(std::string_view id, double v);
  [[nodiscard]] long steps() const;
  [[nodiscard]] long rhs_evaluations() const { return rhs_evaluations_; }
  [[nodiscard]] long events_executed() const { return events_executed_; }
  [[nodiscard]] std::size_t state_count() const { return states_.size(); }
  /// Dense d ydot / d y (column-major n x n) at (t, y); false when no analytic Jacobian.
  bool analytic_jacobian(double t, const double* y, double* column_major) {
    if (!jacobian_available_) return false;
    jacobian_dense(t, y, column_major);
    return true;
  }
  [[nodiscard]] const std::string& state_id(std::size_t i) const { return states_[i].id; }
  /// The RHS at (t, y), y in state order (amounts of species, rate-rule targets).
  void rhs(double t, const double* y, double* ydot) { evaluate_rhs(t, y, ydot); }
  /// The state at the current values, in state order.
  void current_state(double* y) const { store_state(y); }
  /// Initial values as begin() takes them (no events, no solver): for tests and benches.
  void initialise_values() { initialise(); }
  /// Whether the RHS runs as native code (native_code.hpp), and why not when it was asked for.
  [[nodiscard]] bool native() const { return native_rhs_ != nullptr; }
  [[nodiscard]] const std::string& native_note() const { return native_note_; }
  [[nodiscard]] bool native_from_cache() const { return native_from_cache_; }
  [[nodiscard]] double native_compile_seconds() const { return native_compile_seconds_; }
  /// options.native, or $ERGON_NATIVE set to something other than "" or "0".
  static bool native_requested(const SimulationOptions& options);

 private:
  Engine(const Engine&) = default;  // only through the prototype constructor

  // --- building ---
  void build();
  std::uint32_t add_slot(const std::string& id, const std::string& what);
  void choose_algebraic_variables(const std::map<std::string, const Rule*>& assignment_rule,
                                  const std::map<std::string, const Rule*>& rate_rule);
  void run_derived();
  void record_history(double t);
  static double history_at(const void* self, std::uint32_t id, double t);
  double value_before_start(std::uint32_t id, double t);
  std::vector<double> initial_values_;   ///< values at the start, before events there
  std::vector<double> init_presets_;     ///< values before initial assignments ran
  std::vector<Compiled> init_programs_;  ///< initial assignments and rules, in order
  bool init_changed_ = false;            ///< init_programs_ were compiled for overridden species
  bool in_past_ = false;
  void solve_algebraic();
  std::uint32_t resolve(const std::string& id) const;
  Program compile(const Expression& e, const std::string& owner, bool track);
  void make_compiler();
  void build_columns();
  void build_output_program();
  void build_rhs_program();
  void hoist_invariants();
  void assign(std::uint32_t target, double v);
  void reinit();
  Outcome failure(int flag);
  std::vector<std::size_t> order(const std::vector<Node>& nodes, const char* phase) const;
  void initialise();

  // --- running ---
  void derive();
  void compute_rates(double* ydot);
  void update_rates(double* ydot);
  void evaluate_rhs(double t, const double* y, double* ydot);
  void load_state(double t, const double* y);
  void store_state(double* y) const;
  bool process_events(double t);
  /// Events at a root the integrator located (`found`: its root directions): each relation
  /// that crossed is held at its post-crossing truth value while they run. False on an
  /// endless cascade. Shared by the CVODE and the IDA loop.
  bool process_root_events(double t, const std::vector<int>& found);
  void schedule(std::size_t e, double t);
  void execute(const Pending& p);
  void record(Trajectory& out, double t);

  static int rhs_callback(double t, N_Vector y, N_Vector ydot, void* self);
  static int jacobian_callback(double t, N_Vector y, N_Vector fy, SUNMatrix jac, void* self,
                               N_Vector tmp1, N_Vector tmp2, N_Vector tmp3);
  bool build_sparsity();
  struct JacobianStep {
    std::uint32_t partial = 0;  ///< slot of a partial derivative
    std::uint32_t source = 0;   ///< gradient entry it multiplies (0: the constant 1)
    std::uint32_t target = 0;   ///< gradient entry it adds to
  };
  struct JacobianRow {
    std::vector<std::uint32_t> states;  ///< columns with a (structurally) nonzero entry
    std::uint32_t offset = kNone;       ///< their values: gradient_[offset + e]
  };
  bool build_jacobian();
  void evaluate_jacobian(double t, const double* y);
  void jacobian_dense(double t, const double* y, double* column_major);
  void finite_difference_dense(double t, const double* y, const double* fy, double* column_major);
  static int analytic_jacobian_callback(double t, N_Vector y, N_Vector fy, SUNMatrix jac,
                                        void* self, N_Vector tmp1, N_Vector tmp2, N_Vector tmp3);
  static int root_callback(double t, N_Vector y, double* gout, void* self);
  static void error_callback(int code, const char* module, const char* function, char* msg,
                             void* self);

  // --- algebraic rules as a DAE on IDA (dae_solver.cpp) ---
  [[nodiscard]] bool uses_dae() const;
  Trajectory run_dae();
  void load_dae_state(double t, const double* y);
  void store_dae_state(double* y) const;
  void dae_rates(double t, const double* y, const double* yp, double* ydot);
  static int residual_callback(double t, N_Vector y, N_Vector yp, N_Vector r, void* self);
  static int dae_root_callback(double t, N_Vector y, N_Vector yp, double* gout, void* self);
  static void dae_error_callback(int code, const char* module, const char* function, char* msg,
                                 void* self);
  // --- conserved moieties eliminated (moiety_elimination.cpp) ---
  struct ConservedTotal {
    std::uint32_t slot = kNone;                           ///< hidden slot holding T
    std::vector<std::pair<std::uint32_t, double>> terms;  ///< amount slot, coefficient
  };
  std::vector<ConservedTotal> conserved_totals_;
  void eliminate_conserved();
  void refresh_conserved_totals();  ///< T from the current amounts (start, after events)
  // --- the native tier (engine_native.cpp): generated C for the RHS, derived values and
  // Jacobian partials; null function pointers mean the bytecode runs ---
  using NativeStoresFunction = void (*)(double* v, const signed char* ov);
  using NativeRhsFunction = void (*)(double* v, double* ydot, const signed char* ov);
  void build_native();
  std::shared_ptr<NativeLibrary> native_library_;  ///< shared by the prototype and its runs
  NativeRhsFunction native_rhs_ = nullptr;
  NativeStoresFunction native_derived_ = nullptr;   ///< derived_program_ (run_derived)
  NativeStoresFunction native_jacobian_ = nullptr;  ///< jacobian_program_
  std::string native_note_;
  bool native_from_cache_ = false;
  double native_compile_seconds_ = 0.0;
  // --- why a rate is NaN (nan_diagnosis.cpp) ---
  void diagnose_nan();
  std::string nan_source_;         ///< first derived value that is NaN with defined inputs
  std::string undefined_element_;  ///< that value, when a piecewise without otherwise gave it
  /// " (NaN in the rate of 'x'; ...)" for the failure message, and the status to report.
  std::string nan_explanation(SimulationStatus& status) const;
  /// Status and message of a failed CVODE or IDA call: the solver's own message, then the NaN
  /// diagnosis when a rate or residual turned NaN (`nan_failure`), else the component with the
  /// largest weighted local error (`weights`/`errors` the solver's, null when unavailable;
  /// `name(i)` names component i of n).
  std::pair<SimulationStatus, std::string> describe_failure(
      bool too_much_work, bool nan_failure, std::size_t n, const double* weights,
      const double* errors, const std::function<std::string(std::size_t)>& name) const;

  const Model& model_;
  SimulationOptions options_;
  std::shared_ptr<SolverState> solver_;  ///< shared only so the prototype stays copyable
  std::vector<double> row_;              ///< the output row being recorded

  std::unordered_map<std::string, std::uint32_t> slots_;
  std::vector<std::string> slot_names_;
  std::vector<double> values_;
  std::vector<double> rates_;
  std::vector<Compiled> derived_;
  std::vector<Expression> derived_math_;  ///< derived_'s math while building (Jacobian)
  bool sparsity_known_ = false;           ///< column_starts_ / row_indices_ hold the pattern
  bool jacobian_available_ = false;       ///< the analytic Jacobian is built
  bool jacobian_sparse_ok_ = false;       ///< ... and fits the CSC pattern
  Program jacobian_program_;              ///< stores every partial derivative in its slot
  std::vector<JacobianStep> jacobian_steps_;
  std::vector<JacobianRow> jacobian_rows_;
  std::vector<std::size_t> jacobian_sparse_positions_;  ///< row entries' CSC indices
  std::vector<double> gradient_;  ///< d(derived value or RHS)/d(states), segment per function
  Program derived_program_;       ///< derived_ as one program of stores (run_derived)
  Program output_program_;        ///< the part of derived_ output rows and constraints read
  Program rhs_program_;           ///< the part of derived_ a RHS must recompute (build_rhs_program)
  bool rhs_program_ready_ = false;
  std::vector<char> variant_derived_;  ///< per derived_ entry: reads the state or time
  bool derived_stale_ = false;         ///< state moved, derived values not yet recomputed
  std::size_t derived_program_count_ = std::numeric_limits<std::size_t>::max();
  std::vector<std::uint32_t> algebraic_slots_;  ///< unknowns the algebraic rules determine
  std::vector<Program> algebraic_rules_;        ///< residuals, 0 = rule
  struct FastTerm {
    std::uint32_t species = 0;  ///< index into fast_species_
    std::uint32_t stoichiometry = kNone;
    double sign = 1.0;
    std::uint32_t conversion = kNone;
  };
  struct FastReaction {
    std::uint32_t rate = kNone;
    std::vector<FastTerm> terms;
  };
  std::vector<FastReaction> fast_;           ///< reactions at instant equilibrium
  std::vector<std::uint32_t> fast_species_;  ///< amount slots the fast reactions move
  std::vector<double> raw_amounts_;
  // delay(x, d): each distinct x is compiled and its value kept at every accepted step.
  std::vector<Expression> delayed_expressions_;
  std::vector<Program> delayed_;
  std::vector<std::vector<std::pair<double, double>>> history_;
  double smallest_delay_ = std::numeric_limits<double>::infinity();
  std::vector<StateVariable> states_;
  std::vector<SpeciesInfo> species_;
  std::vector<int> species_of_slot_;  ///< slot -> species index, -1 for other slots
  /// compartment slot -> symbol slots of its species integrated as concentrations
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> rate_rule_species_in_;
  std::mt19937_64 random_;  ///< order of equal-priority events
  std::unordered_map<std::string, std::size_t> species_index_;
  std::vector<CompiledEvent> events_;
  std::vector<Program> roots_;
  std::vector<Op> root_ops_;
  std::vector<std::int8_t> overrides_;
  std::vector<Column> columns_;
  std::vector<Program> constraints_;
  std::vector<char> constraint_reported_;
  std::vector<ReactionSlots> reaction_slots_;
  std::vector<std::string> column_names_;
  std::shared_ptr<ExpressionCompiler> compiler_;  ///< bound to this engine (make_compiler)
  bool uses_rate_of_ = false;
  bool rate_of_derived_ = false;                      ///< rateOf reads a value a rule derives
  std::vector<std::uint32_t> rate_of_derived_slots_;  ///< those values' slots
  std::vector<double> saved_values_;
  EvalHooks hooks_;

  std::vector<char> trigger_state_;
  std::vector<Pending> pending_;
  std::uint64_t serial_ = 0;
  long events_executed_ = 0;
  long rhs_evaluations_ = 0;
  std::vector<double> scratch_;
  // Sparse Jacobian: pattern in compressed columns, and column groups sharing no row
  // (Curtis-Powell-Reid), so one RHS evaluation gives a whole group's columns.
  std::vector<sunindextype> column_starts_;
  std::vector<sunindextype> row_indices_;
  std::vector<std::vector<std::size_t>> colour_groups_;
  std::vector<double> abstol_;

  std::string solver_message_;
  std::string bad_element_;
  bool budget_exceeded_ = false;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ergon::kinetic::detail
