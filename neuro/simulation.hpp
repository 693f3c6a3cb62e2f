#pragma once
// Runs a Network: clock-driven state updates at fixed dt, event-driven spike delivery through
// per-population delay ring buffers, and (optionally) the ATP budget by operator splitting.
//
// Each step, in Brian2's default order (shared/neuro/NETWORKS.md):
//   1. state update of every population (synaptic inputs from the start of the step),
//   2. threshold: spikes of step n are recorded at t = n·dt,
//   3. propagation: each spike adds its weight to the target's ge/gi now (delay 0) or into
//      the ring slot of step n + delay, which is added at step n + delay's propagation,
//   4. reset of the spiking neurons,
//   5. every metabolic step: ATP charged, supplied, feedback recomputed.
// Results are deterministic for a given seed and do not depend on the thread count: threads
// split the state update of each population into contiguous ranges whose spikes are
// concatenated in index order; propagation is sequential.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "neuro/energy/atp_budget.hpp"
#include "neuro/energy/energy_report.hpp"
#include "neuro/network.hpp"
#include "neuro/spike_record.hpp"
#include "neuro/statistics.hpp"

namespace ergon::neuro {

/// Receives recorded spikes in chunks during the run (steps, global neuron indices).
using SpikeSink = std::function<void(std::span<const std::int64_t> steps,
                                     std::span<const std::uint32_t> neurons)>;

struct SimulationOptions {
  double duration_ms = 1000.0;
  int threads = 1;  ///< threads for the state update (results identical for any count)
  /// Keep all recorded spikes in the result (false: only stream them to on_spikes, or drop
  /// them when there is no sink; statistics are computed either way).
  bool keep_spikes = true;
  SpikeSink on_spikes;              ///< optional streaming sink
  std::size_t stream_chunk = 8192;  ///< spikes per call of on_spikes
  /// Statistics window start; clamped to duration/2 (as Brian2's bench.py).
  double statistics_start_ms = 100.0;
  EnergyOptions energy;
  /// Global neuron indices whose ATP is traced (besides the per-population means).
  std::vector<std::uint32_t> atp_trace_neurons;
};

enum class SimulationStatus { completed };

/// ATP over time, one row per metabolic step: columns are the mean ATP of each neuron
/// population ("mean:<name>"), then each traced neuron ("neuron:<index>"), molecules.
struct AtpTrace {
  std::vector<std::string> columns;
  std::vector<double> time_ms;
  std::vector<double> values;  ///< rows × columns, row-major
};

struct SimulationResult {
  SimulationStatus status = SimulationStatus::completed;
  SpikeRecord spikes;  ///< recorded populations only; empty if keep_spikes is false
  std::vector<PopulationStatistics> statistics;  ///< one per population (sources included)
  std::uint64_t spike_count = 0;                 ///< all populations
  std::uint64_t synaptic_events = 0;             ///< delivered synaptic operations
  std::size_t synapses = 0;
  std::size_t synapse_bytes = 0;  ///< synapse storage incl. CSR offsets and STDP index
  double duration_ms = 0;
  int threads = 1;
  double setup_seconds = 0;     ///< wall: building states and buffers
  double loop_seconds = 0;      ///< wall: the time-step loop
  double loop_cpu_seconds = 0;  ///< process CPU time of the loop
  /// CPU time of the loop's thread spent stepping the kinetic supply (part of the loop)
  double metabolic_model_cpu_seconds = 0;
  std::optional<EnergyReport> energy;
  AtpTrace atp_trace;
  /// With a kinetic supply, the model at the end of each metabolic step: columns from
  /// KineticSupply::columns() ([ATP], load, demand, production), in the model's units.
  AtpTrace metabolic_trace;
};

/// Simulates `network` for options.duration_ms. Plastic (STDP) weights are written back into
/// the network's projections at the end. Throws InputError for invalid options.
SimulationResult simulate(Network& network, const SimulationOptions& options);

}  // namespace ergon::neuro
