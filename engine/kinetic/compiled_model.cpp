#include "engine/kinetic/compiled_model.hpp"

#include "engine/core/error.hpp"
#include "engine/kinetic/detail/engine.hpp"

namespace ergon::kinetic {

CompiledModel::CompiledModel(const Model& model, const CompileOptions& options) : model_(model) {
  SimulationOptions build;
  build.native = options.native;
  prototype_ = std::make_unique<detail::Engine>(model_, build);
  // Compiles and checks the initialisation once (cycles among initial assignments are
  // reported here); runs reuse the programs unless they override a species' initial value.
  prototype_->initialise_values();
}

CompiledModel::~CompiledModel() = default;

std::shared_ptr<const CompiledModel> CompiledModel::compile(const Model& model,
                                                            const CompileOptions& options) {
  return std::shared_ptr<const CompiledModel>(new CompiledModel(model, options));
}

bool CompiledModel::native() const noexcept {
  return prototype_->native();
}

bool CompiledModel::native_from_cache() const noexcept {
  return prototype_->native_from_cache();
}

std::string CompiledModel::native_note() const {
  return prototype_->native_note();
}

std::vector<std::string> CompiledModel::state_ids() const {
  std::vector<std::string> ids;
  ids.reserve(prototype_->state_count());
  for (std::size_t i = 0; i < prototype_->state_count(); ++i)
    ids.push_back(prototype_->state_id(i));
  return ids;
}

Trajectory simulate(const CompiledModel& model, const SimulationOptions& options) {
  detail::validate(options);
  // Eliminating conserved moieties changes the compiled structure (fewer ODE variables), so
  // such a run is built from the model rather than copied from the prototype.
  if (options.eliminate_conserved) return simulate(model.model(), options);
  detail::Engine engine(model.prototype(), options);
  return engine.run();
}

}  // namespace ergon::kinetic
