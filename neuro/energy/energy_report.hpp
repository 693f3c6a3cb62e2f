#pragma once
// ATP used by a run, by category, in joules, and what the same synaptic operations would cost
// on neuromorphic chips and on a GPU.
//
// Sources of the hardware figures (docs/neuro.md, "Energy report", says which are verified):
//  [M14] Merolla PA et al. (2014) A million spiking-neuron integrated circuit with a scalable
//        communication network and interface. Science 345:668–673 (TrueNorth: 46 G synaptic
//        ops per second per watt in real time → 21.7 pJ per synaptic op. The commonly quoted
//        26 pJ is flagged [unverified] in shared/reference/bioenergetics_facts.md §7 and not
//        used).
//  [D18] Davies M et al. (2018) Loihi: a neuromorphic manycore processor with on-chip
//        learning. IEEE Micro 38:82–99 (23.6 pJ per synaptic spike op; flagged [unverified]
//        in bioenergetics_facts.md §7 — used, and the report says so).
//  [H14] Horowitz M (2014) Computing's energy problem (and what we can do about it). ISSCC
//        2014, pp. 10–14. Per operation at 45 nm: 32-bit float add 0.9 pJ, 32-bit DRAM read
//        ≈ 640 pJ, 8 KB SRAM read ≈ 10 pJ (as given in issue #7; not in
//        bioenergetics_facts.md, not checked against the paper here). A GPU synaptic event =
//        one 32-bit synapse word read (weight, or target index when weights are homogeneous)
//        + one float add into the target's input: 640.9 pJ from DRAM, 10.9 pJ from on-chip
//        SRAM. Lower bounds: the index fetch, the read-modify-write of the target's input,
//        scheduling and static power are not counted, and 45 nm is older than current GPUs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "neuro/energy/atp_budget.hpp"

namespace ergon::neuro {

/// ATP molecules consumed, summed over the neurons of the network.
struct AtpUse {
  double spikes = 0;        ///< action potentials (per_spike, or HH Na+ entry / 3)
  double postsynaptic = 0;  ///< receptor currents
  double presynaptic = 0;   ///< Ca2+ entry at release
  double recycling = 0;     ///< transmitter recycling
  double resting = 0;       ///< resting potential
  [[nodiscard]] double total() const {
    return spikes + postsynaptic + presynaptic + recycling + resting;
  }
};

struct HardwareEnergy {
  std::string platform;
  double joules_per_synaptic_op = 0;  ///< J
  double joules = 0;                  ///< for this run's synaptic operations
  std::string source;
};

struct EnergyReport {
  AtpUse atp;                            ///< molecules
  double atp_supplied = 0;               ///< molecules
  double delta_g_kj_per_mol = 54.0;      ///< magnitude used for joules
  double joules_total = 0;               ///< J, all categories
  double joules_per_spike = 0;           ///< J: spike category / spikes
  double joules_per_synaptic_event = 0;  ///< J: (post + pre + recycling) / synaptic events
  std::uint64_t spikes = 0;
  std::uint64_t synaptic_events = 0;  ///< delivered synaptic operations
  double biological_seconds = 0;
  std::size_t neurons = 0;  ///< neurons with an ATP pool (spike sources excluded)
  /// W per neuron: joules_total / (biological_seconds · neurons). For comparison, the human
  /// brain's ≈ 20 W over ≈ 86e9 neurons is ≈ 2.3e-10 W per neuron (bioenergetics_facts.md §7).
  double watts_per_neuron = 0;
  std::vector<HardwareEnergy> hardware;
};

/// Joules of `molecules` ATP at |ΔG| = delta_g_kj_per_mol.
[[nodiscard]] double atp_joules(double molecules, double delta_g_kj_per_mol);

/// Fills joules and the hardware comparison (per synaptic op figures × synaptic_events) from
/// the ATP counts.
[[nodiscard]] EnergyReport make_energy_report(const AtpUse& atp, double supplied,
                                              std::uint64_t spikes, std::uint64_t synaptic_events,
                                              double biological_seconds, std::size_t neurons,
                                              const EnergyOptions& options);

}  // namespace ergon::neuro
