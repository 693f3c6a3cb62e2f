#include "engine/kinetic/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/kinetic/detail/engine.hpp"

namespace ergon::kinetic {

const char* to_string(SimulationStatus status) noexcept {
  switch (status) {
    case SimulationStatus::success: return "success";
    case SimulationStatus::too_much_work: return "too much work";
    case SimulationStatus::solver_failure: return "solver failure";
    case SimulationStatus::time_budget: return "time budget exceeded";
    case SimulationStatus::event_cascade: return "event cascade";
    case SimulationStatus::undefined_value: return "undefined value in the model";
  }
  return "unknown";
}

namespace detail {

void validate(const SimulationOptions& options) {
  if (!(options.end > options.start) && options.intervals > 0) {
    throw InputError("end time " + std::to_string(options.end) + " is not after start time " +
                     std::to_string(options.start));
  }
  if (!(options.rtol > 0.0) || !(options.atol > 0.0))
    throw InputError("rtol and atol must be positive");
}

}  // namespace detail

// options.initial_values are applied by the engine's initialisation (Engine::initialise),
// the same code path as a compiled model's runs.
Trajectory simulate(const Model& model, const SimulationOptions& options) {
  detail::validate(options);
  detail::Engine engine(model, options);
  return engine.run();
}

}  // namespace ergon::kinetic
