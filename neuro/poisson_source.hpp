#pragma once

namespace ergon::neuro {

/// Independent Poisson spike trains, one per source neuron: each step a neuron spikes with
/// probability rate·dt (drawn with geometric skipping, so the cost scales with the spikes).
struct PoissonSource {
  double rate_hz = 10.0;
  double start_ms = 0.0;
  double stop_ms = 1e300;
};

}  // namespace ergon::neuro
