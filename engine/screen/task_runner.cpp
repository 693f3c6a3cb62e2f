#include "engine/screen/task_runner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/fba/analyses.hpp"

namespace ergon::screen {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

// The condition's LP: its model with its bound and objective edits.
fba::FluxBalance fresh_lp(const Condition& condition) {
  fba::FluxBalance balance(*condition.model);
  for (const auto& [reaction, bounds] : condition.bounds) balance.set_bounds(reaction, bounds);
  if (condition.objective)
    balance.set_objective(condition.objective->first, condition.objective->second);
  return balance;
}

struct TaskRunner::ConditionState {
  const Condition* condition;
  fba::FluxBalance balance;  ///< the unperturbed LP, for the reference state
  fba::SimplexBasis reference_basis;
  std::vector<double> reference_fluxes;  ///< |flux| at the unperturbed pFBA optimum = capacity
  fba::Status reference_status = fba::Status::numerical_failure;
  std::vector<std::vector<std::size_t>> target_reactions;  ///< per target: reactions it controls
  std::vector<std::size_t> readout_reactions;              ///< per readout (flux kind)
  std::vector<double> baseline;                            ///< readouts, unperturbed
  bool needs_pfba = false;

  ConditionState(const ScreenSpec& spec, const Condition& c) : condition(&c), balance(fresh_lp(c)) {
    const auto& model = *c.model;
    for (const auto& target : spec.targets) {
      if (target.kind == TargetKind::reaction) {
        target_reactions.push_back({model.reaction_index(target.id)});
      } else {
        target_reactions.push_back(model.reactions_disabled_by({model.gene_index(target.id)}));
      }
    }
    for (const auto& readout : spec.readouts) {
      const bool flux = readout.kind == Readout::Kind::flux;
      readout_reactions.push_back(flux ? model.reaction_index(readout.reaction) : 0);
      needs_pfba = needs_pfba || flux;
    }
    (void)fba::fba(balance);
    reference_basis = balance.basis();
    const auto reference = fba::pfba(balance);
    reference_status = reference.status;
    baseline.assign(spec.readouts.size(), kNaN);
    if (reference.status == fba::Status::optimal) {
      for (std::size_t k = 0; k < spec.readouts.size(); ++k) {
        baseline[k] = spec.readouts[k].kind == Readout::Kind::objective
                          ? reference.objective
                          : reference.fluxes.at(readout_reactions[k]);
      }
      reference_fluxes.resize(reference.fluxes.size());
      std::transform(reference.fluxes.begin(), reference.fluxes.end(), reference_fluxes.begin(),
                     [](double v) { return std::abs(v); });
    }
  }
};

TaskRunner::TaskRunner(const ScreenSpec& spec) : spec_(&spec) {
  for (const auto& condition : spec.conditions) {
    conditions_.push_back(std::make_unique<ConditionState>(spec, condition));
  }
}
TaskRunner::~TaskRunner() = default;
TaskRunner::TaskRunner(TaskRunner&&) noexcept = default;
TaskRunner& TaskRunner::operator=(TaskRunner&&) noexcept = default;

std::vector<double> TaskRunner::baseline(std::size_t condition) const {
  return conditions_.at(condition)->baseline;
}

TaskResult TaskRunner::run(const Task& task) {
  auto& state = *conditions_.at(task.condition);
  TaskResult result{.index = task.index,
                    .status = state.reference_status,
                    .values = std::vector<double>(spec_->readouts.size(), kNaN)};
  if (state.reference_status != fba::Status::optimal) return result;

  // Each task solves a fresh LP started from the unperturbed optimum's basis: its result is a
  // function of the task alone, whatever this runner solved before (threads, ranks and
  // shards give the same table). Building the LP costs far less than a cold solve.
  fba::FluxBalance lp = fresh_lp(*state.condition);
  lp.set_basis(state.reference_basis);

  // Inhibition: |flux| <= (1 - dose) x capacity, within the reaction's own bounds; a
  // knockout (dose 1) closes it outright, as COBRApy's knock_out does.
  const double dose = spec_->doses.at(task.dose);
  for (const auto r : state.target_reactions.at(task.target)) {
    const auto bounds = lp.bounds(r);
    if (dose >= 1.0) {
      lp.set_bounds(r, {0.0, 0.0});
      continue;
    }
    const double limit = (1.0 - dose) * state.reference_fluxes.at(r);
    const fba::FluxBounds inhibited{std::max(bounds.lower, -limit), std::min(bounds.upper, limit)};
    if (inhibited.lower > inhibited.upper) {  // the inhibition cannot meet a forced flux
      result.status = fba::Status::infeasible;
      return result;
    }
    lp.set_bounds(r, inhibited);
  }

  std::vector<double> fluxes;
  double objective = kNaN;
  if (state.needs_pfba) {
    const auto r = fba::pfba(lp);
    result.status = r.status;
    objective = r.objective;
    fluxes = r.fluxes;
  } else {
    const auto r = fba::fba(lp);
    result.status = r.status;
    objective = r.objective;
  }
  if (result.status != fba::Status::optimal) return result;
  for (std::size_t k = 0; k < spec_->readouts.size(); ++k) {
    result.values[k] = spec_->readouts[k].kind == Readout::Kind::objective
                           ? objective
                           : fluxes.at(state.readout_reactions[k]);
  }
  return result;
}

}  // namespace ergon::screen
