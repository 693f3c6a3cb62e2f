#pragma once
// Izhikevich (2003) simple model (IEEE Trans Neural Netw 14:1569), with current-based
// exponential synapses. Defaults: regular spiking (a, b, c, d) = (0.02, 0.2, -65, 8).

namespace ergon::neuro {

/// Izhikevich parameters (the model's own dimensionless-per-ms units; v in mV, time in ms):
///   dv/dt = 0.04 v² + 5 v + 140 - u + I,  du/dt = a (b v - u),  v ≥ v_peak: v ← c, u ← u + d,
/// with I = I_e + ge + gi (ge, gi decay with tau_e, tau_i). Forward Euler with `substeps`
/// sub-steps per dt.
struct IzhikevichParameters {
  double a = 0.02;
  double b = 0.2;
  double c = -65.0;
  double d = 8.0;
  double v_peak_mv = 30.0;
  double i_e = 0.0;
  double tau_e_ms = 5.0;
  double tau_i_ms = 10.0;
  int substeps = 2;
};

}  // namespace ergon::neuro
