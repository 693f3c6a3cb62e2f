#include "engine/screen/task_runner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/fba/analyses.hpp"
#include "engine/kinetic/inhibition.hpp"
#include "engine/kinetic/simulation.hpp"

namespace ergon::screen {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool has_function_readout(const ScreenSpec& spec) {
  return std::any_of(spec.readouts.begin(), spec.readouts.end(),
                     [](const Readout& r) { return r.kind == Readout::Kind::function; });
}

TaskStatus task_status(kinetic::SimulationStatus status) {
  switch (status) {
    case kinetic::SimulationStatus::success: return TaskStatus::steady;
    case kinetic::SimulationStatus::too_much_work: return TaskStatus::too_much_work;
    case kinetic::SimulationStatus::solver_failure: return TaskStatus::solver_failure;
    case kinetic::SimulationStatus::time_budget: return TaskStatus::time_budget;
    case kinetic::SimulationStatus::event_cascade: return TaskStatus::event_cascade;
    case kinetic::SimulationStatus::undefined_value: return TaskStatus::undefined_value;
  }
  return TaskStatus::solver_failure;
}

}  // namespace

struct TaskRunner::ConditionState {
  virtual ~ConditionState() = default;
  [[nodiscard]] virtual TaskResult run(const Task& task) = 0;
  std::vector<double> baseline;  ///< readouts, unperturbed
};

// The condition's LP: its model with its bound and objective edits.
fba::FluxBalance fresh_lp(const Condition& condition) {
  fba::FluxBalance balance(*condition.model);
  for (const auto& [reaction, bounds] : condition.bounds) balance.set_bounds(reaction, bounds);
  if (condition.objective)
    balance.set_objective(condition.objective->first, condition.objective->second);
  return balance;
}

struct TaskRunner::FluxBalanceState : ConditionState {
  const ScreenSpec* spec;
  const Condition* condition;
  fba::FluxBalance balance;  ///< the unperturbed LP, for the reference state
  fba::SimplexBasis reference_basis;
  std::vector<double> reference_fluxes;  ///< |flux| at the unperturbed pFBA optimum = capacity
  fba::Status reference_status = fba::Status::numerical_failure;
  std::vector<std::vector<std::size_t>> target_reactions;  ///< per target: reactions it controls
  std::vector<std::size_t> readout_reactions;              ///< per readout (flux kind)
  bool needs_pfba = false;

  FluxBalanceState(const ScreenSpec& s, const Condition& c)
      : spec(&s), condition(&c), balance(fresh_lp(c)) {
    const auto& model = *c.model;
    for (const auto& target : s.targets) {
      if (target.kind == TargetKind::reaction) {
        target_reactions.push_back({model.reaction_index(target.id)});
      } else {
        target_reactions.push_back(model.reactions_disabled_by({model.gene_index(target.id)}));
      }
    }
    for (const auto& readout : s.readouts) {
      const bool flux = readout.kind == Readout::Kind::flux;
      readout_reactions.push_back(flux ? model.reaction_index(readout.id) : 0);
      // Functions see the fluxes, so they get the parsimonious (most often unique) ones.
      needs_pfba = needs_pfba || flux || readout.kind == Readout::Kind::function;
    }
    (void)fba::fba(balance);
    reference_basis = balance.basis();
    const auto reference = fba::pfba(balance);
    reference_status = reference.status;
    baseline.assign(s.readouts.size(), kNaN);
    if (reference.status == fba::Status::optimal) {
      baseline = readouts(nullptr, 0.0, reference.objective, reference.fluxes);
      reference_fluxes.resize(reference.fluxes.size());
      std::transform(reference.fluxes.begin(), reference.fluxes.end(), reference_fluxes.begin(),
                     [](double v) { return std::abs(v); });
    }
  }

