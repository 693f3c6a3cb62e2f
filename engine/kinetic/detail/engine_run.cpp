// Running an Engine: CVODES callbacks, the event queue, output rows and the main loop.
#include "engine/kinetic/detail/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <unordered_map>

#include "engine/core/error.hpp"

namespace ergon::kinetic::detail {

int Engine::rhs_callback(double t, N_Vector y, N_Vector ydot, void* self) {
  auto* engine = static_cast<Engine*>(self);
  ++engine->rhs_evaluations_;
  if (engine->options_.time_budget > 0.0 && engine->rhs_evaluations_ % 64 == 0) {
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - engine->started_;
    if (spent.count() > engine->options_.time_budget) {
      engine->budget_exceeded_ = true;
      return -1;
    }
  }
  double* out = N_VGetArrayPointer(ydot);
  engine->evaluate_rhs(t, N_VGetArrayPointer(y), out);
  for (std::size_t i = 0; i < engine->states_.size(); ++i) {
    if (std::isnan(out[i])) {
      engine->bad_element_ = engine->states_[i].id;
      engine->diagnose_nan();
      return 1;  // recoverable: CVODE retries with a smaller step, then reports failure
    }
  }
  return 0;
}

int Engine::root_callback(double t, N_Vector y, double* gout, void* self) {
  auto* engine = static_cast<Engine*>(self);
  engine->load_state(t, N_VGetArrayPointer(y));
  engine->derive();
  if (engine->uses_rate_of_) {  // triggers may read rateOf: rates at this very point
    engine->scratch_.resize(std::max<std::size_t>(engine->states_.size(), 1));
    engine->update_rates(engine->scratch_.data());
    engine->derive();
  }
  for (std::size_t k = 0; k < engine->roots_.size(); ++k) {
    gout[k] = engine->roots_[k].evaluate(engine->values_.data(), &engine->hooks_);
  }
  return 0;
}

void Engine::error_callback(int /*code*/, const char* /*module*/, const char* function, char* msg,
                            void* self) {
  auto* engine = static_cast<Engine*>(self);
  engine->solver_message_ = std::string(function) + ": " + msg;
}

void Engine::schedule(std::size_t e, double t) {
  const auto& event = events_[e];
  Pending p{.event = e, .time = t, .serial = serial_++};
  if (event.delay) p.time = t + event.delay->evaluate(values_.data(), &hooks_);
  if (event.use_values_from_trigger_time) {
    p.has_values = true;
    for (const auto& a : event.assignments)
      p.values.push_back(a.program.evaluate(values_.data(), &hooks_));
  }
  pending_.push_back(std::move(p));
}

void Engine::execute(const Pending& p) {
  const auto& event = events_[p.event];
  std::vector<double> computed;
  const std::vector<double>* assigned = &p.values;
  if (!p.has_values) {
    for (const auto& a : event.assignments)
      computed.push_back(a.program.evaluate(values_.data(), &hooks_));
    assigned = &computed;
  }
  // Assignments take effect in document order: an assigned concentration becomes an amount
  // with the compartment size current at that point; a new compartment size keeps amounts
  // (and rescales species whose concentration is the integrated quantity).
  for (std::size_t k = 0; k < event.assignments.size(); ++k)
    assign(event.assignments[k].target, (*assigned)[k]);
  refresh_conserved_totals();  // the event may have moved a conserved total
  ++events_executed_;
}

void Engine::assign(std::uint32_t target, double v) {
  const double old = values_[target];
  values_[target] = v;
  if (const int s = species_of_slot_[target]; s >= 0 && species_[s].amount_is_primary) {
    const auto& info = species_[s];
    values_[info.amount] = info.has_only_substance_units ? v : v * values_[info.compartment];
  }
  if (const auto it = rate_rule_species_in_.find(target); it != rate_rule_species_in_.end()) {
    for (const auto slot : it->second) values_[slot] *= old / v;
  }
}

bool Engine::process_root_events(double t, const std::vector<int>& found) {
  for (std::size_t r = 0; r < found.size(); ++r) {
    if (found[r] == 0) continue;
    const bool rising = found[r] > 0;
    switch (root_ops_[r]) {
      case Op::gt:
      case Op::geq: overrides_[r] = rising ? 1 : -1; break;
      case Op::lt:
      case Op::leq: overrides_[r] = rising ? -1 : 1; break;
      case Op::eq: overrides_[r] = 1; break;
      case Op::neq: overrides_[r] = -1; break;
      default: break;
    }
  }
  hooks_.overrides = overrides_.data();
  const bool settled = process_events(t);
  hooks_.overrides = nullptr;
  std::fill(overrides_.begin(), overrides_.end(), 0);
  return settled;
}

// Fires, cancels and executes events at time t until nothing more happens. Returns false on
// an endless cascade.
bool Engine::process_events(double t) {
  values_[kTimeSlot] = t;
  hooks_.time = t;
  for (int round = 0; round < 100000; ++round) {
    derive();
    if (uses_rate_of_) {
      scratch_.resize(std::max<std::size_t>(states_.size(), 1));
      update_rates(scratch_.data());
      derive();
    }
    for (std::size_t e = 0; e < events_.size(); ++e) {
      const bool now = truth(events_[e].trigger.evaluate(values_.data(), &hooks_));
      if (now && trigger_state_[e] == 0) schedule(e, t);
      trigger_state_[e] = now ? 1 : 0;
    }
    std::erase_if(pending_, [this](const Pending& p) {
      return !events_[p.event].persistent && trigger_state_[p.event] == 0;
    });
    const double slack = 1e-13 * std::max(1.0, std::fabs(t));
    // Highest priority first; equal priorities are chosen at random, as SBML asks.
    std::optional<std::size_t> best;
    double best_priority = -std::numeric_limits<double>::infinity();
    std::size_t ties = 0;
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (pending_[i].time > t + slack) continue;
      const auto& event = events_[pending_[i].event];
      const double priority = event.priority ? event.priority->evaluate(values_.data(), &hooks_)
                                             : -std::numeric_limits<double>::infinity();
      if (!best || priority > best_priority) {
        best = i;
        best_priority = priority;
        ties = 1;
      } else if (priority == best_priority) {
        ++ties;
        if (std::uniform_int_distribution<std::size_t>(0, ties - 1)(random_) == 0) best = i;
      }
    }
    if (!best) return true;
    const Pending chosen = pending_[*best];
    pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(*best));
    execute(chosen);
  }
  return false;
}

