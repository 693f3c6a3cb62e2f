#pragma once

#include <cstdint>
#include <vector>

namespace ergon::neuro {

/// Given spikes: neuron `indices[k]` of the source fires at `times_ms[k]` (rounded to the
/// nearest step). Any order; several spikes per step allowed.
struct SpikeListSource {
  std::vector<double> times_ms;
  std::vector<std::uint32_t> indices;
};

}  // namespace ergon::neuro
