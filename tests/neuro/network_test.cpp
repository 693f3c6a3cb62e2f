// Connectivity: counts against the binomial law, determinism for a seed, rule constraints,
// compact storage.
#define BOOST_TEST_MODULE neuro_network
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "test_networks.hpp"

using namespace ergon::neuro;

namespace {
Network two_pops(std::uint64_t seed) {
  Network net(NetworkOptions{.seed = seed});
  net.add_population({.name = "A", .size = 1000, .model = LifParameters{}, .initial = {}});
  net.add_population({.name = "B", .size = 500, .model = LifParameters{}, .initial = {}});
  return net;
}
}  // namespace

BOOST_AUTO_TEST_CASE(fixed_probability_count_follows_the_binomial) {
  auto net = two_pops(1);
  net.connect({.source = "A", .target = "B", .rule = FixedProbability{.p = 0.1}, .weight = 1});
  const double mean = 1000 * 500 * 0.1, sd = std::sqrt(mean * 0.9);
  const auto& proj = net.projections()[0];
  BOOST_TEST(std::abs(static_cast<double>(proj.size()) - mean) < 5 * sd);
  BOOST_TEST(proj.offsets.size() == 1001u);
  BOOST_TEST(proj.offsets.back() == proj.size());
  for (std::size_t i = 0; i < 1000; ++i) {
    BOOST_REQUIRE(proj.offsets[i] <= proj.offsets[i + 1]);
    std::set<std::uint32_t> seen;  // no multapses, targets in range
    for (auto k = proj.offsets[i]; k < proj.offsets[i + 1]; ++k) {
      BOOST_REQUIRE(proj.targets[k] < 500u);
      BOOST_REQUIRE(seen.insert(proj.targets[k]).second);
    }
  }
}

BOOST_AUTO_TEST_CASE(in_degree_of_fixed_probability_has_binomial_spread) {
  auto net = two_pops(4);
  net.connect({.source = "A", .target = "B", .rule = FixedProbability{.p = 0.08}, .weight = 1});
  std::vector<double> in(500, 0);
  for (const auto t : net.projections()[0].targets) in[t] += 1;
  double m = 0, v = 0;
  for (const double x : in) m += x / 500;
  for (const double x : in) v += (x - m) * (x - m) / 500;
  BOOST_TEST(std::abs(m - 80.0) < 2.0);
  BOOST_TEST(std::abs(v - 80 * 0.92) < 20.0);  // binomial variance n p (1 - p)
}

BOOST_AUTO_TEST_CASE(same_seed_same_synapses_other_seed_other_synapses) {
  auto a = two_pops(7), b = two_pops(7), c = two_pops(8);
  for (auto* n : {&a, &b, &c})
    n->connect({.source = "A", .target = "B", .rule = FixedProbability{.p = 0.05}, .weight = 1});
  BOOST_TEST(a.projections()[0].targets == b.projections()[0].targets);
  BOOST_TEST(a.projections()[0].offsets == b.projections()[0].offsets);
  BOOST_TEST(a.projections()[0].targets != c.projections()[0].targets);
}

BOOST_AUTO_TEST_CASE(autapses_can_be_excluded) {
  Network net;
  net.add_population({.name = "A", .size = 200, .model = LifParameters{}, .initial = {}});
  net.connect({.source = "A",
               .target = "A",
               .rule = FixedProbability{.p = 1.0, .autapses = false},
               .weight = 1});
  net.connect({.source = "A",
               .target = "A",
               .rule = FixedProbability{.p = 0.5, .autapses = false},
               .weight = 1});
  net.connect({.source = "A",
               .target = "A",
               .rule = FixedInDegree{.k = 199, .autapses = false},
               .weight = 1});
  for (const auto& proj : net.projections())
    for (std::size_t i = 0; i < 200; ++i)
      for (auto k = proj.offsets[i]; k < proj.offsets[i + 1]; ++k)
        BOOST_REQUIRE(proj.targets[k] != i);
  BOOST_TEST(net.projections()[0].size() == 200u * 199u);
  BOOST_TEST(net.projections()[2].size() == 200u * 199u);
}

BOOST_AUTO_TEST_CASE(fixed_in_degree_gives_exactly_k_distinct_partners) {
  auto net = two_pops(2);
  net.connect({.source = "A", .target = "B", .rule = FixedInDegree{.k = 37}, .weight = 1});
  const auto& proj = net.projections()[0];
  std::vector<std::set<std::size_t>> pre(500);
  for (std::size_t i = 0; i < 1000; ++i)
    for (auto k = proj.offsets[i]; k < proj.offsets[i + 1]; ++k) pre[proj.targets[k]].insert(i);
  for (const auto& s : pre) BOOST_REQUIRE(s.size() == 37u);
  BOOST_TEST(proj.size() == 500u * 37u);
  BOOST_CHECK_THROW(net.connect({.source = "A", .target = "B", .rule = FixedInDegree{.k = 1001}}),
                    ergon::InputError);
}

BOOST_AUTO_TEST_CASE(benchmark_storage_is_at_most_12_bytes_per_synapse) {
  const auto net = test::cuba(4000, 1);
  const double per =
      static_cast<double>(net.synapse_bytes()) / static_cast<double>(net.synapse_count());
  BOOST_TEST(per <= 12.0);
  BOOST_TEST(per < 4.5);  // 4 B target + CSR offsets; homogeneous weights cost nothing per synapse
}

BOOST_AUTO_TEST_CASE(bad_input_is_reported) {
  Network net;
  net.add_population({.name = "A", .size = 10, .model = LifParameters{}, .initial = {}});
  BOOST_CHECK_THROW(net.add_population({.name = "A", .size = 1, .model = LifParameters{}}),
                    ergon::InputError);
  BOOST_CHECK_THROW(net.add_population({.name = "Z", .size = 0, .model = LifParameters{}}),
                    ergon::InputError);
  BOOST_CHECK_THROW(net.connect({.source = "A", .target = "nope"}), ergon::InputError);
  BOOST_CHECK_THROW(net.connect({.source = "A", .target = "A", .rule = FixedProbability{.p = 1.5}}),
                    ergon::InputError);
  BOOST_CHECK_THROW(Network(NetworkOptions{.dt_ms = 0}), ergon::InputError);
}
