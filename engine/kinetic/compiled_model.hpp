#pragma once
// A Model compiled once for many runs: kinetic::simulate(compiled, options) and Integrator
// reuse its bytecode, dependency order, sparsity and initialisation programs.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/model.hpp"
#include "engine/kinetic/simulation.hpp"

namespace ergon::kinetic {

namespace detail {
class Engine;
}

struct CompileOptions {
  /// Also build the native tier (SimulationOptions::native); every run of the compiled model
  /// uses it. $ERGON_NATIVE=1 has the same effect.
  bool native = false;
};

/// A Model compiled once (bytecode, dependency order, structure); immutable and shareable
/// across threads. Every run (simulate, Integrator) copies the compiled engine and owns its
/// own solver memory.
class CompiledModel {
 public:
  /// Compiles `model` (copied). Throws InputError for what simulate() would refuse.
  [[nodiscard]] static std::shared_ptr<const CompiledModel> compile(
      const Model& model, const CompileOptions& options = {});
  ~CompiledModel();
  CompiledModel(const CompiledModel&) = delete;
  CompiledModel& operator=(const CompiledModel&) = delete;

  [[nodiscard]] const Model& model() const noexcept { return model_; }
  /// Ids of the ODE variables, in state order (species integrated as amounts, rate-rule
  /// targets).
  [[nodiscard]] std::vector<std::string> state_ids() const;
  /// The compiled engine every run starts from (internal to engine/kinetic).
  [[nodiscard]] const detail::Engine& prototype() const noexcept { return *prototype_; }
  /// Whether runs use native code, and why not when it was asked for (empty: not asked).
  [[nodiscard]] bool native() const noexcept;
  [[nodiscard]] std::string native_note() const;
  /// Whether the native code was found in the cache (no compiler run at compile time).
  [[nodiscard]] bool native_from_cache() const noexcept;

 private:
  CompiledModel(const Model& model, const CompileOptions& options);
  Model model_;  // before prototype_: the engine refers to it
  std::unique_ptr<detail::Engine> prototype_;
};

/// Same semantics as simulate(const Model&, ...), without recompiling; options.initial_values
/// vary parameters, compartments and initial values per run.
[[nodiscard]] Trajectory simulate(const CompiledModel& model, const SimulationOptions& options);

}  // namespace ergon::kinetic
