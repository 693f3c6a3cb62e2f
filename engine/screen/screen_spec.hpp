#pragma once
// A drug-target screen as data (COBREXA's `screen`: a base model plus variants, each a list of
// value-type edits): conditions × targets × doses, each task one perturbed model (a flux-balance
// problem, or a kinetic model with an inhibited rate law) with a fixed list of readouts. Tasks
// are numbered in one fixed order, so any way of running them (threads, MPI ranks, Slurm
// shards, resumed runs) yields the same table.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/core/model.hpp"
#include "engine/fba/flux_balance.hpp"
#include "engine/kinetic/inhibition.hpp"

namespace ergon::screen {

/// Flux-balance screens inhibit flux capacities; kinetic screens inhibit rate laws.
enum class ModelKind { flux_balance, kinetic };

/// One model state to screen in, e.g. the `warburg` variant: a model plus its edits (what a
/// Lua Model object records). A flux-balance condition has `model`, bound and objective edits;
/// a kinetic one has `kinetic_model` and initial-value edits.
struct Condition {
  std::string name;
  std::shared_ptr<const ConstraintModel> model;
  std::string model_sha256;  ///< identity of the model file, for provenance and fingerprints
  std::vector<std::pair<std::size_t, fba::FluxBounds>> bounds;  ///< reaction index -> bounds
  std::optional<std::pair<std::size_t, ObjectiveSense>> objective;
  std::shared_ptr<const Model> kinetic_model;
  /// Kinetic: values replacing initial values (compartments, species, parameters), as m:set.
  std::vector<std::pair<std::string, double>> initial_values;
};

enum class TargetKind { gene, reaction };

/// A gene or a reaction to inhibit, by id (looked up in each condition's model).
struct Target {
  TargetKind kind = TargetKind::reaction;
  std::string id;
  /// Kinetic competitive/uncompetitive inhibition: the species the inhibitor competes with;
  /// empty = the reaction's reactants read by its law (kinetic::Inhibition::substrates).
  std::vector<std::string> substrates;
};

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

/// What a function readout is given: one task's result (or a condition's unperturbed result,
/// with target == nullptr and dose 0).
struct ReadoutInput {
  const Condition* condition = nullptr;
  const Target* target = nullptr;
  double dose = 0.0;
  /// Flux-balance: the optimum and the parsimonious fluxes, one per reaction of
  /// condition->model (mmol/gDW/h).
  double objective = kNoValue;
  std::span<const double> fluxes;
  /// Kinetic: ids and values at the end time: every species (its value), non-constant
  /// compartment and parameter, then every reaction's rate (substance/time).
  std::span<const std::string> ids;
  std::span<const double> values;
};

/// A readout computed by the caller (the Lua binding supplies Lua functions this way). It must
/// be a pure function of its input: tasks run in any order on any thread or rank. It may be
/// called from several threads; the supplier serialises what needs it. Errors: throw.
using ReadoutFunction = std::function<double(const ReadoutInput&)>;

/// What each task reports. Flux-balance: the optimum of the condition's objective, or the flux
/// through a reaction at the parsimonious optimum (pFBA, fraction 1), which is unique far more
/// often than an arbitrary optimal vertex. Kinetic: the value of an id (species, compartment,
/// parameter, or a reaction's rate) at the end of the simulation. Either: a function of the
/// task's result.
struct Readout {
  enum class Kind { objective, flux, value, function };
  std::string name;
  Kind kind = Kind::objective;
  std::string id;  ///< reaction (flux) or model id (value)
  ReadoutFunction function;
  /// Identity of the function's code (e.g. a hash of its bytecode), part of the fingerprint.
  std::string function_fingerprint;
};

/// How kinetic tasks run and what they inhibit.
struct KineticSettings {
  kinetic::InhibitionType inhibition = kinetic::InhibitionType::competitive;
  double ki = 1.0;  ///< inhibition constant, the model's concentration unit
  /// Readouts are taken at `end` (model time units), by default long enough for the pathway
  /// models to settle (see pathways/README.md).
  double end = 20000.0;
  double rtol = 1e-8;
  double atol = 1e-10;
  /// Steady-state check: a task whose value readouts changed by more than this (relative, or
  /// absolute below 1e-9) between end/2 and end gets status `not_steady`. 0 = no check.
  double steady_tolerance = 1e-3;
};

struct ScreenSpec {
  std::string name;
  ModelKind kind = ModelKind::flux_balance;
  std::vector<Condition> conditions;
  std::vector<Target> targets;
  /// Flux-balance: inhibition doses in [0, 1], the fraction of the target's flux capacity
  /// removed, capacity being |flux| at the condition's unperturbed parsimonious optimum
  /// (1 = knockout). Kinetic: inhibitor concentrations I >= 0 (the model's unit).
  std::vector<double> doses{1.0};
  std::vector<Readout> readouts{{"objective", Readout::Kind::objective, "", nullptr, ""}};
  KineticSettings kinetic;
};

/// The outcome of one task: the flux-balance statuses (same order and values as fba::Status),
/// then the kinetic ones (`steady`: simulated to the end, readouts settled).
enum class TaskStatus {
  optimal,
  infeasible,
  unbounded,
  iteration_limit,
  time_limit,
  numerical_failure,
  steady,
  not_steady,
  too_much_work,
  solver_failure,
  time_budget,
  event_cascade,
  undefined_value,  ///< the model's math is undefined there (a piecewise with no otherwise)
};
inline constexpr int kLastTaskStatus = static_cast<int>(TaskStatus::undefined_value);

[[nodiscard]] const char* to_string(TaskStatus status) noexcept;
/// optimal or steady: the readouts hold values.
[[nodiscard]] bool succeeded(TaskStatus status) noexcept;

struct Task {
  std::size_t index = 0;
  std::size_t condition = 0;
  std::size_t target = 0;
  std::size_t dose = 0;
};

/// All tasks, numbered target-major (target, then dose, then condition), so that neighbouring
/// tasks share a target and shards stay balanced.
[[nodiscard]] std::vector<Task> enumerate_tasks(const ScreenSpec& spec);

/// Tasks of shard `shard` (0-based) of `shards`: every shards-th task, interleaved.
[[nodiscard]] std::vector<Task> shard_tasks(const std::vector<Task>& tasks, std::size_t shard,
                                            std::size_t shards);

/// SHA-256 over everything that decides the results (conditions with their models and edits,
/// targets, doses, readouts): journals and shards of a different screen are refused.
[[nodiscard]] std::string fingerprint(const ScreenSpec& spec);

/// Validates ids and values (for kinetic screens also that every target can be inhibited as
/// asked); throws InputError naming the element at fault.
void validate(const ScreenSpec& spec);

}  // namespace ergon::screen
