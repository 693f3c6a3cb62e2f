// The simulation loop: delays, inputs, plasticity, thread-count independence, streaming,
// the other neuron models and the statistics definitions.
#define BOOST_TEST_MODULE neuro_simulation
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "neuro/statistics.hpp"
#include "test_networks.hpp"

using namespace ergon::neuro;

namespace {

// One input spike at t_in into a resting CUBA neuron strong enough to make it fire once.
std::int64_t first_spike_step(double delay_ms, double t_in_ms) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 1});
  net.add_population(
      {.name = "in", .size = 1, .model = SpikeListSource{.times_ms = {t_in_ms}, .indices = {0}}});
  LifParameters p{.e_l_mv = -60.0};
  net.add_population(
      {.name = "n", .size = 1, .model = p, .initial = {.v_min_mv = -60, .v_max_mv = -60}});
  net.connect({.source = "in",
               .target = "n",
               .rule = FixedProbability{.p = 1.0},
               .weight = 100.0,
               .delay_ms = delay_ms});
  const auto r = simulate(net, {.duration_ms = 50});
  for (std::size_t k = 0; k < r.spikes.size(); ++k)
    if (r.spikes.neurons[k] == 1) return r.spikes.steps[k];
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_delay_shifts_the_response_by_exactly_its_steps) {
  const auto s0 = first_spike_step(0.0, 5.0);
  BOOST_REQUIRE(s0 > 50);  // input delivered at step 50 acts from step 51 on
  BOOST_TEST(first_spike_step(2.0, 5.0) == s0 + 20);
  BOOST_TEST(first_spike_step(7.3, 5.0) == s0 + 73);
}

BOOST_AUTO_TEST_CASE(per_synapse_delays_stay_in_their_range) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 5});
  net.add_population({.name = "A", .size = 100, .model = LifParameters{}, .initial = {}});
  net.connect({.source = "A",
               .target = "A",
               .rule = FixedProbability{.p = 0.2},
               .weight = 1.0,
               .delay_ms = 1.0,
               .delay_max_ms = 3.0});
  const auto& d = net.projections()[0].delays;
  BOOST_REQUIRE(!d.empty());
  for (const auto x : d) BOOST_REQUIRE(x >= 10 && x <= 30);
  BOOST_TEST(net.synapse_bytes() / static_cast<double>(net.synapse_count()) < 6.0);
  BOOST_CHECK_NO_THROW(simulate(net, {.duration_ms = 50}));
}

BOOST_AUTO_TEST_CASE(poisson_source_fires_at_its_rate) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 9});
  net.add_population({.name = "p", .size = 1000, .model = PoissonSource{.rate_hz = 20.0}});
  const auto r = simulate(net, {.duration_ms = 1000});
  const double expected = 1000 * 20.0, sd = std::sqrt(expected);
  BOOST_TEST(std::abs(static_cast<double>(r.spike_count) - expected) < 5 * sd);
  BOOST_TEST(std::abs(r.statistics[0].cv_isi_mean - 1.0) < 0.1);  // Poisson: CV ≈ 1
  auto again = simulate(net, {.duration_ms = 1000});
  BOOST_TEST(again.spikes.neurons == r.spikes.neurons);
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_the_thread_count) {
  auto net = test::cuba(2000, 3);
  const auto one = simulate(net, {.duration_ms = 300, .threads = 1});
  const auto two = simulate(net, {.duration_ms = 300, .threads = 2});
  const auto three = simulate(net, {.duration_ms = 300, .threads = 3});
  BOOST_REQUIRE_GT(one.spike_count, 1000u);
  BOOST_TEST(one.spikes.steps == two.spikes.steps);
  BOOST_TEST(one.spikes.neurons == two.spikes.neurons);
  BOOST_TEST(one.spikes.neurons == three.spikes.neurons);
}

BOOST_AUTO_TEST_CASE(streaming_delivers_every_spike_in_order) {
  auto net = test::cuba(1000, 2);
  const auto kept = simulate(net, {.duration_ms = 200});
  std::vector<std::uint32_t> streamed;
  std::size_t calls = 0;
  const auto r =
      simulate(net, {.duration_ms = 200,
                     .keep_spikes = false,
                     .on_spikes =
                         [&](auto, auto neurons) {
                           ++calls;
                           streamed.insert(streamed.end(), neurons.begin(), neurons.end());
                         },
                     .stream_chunk = 100});
  BOOST_TEST(r.spikes.size() < 200u);  // memory stays bounded
  BOOST_TEST(calls > 2u);
  BOOST_TEST(streamed == kept.spikes.neurons);
}

namespace {
// A plastic synapse from `pre` to `post`, each a spike list; post is made to fire by a strong
// second input at the listed times. Returns the final weight and the post spike's step.
std::pair<double, std::int64_t> stdp_run(double pre_ms, double post_drive_ms, StdpRule rule) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 1});
  net.add_population(
      {.name = "pre", .size = 1, .model = SpikeListSource{.times_ms = {pre_ms}, .indices = {0}}});
  net.add_population({.name = "drive",
                      .size = 1,
                      .model = SpikeListSource{.times_ms = {post_drive_ms}, .indices = {0}}});
  LifParameters p{.e_l_mv = -60.0, .tau_e_ms = 0.5};
  net.add_population(
      {.name = "post", .size = 1, .model = p, .initial = {.v_min_mv = -60, .v_max_mv = -60}});
  net.connect({.source = "pre",
               .target = "post",
               .rule = FixedProbability{.p = 1},
               .weight = 0.5,
               .stdp = StdpParameters{.rule = rule, .w_max = 1.0}});
  net.connect(
      {.source = "drive", .target = "post", .rule = FixedProbability{.p = 1}, .weight = 1000.0});
  const auto r = simulate(net, {.duration_ms = 100});
  BOOST_REQUIRE(r.statistics[2].spikes == 1u);
  std::int64_t post = -1;
  for (std::size_t k = 0; k < r.spikes.size(); ++k)
    if (r.spikes.neurons[k] == 2) post = r.spikes.steps[k];
  return {net.projections()[0].weights[0], post};
}
double stdp_weight(double pre_ms, double post_drive_ms, StdpRule rule) {
  return stdp_run(pre_ms, post_drive_ms, rule).first;
}
}  // namespace