void Engine::record(Trajectory& out, double t) {
  if (derived_stale_) output_program_.run(values_.data(), &hooks_);
  // Constraints are checked at output points (SBML leaves the reaction to the simulator).
  for (std::size_t i = 0; i < constraints_.size(); ++i) {
    if (constraint_reported_[i] != 0 || truth(constraints_[i].evaluate(values_.data(), &hooks_)))
      continue;
    constraint_reported_[i] = 1;
    const std::string& text = model_.constraints[i].message;
    out.warnings.push_back("constraint #" + std::to_string(i + 1) + " fails at time " +
                           std::to_string(t) + (text.empty() ? "" : ": " + text));
  }
  row_.clear();
  for (const auto& c : columns_) {
    double v = values_[c.slot];
    if (c.divisor != kNone) v /= values_[c.divisor];
    row_.push_back(v);
  }
  if (options_.on_row) options_.on_row(t, row_);
  if (options_.keep_rows) {
    out.times.push_back(t);
    out.values.insert(out.values.end(), row_.begin(), row_.end());
  }
  out.time_reached = t;
}

// Jacobian by finite differences, one RHS evaluation per group of columns that share no row.
int Engine::jacobian_callback(double t, N_Vector y, N_Vector fy, SUNMatrix jac, void* self,
                              N_Vector tmp1, N_Vector tmp2, N_Vector /*tmp3*/) {
  auto* engine = static_cast<Engine*>(self);
  const std::size_t n = engine->states_.size();
  const double* y0 = N_VGetArrayPointer(y);
  const double* f0 = N_VGetArrayPointer(fy);
  double* yp = N_VGetArrayPointer(tmp1);
  double* fp = N_VGetArrayPointer(tmp2);
  SUNMatZero(jac);
  std::copy(engine->column_starts_.begin(), engine->column_starts_.end(), SM_INDEXPTRS_S(jac));
  std::copy(engine->row_indices_.begin(), engine->row_indices_.end(), SM_INDEXVALS_S(jac));
  double* data = SM_DATA_S(jac);
  std::copy(y0, y0 + n, yp);
  std::vector<double> step(n, 0.0);
  for (const auto& group : engine->colour_groups_) {
    for (const auto j : group) {
      // sqrt(eps) relative step, floored at the absolute tolerance's scale
      step[j] =
          1.5e-8 * std::max(std::fabs(y0[j]), engine->abstol_[j] / engine->options_.rtol * 1e-2);
      if (step[j] == 0.0) step[j] = 1e-8;
      yp[j] = y0[j] + step[j];
    }
    ++engine->rhs_evaluations_;
    engine->evaluate_rhs(t, yp, fp);
    for (const auto j : group) {
      for (auto k = engine->column_starts_[j]; k < engine->column_starts_[j + 1]; ++k) {
        const auto i = static_cast<std::size_t>(engine->row_indices_[static_cast<std::size_t>(k)]);
        data[k] = (fp[i] - f0[i]) / step[j];
      }
      yp[j] = y0[j];
    }
  }
  return 0;
}

