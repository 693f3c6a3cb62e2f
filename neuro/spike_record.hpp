#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ergon::neuro {

/// Recorded spikes in emission order: neuron `neurons[k]` (global index: population offset +
/// local index) fired in step `steps[k]`, i.e. at time steps[k] · dt_ms.
struct SpikeRecord {
  double dt_ms = 0.1;
  std::vector<std::int64_t> steps;
  std::vector<std::uint32_t> neurons;
  [[nodiscard]] std::size_t size() const { return steps.size(); }
};

}  // namespace ergon::neuro