BOOST_AUTO_TEST_CASE(stdp_potentiates_causal_and_depresses_acausal_pairs) {
  for (const auto rule : {StdpRule::additive, StdpRule::multiplicative}) {
    BOOST_TEST(stdp_weight(10.0, 15.0, rule) > 0.5);  // pre before post
    BOOST_TEST(stdp_weight(30.0, 15.0, rule) < 0.5);  // post before pre
  }
  // One pair, Δt = t_post − t_pre > 0: additive Δw = A₊ w_max e^{−Δt/τ₊}, multiplicative
  // Δw = A₊ (w_max − w) e^{−Δt/τ₊}; post before pre (Δt < 0): −A₋ w_max e^{Δt/τ₋} and −A₋ w
  // e^{Δt/τ₋}.
  const StdpParameters d;
  for (const auto rule : {StdpRule::additive, StdpRule::multiplicative}) {
    const auto [w_up, post_up] = stdp_run(10.0, 15.0, rule);
    const double dt_up = static_cast<double>(post_up) * 0.1 - 10.0;
    const double scale_up = rule == StdpRule::additive ? 1.0 : 0.5;
    BOOST_TEST(w_up == 0.5 + d.a_plus * scale_up * std::exp(-dt_up / d.tau_plus_ms),
               boost::test_tools::tolerance(1e-6));
    const auto [w_down, post_down] = stdp_run(30.0, 15.0, rule);
    const double dt_down = 30.0 - static_cast<double>(post_down) * 0.1;
    const double scale_down = rule == StdpRule::additive ? 1.0 : 0.5;
    BOOST_TEST(w_down == 0.5 - d.a_minus * scale_down * std::exp(-dt_down / d.tau_minus_ms),
               boost::test_tools::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_CASE(adex_izhikevich_and_hh_fire_under_constant_drive) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 1});
  net.add_population({.name = "adex",
                      .size = 1,
                      .model = AdexParameters{.i_e_pa = 800.0},
                      .initial = {.v_min_mv = -70.6, .v_max_mv = -70.6}});
  net.add_population({.name = "izh",
                      .size = 1,
                      .model = IzhikevichParameters{.i_e = 10.0},
                      .initial = {.v_min_mv = -65, .v_max_mv = -65}});
  net.add_population({.name = "hh",
                      .size = 1,
                      .model = HhParameters{.i_e_pa = 500.0},
                      .initial = {.v_min_mv = -65, .v_max_mv = -65}});
  const auto r = simulate(net, {.duration_ms = 1000, .statistics_start_ms = 0});
  for (const auto& s : r.statistics) {
    BOOST_TEST_CONTEXT(s.name) {
      BOOST_TEST(s.spikes > 3u);
      BOOST_TEST(s.spikes < 300u);
    }
  }
  // AdEx adapts: the first interval is shorter than the last.
  std::vector<std::int64_t> adex;
  for (std::size_t k = 0; k < r.spikes.size(); ++k)
    if (r.spikes.neurons[k] == 0) adex.push_back(r.spikes.steps[k]);
  BOOST_REQUIRE(adex.size() >= 4u);
  BOOST_TEST(adex[1] - adex[0] < adex.back() - adex[adex.size() - 2]);
}

BOOST_AUTO_TEST_CASE(statistics_follow_the_brian2_definitions) {
  SpikeRecord rec;
  rec.dt_ms = 1.0;
  // neuron 0: spikes at 100, 200, 400 ms (ISIs 100, 200: CV = 50/150); neuron 1: two spikes;
  // neuron 2: silent; a spike before the window is ignored.
  for (auto [s, n] : std::vector<std::pair<int, int>>{
           {50, 0}, {100, 0}, {150, 1}, {200, 0}, {300, 1}, {400, 0}}) {
    rec.steps.push_back(s);
    rec.neurons.push_back(static_cast<std::uint32_t>(n));
  }
  const auto st = spike_statistics(rec, "x", 0, 3, 100.0, 1000.0);
  BOOST_TEST(st.neurons_with_3_spikes == 1u);
  BOOST_TEST(st.cv_isi_mean == 50.0 / 150.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(st.fraction_silent == 1.0 / 3.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(st.mean_rate_hz == 5.0 / 3.0 / 0.9, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(st.spikes == 6u);
}

BOOST_AUTO_TEST_CASE(invalid_options_are_input_errors) {
  auto net = test::single_lif(-60);
  BOOST_CHECK_THROW(simulate(net, {.duration_ms = -1}), ergon::InputError);
  BOOST_CHECK_THROW(simulate(net, {.threads = 0}), ergon::InputError);
}

BOOST_AUTO_TEST_CASE(statistics_need_no_stored_spikes) {
  auto net = test::cuba(1000, 5);
  const auto kept = simulate(net, {.duration_ms = 300});
  const auto dropped = simulate(net, {.duration_ms = 300, .keep_spikes = false});
  BOOST_TEST(dropped.spikes.size() == 0u);
  BOOST_TEST(dropped.spike_count == kept.spike_count);
  BOOST_TEST(dropped.statistics[0].cv_isi_mean == kept.statistics[0].cv_isi_mean);
}
