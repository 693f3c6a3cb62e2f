#pragma once
// Synapses of one projection, stored compactly by presynaptic neuron (CSR).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "neuro/stdp.hpp"

namespace ergon::neuro {

/// Which synaptic variable of the target a projection adds its weight to.
enum class Receptor : std::uint8_t { excitatory, inhibitory };

/// Synapses from population `source` to population `target`. The targets of source neuron i
/// are targets[offsets[i] .. offsets[i+1]). Weight and delay are homogeneous unless the
/// per-synapse arrays are filled. Memory per synapse: 4 B (target) + 4 B (float weight, if
/// heterogeneous or plastic) + 1 B (delay in steps, if heterogeneous) + 4 B (post-to-synapse
/// index, only for STDP, built at simulation start).
struct Projection {
  std::string name;
  std::size_t source = 0;  ///< population index
  std::size_t target = 0;  ///< population index
  Receptor receptor = Receptor::excitatory;
  double weight = 0.0;            ///< homogeneous weight: mV (current-based) or nS (conductance)
  std::uint32_t delay_steps = 0;  ///< homogeneous delay in steps of dt
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> targets;
  std::vector<float> weights;        ///< empty: all equal `weight`
  std::vector<std::uint8_t> delays;  ///< empty: all equal `delay_steps`
  std::optional<StdpParameters> stdp;

  [[nodiscard]] std::size_t size() const { return targets.size(); }
  /// Bytes held by the synapse arrays (targets, weights, delays, offsets).
  [[nodiscard]] std::size_t bytes() const {
    return targets.size() * sizeof(std::uint32_t) + weights.size() * sizeof(float) + delays.size() +
           offsets.size() * sizeof(std::uint64_t);
  }
  [[nodiscard]] std::uint32_t max_delay_steps() const;
};

}  // namespace ergon::neuro
