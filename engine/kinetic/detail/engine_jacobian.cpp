// The analytic Jacobian: every derived value and every right-hand side is differentiated
// symbolically with respect to the symbols it reads (differentiate.hpp), the partial
// derivatives are compiled into one program, and the chain rule through the derived values
// (assignment rules, concentrations, rates, in dependency order) is applied numerically with
// the sparsity the structure gives: d ydot_i / d y_j = sum over read symbols k of
// (d f_i / d x_k) (d x_k / d y_j).
#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/kinetic/detail/engine.hpp"
#include "engine/kinetic/differentiate.hpp"

namespace ergon::kinetic::detail {

// False (finite differences stay) for structures whose derivatives are not a function of the
// state alone here: algebraic rules and fast reactions (solved by Newton), rateOf, delay().
bool Engine::build_jacobian() {
  jacobian_available_ = false;
  if (!algebraic_slots_.empty() || !fast_.empty() || uses_rate_of_ || !delayed_.empty())
    return false;
  if (derived_math_.size() != derived_.size()) return false;
  const std::size_t n = states_.size();
  if (n == 0) return false;
  const std::size_t first_partial_slot = values_.size();

  // deps[slot]: sorted state indices the slot depends on; grad segment offsets per slot.
  std::vector<std::vector<std::uint32_t>> deps(values_.size());
  std::vector<std::uint32_t> offset(values_.size(), kNone);
  std::vector<int> state_of_slot(values_.size(), -1);
  for (std::size_t j = 0; j < n; ++j) {
    state_of_slot[states_[j].slot] = static_cast<int>(j);
    deps[states_[j].slot] = {static_cast<std::uint32_t>(j)};
  }
  std::uint32_t next_gradient = 1;  // gradient_[0] holds 1: d y_j / d y_j
  Program partials;
  std::vector<JacobianStep> steps;

  // One function (derived value or right-hand side) of the slots it reads: its gradient
  // segment is laid out, and for each read symbol that depends on the state, its partial is
  // compiled and the chain-rule steps recorded. False if a partial cannot be formed.
  auto differentiate_one = [&](const Expression& math, std::vector<std::uint32_t>& own_deps,
                               std::uint32_t& own_offset) {
    std::vector<std::pair<std::uint32_t, std::string>> reads;  // slot, symbol
    for (const auto& id : referenced_symbols(math)) {
      const auto it = slots_.find(id);
      if (it == slots_.end() || deps[it->second].empty()) continue;
      reads.emplace_back(it->second, id);
      own_deps.insert(own_deps.end(), deps[it->second].begin(), deps[it->second].end());
    }
    std::sort(own_deps.begin(), own_deps.end());
    own_deps.erase(std::unique(own_deps.begin(), own_deps.end()), own_deps.end());
    if (own_deps.empty()) return true;
    own_offset = next_gradient;
    next_gradient += static_cast<std::uint32_t>(own_deps.size());
    for (const auto& [slot, id] : reads) {
      auto partial = differentiate(math, id);
      if (!partial) return false;
      if (partial->op == Op::number && partial->value == 0.0) continue;
      const std::uint32_t partial_slot = add_slot("", "partial");
      partials.append_assignment(compile(*partial, "Jacobian of " + id, false), partial_slot);
      for (std::size_t e = 0; e < deps[slot].size(); ++e) {
        const auto j = deps[slot][e];
        const auto position = static_cast<std::uint32_t>(
            std::lower_bound(own_deps.begin(), own_deps.end(), j) - own_deps.begin());
        const std::uint32_t source =
            state_of_slot[slot] >= 0 ? 0 : offset[slot] + static_cast<std::uint32_t>(e);
        steps.push_back({partial_slot, source, own_offset + position});
      }
    }
    return true;
  };
  // The same, keeping the per-slot tables as long as the slots the partials added; on failure
  // those slots are dropped again (finite differences stay).
  auto differentiate_into = [&](const Expression& math, std::vector<std::uint32_t>& own_deps,
                                std::uint32_t& own_offset) {
    if (!differentiate_one(math, own_deps, own_offset)) {
      values_.resize(first_partial_slot);
      slot_names_.resize(first_partial_slot);
      return false;
    }
    deps.resize(values_.size());
    offset.resize(values_.size(), kNone);
    state_of_slot.resize(values_.size(), -1);
    return true;
  };

  for (std::size_t k = 0; k < derived_.size(); ++k) {
    const std::uint32_t target = derived_[k].target;
    if (state_of_slot[target] >= 0) return false;  // a rule on an ODE variable: not expected
    std::vector<std::uint32_t> own;
    std::uint32_t own_offset = kNone;
    if (!differentiate_into(derived_math_[k], own, own_offset)) return false;
    deps[target] = std::move(own);
    offset[target] = own_offset;
  }
  // Right-hand sides: a rate rule's math, or conversion * sum(sign * stoichiometry * rate).
  jacobian_rows_.assign(n, {});
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = states_[i];
    Expression rhs;
    if (v.by_rate_rule) {
      const Rule* rule = nullptr;
      for (const auto& r : model_.rules) {
        if (r.kind == RuleKind::rate && r.variable == v.id) rule = &r;
      }
      if (rule == nullptr) return false;
      rhs = rule->math;
    } else {
      std::vector<Expression> terms;
      for (const auto& term : v.terms) {
        terms.push_back(Expression::call(
            Op::times,
            {Expression::number(term.sign), Expression::symbol(slot_names_[term.stoichiometry]),
             Expression::symbol(slot_names_[term.rate])}));
      }
      rhs = Expression::call(Op::plus, std::move(terms));
      if (v.conversion != kNone)
        rhs = Expression::call(Op::times, {Expression::symbol(slot_names_[v.conversion]), rhs});
    }
    auto& row = jacobian_rows_[i];
    if (!differentiate_into(rhs, row.states, row.offset)) return false;
  }
  // Where each row entry goes in the CSC pattern (when there is one).
  jacobian_sparse_positions_.clear();
  jacobian_sparse_ok_ = sparsity_known_;
  for (std::size_t i = 0; i < n && jacobian_sparse_ok_; ++i) {
    for (const auto j : jacobian_rows_[i].states) {
      const auto first = row_indices_.begin() + column_starts_[j];
      const auto last = row_indices_.begin() + column_starts_[j + 1];
      const auto it = std::lower_bound(first, last, static_cast<sunindextype>(i));
      if (it == last || *it != static_cast<sunindextype>(i)) {
        jacobian_sparse_ok_ = false;
        break;
      }
      jacobian_sparse_positions_.push_back(static_cast<std::size_t>(it - row_indices_.begin()));
    }
  }
  jacobian_program_ = std::move(partials);
  jacobian_steps_ = std::move(steps);
  gradient_.assign(next_gradient, 0.0);
  jacobian_available_ = true;
  return true;
}

