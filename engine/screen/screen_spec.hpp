#pragma once
// A drug-target screen as data (COBREXA's `screen`: a base model plus variants, each a list of
// value-type edits): conditions × targets × doses, each task one perturbed flux-balance problem
// with a fixed list of readouts. Tasks are numbered in one fixed order, so any way of running
// them (threads, MPI ranks, Slurm shards, resumed runs) yields the same table.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/fba/flux_balance.hpp"

namespace ergon::screen {

/// One model state to screen in, e.g. the `warburg` variant: a model plus bound and objective
/// edits (what a Lua Model object records).
struct Condition {
  std::string name;
  std::shared_ptr<const ConstraintModel> model;
  std::string model_sha256;  ///< identity of the model file, for provenance and fingerprints
  std::vector<std::pair<std::size_t, fba::FluxBounds>> bounds;  ///< reaction index -> bounds
  std::optional<std::pair<std::size_t, ObjectiveSense>> objective;
};

enum class TargetKind { gene, reaction };

/// A gene or a reaction to inhibit, by id (looked up in each condition's model).
struct Target {
  TargetKind kind = TargetKind::reaction;
  std::string id;
};

/// What each task reports: the optimum of the condition's objective, or the flux through a
/// reaction at the parsimonious optimum (pFBA, fraction 1), which is unique far more often than
/// an arbitrary optimal vertex.
struct Readout {
  enum class Kind { objective, flux };
  std::string name;
  Kind kind = Kind::objective;
  std::string reaction;  ///< for Kind::flux
};

struct ScreenSpec {
  std::string name;
  std::vector<Condition> conditions;
  std::vector<Target> targets;
  /// Inhibition doses in [0, 1]: the fraction of the target's flux capacity removed, capacity
  /// being |flux| at the condition's unperturbed parsimonious optimum (1 = knockout).
  std::vector<double> doses{1.0};
  std::vector<Readout> readouts{{"objective", Readout::Kind::objective, ""}};
};

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

/// Validates ids and values; throws InputError naming the element at fault.
void validate(const ScreenSpec& spec);

}  // namespace ergon::screen
