#include "neuro/energy/energy_report.hpp"

namespace ergon::neuro {

namespace {
constexpr double kAvogadro = 6.02214076e23;            // 1/mol, exact (SI 2019)
constexpr double kTrueNorthJoulesPerSop = 1.0 / 46e9;  // [M14]: 46 GSOPS/W
constexpr double kLoihiJoulesPerSop = 23.6e-12;        // [D18]
constexpr double kH100Watts = 700.0;                   // [NV]
}  // namespace

double atp_joules(double molecules, double delta_g_kj_per_mol) {
  return molecules / kAvogadro * delta_g_kj_per_mol * 1e3;
}

EnergyReport make_energy_report(const AtpUse& atp, double supplied, std::uint64_t spikes,
                                std::uint64_t synaptic_events, double biological_seconds,
                                double simulation_seconds, std::size_t neurons,
                                const EnergyOptions& options) {
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
  r.hardware.push_back({"TrueNorth", kTrueNorthJoulesPerSop, kTrueNorthJoulesPerSop * ops,
                        "Merolla et al. 2014 Science 345:668 (46 GSOPS/W)"});
  r.hardware.push_back({"Loihi", kLoihiJoulesPerSop, kLoihiJoulesPerSop * ops,
                        "Davies et al. 2018 IEEE Micro 38:82 (23.6 pJ/op)"});
  const double gpu_j = kH100Watts * simulation_seconds;
  r.hardware.push_back({"GPU", ops > 0 ? gpu_j / ops : 0, gpu_j,
                        "stand-in: NVIDIA H100 SXM5 board power 700 W x this run's CPU loop time "
                        "(no cited per-op GPU figure)"});
  return r;
}

}  // namespace ergon::neuro
