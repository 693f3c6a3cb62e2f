// The ATP budget: every category adds up to what the pools lost, HH derives its spike cost
// from Na+ entry, and the feedback moves firing in the documented direction.
#define BOOST_TEST_MODULE neuro_atp_budget
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "neuro/energy/energy_report.hpp"
#include "test_networks.hpp"

using namespace ergon::neuro;

namespace {
double mean_rate(const SpikeRecord& rec, std::size_t n, double t0_ms, double t1_ms) {
  std::size_t c = 0;
  for (const auto s : rec.steps) {
    const double t = static_cast<double>(s) * rec.dt_ms;
    if (t >= t0_ms && t < t1_ms) ++c;
  }
  return static_cast<double>(c) / static_cast<double>(n) / ((t1_ms - t0_ms) * 1e-3);
}
}  // namespace

BOOST_AUTO_TEST_CASE(categories_add_up_to_the_atp_lost) {
  auto net = test::cuba(1000, 1);
  EnergyOptions e{.enabled = true};
  e.supply.max_rate_per_s = 0.0;  // no supply: pools only fall
  e.feedback.enabled = false;
  const auto r = simulate(net, {.duration_ms = 500, .energy = e});
  BOOST_REQUIRE(r.energy.has_value());
  const auto& a = r.energy->atp;
  const auto& c = e.costs;
  const double spikes = static_cast<double>(r.spike_count);
  const double events = static_cast<double>(r.synaptic_events);
  BOOST_TEST(a.spikes == spikes * c.per_spike, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.resting == 1000 * 0.5 * c.resting_per_s, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.presynaptic == events * c.presynaptic_per_vesicle,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.recycling == events * c.recycling_per_vesicle, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(a.postsynaptic == events * c.postsynaptic_per_vesicle,
             boost::test_tools::tolerance(1e-9));
  // What the pools lost, from the last row of the trace (mean ATP per population).
  const auto& tr = r.atp_trace;
  const std::size_t w = tr.columns.size();
  const double last_e = tr.values[tr.values.size() - w],
               last_i = tr.values[tr.values.size() - w + 1];
  const double lost = 800 * (e.supply.initial_atp - last_e) + 200 * (e.supply.initial_atp - last_i);
  BOOST_TEST(lost == a.total(), boost::test_tools::tolerance(1e-9));
  BOOST_TEST(r.energy->atp_supplied == 0.0);
  // Joules at |ΔG| = 54 kJ/mol: 3.84e8 ATP per spike ≈ 34 pJ.
  BOOST_TEST(r.energy->joules_per_spike == 3.84e8 / 6.02214076e23 * 54e3,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(r.energy->joules_total == atp_joules(a.total(), 54.0),
             boost::test_tools::tolerance(1e-9));
  // Hardware lines: per-op figures from their sources, × the run's synaptic events.
  const auto& hw = r.energy->hardware;
  BOOST_REQUIRE(hw.size() == 4u);
  const double per_op[] = {1 / 46e9, 23.6e-12, 640.9e-12, 10.9e-12};
  const char* names[] = {"TrueNorth", "Loihi", "GPU", "GPU_on_chip"};
  for (std::size_t k = 0; k < 4; ++k) {
    BOOST_TEST(hw[k].platform == names[k]);
    BOOST_TEST(hw[k].joules_per_synaptic_op == per_op[k], boost::test_tools::tolerance(1e-12));
    BOOST_TEST(hw[k].joules == per_op[k] * events, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(!hw[k].source.empty());
  }
  BOOST_TEST(hw[1].source.find("unverified") != std::string::npos);
  BOOST_TEST(hw[2].source.find("Horowitz 2014") != std::string::npos);
  BOOST_TEST(r.energy->watts_per_neuron == r.energy->joules_total / (0.5 * 1000),
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(supply_holds_atp_near_its_set_point) {
  auto net = test::cuba(1000, 2);
  EnergyOptions e{.enabled = true};
  const auto r = simulate(net, {.duration_ms = 1000, .energy = e});
  const auto& v = r.atp_trace.values;
  const double last_e = v[v.size() - r.atp_trace.columns.size()];
  BOOST_TEST(std::abs(last_e / e.supply.initial_atp - 1.0) < 0.05);
}

BOOST_AUTO_TEST_CASE(hh_spike_cost_comes_from_its_sodium_entry) {
  Network net(NetworkOptions{.dt_ms = 0.01, .seed = 1});
  net.add_population({.name = "hh",
                      .size = 1,
                      .model = HhParameters{.i_e_pa = 500.0},
                      .initial = {.v_min_mv = -65, .v_max_mv = -65}});
  EnergyOptions e{.enabled = true};
  e.costs.resting_per_s = 0;
  const auto r = simulate(net, {.duration_ms = 1000, .energy = e});
  BOOST_REQUIRE(r.spike_count > 5u);
  const double per_spike = r.energy->atp.spikes / static_cast<double>(r.spike_count);
  // Capacitive minimum: C·ΔV/e Na+ for a ~100 mV spike of 200 pF, 3 Na+ per ATP = 4.2e7 ATP.
  const double minimum = 200e-12 * 0.1 / 1.602176634e-19 / 3.0;
  BOOST_TEST(per_spike > minimum);
  BOOST_TEST(per_spike < 10 * minimum);
}

BOOST_AUTO_TEST_CASE(starvation_silences_through_katp_and_pump_loss_excites) {
  const auto run = [](double katp, double pump) {
    auto net = test::cuba(2000, 4);
    EnergyOptions e{.enabled = true};
    e.supply.cut_at_ms = 500;
    e.feedback.katp_g_max_rel = katp;
    e.feedback.pump_max_mv = pump;
    const auto r = simulate(net, {.duration_ms = 2500, .energy = e});
    return std::pair{mean_rate(r.spikes, 2000, 200, 500), mean_rate(r.spikes, 2000, 2000, 2500)};
  };
  const auto [before_k, after_k] = run(2.0, 4.0);
  BOOST_TEST(after_k < 0.2 * before_k);  // K_ATP wins: silence
  const auto [before_p, after_p] = run(0.0, 4.0);
  BOOST_TEST(after_p > 1.2 * before_p);  // pump loss alone depolarises: more firing
  const auto [before_0, after_0] = run(0.0, 0.0);
  BOOST_TEST(std::abs(after_0 / before_0 - 1.0) < 0.25);  // no feedback: ATP falls, firing does not
}

BOOST_AUTO_TEST_CASE(a_custom_supply_law_replaces_the_built_in_one) {
  // A law that replaces exactly what was consumed keeps every pool at A₀: the seam a kinetic
  // model couples through.
  auto net = test::cuba(500, 6);
  EnergyOptions e{.enabled = true};
  std::size_t calls = 0;
  e.supply_law = [&](const SupplyRequest& q) {
    ++calls;
    BOOST_REQUIRE(q.atp.size() == q.supply.size());
    BOOST_REQUIRE(q.h_s == 1e-3);
    for (std::size_t i = 0; i < q.supply.size(); ++i) q.supply[i] = q.consumed[i];
  };
  const auto r = simulate(net, {.duration_ms = 300, .energy = e});
  BOOST_TEST(calls == 2u * 300u);  // two neuron populations, 300 metabolic steps
  for (const double v : r.atp_trace.values)
    BOOST_REQUIRE(std::abs(v / e.supply.initial_atp - 1.0) < 1e-9);
  BOOST_TEST(r.energy->atp_supplied == r.energy->atp.total(), boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(katp_feedback_also_silences_adex_and_hh) {
  for (const bool hh : {false, true}) {
    Network net(NetworkOptions{.dt_ms = hh ? 0.02 : 0.1, .seed = 1});
    PopulationSpec spec{.name = "n", .size = 10, .initial = {.v_min_mv = -65, .v_max_mv = -60}};
    if (hh)
      spec.model = HhParameters{.i_e_pa = 300.0};
    else
      spec.model = AdexParameters{.i_e_pa = 700.0};
    net.add_population(spec);
    EnergyOptions e{.enabled = true};
    e.supply.initial_atp = 1e9;  // a small pool, emptied within ~1 s without supply
    e.supply.ceiling_atp = 1.2e9;
    e.supply.cut_at_ms = 200;
    const auto r = simulate(net, {.duration_ms = 1500, .energy = e});
    BOOST_TEST_CONTEXT((hh ? "hh" : "adex")) {
      const double before = mean_rate(r.spikes, 10, 0, 200);
      BOOST_TEST(before > 5.0);
      BOOST_TEST(mean_rate(r.spikes, 10, 1200, 1500) < 0.2 * before);
    }
  }
}

BOOST_AUTO_TEST_CASE(delayed_events_are_charged_when_they_arrive) {
  // One input spike at 5.0 ms with a 3.0 ms delay reaches the targets in step 80; its
  // postsynaptic ATP is charged at the metabolic step that ends at 9 ms, not at 6 ms.
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 1});
  net.add_population(
      {.name = "in", .size = 1, .model = SpikeListSource{.times_ms = {5.0}, .indices = {0}}});
  net.add_population({.name = "n",
                      .size = 10,
                      .model = LifParameters{.e_l_mv = -60.0},
                      .initial = {.v_min_mv = -60, .v_max_mv = -60}});
  net.connect({.source = "in",
               .target = "n",
               .rule = FixedProbability{.p = 1.0},
               .weight = 0.1,
               .delay_ms = 3.0});
  EnergyOptions e{.enabled = true};
  e.costs.resting_per_s = 0;
  e.supply.max_rate_per_s = 0;
  e.feedback.enabled = false;
  const auto r = simulate(net, {.duration_ms = 20, .energy = e, .atp_trace_neurons = {1}});
  const auto& tr = r.atp_trace;
  BOOST_REQUIRE(tr.columns.size() == 2u);  // mean:n, neuron:1
  const double a0 = e.supply.initial_atp, post = e.costs.postsynaptic_per_vesicle;
  for (std::size_t row = 0; row < tr.time_ms.size(); ++row) {
    const double expected = tr.time_ms[row] < 8.95 ? a0 : a0 - post;
    BOOST_TEST(tr.values[row * 2 + 1] == expected, "t = " << tr.time_ms[row]);
  }
  BOOST_TEST(r.energy->atp.postsynaptic == 10 * post);
}
