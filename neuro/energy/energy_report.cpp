#include "neuro/energy/energy_report.hpp"

namespace ergon::neuro {

namespace {
constexpr double kAvogadro = 6.02214076e23;            // 1/mol, exact (SI 2019)
constexpr double kTrueNorthJoulesPerSop = 1.0 / 46e9;  // [M14]: 46 GSOPS/W
constexpr double kLoihiJoulesPerSop = 23.6e-12;        // [D18], unverified
// [H14], 45 nm: the two parts of a GPU synaptic event.
constexpr double kFloatAddJoules = 0.9e-12;
constexpr double kDramRead32Joules = 640e-12;
constexpr double kSram8kRead32Joules = 10e-12;
}  // namespace

double atp_joules(double molecules, double delta_g_kj_per_mol) {
  return molecules / kAvogadro * delta_g_kj_per_mol * 1e3;
}

EnergyReport make_energy_report(const AtpUse& atp, double supplied, std::uint64_t spikes,
                                std::uint64_t synaptic_events, double biological_seconds,
                                std::size_t neurons, const EnergyOptions& options) {
  EnergyReport r;
  r.atp = atp;
  r.atp_supplied = supplied;
  r.delta_g_kj_per_mol = options.delta_g_kj_per_mol;
  r.spikes = spikes;
  r.synaptic_events = synaptic_events;
  r.biological_seconds = biological_seconds;
  const double dg = options.delta_g_kj_per_mol;
  r.joules_total = atp_joules(atp.total(), dg);
  r.neurons = neurons;
  r.watts_per_neuron = biological_seconds > 0 && neurons > 0
                           ? r.joules_total / (biological_seconds * static_cast<double>(neurons))
                           : 0.0;
  r.joules_per_spike = spikes > 0 ? atp_joules(atp.spikes, dg) / static_cast<double>(spikes) : 0;
  r.joules_per_synaptic_event =
      synaptic_events > 0 ? atp_joules(atp.postsynaptic + atp.presynaptic + atp.recycling, dg) /
                                static_cast<double>(synaptic_events)
                          : 0;
  const auto ops = static_cast<double>(synaptic_events);
  const auto line = [&](const char* platform, double per_op, std::string source) {
    r.hardware.push_back({platform, per_op, per_op * ops, std::move(source)});
  };
  line("TrueNorth", kTrueNorthJoulesPerSop,
       "Merolla et al. 2014 Science 345:668: 46 GSOPS/W real time = 21.7 pJ/op (the commonly "
       "quoted 26 pJ is flagged unverified in bioenergetics_facts.md and not used)");
  line("Loihi", kLoihiJoulesPerSop,
       "Davies et al. 2018 IEEE Micro 38:82: 23.6 pJ/op (flagged unverified in "
       "bioenergetics_facts.md)");
  line("GPU", kDramRead32Joules + kFloatAddJoules,
       "Horowitz 2014 ISSCC pp. 10-14, 45 nm: one 32-bit DRAM read (640 pJ) + one 32-bit float "
       "add (0.9 pJ) per synaptic event; a lower bound (index fetch, target update, static "
       "power not counted)");
  line("GPU_on_chip", kSram8kRead32Joules + kFloatAddJoules,
       "Horowitz 2014 ISSCC pp. 10-14, 45 nm: one 8 KB SRAM read (10 pJ) + one 32-bit float "
       "add (0.9 pJ) per synaptic event, synapses held on chip; a lower bound");
  return r;
}

}  // namespace ergon::neuro
