#pragma once
// Time-course simulation of a Model: simulate(model, options) -> Trajectory.
// Numerical outcomes (solver failure, time budget) are a status in the Trajectory; a model
// the engine cannot honour (unknown ids, cyclic rules, unsupported constructs) is InputError.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/model.hpp"

namespace ergon::kinetic {

/// How a species column is reported. `value` is what the id means in the model's math
/// (concentration unless hasOnlySubstanceUnits); other ids ignore the choice.
enum class Quantity { value, amount, concentration };

struct OutputColumn {
  std::string id;
  Quantity quantity = Quantity::value;
};

/// Linear solver inside CVODE's Newton iteration.
enum class LinearSolver {
  automatic,  ///< sparse for >= 64 ODE variables when the structure is known, else dense
  dense,      ///< LAPACK-free dense LU (SUNDIALS' own)
  sparse,     ///< KLU on the model's sparsity pattern
};

struct SimulationOptions {
  double start = 0.0;           ///< model time units
  double end = 10.0;            ///< model time units, > start
  std::size_t intervals = 100;  ///< output points = intervals + 1, equally spaced
  double rtol = 1e-10;          ///< CVODE relative tolerance
  double atol = 1e-12;          ///< CVODE absolute tolerance (state units: amounts, or values)
  long max_steps = 200000;      ///< CVODE steps allowed between two output points
  LinearSolver linear_solver = LinearSolver::automatic;
  /// The symbolic Jacobian where the model allows it (no delay, rateOf, algebraic rules or
  /// fast reactions); false: finite differences (CVODE's for dense, coloured for KLU).
  bool analytic_jacobian = true;
  double time_budget = 0.0;  ///< wall-clock seconds; 0 = unlimited
  /// Seeds the choice among simultaneous events of equal priority (SBML leaves it random).
  std::uint64_t seed = 20260101;
  /// Values replacing the model's initial values (ids of compartments, species, parameters),
  /// applied before initial assignments, which may still override them.
  std::vector<std::pair<std::string, double>> initial_values;
  /// Columns to report; empty = every species (its `value`), then every non-constant
  /// compartment and parameter.
  std::vector<OutputColumn> columns;
  /// Called with each output row as soon as it is computed (time, then the values in column
  /// order). With keep_rows = false the Trajectory keeps no rows, so a long simulation streamed
  /// to a sink (e.g. an HDF5 log) needs memory for one row only.
  std::function<void(double, std::span<const double>)> on_row;
  bool keep_rows = true;
  /// Integrate one species fewer per conservation law of the reaction network (conservation.hpp):
  /// each law's dependent species is computed from the conserved total. Off by default: it
  /// saved no work on the models measured (docs/kinetic.md). Ignored for models with rateOf,
  /// algebraic rules or fast reactions.
  bool eliminate_conserved = false;
  /// Run the RHS, derived values and Jacobian as native code: generated C built by the system
  /// compiler ($ERGON_CC, else cc) into the cache directory and loaded (docs/kinetic.md,
  /// "Native tier"). A first build costs the compiler (tens to hundreds of ms), a cached one
  /// milliseconds. Where that is not possible the bytecode runs and Trajectory::warnings says
  /// why. $ERGON_NATIVE=1 turns it on for every run. For a CompiledModel the choice is made at
  /// compile time (CompileOptions).
  bool native = false;
};

enum class SimulationStatus {
  success,
  too_much_work,   ///< max_steps reached between two output points
  solver_failure,  ///< error/convergence test failures, step underflow, NaN in the RHS
  time_budget,     ///< wall-clock limit reached
  event_cascade,   ///< events kept re-triggering at one time point
  /// the model's math is undefined on the way (a piecewise without otherwise with no piece
  /// applying made a rate NaN): the model is at fault, the message names the element
  undefined_value,
};

[[nodiscard]] const char* to_string(SimulationStatus status) noexcept;

struct Trajectory {
  SimulationStatus status = SimulationStatus::success;
  std::string message;             ///< empty on success; else what failed, at what time, where
  double time_reached = 0;         ///< last time the state is known at
  std::vector<std::string> names;  ///< column ids, as options.columns (or species ids)
  std::vector<double> times;       ///< n_rows, model time units
  std::vector<double> values;      ///< n_rows × names.size(), row-major
  long steps = 0;
  long rhs_evaluations = 0;
  long events_executed = 0;
  /// Findings that did not stop the run, e.g. the first time each constraint failed.
  std::vector<std::string> warnings;
  bool sparse = false;  ///< whether the KLU sparse solver was used
  bool dae = false;     ///< whether IDA integrated the model as a DAE (it has algebraic rules)
  std::size_t eliminated_species = 0;  ///< species derived from conservation laws, not integrated
  bool analytic_jacobian = false;      ///< whether the symbolic Jacobian was used
  bool native = false;                 ///< whether the RHS ran as native code

  [[nodiscard]] bool ok() const noexcept { return status == SimulationStatus::success; }
  [[nodiscard]] double at(std::size_t row, std::size_t column) const {
    return values[row * names.size() + column];
  }
};

/// Simulates `model` from options.start to options.end with CVODES (BDF), honouring rules,
/// events and SBML's amount/concentration semantics. Rows already computed are kept when
/// the integration fails.
[[nodiscard]] Trajectory simulate(const Model& model, const SimulationOptions& options);

}  // namespace ergon::kinetic
