#include "engine/kinetic/integrator.hpp"

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/kinetic/detail/engine.hpp"

namespace ergon::kinetic {
namespace {

SimulationOptions simulation_options(const IntegratorOptions& options) {
  SimulationOptions out;
  out.start = options.start;
  // No output grid: the caller steps. `end` only bounds the step for delay() models.
  out.end = std::numeric_limits<double>::infinity();
  out.intervals = 0;
  out.rtol = options.rtol;
  out.atol = options.atol;
  out.max_steps = options.max_steps;
  out.linear_solver = options.linear_solver;
  out.initial_values = options.initial_values;
  out.keep_rows = false;
  return out;
}

}  // namespace

Integrator::Integrator(std::shared_ptr<const CompiledModel> model, const IntegratorOptions& options)
    : model_(std::move(model)) {
  if (!model_) throw InputError("Integrator needs a compiled model");
  if (!std::isfinite(options.start)) throw InputError("start time must be finite");
  const SimulationOptions run_options = simulation_options(options);
  detail::validate(run_options);
  engine_ = std::make_unique<detail::Engine>(model_->prototype(), run_options);
  if (const auto started = engine_->begin(); !started.ok()) throw ComputationError(started.message);
}

Integrator::~Integrator() = default;
Integrator::Integrator(Integrator&&) noexcept = default;
Integrator& Integrator::operator=(Integrator&&) noexcept = default;

void Integrator::advance_to(double t) {
  if (!std::isfinite(t) || t < engine_->time()) {
    throw InputError("advance_to(" + std::to_string(t) + ") is before the current time " +
                     std::to_string(engine_->time()));
  }
  if (const auto reached = engine_->advance(t); !reached.ok())
    throw ComputationError(reached.message);
}

double Integrator::time() const {
  return engine_->time();
}

double Integrator::value(std::string_view id) const {
  return engine_->value_of(id);
}

void Integrator::set_value(std::string_view id, double v) {
  engine_->set_value_of(id, v);
}

long Integrator::steps() const {
  return engine_->steps();
}

long Integrator::rhs_evaluations() const {
  return engine_->rhs_evaluations();
}

long Integrator::events_executed() const {
  return engine_->events_executed();
}

std::vector<double> Integrator::state() const {
  std::vector<double> y(std::max<std::size_t>(engine_->state_count(), 1));
  engine_->current_state(y.data());
  y.resize(engine_->state_count());
  return y;
}

void Integrator::rhs(double t, std::span<const double> y, std::span<double> ydot) {
  if (y.size() != engine_->state_count() || ydot.size() != engine_->state_count())
    throw InputError("rhs: y and ydot must have one entry per state variable");
  engine_->rhs(t, y.data(), ydot.data());
}

bool Integrator::jacobian(double t, std::span<const double> y, std::span<double> out) {
  const std::size_t n = engine_->state_count();
  if (y.size() != n || out.size() != n * n)
    throw InputError("jacobian: y needs one entry per state variable, out n x n");
  std::vector<double> column_major(n * n);
  if (!engine_->analytic_jacobian(t, y.data(), column_major.data())) return false;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) out[i * n + j] = column_major[j * n + i];
  }
  return true;
}

}  // namespace ergon::kinetic
