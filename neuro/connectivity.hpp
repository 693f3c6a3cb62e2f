#pragma once
// Rules that draw the synapses of a projection.

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include "neuro/projection.hpp"
#include "neuro/stdp.hpp"

namespace ergon::neuro {

/// One independent Bernoulli(p) draw per ordered (pre, post) pair; at most one synapse per
/// pair. Drawn with geometric skipping: cost ∝ synapses, not pairs.
struct FixedProbability {
  double p = 0.02;
  bool autapses = true;  ///< only matters when source and target are the same population
};

/// Every target neuron gets exactly `k` distinct presynaptic partners, uniformly at random.
struct FixedInDegree {
  std::size_t k = 80;
  bool autapses = true;
};

using ConnectionRule = std::variant<FixedProbability, FixedInDegree>;

/// What Network::connect needs. Weights in mV (current-based target) or nS (conductance).
struct ConnectOptions {
  std::string name;  ///< default "<source>-><target>"
  std::string source;
  std::string target;
  ConnectionRule rule = FixedProbability{};
  Receptor receptor = Receptor::excitatory;
  double weight = 0.0;
  double weight_sd =
      0.0;  ///< > 0: per-synapse Normal(weight, sd) weights, clipped at 0 in magnitude sign
  double delay_ms = 0.0;     ///< homogeneous delay (rounded to steps)
  double delay_max_ms = -1;  ///< > delay_ms: per-synapse Uniform[delay_ms, delay_max_ms] delays
  std::optional<StdpParameters> stdp;
};

}  // namespace ergon::neuro
