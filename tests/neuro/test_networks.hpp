#pragma once
// Small networks with known answers shared by the neuro unit tests.

#include <cmath>

#include "engine/core/error.hpp"
#include "neuro/network.hpp"
#include "neuro/simulation.hpp"

namespace ergon::neuro::test {

/// One CUBA LIF neuron (Brian2 CUBA.py parameters) starting at v = v0.
inline Network single_lif(double v0, double e_l = -49.0) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = 1});
  LifParameters p;
  p.e_l_mv = e_l;
  net.add_population(
      {.name = "n", .size = 1, .model = p, .initial = {.v_min_mv = v0, .v_max_mv = v0}});
  return net;
}

/// CUBA at N neurons (p = 80/N), as the examples build it.
inline Network cuba(std::size_t n, std::uint64_t seed) {
  Network net(NetworkOptions{.dt_ms = 0.1, .seed = seed});
  const std::size_t ne = n * 8 / 10;
  LifParameters p;
  net.add_population({.name = "E", .size = ne, .model = p, .initial = {}});
  net.add_population({.name = "I", .size = n - ne, .model = p, .initial = {}});
  const double prob = 80.0 / static_cast<double>(n);
  for (const char* pre : {"E", "I"})
    for (const char* post : {"E", "I"}) {
      const bool exc = std::string(pre) == "E";
      net.connect({.source = pre,
                   .target = post,
                   .rule = FixedProbability{.p = prob},
                   .receptor = exc ? Receptor::excitatory : Receptor::inhibitory,
                   .weight = exc ? 1.62 : -9.0});
    }
  return net;
}

}  // namespace ergon::neuro::test