Trajectory Engine::run() {
  if (uses_dae()) return run_dae();
  started_ = std::chrono::steady_clock::now();
  Trajectory out;
  out.names = column_names_;
  const double t0 = options_.start;
  const std::size_t n_out = options_.intervals + 1;
  auto finish = [&](const Outcome& outcome) {
    if (!outcome.ok()) {
      out.status = outcome.status;
      out.message = outcome.message;
      out.time_reached = outcome.time;
    }
    out.steps = steps();
    out.rhs_evaluations = rhs_evaluations_;
    out.events_executed = events_executed_;
    out.sparse = solver_ && solver_->sparse;
    out.analytic_jacobian = solver_ && solver_->analytic_jacobian;
    out.eliminated_species = conserved_totals_.size();
    out.native = native_rhs_ != nullptr;
    if (!native_note_.empty()) out.warnings.insert(out.warnings.begin(), native_note_);
    return out;
  };
  if (const Outcome started = begin(); !started.ok()) return finish(started);
  if (options_.keep_rows) {
    out.times.reserve(n_out);
    out.values.reserve(n_out * columns_.size());
  }
  for (std::size_t k = 0; k < n_out; ++k) {
    const double tout = options_.intervals == 0
                            ? t0
                            : t0 + (options_.end - t0) * static_cast<double>(k) /
                                       static_cast<double>(options_.intervals);
    if (const Outcome reached = advance(tout); !reached.ok()) return finish(reached);
    record(out, tout);
  }
  return finish(Outcome{.time = solver_->t});
}

long Engine::steps() const {
  if (!solver_) return 0;
  long current = 0;
  if (solver_->cvode) CVodeGetNumSteps(solver_->cvode.get(), &current);
  return solver_->steps_before_restart + current;
}

