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

Trajectory simulate(const Model& model, const SimulationOptions& options) {
  using detail::Engine;
  if (!(options.end > options.start) && options.intervals > 0) {
    throw InputError("end time " + std::to_string(options.end) + " is not after start time " +
                     std::to_string(options.start));
  }
  if (!(options.rtol > 0.0) || !(options.atol > 0.0))
    throw InputError("rtol and atol must be positive");
  if (options.initial_values.empty()) {
    Engine engine(model, options);
    return engine.run();
  }
  Model changed = model;
  for (const auto& [id, value] : options.initial_values) {
    bool found = false;
    for (auto& c : changed.compartments) {
      if (c.id == id) {
        c.size = value;
        found = true;
      }
    }
    for (auto& p : changed.parameters) {
      if (p.id == id) {
        p.value = value;
        found = true;
      }
    }
    for (auto& s : changed.species) {
      if (s.id != id) continue;
      found = true;
      if (s.has_only_substance_units) {
        s.initial_amount = value;
        s.initial_concentration = kUnset;
      } else {
        s.initial_concentration = value;
        s.initial_amount = kUnset;
      }
    }
    if (!found)
      throw InputError({.element_id = id},
                       "--set names no compartment, species or parameter of the model");
  }
  Engine engine(changed, options);
  return engine.run();
}

}  // namespace ergon::kinetic