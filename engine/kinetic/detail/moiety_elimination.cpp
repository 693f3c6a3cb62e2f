// Optional elimination of conserved moieties (SimulationOptions::eliminate_conserved): for each
// conservation law sum_k c_k n_k = T of the reaction network (conservation.hpp), the dependent
// species' amount is no longer integrated but derived, n_d = (T - sum_{k != d} c_k n_k) / c_d,
// with T a hidden constant taken from the state at the start and after every event. The ODE
// loses one variable per law and its Jacobian the matching zero eigenvalues.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/kinetic/conservation.hpp"
#include "engine/kinetic/detail/engine.hpp"

namespace ergon::kinetic::detail {

void Engine::eliminate_conserved() {
  // Rates read through rateOf need every species' rate from the ODE; algebraic rules and fast
  // reactions have their own Newton. Those models keep every variable.
  if (!options_.eliminate_conserved || uses_rate_of_ || !algebraic_slots_.empty() || !fast_.empty())
    return;
  ConservationAnalysis analysis;
  try {
    analysis = conservation_laws(model_);
  } catch (const ComputationError&) {
    return;  // laws not found exactly: integrate every species
  }
  if (analysis.laws.empty()) return;
  std::vector<int> state_of_slot(values_.size(), -1);
  for (std::size_t i = 0; i < states_.size(); ++i)
    state_of_slot[states_[i].slot] = static_cast<int>(i);
  for (const auto& law : analysis.laws) {
    for (const auto& term : law.terms) {
      // a species the engine does not integrate here: keep the full ODE
      if (state_of_slot[species_[species_index_.at(term.first)].amount] < 0) return;
    }
  }
  std::vector<Compiled> dependent_amounts;
  std::vector<char> drop(states_.size(), 0);
  for (const auto& law : analysis.laws) {
    ConservedTotal total;
    for (const auto& [id, c] : law.terms) {
      total.terms.emplace_back(species_[species_index_.at(id)].amount, static_cast<double>(c));
    }
    const std::string name = "conserved total of " + law.dependent;
    total.slot = add_slot("", name);
    slots_[slot_names_[total.slot]] = total.slot;
    species_of_slot_.push_back(-1);
    // n_d = (T - sum_{k != d} c_k n_k) / c_d
    const std::uint32_t dependent = species_[species_index_.at(law.dependent)].amount;
    std::vector<Expression> others;
    double c_dependent = 1.0;
    for (const auto& [slot, c] : total.terms) {
      if (slot == dependent) {
        c_dependent = c;
        continue;
      }
      others.push_back(Expression::call(
          Op::times, {Expression::number(c), Expression::symbol(slot_names_[slot])}));
    }
    Expression rest = others.empty()
                          ? Expression::number(0.0)
                          : (others.size() == 1 ? others[0] : Expression::call(Op::plus, others));
    const Expression math = Expression::call(
        Op::divide,
        {Expression::call(Op::minus, {Expression::symbol(slot_names_[total.slot]), rest}),
         Expression::number(c_dependent)});
    dependent_amounts.push_back(
        {.target = dependent, .program = compile(math, law.dependent, false)});
    drop[static_cast<std::size_t>(state_of_slot[dependent])] = 1;
    conserved_totals_.push_back(std::move(total));
  }
  // The dependent amounts read only ODE variables and constants: they go first.
  derived_.insert(derived_.begin(), dependent_amounts.begin(), dependent_amounts.end());
  std::vector<StateVariable> kept;
  for (std::size_t i = 0; i < states_.size(); ++i) {
    if (drop[i] == 0) kept.push_back(std::move(states_[i]));
  }
  states_ = std::move(kept);
  rates_.assign(values_.size(), 0.0);
  hooks_.rates = rates_.data();
}

void Engine::refresh_conserved_totals() {
  for (const auto& total : conserved_totals_) {
    double sum = 0.0;
    for (const auto& [slot, c] : total.terms) sum += c * values_[slot];
    values_[total.slot] = sum;
  }
}

}  // namespace ergon::kinetic::detail