  [[nodiscard]] std::vector<double> readouts(const Target* target, double dose, double objective,
                                             const std::vector<double>& fluxes) const {
    std::vector<double> values(spec->readouts.size(), kNaN);
    for (std::size_t k = 0; k < spec->readouts.size(); ++k) {
      const auto& readout = spec->readouts[k];
      switch (readout.kind) {
        case Readout::Kind::objective: values[k] = objective; break;
        case Readout::Kind::flux: values[k] = fluxes.at(readout_reactions[k]); break;
        case Readout::Kind::function:
          values[k] = readout.function(ReadoutInput{.condition = condition,
                                                    .target = target,
                                                    .dose = dose,
                                                    .objective = objective,
                                                    .fluxes = fluxes,
                                                    .ids = {},
                                                    .values = {}});
          break;
        case Readout::Kind::value: break;  // refused by validate()
      }
    }
    return values;
  }

  TaskResult run(const Task& task) override {
    TaskResult result{.index = task.index,
                      .status = static_cast<TaskStatus>(reference_status),
                      .values = std::vector<double>(spec->readouts.size(), kNaN)};
    if (reference_status != fba::Status::optimal) return result;

    // Each task solves a fresh LP started from the unperturbed optimum's basis: its result is a
    // function of the task alone, whatever this runner solved before (threads, ranks and
    // shards give the same table). Building the LP costs far less than a cold solve.
    fba::FluxBalance lp = fresh_lp(*condition);
    lp.set_basis(reference_basis);

    // Inhibition: |flux| <= (1 - dose) x capacity, within the reaction's own bounds; a
    // knockout (dose 1) closes it outright, as COBRApy's knock_out does.
    const double dose = spec->doses.at(task.dose);
    for (const auto r : target_reactions.at(task.target)) {
      const auto bounds = lp.bounds(r);
      if (dose >= 1.0) {
        lp.set_bounds(r, {0.0, 0.0});
        continue;
      }
      const double limit = (1.0 - dose) * reference_fluxes.at(r);
      const fba::FluxBounds inhibited{std::max(bounds.lower, -limit),
                                      std::min(bounds.upper, limit)};
      if (inhibited.lower > inhibited.upper) {  // the inhibition cannot meet a forced flux
        result.status = TaskStatus::infeasible;
        return result;
      }
      lp.set_bounds(r, inhibited);
    }

    std::vector<double> fluxes;
    double objective = kNaN;
    if (needs_pfba) {
      auto r = fba::pfba(lp);
      result.status = static_cast<TaskStatus>(r.status);
      objective = r.objective;
      fluxes = std::move(r.fluxes);
    } else {
      const auto r = fba::fba(lp);
      result.status = static_cast<TaskStatus>(r.status);
      objective = r.objective;
    }
    if (result.status != TaskStatus::optimal) return result;
    result.values = readouts(&spec->targets.at(task.target), dose, objective, fluxes);
    return result;
  }
};

struct TaskRunner::KineticState : ConditionState {
  const ScreenSpec* spec;
  const Condition* condition;
  std::vector<std::string> columns;         ///< simulated output ids
  std::vector<std::size_t> readout_column;  ///< per readout (value kind): its column
  std::vector<std::size_t> steady_columns;  ///< columns whose drift decides `steady`

  KineticState(const ScreenSpec& s, const Condition& c) : spec(&s), condition(&c) {
    const Model& model = *c.kinetic_model;
    // Function readouts see every value at the end: species, then non-constant compartments and
    // parameters (assignment-rule and rate-rule variables), then reaction rates.
    if (has_function_readout(s)) {
      for (const auto& sp : model.species) columns.push_back(sp.id);
      for (const auto& comp : model.compartments)
        if (!comp.constant) columns.push_back(comp.id);
      for (const auto& p : model.parameters)
        if (!p.constant) columns.push_back(p.id);
    }
    if (has_function_readout(s)) {
      for (const auto& r : model.reactions) columns.push_back(r.id);
    }
    readout_column.assign(s.readouts.size(), 0);
    for (std::size_t k = 0; k < s.readouts.size(); ++k) {
      if (s.readouts[k].kind != Readout::Kind::value) continue;
      const auto it = std::find(columns.begin(), columns.end(), s.readouts[k].id);
      readout_column[k] = static_cast<std::size_t>(it - columns.begin());
      if (it == columns.end()) columns.push_back(s.readouts[k].id);
      steady_columns.push_back(readout_column[k]);
    }
    // Without value readouts, a function's input must have settled: check every column.
    if (steady_columns.empty()) {
      for (std::size_t i = 0; i < columns.size(); ++i) steady_columns.push_back(i);
    }
    const auto reference = simulate(model, nullptr, 0.0);
    baseline = succeeded(reference.status) ? reference.values
                                           : std::vector<double>(s.readouts.size(), kNaN);
  }

