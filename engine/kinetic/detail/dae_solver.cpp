// Models with algebraic rules as a DAE on IDA: F(t, y, y') = 0 with y = [ODE variables,
// the variables the algebraic rules determine]. The ODE rows are y'_i - f_i(t, y); the
// algebraic rows are the rules' expressions (0 = rule). IDASetId marks which is which;
// IDACalcIC finds consistent algebraic values (and the ODE variables' derivatives) at the start
// and after every event; events are roots of IDA's root finding, as on the CVODE path.
#include <ida/ida.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/kinetic/detail/engine.hpp"

namespace ergon::kinetic::detail {

namespace {

struct IdaDeleter {
  void operator()(void* mem) const noexcept { IDAFree(&mem); }
};
using IdaMemory = std::unique_ptr<void, IdaDeleter>;

}  // namespace

bool Engine::uses_dae() const {
  // Fast reactions keep the Newton inside the right-hand side: their equilibrium is found by
  // pseudo-transient continuation along the fast reactions' own dynamics, which picks the
  // stable equilibrium; IDA's Newton would accept any root of the fast rates.
  return !algebraic_slots_.empty() && fast_.empty();
}

void Engine::load_dae_state(double t, const double* y) {
  load_state(t, y);
  const std::size_t nd = states_.size();
  for (std::size_t j = 0; j < algebraic_slots_.size(); ++j)
    values_[algebraic_slots_[j]] = y[nd + j];
}

void Engine::store_dae_state(double* y) const {
  const std::size_t nd = states_.size();
  for (std::size_t i = 0; i < nd; ++i) y[i] = values_[states_[i].slot];
  for (std::size_t j = 0; j < algebraic_slots_.size(); ++j)
    y[nd + j] = values_[algebraic_slots_[j]];
}

// Derived values and the ODE variables' rates at (t, y, y'); rates go to ydot (nd entries).
// rateOf of an algebraic variable is its y' component; of a value an assignment rule derives,
// a forward difference along the flow (ODE variables by f, algebraic ones by y').
void Engine::dae_rates(double t, const double* y, const double* yp, double* ydot) {
  load_dae_state(t, y);
  run_derived();
  const std::size_t nd = states_.size();
  if (uses_rate_of_) {
    for (std::size_t j = 0; j < algebraic_slots_.size(); ++j)
      rates_[algebraic_slots_[j]] = yp[nd + j];
  }
  compute_rates(ydot);
  if (!uses_rate_of_) return;
  if (rate_of_derived_) {
    saved_values_ = values_;
    const double h = 1e-7 * std::max(1.0, std::fabs(t));
    values_[kTimeSlot] = t + h;
    hooks_.time = t + h;
    for (std::size_t i = 0; i < nd; ++i) values_[states_[i].slot] += h * ydot[i];
    for (std::size_t j = 0; j < algebraic_slots_.size(); ++j)
      values_[algebraic_slots_[j]] += h * yp[nd + j];
    run_derived();
    for (const auto slot : rate_of_derived_slots_) {
      if (std::find(algebraic_slots_.begin(), algebraic_slots_.end(), slot) ==
          algebraic_slots_.end())
        rates_[slot] = (values_[slot] - saved_values_[slot]) / h;
    }
    values_ = saved_values_;
    hooks_.time = t;
  }
  run_derived();  // values reading rateOf, with this point's rates
  compute_rates(ydot);
}

int Engine::residual_callback(double t, N_Vector y, N_Vector yp, N_Vector r, void* self) {
  auto* engine = static_cast<Engine*>(self);
  ++engine->rhs_evaluations_;
  if (engine->options_.time_budget > 0.0 && engine->rhs_evaluations_ % 64 == 0) {
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - engine->started_;
    if (spent.count() > engine->options_.time_budget) {
      engine->budget_exceeded_ = true;
      return -1;
    }
  }
  const double* yv = N_VGetArrayPointer(y);
  const double* ypv = N_VGetArrayPointer(yp);
  double* out = N_VGetArrayPointer(r);
  const std::size_t nd = engine->states_.size();
  engine->dae_rates(t, yv, ypv, out);
  for (std::size_t i = 0; i < nd; ++i) {
    if (std::isnan(out[i])) {
      engine->bad_element_ = engine->states_[i].id;
      engine->diagnose_nan();
      return 1;  // recoverable: IDA retries with a smaller step, then reports failure
    }
    out[i] = ypv[i] - out[i];
  }
  for (std::size_t j = 0; j < engine->algebraic_rules_.size(); ++j) {
    out[nd + j] = engine->algebraic_rules_[j].evaluate(engine->values_.data(), &engine->hooks_);
    if (std::isnan(out[nd + j])) {
      engine->bad_element_ =
          "algebraic rule for '" + engine->slot_names_[engine->algebraic_slots_[j]] + "'";
      engine->diagnose_nan();
      return 1;
    }
  }
  return 0;
}

int Engine::dae_root_callback(double t, N_Vector y, N_Vector yp, double* gout, void* self) {
  auto* engine = static_cast<Engine*>(self);
  engine->scratch_.resize(std::max<std::size_t>(engine->states_.size(), 1));
  engine->dae_rates(t, N_VGetArrayPointer(y), N_VGetArrayPointer(yp), engine->scratch_.data());
  for (std::size_t k = 0; k < engine->roots_.size(); ++k)
    gout[k] = engine->roots_[k].evaluate(engine->values_.data(), &engine->hooks_);
  return 0;
}

void Engine::dae_error_callback(int /*code*/, const char* /*module*/, const char* function,
                                char* msg, void* self) {
  auto* engine = static_cast<Engine*>(self);
  engine->solver_message_ = std::string(function) + ": " + msg;
}

Trajectory Engine::run_dae() {
  started_ = std::chrono::steady_clock::now();
  Trajectory out;
  out.names = column_names_;
  out.dae = true;
  initialise();  // leaves the algebraic variables at their given values (IDACalcIC solves them)
  const double t0 = options_.start;
  const std::size_t n_out = options_.intervals + 1;
  std::vector<double> times(n_out);
  for (std::size_t i = 0; i < n_out; ++i) {
    times[i] = options_.intervals == 0 ? t0
                                       : t0 + (options_.end - t0) * static_cast<double>(i) /
                                                  static_cast<double>(options_.intervals);
  }
  trigger_state_.resize(events_.size());
  for (std::size_t e = 0; e < events_.size(); ++e)
    trigger_state_[e] = events_[e].initial_value ? 1 : 0;

  const std::size_t nd = states_.size();
  const std::size_t na = algebraic_slots_.size();
  const std::size_t n = nd + na;
  // A variable the rules determine with no value of its own starts the search at 1.
  for (const auto slot : algebraic_slots_) {
    if (!std::isfinite(values_[slot])) values_[slot] = 1.0;
  }
  auto context = detail::make_context();
  auto vector = [&] {
    return detail::Vector(N_VNew_Serial(static_cast<sunindextype>(n), context.get()));
  };
  detail::Vector y = vector();
  detail::Vector yp = vector();
  detail::Vector abstol = vector();
  detail::Vector id = vector();
  store_dae_state(N_VGetArrayPointer(y.get()));
  N_VConst(0.0, yp.get());
  {
    double* v = N_VGetArrayPointer(id.get());
    for (std::size_t i = 0; i < n; ++i) v[i] = i < nd ? 1.0 : 0.0;
    // The same scaled absolute tolerance as the CVODE path (see engine_run.cpp).
    double scale = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      scale = std::max(scale, std::fabs(N_VGetArrayPointer(y.get())[i]));
    if (scale == 0.0 || !std::isfinite(scale)) scale = 1.0;
    N_VConst(options_.atol * std::min(1.0, scale), abstol.get());
  }
  IdaMemory ida(IDACreate(context.get()));
  if (!ida) throw InternalError("IDACreate returned null");
  void* mem = ida.get();
  long steps_before_restart = 0;
  auto steps_done = [&] {
    long current = 0;
    IDAGetNumSteps(mem, &current);
    return steps_before_restart + current;
  };
  auto fail = [&](SimulationStatus status, double t, const std::string& what) {
    out.status = status;
    out.message = what + " at time " + std::to_string(t);
    out.time_reached = std::max(out.time_reached, t);
    out.steps = steps_done();
    out.rhs_evaluations = rhs_evaluations_;
    out.events_executed = events_executed_;
    return out;
  };
  detail::check_sundials(IDAInit(mem, &Engine::residual_callback, t0, y.get(), yp.get()),
                         "IDAInit");
  detail::check_sundials(IDASetUserData(mem, this), "IDASetUserData");
  detail::check_sundials(IDASetErrHandlerFn(mem, &Engine::dae_error_callback, this),
                         "IDASetErrHandlerFn");
  detail::check_sundials(IDASVtolerances(mem, options_.rtol, abstol.get()), "IDASVtolerances");
  detail::check_sundials(IDASetId(mem, id.get()), "IDASetId");
  detail::Matrix matrix(
      SUNDenseMatrix(static_cast<sunindextype>(n), static_cast<sunindextype>(n), context.get()));
  detail::LinearSolver solver(SUNLinSol_Dense(y.get(), matrix.get(), context.get()));
  if (!matrix || !solver) throw InternalError("cannot create the SUNDIALS matrix or linear solver");
  detail::check_sundials(IDASetLinearSolver(mem, solver.get(), matrix.get()), "IDASetLinearSolver");
  detail::check_sundials(IDASetMaxNumSteps(mem, options_.max_steps), "IDASetMaxNumSteps");
  if (!delayed_.empty()) {
    double max_step = (options_.end - t0) / 200.0;
    if (std::isfinite(smallest_delay_)) max_step = std::min(max_step, smallest_delay_ / 4.0);
    if (max_step > 0) detail::check_sundials(IDASetMaxStep(mem, max_step), "IDASetMaxStep");
  }
  const int task = delayed_.empty() ? IDA_NORMAL : IDA_ONE_STEP;
  if (!roots_.empty()) {
    detail::check_sundials(
        IDARootInit(mem, static_cast<int>(roots_.size()), &Engine::dae_root_callback),
        "IDARootInit");
    detail::check_sundials(IDASetNoInactiveRootWarn(mem), "IDASetNoInactiveRootWarn");
  }
  std::vector<int> found(roots_.size());

  // Consistent values at time t from the current values_: algebraic variables and the ODE
  // variables' derivatives (IDACalcIC), then every derived value. False (with the status set
  // in `out`) when the algebraic rules cannot be satisfied.
  auto make_consistent = [&](double t, double horizon) {
    store_dae_state(N_VGetArrayPointer(y.get()));
    detail::check_sundials(IDAReInit(mem, t, y.get(), yp.get()), "IDAReInit");
    if (na > 0) {
      const int flag = IDACalcIC(mem, IDA_YA_YDP_INIT, horizon);
      if (flag < 0) {
        // Name the rule furthest from holding at the values IDACalcIC stopped at.
        IDAGetConsistentIC(mem, y.get(), yp.get());
        detail::Vector residual = vector();
        N_VConst(0.0, residual.get());  // rows after a NaN stay unevaluated
        residual_callback(t, y.get(), yp.get(), residual.get(), this);
        std::size_t worst = 0;
        const double* rv = N_VGetArrayPointer(residual.get());
        for (std::size_t j = 1; j < na; ++j) {
          if (!(std::fabs(rv[nd + j]) <= std::fabs(rv[nd + worst]))) worst = j;
        }
        SimulationStatus status = SimulationStatus::solver_failure;
        std::string what = "no consistent values for the algebraic rules (" + solver_message_ +
                           ") (algebraic rule for '" + slot_names_[algebraic_slots_[worst]] + "')";
        if (budget_exceeded_) {
          status = SimulationStatus::time_budget;
          what = "wall-clock budget of " + std::to_string(options_.time_budget) + " s used up";
        } else if (!bad_element_.empty()) {
          what = solver_message_ + nan_explanation(status);
        }
        fail(status, t, what);
        return false;
      }
      detail::check_sundials(IDAGetConsistentIC(mem, y.get(), yp.get()), "IDAGetConsistentIC");
      // The next IDASolve starts from these; IDACalcIC leaves them in IDA's history already.
    }
    dae_rates(t, N_VGetArrayPointer(y.get()), N_VGetArrayPointer(yp.get()), scratch_.data());
    return true;
  };
  auto horizon_after = [&](double t, std::size_t k) {
    const double step =
        (options_.end - t0) / static_cast<double>(std::max<std::size_t>(options_.intervals, 1));
    return k < n_out && times[k] > t ? times[k] : t + step;
  };
  scratch_.resize(std::max<std::size_t>(nd, 1));
  hooks_.time = t0;
  if (!delayed_.empty()) {
    // delay(x, d) at the start reads x's history, which needs the start's values: record
    // them as given (once per level of delays nested through rules), find consistent values,
    // and record again from those.
    initial_values_ = values_;
    for (std::size_t level = 0; level <= delayed_.size(); ++level) {
      for (auto& h : history_) h.clear();
      record_history(t0);
      run_derived();
    }
  }
  if (!make_consistent(t0, horizon_after(t0, 1))) return out;
  initial_values_ = values_;
  for (auto& h : history_) h.clear();
  record_history(t0);
  if (!process_events(t0))
    return fail(SimulationStatus::event_cascade, t0, "events keep re-triggering");
  if (events_executed_ > 0 && !make_consistent(t0, horizon_after(t0, 1))) return out;
  record_history(t0);

  double t = t0;
  std::size_t k = 0;
  auto restart = [&] {
    steps_before_restart = steps_done();
    if (!make_consistent(t, horizon_after(t, k))) return false;
    if (!delayed_.empty()) record_history(t);  // the values after the jump
    return true;
  };
  while (k < n_out) {
    const double tout = times[k];
    if (t >= tout - 1e-12 * std::max(1.0, std::fabs(tout))) {
      record(out, tout);
      ++k;
      continue;
    }
    double tstop = tout;
    for (const auto& p : pending_) tstop = std::min(tstop, p.time);
    if (tstop <= t) {  // a delayed event due now
      if (!process_events(t))
        return fail(SimulationStatus::event_cascade, t, "events keep re-triggering");
      if (!restart()) return out;
      for (auto& p : pending_) p.time = std::max(p.time, t);
      bool due = false;
      for (const auto& p : pending_) due = due || p.time <= t;
      if (due) return fail(SimulationStatus::event_cascade, t, "delayed events keep falling due");
      continue;
    }
    detail::check_sundials(IDASetStopTime(mem, tstop), "IDASetStopTime");
    double reached = t;
    const int flag = IDASolve(mem, tstop, &reached, y.get(), yp.get(), task);
    if (flag < 0) {
      IDAGetCurrentTime(mem, &reached);
      const bool residual_failed = flag == IDA_RES_FAIL || flag == IDA_REP_RES_ERR ||
                                   flag == IDA_FIRST_RES_FAIL || flag == IDA_CONV_FAIL;
      detail::Vector weights = vector();
      detail::Vector errors = vector();
      const bool estimates = IDAGetErrWeights(mem, weights.get()) == IDA_SUCCESS &&
                             IDAGetEstLocalErrors(mem, errors.get()) == IDA_SUCCESS;
      const auto [status, what] = describe_failure(
          flag == IDA_TOO_MUCH_WORK, residual_failed, n,
          estimates ? N_VGetArrayPointer(weights.get()) : nullptr,
          estimates ? N_VGetArrayPointer(errors.get()) : nullptr, [&](std::size_t i) {
            return i < nd ? states_[i].id : slot_names_[algebraic_slots_[i - nd]];
          });
      return fail(status, reached, what);
    }
    t = reached;
    bad_element_.clear();  // a NaN IDA recovered from is not the cause of a later failure
    nan_source_.clear();
    undefined_element_.clear();
    dae_rates(t, N_VGetArrayPointer(y.get()), N_VGetArrayPointer(yp.get()), scratch_.data());
    if (!delayed_.empty()) {
      record_history(t);
      if (flag == IDA_SUCCESS && t < tstop) continue;  // an internal step: keep going
    }
    if (flag == IDA_ROOT_RETURN) {
      IDAGetRootInfo(mem, found.data());
      const bool settled = process_root_events(t, found);
      if (!settled) return fail(SimulationStatus::event_cascade, t, "events keep re-triggering");
      if (!restart()) return out;
      continue;
    }
    bool due = false;
    for (const auto& p : pending_) due = due || p.time <= t;
    if (due) {
      if (!process_events(t))
        return fail(SimulationStatus::event_cascade, t, "events keep re-triggering");
      if (!restart()) return out;
    }
  }
  out.steps = steps_done();
  out.rhs_evaluations = rhs_evaluations_;
  out.events_executed = events_executed_;
  return out;
}

}  // namespace ergon::kinetic::detail
