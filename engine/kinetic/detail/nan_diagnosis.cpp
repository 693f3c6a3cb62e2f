// Which value made a rate NaN: called when the right-hand side (or DAE residual) returns a
// NaN, with the values of that very evaluation still in place. The element at fault is the
// first value in dependency order that is NaN although everything it reads is defined.
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/kinetic/detail/engine.hpp"

namespace ergon::kinetic::detail {

namespace {

// Whether `program`, NaN although every value it reads is defined, may owe that to a
// piecewise with no otherwise (whose fall-through compiles to
// a NaN constant with its own payload, undefined_piecewise_value()). nullopt when
// an input is NaN itself (the fault lies earlier).
std::optional<bool> own_nan(const Program& program, const std::vector<double>& values) {
  bool undefined_piecewise = false;
  for (const auto& ins : program.code) {
    if (ins.code == Code::load && std::isnan(values[ins.a])) return std::nullopt;
    if (ins.code == Code::constant && is_undefined_piecewise_value(ins.value))
      undefined_piecewise = true;
  }
  return undefined_piecewise;
}

}  // namespace

void Engine::diagnose_nan() {
  undefined_element_.clear();
  nan_source_.clear();
  auto blame = [this](const std::string& id, bool undefined_piecewise) {
    nan_source_ = id;
    if (undefined_piecewise) undefined_element_ = id;
  };
  for (const auto& d : derived_) {
    if (!std::isnan(values_[d.target])) continue;
    if (const auto own = own_nan(d.program, values_)) return blame(slot_names_[d.target], *own);
  }
  for (const auto& v : states_) {
    // evaluated here: rates_ is kept only for models that read rateOf
    if (!v.by_rate_rule || !std::isnan(v.rate_rule.evaluate(values_.data(), &hooks_))) continue;
    if (const auto own = own_nan(v.rate_rule, values_)) return blame(v.id, *own);
  }
  for (std::size_t j = 0; j < algebraic_rules_.size(); ++j) {
    if (!std::isnan(algebraic_rules_[j].evaluate(values_.data(), &hooks_))) continue;
    if (const auto own = own_nan(algebraic_rules_[j], values_))
      return blame(slot_names_[algebraic_slots_[j]], *own);
  }
}

std::string Engine::nan_explanation(SimulationStatus& status) const {
  std::string what = bad_element_.rfind("algebraic rule for ", 0) == 0
                         ? " (NaN in the " + bad_element_
                         : " (NaN in the rate of '" + bad_element_ + "'";
  if (!undefined_element_.empty()) {
    status = SimulationStatus::undefined_value;
    what += ": '" + undefined_element_ +
            "' is undefined there, a piecewise with no otherwise and no piece applying";
  } else if (!nan_source_.empty() && nan_source_ != bad_element_) {
    what += ", first NaN in '" + nan_source_ + "'";
  }
  return what + ")";
}

std::pair<SimulationStatus, std::string> Engine::describe_failure(
    bool too_much_work, bool nan_failure, std::size_t n, const double* weights,
    const double* errors, const std::function<std::string(std::size_t)>& name) const {
  SimulationStatus status = SimulationStatus::solver_failure;
  std::string what = solver_message_;
  if (budget_exceeded_) {
    return {SimulationStatus::time_budget,
            "wall-clock budget of " + std::to_string(options_.time_budget) + " s used up"};
  }
  if (too_much_work) status = SimulationStatus::too_much_work;
  if (nan_failure && !bad_element_.empty()) {
    // A NaN met during the failing call is the cause, also when the solver ran out of steps
    // creeping up on it: solver_failure (or undefined_value, which nan_explanation decides).
    status = SimulationStatus::solver_failure;
    what += nan_explanation(status);
  } else if (n > 0 && weights != nullptr && errors != nullptr) {
    // The component that drives the step size: largest weighted local error.
    std::size_t worst = 0;
    for (std::size_t i = 1; i < n; ++i) {
      if (std::fabs(errors[i] * weights[i]) > std::fabs(errors[worst] * weights[worst])) worst = i;
    }
    if (errors[worst] != 0.0) what += " (largest local error in '" + name(worst) + "')";
  }
  return {status, what};
}

}  // namespace ergon::kinetic::detail
