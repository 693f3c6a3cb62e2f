#pragma once
// The ATP budget of a simulated network: what each signalling event costs, how ATP is
// supplied, and how a falling ATP level feeds back on excitability. Laws and sources are in
// docs/neuro.md; every default below names its source or says that it is a model choice.
//
// Units: ATP in molecules per neuron, rates per second of biological time.
//
// Sources:
//  [AL01] Attwell D, Laughlin SB (2001) An energy budget for signaling in the grey matter of
//         the brain. J Cereb Blood Flow Metab 21:1133–1145.
//  [H12]  Howarth C, Gleeson P, Attwell D (2012) Updated energy budgets for neural computation
//         in the neocortex and cerebellum. J Cereb Blood Flow Metab 32:1222–1232.
//  [MP]   Milo R, Phillips R, Cell Biology by the Numbers, "How much energy is released in
//         ATP hydrolysis?" (book.bionumbers.org).
//  [N06]  Nichols CG (2006) KATP channels as molecular sensors of cellular metabolism.
//         Nature 440:470–476 (ATP inhibits K_ATP; opening hyperpolarises).

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ergon::kinetic {
class CompiledModel;
}

namespace ergon::neuro {

/// ATP molecules per event. Defaults [AL01]:
///  * per_spike 3.84e8 ATP per action potential ([AL01] p.1139 as quoted, not confirmed on a
///    page; 0.47 × 3.29e9 ATP/s at 4 Hz / 4 Hz = 3.9e8 from the confirmed budget shares). [H12]
///    lowers the AP share (21 % vs 47 %) because mammalian Na+ entry is 1–2.4 × the capacitive
///    minimum, not 4 × as in squid: set per_spike ≈ 1.2e8 for that.
///  * resting_per_s 4.28e8 ATP/s per neuron: the resting-potential share 13 % of
///    3.29e9 ATP/s per neuron ([AL01]); [H12] gives 20 %.
///  * presynaptic_per_vesicle 1.2e4: Ca2+ entry, 1 ATP per Ca2+ extruded ([AL01] p.1136).
///  * postsynaptic_per_vesicle 1.40e5 and recycling_per_vesicle 1.2e4: [AL01]'s total of
///    1.64e5 ATP per vesicle (as quoted, not confirmed on a page) minus the presynaptic 1.2e4,
///    split between postsynaptic receptor currents and glutamate recycling in [AL01]'s budget ratio
///    34 : 3 (derived).
///  * vesicles_per_event 1: one vesicle released per synaptic event (a model choice; [AL01]
///    assumed a release probability below 1 per synapse and AP).
///  * inhibitory_scale 1: GABAergic events cost like glutamatergic ones (a model choice;
///    [H12] budgets inhibition lower).
struct AtpCosts {
  double per_spike = 3.84e8;
  double resting_per_s = 4.28e8;
  double presynaptic_per_vesicle = 1.2e4;
  double postsynaptic_per_vesicle = 1.40e5;
  double recycling_per_vesicle = 1.2e4;
  double vesicles_per_event = 1.0;
  double inhibitory_scale = 1.0;
};

/// ATP supply per neuron: J(A) = s(t) · max_rate · max(0, 1 − A / ceiling), a demand-driven
/// production that rises as ATP falls (a stand-in for glycolysis + oxidative phosphorylation
/// until a kinetic model is coupled). s(t) = 1 before cut_at_ms and cut_scale after it.
/// Defaults (model choices, not literature values): the pool holds 1e10 ATP, ≈ 3 s of the
/// [AL01] consumption at 4 Hz (3.29e9 ATP/s); max_rate is 5 × that consumption; with the
/// ceiling at 1.2 × pool, a neuron consuming 3.29e9 ATP/s settles at 0.96 × pool.
struct AtpSupply {
  double initial_atp = 1.0e10;
  double max_rate_per_s = 1.645e10;
  double ceiling_atp = 1.2e10;
  double cut_at_ms = -1.0;  ///< < 0: never cut
  double cut_scale = 0.0;   ///< s(t) after the cut (0 = no supply)
};

/// Feedback of ATP on LIF, AdEx and HH membranes (Izhikevich populations only count ATP):
///  * K_ATP channels, inhibited by ATP [N06]: g_KATP = katp_g_max_rel · g_L ·
///    1 / (1 + (A / (katp_half · A₀))^katp_hill), reversal e_k_mv. Opening hyperpolarises and
///    shunts: the neuron falls silent.
///  * Na+/K+ pump slowing: the electrogenic pump (3 Na+ out, 2 K+ in per ATP) hyperpolarises
///    the membrane by pump_max_mv at full activity; its activity f(A) = A / (A + pump_km · A₀)
///    and its loss depolarises by pump_max_mv · (1 − f(A) / f(A₀)).
/// Half-activation points and maxima are model choices (docs/neuro.md discusses them).
/// A₀ = AtpSupply::initial_atp (with a kinetic supply: the model's initial pool).
struct AtpFeedback {
  bool enabled = true;
  double katp_g_max_rel = 2.0;
  double katp_half = 0.5;
  double katp_hill = 4.0;
  double e_k_mv = -90.0;
  double pump_max_mv = 4.0;
  double pump_km = 0.3;
};

/// What a custom supply law sees at each metabolic step, for one neuron population.
struct SupplyRequest {
  std::size_t population = 0;        ///< population index in the network
  double t_ms = 0;                   ///< end of the metabolic step
  double h_s = 0;                    ///< length of the metabolic step, s
  std::span<const double> atp;       ///< per neuron, after this step's consumption (molecules)
  std::span<const double> consumed;  ///< per neuron, consumed in this step (molecules)
  std::span<double> supply;          ///< out: molecules to add per neuron (zeroed; < 0 ignored)
};

/// Replaces AtpSupply's law when set: the seam where a kinetic model of energy metabolism
/// (engine/kinetic) couples to the network by operator splitting — it is advanced over h_s
/// with the demand `consumed` and returns the ATP it produced.
using SupplyLaw = std::function<void(const SupplyRequest&)>;

/// How the network's ATP demand enters the kinetic model's load parameter.
enum class LoadKind {
  rate_constant,  ///< the load is k in J = k·[ATP] (1/time): set to demand / [ATP]
  flux,           ///< the load is the demand itself (concentration/time)
};

/// ATP supplied by a kinetic model of energy metabolism (engine/kinetic), coupled by operator
/// splitting at every metabolic step (docs/neuro.md, "Kinetic supply"):
///  1. the network's ATP consumption over the step, per neuron with a pool, is converted to
///     the model's units and set as the load parameter `load_id`;
///  2. the model advances one metabolic step (time_scale × its length in model time);
///  3. every pool follows the model: it becomes pool_atp · [ATP] / [ATP]₀.
/// One model instance stands for the mean neuron of the whole network (all populations with
/// a pool): each neuron's metabolism is taken to answer its own demand as the mean neuron's
/// answers the mean demand, so all pools share the model's level (docs/neuro.md explains why
/// per-neuron shares of one production drift apart under spike-count noise). The model's time unit
/// must be the second. [ATP]₀ and J₀ are the model's ATP and its own load flux after settling.
///
/// Scaling: the pool pool_atp (molecules per neuron) is [ATP]₀, so a molecule is
/// [ATP]₀ / pool_atp of concentration; and the model's resting load J₀ stands for a neuron
/// consuming reference_demand_per_s ([AL01]: 3.29e9 ATP/s at 4 Hz). Both hold when model time
/// runs time_scale = ([ATP]₀ / J₀) / (pool_atp / reference_demand_per_s) times faster than
/// network time: the ratio of the model's ATP turnover time to the neuron's. For
/// pathways/human_energy_kinetic.xml (2.98 mM, 0.0447 mM/s: 67 s) and the default pool
/// (1e10 ATP: 3.0 s) it is 22. A demand D (ATP/s per neuron) is the load flux
/// D · [ATP]₀ / (pool_atp · time_scale) per model second.
struct KineticSupplyOptions {
  std::shared_ptr<const kinetic::CompiledModel> model;
  /// Replace the model's initial values (e.g. a variant applied from the start).
  std::vector<std::pair<std::string, double>> initial_values;
  std::string load_id = "k_load";
  LoadKind load_kind = LoadKind::rate_constant;
  std::string atp_id = "atp";
  /// Traced ATP production flux (a species, parameter or reaction id); empty: not traced.
  std::string production_id = "J_ATP";
  /// Model time (s) run at the model's own load before the network starts, so the network
  /// starts from the model's resting state.
  double settle_s = 2000.0;
  /// ATP per neuron that the model's [ATP]₀ stands for: the pools' initial value and the
  /// feedback's A₀. Default as AtpSupply::initial_atp (a model choice: ≈ 3 s of [AL01]'s
  /// consumption).
  double pool_atp = 1.0e10;
  double reference_demand_per_s = 3.29e9;  ///< ATP/s per neuron the model's J₀ stands for [AL01]
  double time_scale = 0.0;  ///< model s per network s; > 0 overrides the derived value
  /// Edits applied to the running model at perturb_at_ms (a supply cut: hypoxia, a
  /// mitochondrial defect); perturb_at_ms < 0: none.
  double perturb_at_ms = -1.0;
  std::vector<std::pair<std::string, double>> perturbation;
  double rtol = 1e-6;
  double atol = 1e-10;
};

/// Energy options of a simulation. ATP is updated by operator splitting every
/// metabolic_dt_ms: the events counted over that interval are charged, supply is added,
/// and the feedback terms are recomputed and held until the next metabolic step.
struct EnergyOptions {
  bool enabled = false;
  double metabolic_dt_ms = 1.0;
  AtpCosts costs;
  AtpSupply supply;
  SupplyLaw supply_law;  ///< optional; replaces `supply` (cut_at_ms/cut_scale then unused)
  /// Optional; replaces `supply` and `supply_law`. The pools start at the model's ATP
  /// (KineticSupplyOptions), which is also the feedback's reference A₀.
  std::optional<KineticSupplyOptions> kinetic_supply;
  AtpFeedback feedback;
  /// HH populations: charge the Na+ they take in (1 ATP per 3 Na+) instead of per_spike.
  bool hh_spike_cost_from_sodium = true;
  /// ΔG of ATP hydrolysis in vivo, kJ/mol (magnitude): −54 kJ/mol at 5 mM ATP, 0.5 mM ADP,
  /// 1 mM Pi, 37 °C [MP]; the in-vivo range is about −50 to −65 kJ/mol.
  double delta_g_kj_per_mol = 54.0;
};

}  // namespace ergon::neuro
