// LIF against closed forms: the interspike interval of an isolated CUBA neuron and the exact
// refractory step count of NETWORKS.md.
#define BOOST_TEST_MODULE neuro_lif_model
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "test_networks.hpp"

using namespace ergon::neuro;

BOOST_AUTO_TEST_CASE(isolated_neuron_fires_at_the_closed_form_times) {
  // v relaxes from V_r = -60 towards E_L = -49 with tau_m = 20 ms and crosses V_t = -50 after
  // tau_m ln((V_r - E_L)/(V_t - E_L)) = 20 ln 11 = 47.958 ms. On the 0.1 ms grid the first
  // spike is at step ceil(479.58) - 1 = 479 (the step integrated m times is step m - 1), and
  // each ISI adds the 49 held steps: 49 + 480 = 529 steps.
  auto net = test::single_lif(-60.0);
  const auto r = simulate(net, {.duration_ms = 300});
  const double m = std::ceil(20.0 * std::log(11.0) / 0.1);
  BOOST_REQUIRE_GE(r.spikes.size(), 5u);
  BOOST_TEST(r.spikes.steps[0] == static_cast<std::int64_t>(m) - 1);
  for (std::size_t k = 1; k < r.spikes.size(); ++k)
    BOOST_TEST(r.spikes.steps[k] - r.spikes.steps[k - 1] == 49 + static_cast<std::int64_t>(m));
}

BOOST_AUTO_TEST_CASE(refractory_period_is_exactly_50_steps) {
  // A drive strong enough to cross threshold in the first integrated step after
  // refractoriness: E_L = 2000 mV gives v = 2000 - 2060·e^{-0.1/20} = -49.7 mV > V_t.
  auto net = test::single_lif(-40.0, 2000.0);
  const auto r = simulate(net, {.duration_ms = 100});
  BOOST_REQUIRE_GE(r.spikes.size(), 10u);
  BOOST_TEST(r.spikes.steps[0] == 0);  // starts above threshold, nobody refractory
  for (std::size_t k = 1; k < r.spikes.size(); ++k)
    BOOST_TEST(r.spikes.steps[k] - r.spikes.steps[k - 1] == 50);
}

BOOST_AUTO_TEST_CASE(conductance_lif_relaxes_to_rest_without_input) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 3});
  LifParameters p{.synapses = SynapseKind::conductance, .e_l_mv = -60.0};
  net.add_population({.name = "n", .size = 10, .model = p, .initial = {}});
  const auto r = simulate(net, {.duration_ms = 200});
  BOOST_TEST(r.spike_count == 0u);
}

BOOST_AUTO_TEST_CASE(exact_integration_rejects_equal_time_constants) {
  Network net;
  LifParameters p{.tau_m_ms = 5.0};
  net.add_population({.name = "n", .size = 1, .model = p, .initial = {}});
  BOOST_CHECK_THROW(simulate(net, {.duration_ms = 1}), ergon::InputError);
}