Outcome Engine::begin() {
  if (started_ == std::chrono::steady_clock::time_point{})
    started_ = std::chrono::steady_clock::now();
  solver_ = std::make_shared<SolverState>();
  auto& s = *solver_;
  initialise();
  const double t0 = options_.start;
  s.t = t0;

  // Events at the start: a trigger true now whose initialValue is false fires.
  trigger_state_.resize(events_.size());
  for (std::size_t e = 0; e < events_.size(); ++e)
    trigger_state_[e] = events_[e].initial_value ? 1 : 0;
  hooks_.time = t0;
  derive();
  initial_values_ = values_;
  record_history(t0);
  if (!process_events(t0))
    return {SimulationStatus::event_cascade, t0,
            "events keep re-triggering at time " + std::to_string(t0)};
  record_history(t0);

  const std::size_t n = std::max<std::size_t>(states_.size(), 1);
  s.context = detail::make_context();
  s.y.reset(N_VNew_Serial(static_cast<sunindextype>(n), s.context.get()));
  s.abstol.reset(N_VNew_Serial(static_cast<sunindextype>(n), s.context.get()));
  store_state(N_VGetArrayPointer(s.y.get()));
  {
    // Absolute tolerance scaled to the model's magnitudes: suites and real models alike use
    // amounts far below 1 (e.g. 1e-15 mol), where a fixed atol would accept anything.
    double scale = 0.0;
    for (std::size_t i = 0; i < states_.size(); ++i)
      scale = std::max(scale, std::fabs(N_VGetArrayPointer(s.y.get())[i]));
    if (scale == 0.0 || !std::isfinite(scale)) scale = 1.0;
    N_VConst(options_.atol * std::min(1.0, scale), s.abstol.get());
  }
  s.cvode.reset(CVodeCreate(CV_BDF, s.context.get()));
  if (!s.cvode) throw InternalError("CVodeCreate returned null");
  void* mem = s.cvode.get();
  detail::check_sundials(CVodeInit(mem, &Engine::rhs_callback, t0, s.y.get()), "CVodeInit");
  detail::check_sundials(CVodeSetUserData(mem, this), "CVodeSetUserData");
  detail::check_sundials(CVodeSetErrHandlerFn(mem, &Engine::error_callback, this),
                         "CVodeSetErrHandlerFn");
  detail::check_sundials(CVodeSVtolerances(mem, options_.rtol, s.abstol.get()),
                         "CVodeSVtolerances");
  const bool want_sparse =
      options_.linear_solver == kinetic::LinearSolver::sparse ||
      (options_.linear_solver == kinetic::LinearSolver::automatic && states_.size() >= 64);
  s.sparse = want_sparse && !states_.empty() && sparsity_known_;
  abstol_.assign(N_VGetArrayPointer(s.abstol.get()), N_VGetArrayPointer(s.abstol.get()) + n);
  s.matrix.reset(s.sparse
                     ? SUNSparseMatrix(static_cast<sunindextype>(n), static_cast<sunindextype>(n),
                                       static_cast<sunindextype>(row_indices_.size()), CSC_MAT,
                                       s.context.get())
                     : SUNDenseMatrix(static_cast<sunindextype>(n), static_cast<sunindextype>(n),
                                      s.context.get()));
  s.solver.reset(s.sparse ? SUNLinSol_KLU(s.y.get(), s.matrix.get(), s.context.get())
                          : SUNLinSol_Dense(s.y.get(), s.matrix.get(), s.context.get()));
  if (!s.matrix || !s.solver)
    throw InternalError("cannot create the SUNDIALS matrix or linear solver");
  detail::check_sundials(CVodeSetLinearSolver(mem, s.solver.get(), s.matrix.get()),
                         "CVodeSetLinearSolver");
  s.analytic_jacobian =
      options_.analytic_jacobian && jacobian_available_ && (!s.sparse || jacobian_sparse_ok_);
  if (s.analytic_jacobian) {
    detail::check_sundials(CVodeSetJacFn(mem, &Engine::analytic_jacobian_callback),
                           "CVodeSetJacFn");
  } else if (s.sparse) {
    detail::check_sundials(CVodeSetJacFn(mem, &Engine::jacobian_callback), "CVodeSetJacFn");
  }
  detail::check_sundials(CVodeSetMaxNumSteps(mem, options_.max_steps), "CVodeSetMaxNumSteps");
  if (!delayed_.empty()) {
    double max_step = (options_.end - t0) / 200.0;
    if (std::isfinite(smallest_delay_)) max_step = std::min(max_step, smallest_delay_ / 4.0);
    if (max_step > 0 && std::isfinite(max_step))
      detail::check_sundials(CVodeSetMaxStep(mem, max_step), "CVodeSetMaxStep");
  }
  s.task = delayed_.empty() ? CV_NORMAL : CV_ONE_STEP;
  if (!roots_.empty()) {
    detail::check_sundials(
        CVodeRootInit(mem, static_cast<int>(roots_.size()), &Engine::root_callback),
        "CVodeRootInit");
    detail::check_sundials(CVodeSetNoInactiveRootWarn(mem), "CVodeSetNoInactiveRootWarn");
  }
  s.found.assign(roots_.size(), 0);
  return {.time = t0};
}

