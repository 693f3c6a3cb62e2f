#pragma once
// Stepping a compiled kinetic model: advance_to(t), read values, set inputs between steps.
// For operator splitting (e.g. neuro's ATP coupling) and screens.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/kinetic/compiled_model.hpp"

namespace ergon::kinetic {

struct IntegratorOptions {
  double start = 0.0;  ///< model time units
  double rtol = 1e-8;
  double atol = 1e-12;      ///< scaled as in SimulationOptions::atol
  long max_steps = 200000;  ///< CVODE steps allowed within one advance_to
  LinearSolver linear_solver = LinearSolver::automatic;
  /// Values replacing the model's initial values (compartments, species, parameters),
  /// applied before initial assignments, as SimulationOptions::initial_values.
  std::vector<std::pair<std::string, double>> initial_values;
};

/// A running instance of a CompiledModel: CVODES BDF with events, one solver per instance.
/// Movable, not copyable; not thread-safe itself (use one per thread).
class Integrator {
 public:
  /// Initial values, events at `start`, solver set up. InputError for a bad option or id;
  /// ComputationError when events at the start never settle.
  Integrator(std::shared_ptr<const CompiledModel> model, const IntegratorOptions& options);
  ~Integrator();
  Integrator(Integrator&&) noexcept;
  Integrator& operator=(Integrator&&) noexcept;
  Integrator(const Integrator&) = delete;
  Integrator& operator=(const Integrator&) = delete;

  /// Integrates from time() to t (>= time()), executing events; a solver failure throws
  /// ComputationError naming the time reached and the element involved (the state stays at
  /// the last good time, from where one may go on, e.g. after set_value).
  void advance_to(double t);
  [[nodiscard]] double time() const;
  /// Current value of an id: species (its `value` semantics: concentration unless
  /// hasOnlySubstanceUnits), compartment, parameter, or a reaction id (its current rate).
  /// Unknown id -> InputError naming it.
  [[nodiscard]] double value(std::string_view id) const;
  /// Sets a parameter / species / compartment between steps (an experiment input, allowed
  /// even for constant parameters), as an event assignment would (a species' amount follows
  /// a new concentration; a new compartment size keeps amounts); dependent assignment rules
  /// are re-evaluated, events triggered by the change execute, and the solver restarts at
  /// time(). InputError for an unknown id or one an assignment rule sets.
  void set_value(std::string_view id, double v);

  [[nodiscard]] const CompiledModel& model() const noexcept { return *model_; }
  [[nodiscard]] long steps() const;
  [[nodiscard]] long rhs_evaluations() const;
  [[nodiscard]] long events_executed() const;
  /// The ODE state (CompiledModel::state_ids order; species as amounts) at time().
  [[nodiscard]] std::vector<double> state() const;
  /// The ODE right-hand side at (t, y), y in state order; leaves the integrator's derived
  /// values at that point until the next step (for benchmarks and tests).
  void rhs(double t, std::span<const double> y, std::span<double> ydot);
  /// d rhs / d y at (t, y) from the symbolic Jacobian, row-major n x n (out[i * n + j] =
  /// d ydot_i / d y_j); false, `out` untouched, when the model has none (delay, rateOf,
  /// algebraic rules, fast reactions, a non-differentiable function of the state).
  bool jacobian(double t, std::span<const double> y, std::span<double> out);

 private:
  std::shared_ptr<const CompiledModel> model_;
  std::unique_ptr<detail::Engine> engine_;
};

}  // namespace ergon::kinetic