  [[nodiscard]] TaskResult simulate(const Model& model, const Target* target, double dose) const {
    const auto& k = spec->kinetic;
    kinetic::SimulationOptions options{.start = 0.0,
                                       .end = k.end,
                                       .intervals = 2,  // end/2 and end, for the steady check
                                       .rtol = k.rtol,
                                       .atol = k.atol};
    options.initial_values = condition->initial_values;
    for (const auto& id : columns) options.columns.push_back({id, kinetic::Quantity::value});
    const auto trajectory = kinetic::simulate(model, options);
    TaskResult result{.index = 0,
                      .status = task_status(trajectory.status),
                      .values = std::vector<double>(spec->readouts.size(), kNaN)};
    if (!trajectory.ok()) return result;
    const std::size_t n = columns.size();
    const std::span<const double> end(trajectory.values.data() + 2 * n, n);
    const std::span<const double> half(trajectory.values.data() + n, n);
    if (k.steady_tolerance > 0.0) {
      for (const auto c : steady_columns) {
        const double change = std::abs(end[c] - half[c]) / std::max(std::abs(end[c]), 1e-9);
        if (!(change <= k.steady_tolerance)) result.status = TaskStatus::not_steady;
      }
    }
    for (std::size_t r = 0; r < spec->readouts.size(); ++r) {
      const auto& readout = spec->readouts[r];
      if (readout.kind == Readout::Kind::value) {
        result.values[r] = end[readout_column[r]];
      } else if (readout.kind == Readout::Kind::function) {
        result.values[r] = readout.function(ReadoutInput{.condition = condition,
                                                         .target = target,
                                                         .dose = dose,
                                                         .objective = kNaN,
                                                         .fluxes = {},
                                                         .ids = columns,
                                                         .values = end});
      }
    }
    return result;
  }

  TaskResult run(const Task& task) override {
    const auto& k = spec->kinetic;
    const auto& target = spec->targets.at(task.target);
    const double dose = spec->doses.at(task.dose);
    const Model inhibited = kinetic::inhibit(*condition->kinetic_model, target.id,
                                             {.type = k.inhibition,
                                              .inhibitor_concentration = dose,
                                              .ki = k.ki,
                                              .substrates = target.substrates});
    auto result = simulate(inhibited, &target, dose);
    result.index = task.index;
    return result;
  }
};

TaskRunner::TaskRunner(const ScreenSpec& spec) : spec_(&spec) {
  for (const auto& condition : spec.conditions) {
    if (spec.kind == ModelKind::kinetic) {
      conditions_.push_back(std::make_unique<KineticState>(spec, condition));
    } else {
      conditions_.push_back(std::make_unique<FluxBalanceState>(spec, condition));
    }
  }
}
TaskRunner::~TaskRunner() = default;
TaskRunner::TaskRunner(TaskRunner&&) noexcept = default;
TaskRunner& TaskRunner::operator=(TaskRunner&&) noexcept = default;

std::vector<double> TaskRunner::baseline(std::size_t condition) const {
  return conditions_.at(condition)->baseline;
}

TaskResult TaskRunner::run(const Task& task) {
  return conditions_.at(task.condition)->run(task);
}

}  // namespace ergon::screen
