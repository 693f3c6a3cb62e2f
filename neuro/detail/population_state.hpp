#pragma once
// Running state of one population (NEST's anatomy: parameters, state, buffers, internal
// variables), created by simulate() from a PopulationSpec. Internal to neuro.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "neuro/network.hpp"
#include "neuro/rng.hpp"

namespace ergon::neuro::detail {

class PopulationState {
 public:
  virtual ~PopulationState() = default;
  /// Advances neurons [begin, end) from step `step` to step+1 and appends those that cross
  /// threshold (local indices, ascending). Different ranges may run on different threads.
  virtual void update(std::int64_t step, std::size_t begin, std::size_t end,
                      std::vector<std::uint32_t>& spikes) = 0;
  /// Reset after spikes emitted in `step`.
  virtual void reset(std::int64_t step, const std::vector<std::uint32_t>& spikes) = 0;
  /// ATP feedback: K_ATP conductance relative to the leak (≥ 0) and pump depolarisation
  /// (mV), per neuron; held until the next call. Models without feedback ignore it.
  virtual void set_feedback(const double* /*katp_rel*/, const double* /*pump_mv*/,
                            double /*e_k_mv*/) {}
  /// Back to the membrane without feedback (all pools at or above A₀).
  virtual void clear_feedback() {}
  /// Adds the ATP owed to Na+ entry since the last call (molecules, per neuron) to `atp`,
  /// returns false when the model does not track Na+.
  virtual bool take_sodium_atp(double* /*atp*/) { return false; }
  [[nodiscard]] virtual bool is_source() const { return false; }
  /// Number of neurons.
  std::size_t size = 0;
  // Synaptic inputs are single precision in every model: they are the arrays spikes are
  // scattered into and the bulk of the per-step memory traffic (see lif_population.cpp).
  float* ge = nullptr;  ///< excitatory synaptic input, added to by projections
  float* gi = nullptr;  ///< inhibitory synaptic input
};

/// Builds the running state; draws initial values from `rng`.
std::unique_ptr<PopulationState> make_population_state(const PopulationSpec& spec, double dt_ms,
                                                       Rng& rng);

std::unique_ptr<PopulationState> make_lif(const LifParameters& p, const PopulationSpec& spec,
                                          double dt_ms, Rng& rng);
std::unique_ptr<PopulationState> make_adex(const AdexParameters& p, const PopulationSpec& spec,
                                           double dt_ms, Rng& rng);
std::unique_ptr<PopulationState> make_izhikevich(const IzhikevichParameters& p,
                                                 const PopulationSpec& spec, double dt_ms,
                                                 Rng& rng);
std::unique_ptr<PopulationState> make_hh(const HhParameters& p, const PopulationSpec& spec,
                                         double dt_ms, Rng& rng);
std::unique_ptr<PopulationState> make_poisson(const PoissonSource& p, const PopulationSpec& spec,
                                              double dt_ms, Rng& rng);
std::unique_ptr<PopulationState> make_spike_list(const SpikeListSource& p,
                                                 const PopulationSpec& spec, double dt_ms);

/// Draws v ~ U[v_min, v_max) for all neurons, then ge, gi ~ Normal (InitialState order).
void draw_initial(const InitialState& init, std::size_t n, Rng& rng, std::vector<double>& v,
                  std::vector<float>& ge, std::vector<float>& gi);

/// Steps for a refractory period as Brian2 counts them: floor((t_ref + 1e-3 dt) / dt).
std::int64_t refractory_steps(double t_ref_ms, double dt_ms);

}  // namespace ergon::neuro::detail
