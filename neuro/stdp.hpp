#pragma once
// Pair-based spike-timing-dependent plasticity with all-to-all trace interaction
// (Song, Miller & Abbott 2000, Nat Neurosci 3:919; multiplicative form: van Rossum, Bi &
// Turrigiano 2000, J Neurosci 20:8812).

namespace ergon::neuro {

enum class StdpRule {
  additive,        ///< Δw = +A₊ x_pre w_max on post spikes, −A₋ y_post w_max on pre spikes
  multiplicative,  ///< Δw = +A₊ x_pre (w_max − w) on post spikes, −A₋ y_post w on pre spikes
};

/// STDP of one projection. Traces x_pre, y_post jump by 1 at each spike and decay with
/// tau_plus, tau_minus (ms); weights are clipped to [0, w_max] (the projection's units).
/// The weight change on a pre spike is applied when the spike is emitted (before its delay).
struct StdpParameters {
  StdpRule rule = StdpRule::additive;
  double tau_plus_ms = 20.0;
  double tau_minus_ms = 20.0;
  double a_plus = 0.01;
  double a_minus = 0.0105;  ///< slightly above a_plus: depression dominates (Song et al. 2000)
  double w_max = 1.0;
};

}  // namespace ergon::neuro