// Restarts CVODE at the current values (after events or a set value): a new initial point.
void Engine::reinit() {
  auto& s = *solver_;
  store_state(N_VGetArrayPointer(s.y.get()));
  s.steps_before_restart = steps();
  detail::check_sundials(CVodeReInit(s.cvode.get(), s.t, s.y.get()), "CVodeReInit");
  s.stop_time = std::numeric_limits<double>::quiet_NaN();  // set again before the next step
  if (!delayed_.empty()) record_history(s.t);              // the values after the jump
}

// A failed CVode call as an outcome naming what failed, the time reached and the element.
Outcome Engine::failure(int flag) {
  auto& s = *solver_;
  void* mem = s.cvode.get();
  double reached = s.t;
  CVodeGetCurrentTime(mem, &reached);
  const bool rhs_failed = flag == CV_RHSFUNC_FAIL || flag == CV_REPTD_RHSFUNC_ERR ||
                          flag == CV_FIRST_RHSFUNC_ERR || flag == CV_UNREC_RHSFUNC_ERR;
  const std::size_t n = std::max<std::size_t>(states_.size(), 1);
  detail::Vector weights(N_VNew_Serial(static_cast<sunindextype>(n), s.context.get()));
  detail::Vector errors(N_VNew_Serial(static_cast<sunindextype>(n), s.context.get()));
  const bool estimates = !states_.empty() && CVodeGetErrWeights(mem, weights.get()) == CV_SUCCESS &&
                         CVodeGetEstLocalErrors(mem, errors.get()) == CV_SUCCESS;
  // Output points are interpolated, so CVODE may creep up on the point where a rate turns NaN
  // (each step that crosses it is refused and shortened) until it runs out of steps: the NaN
  // met on the way is still the cause.
  const auto [status, what] =
      describe_failure(flag == CV_TOO_MUCH_WORK, rhs_failed || flag == CV_TOO_MUCH_WORK,
                       states_.size(), estimates ? N_VGetArrayPointer(weights.get()) : nullptr,
                       estimates ? N_VGetArrayPointer(errors.get()) : nullptr,
                       [this](std::size_t i) { return states_[i].id; });
  return {status, reached, what + " at time " + std::to_string(reached)};
}