void Engine::evaluate_jacobian(double t, const double* y) {
  load_state(t, y);
  derive();
  if (native_jacobian_ != nullptr) {
    native_jacobian_(values_.data(), hooks_.overrides);
  } else {
    jacobian_program_.run(values_.data(), &hooks_);
  }
  std::fill(gradient_.begin(), gradient_.end(), 0.0);
  gradient_[0] = 1.0;
  double* g = gradient_.data();
  const double* v = values_.data();
  for (const auto& step : jacobian_steps_) g[step.target] += v[step.partial] * g[step.source];
}

void Engine::jacobian_dense(double t, const double* y, double* column_major) {
  evaluate_jacobian(t, y);
  const std::size_t n = states_.size();
  std::fill(column_major, column_major + n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& row = jacobian_rows_[i];
    for (std::size_t e = 0; e < row.states.size(); ++e)
      column_major[row.states[e] * n + i] = gradient_[row.offset + e];
  }
}

// Dense finite differences, as CVODE's own, for points where an analytic entry is not finite
// (e.g. d sqrt(x)/dx at x = 0) but a difference quotient still is.
void Engine::finite_difference_dense(double t, const double* y, const double* fy,
                                     double* column_major) {
  const std::size_t n = states_.size();
  std::vector<double> yp(y, y + n), fp(n);
  for (std::size_t j = 0; j < n; ++j) {
    double h = 1.5e-8 * std::max(std::fabs(y[j]), abstol_[j] / options_.rtol * 1e-2);
    if (h == 0.0) h = 1e-8;
    yp[j] = y[j] + h;
    ++rhs_evaluations_;
    evaluate_rhs(t, yp.data(), fp.data());
    for (std::size_t i = 0; i < n; ++i) column_major[j * n + i] = (fp[i] - fy[i]) / h;
    yp[j] = y[j];
  }
}

int Engine::analytic_jacobian_callback(double t, N_Vector y, N_Vector fy, SUNMatrix jac, void* self,
                                       N_Vector tmp1, N_Vector tmp2, N_Vector tmp3) {
  auto* engine = static_cast<Engine*>(self);
  const double* y0 = N_VGetArrayPointer(y);
  engine->evaluate_jacobian(t, y0);
  bool finite = true;
  for (const auto& row : engine->jacobian_rows_) {
    for (std::size_t e = 0; e < row.states.size(); ++e)
      finite = finite && std::isfinite(engine->gradient_[row.offset + e]);
  }
  const bool dense = SUNMatGetID(jac) == SUNMATRIX_DENSE;
  if (!finite) {
    if (!dense) return jacobian_callback(t, y, fy, jac, self, tmp1, tmp2, tmp3);
    engine->finite_difference_dense(t, y0, N_VGetArrayPointer(fy), SM_DATA_D(jac));
    return 0;
  }
  if (dense) {
    const std::size_t n = engine->states_.size();
    double* data = SM_DATA_D(jac);
    std::fill(data, data + n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& row = engine->jacobian_rows_[i];
      for (std::size_t e = 0; e < row.states.size(); ++e)
        data[row.states[e] * n + i] = engine->gradient_[row.offset + e];
    }
    return 0;
  }
  std::copy(engine->column_starts_.begin(), engine->column_starts_.end(), SM_INDEXPTRS_S(jac));
  std::copy(engine->row_indices_.begin(), engine->row_indices_.end(), SM_INDEXVALS_S(jac));
  double* data = SM_DATA_S(jac);
  std::fill(data, data + engine->row_indices_.size(), 0.0);
  std::size_t k = 0;
  for (const auto& row : engine->jacobian_rows_) {
    for (std::size_t e = 0; e < row.states.size(); ++e)
      data[engine->jacobian_sparse_positions_[k++]] = engine->gradient_[row.offset + e];
  }
  return 0;
}

}  // namespace ergon::kinetic::detail
