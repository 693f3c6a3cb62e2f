#pragma once
// A spiking network as value data: populations with their model parameters and initial
// state, and projections with their synapses. Holds no running state; simulate() builds that.

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "neuro/adex_model.hpp"
#include "neuro/connectivity.hpp"
#include "neuro/hh_model.hpp"
#include "neuro/izhikevich_model.hpp"
#include "neuro/lif_model.hpp"
#include "neuro/poisson_source.hpp"
#include "neuro/projection.hpp"
#include "neuro/spike_list_source.hpp"

namespace ergon::neuro {

using ModelParameters = std::variant<LifParameters, AdexParameters, IzhikevichParameters,
                                     HhParameters, PoissonSource, SpikeListSource>;

/// Random initial state: v ~ Uniform[v_min, v_max) mV (drawn for all neurons first), then
/// ge ~ Normal(ge_mean, ge_sd), then gi ~ Normal(gi_mean, gi_sd) (units of the synapses).
/// NaN v_min means the model's resting value.
struct InitialState {
  double v_min_mv = -60.0;
  double v_max_mv = -50.0;
  double ge_mean = 0.0;
  double ge_sd = 0.0;
  double gi_mean = 0.0;
  double gi_sd = 0.0;
};

struct PopulationSpec {
  std::string name;
  std::size_t size = 0;
  ModelParameters model;
  InitialState initial;
  bool record = true;      ///< record its spikes
  std::size_t offset = 0;  ///< global index of its first neuron (set by Network)
};

struct NetworkOptions {
  double dt_ms = 0.1;      ///< fixed time step of every population
  std::uint64_t seed = 1;  ///< connectivity and initial states
};

class Network {
 public:
  explicit Network(NetworkOptions options = {});

  /// Adds a population; returns its index. Throws InputError on a duplicate name or size 0.
  std::size_t add_population(PopulationSpec spec);
  /// Draws a projection's synapses with the network's seed (stream = projection index), so
  /// the result depends only on the seed and the order of calls. Returns its index.
  std::size_t connect(const ConnectOptions& options);

  [[nodiscard]] const NetworkOptions& options() const { return options_; }
  [[nodiscard]] const std::vector<PopulationSpec>& populations() const { return populations_; }
  [[nodiscard]] const std::vector<Projection>& projections() const { return projections_; }
  [[nodiscard]] std::vector<Projection>& projections() { return projections_; }
  [[nodiscard]] std::size_t population_index(const std::string& name) const;
  [[nodiscard]] std::size_t neuron_count() const;
  [[nodiscard]] std::size_t synapse_count() const;
  /// Synapse storage over all projections, bytes.
  [[nodiscard]] std::size_t synapse_bytes() const;

 private:
  NetworkOptions options_;
  std::vector<PopulationSpec> populations_;
  std::vector<Projection> projections_;
};

}  // namespace ergon::neuro