Outcome Engine::advance(double tout) {
  auto& s = *solver_;
  void* mem = s.cvode.get();
  double& t = s.t;
  auto cascade = [&](const char* what) {
    return Outcome{SimulationStatus::event_cascade, t, what + (" at time " + std::to_string(t))};
  };
  while (t < tout - 1e-12 * std::max(1.0, std::fabs(tout))) {
    // Output points are interpolated (CVODE's dense output), not stepped to: stopping at each
    // would shorten the steps. Steps stop only at delayed events, at the end of a run, and at
    // every requested time of a stepping caller (end = infinity), of a delay() model (its
    // history is recorded step by step) and of a rateOf model (rateOf reads the rates of the
    // last evaluation, which must be at the output point).
    double next_event = std::numeric_limits<double>::infinity();
    for (const auto& p : pending_) next_event = std::min(next_event, p.time);
    const double target = std::min(tout, next_event);
    double tstop = (std::isfinite(options_.end) && delayed_.empty() && !uses_rate_of_)
                       ? std::max(options_.end, tout)
                       : tout;
    tstop = std::min(tstop, next_event);
    if (target <= t) {  // a delayed event due now (scheduled with zero or tiny delay)
      if (!process_events(t)) return cascade("events keep re-triggering");
      reinit();
      // Guard against a pending time that cannot be reached.
      for (auto& p : pending_) p.time = std::max(p.time, t);
      bool due = false;
      for (const auto& p : pending_) due = due || p.time <= t;
      if (due) return cascade("delayed events keep falling due");
      continue;
    }
    if (tstop != s.stop_time) {
      detail::check_sundials(CVodeSetStopTime(mem, tstop), "CVodeSetStopTime");
      s.stop_time = tstop;
    }
    double reached = t;
    const int flag = CVode(mem, target, s.y.get(), &reached, s.task);
    if (flag == CV_TSTOP_RETURN) s.stop_time = std::numeric_limits<double>::quiet_NaN();
    if (flag < 0) {
      Outcome failed = failure(flag);
      // CVODE hands back the last good state: keep it, so a caller may go on from there.
      t = failed.time;
      load_state(t, N_VGetArrayPointer(s.y.get()));
      derive();
      return failed;
    }
    t = reached;
    bad_element_.clear();  // a NaN CVODE recovered from is not the cause of a later failure
    undefined_element_.clear();
    load_state(t, N_VGetArrayPointer(s.y.get()));
    if (!delayed_.empty()) {
      derive();
      record_history(t);
      if (flag == CV_SUCCESS && t < target) continue;  // an internal step: keep going
    }
    if (flag == CV_ROOT_RETURN) {
      CVodeGetRootInfo(mem, s.found.data());
      const bool settled = process_root_events(t, s.found);
      if (!settled) return cascade("events keep re-triggering");
      derive();  // at the root itself relations hold their plain values (time <= 2 at 2)
      reinit();
      continue;
    }
    bool due = false;
    for (const auto& p : pending_) due = due || p.time <= t;
    if (due) {
      if (!process_events(t)) return cascade("events keep re-triggering");
      reinit();
    } else if (algebraic_slots_.empty() && fast_.empty() && !uses_rate_of_) {
      derived_stale_ = true;  // record() or value_of() computes what they need
    } else {
      derive();
    }
  }
  return {.time = t};
}

double Engine::value_of(std::string_view id) {
  if (derived_stale_) {
    derive();
    derived_stale_ = false;
  }
  const auto it =
      id.find(' ') == std::string_view::npos ? slots_.find(std::string(id)) : slots_.end();
  if (it == slots_.end())
    throw InputError({.element_id = std::string(id)}, "not an id of the model");
  return values_[it->second];
}

void Engine::set_value_of(std::string_view id, double v) {
  const std::string name(id);
  const auto it = id.find(' ') == std::string_view::npos ? slots_.find(name) : slots_.end();
  const std::uint32_t slot = it == slots_.end() ? kNone : it->second;
  const std::size_t first_parameter = 1 + model_.compartments.size() + 2 * model_.species.size();
  const bool settable =
      slot != kNone && slot >= 1 && (slot < first_parameter + model_.parameters.size());
  if (!settable)
    throw InputError({.element_id = name}, "names no compartment, species or parameter to set");
  const int species = species_of_slot_[slot];
  const bool ruled = species >= 0
                         ? !species_[species].amount_is_primary
                         : std::any_of(derived_.begin(), derived_.end(),
                                       [slot](const Compiled& d) { return d.target == slot; });
  if (ruled) throw InputError({.element_id = name}, "a rule sets it; it cannot be set");
  if (!solver_) throw InternalError("set_value_of before begin()");
  // An unchanged input (the common case when a coupling sets it every step) keeps CVODE's
  // step size and order: no restart.
  if (derived_stale_) derive();  // a species' value is derived from its amount
  if (values_[slot] == v) return;
  assign(slot, v);
  if (!process_events(solver_->t)) {
    throw ComputationError("setting '" + name + "' at time " + std::to_string(solver_->t) +
                           " starts events that keep re-triggering");
  }
  derive();
  reinit();
}

}  // namespace ergon::kinetic::detail
