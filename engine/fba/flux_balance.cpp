#include "engine/fba/flux_balance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/detail/sweep_threads.hpp"
#include "engine/fba/lp_problem.hpp"

namespace ergon::fba {

const char* to_string(Status status) noexcept {
  switch (status) {
    case Status::optimal: return "optimal";
    case Status::infeasible: return "infeasible";
    case Status::unbounded: return "unbounded";
    case Status::iteration_limit: return "iteration_limit";
    case Status::time_limit: return "time_limit";
    case Status::numerical_failure: return "numerical_failure";
  }
  return "unknown";
}

SolverStats& SolverStats::operator+=(const SolverStats& o) noexcept {
  lp_solves += o.lp_solves;
  iterations += o.iterations;
  cold_restarts += o.cold_restarts;
  skipped += o.skipped;
  polished += o.polished;
  seconds += o.seconds;
  return *this;
}

SolverStats SolverStats::operator-(const SolverStats& b) const noexcept {
  return {lp_solves - b.lp_solves, iterations - b.iterations, cold_restarts - b.cold_restarts,
          skipped - b.skipped,     polished - b.polished,     seconds - b.seconds};
}

struct FluxBalance::Impl {
  Impl(ConstraintModel m, SolverOptions o)
      : model(std::move(m)), options(o), lp(build_fba_problem(model)) {
    bounds.reserve(model.reactions().size());
    for (const auto& r : model.reactions()) {
      bounds.push_back({r.lower_bound, r.upper_bound});
      objective.push_back(r.objective_coefficient);
    }
    sense = model.sense();
  }
  ConstraintModel model;
  SolverOptions options;
  detail::GlpProblem lp;
  std::vector<FluxBounds> bounds;
  std::vector<double> objective;
  ObjectiveSense sense;
  SolverStats stats;
  Status last = Status::numerical_failure;
};

FluxBalance::FluxBalance(ConstraintModel model, SolverOptions options)
    : impl_(std::make_unique<Impl>(std::move(model), options)) {}
FluxBalance::~FluxBalance() = default;
FluxBalance::FluxBalance(FluxBalance&&) noexcept = default;
FluxBalance& FluxBalance::operator=(FluxBalance&&) noexcept = default;

const ConstraintModel& FluxBalance::model() const noexcept {
  return impl_->model;
}
const SolverOptions& FluxBalance::options() const noexcept {
  return impl_->options;
}
const SolverStats& FluxBalance::stats() const noexcept {
  return impl_->stats;
}
SolverStats& FluxBalance::mutable_stats() noexcept {
  return impl_->stats;
}
detail::GlpProblem& FluxBalance::lp() noexcept {
  return impl_->lp;
}

FluxBounds FluxBalance::bounds(std::size_t reaction) const {
  return impl_->bounds.at(reaction);
}

void FluxBalance::set_bounds(std::size_t reaction, FluxBounds b) {
  const auto& id = impl_->model.reactions().at(reaction).id;
  if (std::isnan(b.lower) || std::isnan(b.upper))
    throw InputError({.element_id = id}, "flux bound is NaN");
  if (b.lower > b.upper) {
    throw InputError({.element_id = id}, "lower flux bound " + std::to_string(b.lower) +
                                             " exceeds upper bound " + std::to_string(b.upper));
  }
  impl_->bounds[reaction] = b;
  impl_->lp.set_column_bounds(reaction, b.lower, b.upper);
}

const std::vector<double>& FluxBalance::objective() const noexcept {
  return impl_->objective;
}
ObjectiveSense FluxBalance::sense() const noexcept {
  return impl_->sense;
}

void FluxBalance::set_objective(std::vector<double> coefficients, ObjectiveSense sense) {
  if (coefficients.size() != impl_->model.reactions().size()) {
    throw InternalError("objective has " + std::to_string(coefficients.size()) +
                        " coefficients for " + std::to_string(impl_->model.reactions().size()) +
                        " reactions");
  }
  impl_->lp.set_objective(coefficients, sense);
  impl_->objective = std::move(coefficients);
  impl_->sense = sense;
}

void FluxBalance::set_objective(std::size_t reaction, ObjectiveSense sense) {
  std::vector<double> c(impl_->model.reactions().size(), 0.0);
  c.at(reaction) = 1.0;
  set_objective(std::move(c), sense);
}

SimplexBasis FluxBalance::basis() const {
  auto b = impl_->lp.basis();
  return {std::move(b.rows), std::move(b.columns)};
}

void FluxBalance::set_basis(const SimplexBasis& basis) {
  impl_->lp.set_basis({basis.rows, basis.columns});
}

bool FluxBalance::try_set_basis(const SimplexBasis& basis) {
  if (basis.rows.size() != static_cast<std::size_t>(impl_->lp.rows()) ||
      basis.columns.size() != static_cast<std::size_t>(impl_->lp.columns())) {
    return false;
  }
  // GLPK aborts the process on a status code it does not know.
  const auto valid = [](int s) { return s >= GLP_BS && s <= GLP_NS; };
  if (!std::all_of(basis.rows.begin(), basis.rows.end(), valid) ||
      !std::all_of(basis.columns.begin(), basis.columns.end(), valid)) {
    return false;
  }
  set_basis(basis);
  return true;
}

SimplexBasis reference_basis(const ConstraintModel& model) {
  FluxBalance balance(model);
  if (balance.solve() != Status::optimal) return {};
  return balance.basis();
}

Status FluxBalance::solve(bool prefer_dual) {
  impl_->last = impl_->lp.solve(prefer_dual ? detail::Method::dual : detail::Method::primal,
                                impl_->options, impl_->stats);
  return impl_->last;
}

double FluxBalance::objective_value() const {
  return impl_->last == Status::optimal ? impl_->lp.objective_value()
                                        : std::numeric_limits<double>::quiet_NaN();
}

double FluxBalance::flux(std::size_t reaction) const {
  return impl_->lp.column_value(reaction);
}

std::vector<double> FluxBalance::fluxes() const {
  std::vector<double> v(impl_->model.reactions().size());
  for (std::size_t j = 0; j < v.size(); ++j) v[j] = impl_->lp.column_value(j);
  return v;
}

ScopedBounds::~ScopedBounds() {
  restore();
}

void ScopedBounds::set(std::size_t reaction, FluxBounds bounds) {
  const bool seen =
      std::any_of(saved_.begin(), saved_.end(), [&](const auto& s) { return s.first == reaction; });
  if (!seen) saved_.emplace_back(reaction, balance_.bounds(reaction));
  balance_.set_bounds(reaction, bounds);
}

void ScopedBounds::scale(std::size_t reaction, double factor) {
  if (!(factor >= 0.0 && factor <= 1.0)) {
    throw InputError({.element_id = balance_.model().reactions().at(reaction).id},
                     "inhibition factor " + std::to_string(factor) + " is not in [0, 1]");
  }
  // 0 * inf would be NaN: a full inhibition closes the reaction whatever its bounds.
  const auto times = [factor](double x) { return factor == 0.0 ? 0.0 : x * factor; };
  const auto b = balance_.bounds(reaction);
  set(reaction, {times(b.lower), times(b.upper)});
}

void ScopedBounds::restore() {
  // Reverse order so a reaction touched twice ends at its first saved value.
  for (auto it = saved_.rbegin(); it != saved_.rend(); ++it)
    balance_.set_bounds(it->first, it->second);
  saved_.clear();
}

void apply_medium(ScopedBounds& scope, const FluxBalance& balance,
                  const std::vector<std::pair<std::size_t, double>>& medium) {
  const auto& model = balance.model();
  auto consumes = [&](std::size_t r) {
    const auto& st = model.reactions()[r].stoichiometry;
    return std::any_of(st.begin(), st.end(),
                       [](const StoichiometryTerm& t) { return t.coefficient < 0; });
  };
  auto produces = [&](std::size_t r) {
    const auto& st = model.reactions()[r].stoichiometry;
    return std::any_of(st.begin(), st.end(),
                       [](const StoichiometryTerm& t) { return t.coefficient > 0; });
  };
  auto set_active_bound = [&](std::size_t r, double bound) {
    const auto b = balance.bounds(r);
    if (consumes(r)) {
      scope.set(r, {-bound, b.upper});
    } else if (produces(r)) {
      scope.set(r, {b.lower, bound});
    }
  };
  std::vector<char> listed(model.reactions().size(), 0);
  for (const auto& [r, uptake] : medium) {
    if (std::isnan(uptake))
      throw InputError({.element_id = model.reactions().at(r).id}, "medium uptake is NaN");
    listed.at(r) = 1;
    set_active_bound(r, uptake);
  }
  for (const auto r : model.exchange_reactions()) {
    if (listed[r] != 0) continue;
    const auto b = balance.bounds(r);
    const bool is_export = consumes(r) && !produces(r);
    set_active_bound(r, std::min(0.0, is_export ? -b.lower : b.upper));
  }
}

namespace detail {

LpSnapshot LpSnapshot::of(const FluxBalance& balance) {
  LpSnapshot s{.original = &balance,
               .options = balance.options(),
               .bounds = {},
               .objective = balance.objective(),
               .sense = balance.sense(),
               .basis = balance.basis()};
  for (std::size_t r = 0; r < balance.model().reactions().size(); ++r)
    s.bounds.push_back(balance.bounds(r));
  return s;
}

std::unique_ptr<FluxBalance> LpSnapshot::replica() const {
  const auto& model = original->model();
  auto copy = std::make_unique<FluxBalance>(model, options);
  for (std::size_t r = 0; r < bounds.size(); ++r) {
    const auto& reaction = model.reactions()[r];
    if (bounds[r].lower != reaction.lower_bound || bounds[r].upper != reaction.upper_bound)
      copy->set_bounds(r, bounds[r]);
  }
  copy->set_objective(objective, sense);
  copy->set_basis(basis);
  return copy;
}

}  // namespace detail

}  // namespace ergon::fba
