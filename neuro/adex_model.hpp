#pragma once
// Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005, J Neurophysiol
// 94:3637), with conductance-based exponential synapses. Defaults are the paper's Table 1
// (regular-spiking cortical pyramidal cell).

namespace ergon::neuro {

/// AdEx parameters. Units: ms, mV, pF, nS, pA.
///   C dV/dt = -g_L (V - E_L) + g_L Δ_T exp((V - V_T)/Δ_T) - w + ge (E_e - V) + gi (E_i - V) + I_e
///   τ_w dw/dt = a (V - E_L) - w;   V > V_peak: V ← V_r, w ← w + b.
/// Integrated by forward Euler with `substeps` sub-steps per dt (the exponential term makes
/// the upstroke stiff).
struct AdexParameters {
  double c_m_pf = 281.0;
  double g_l_ns = 30.0;
  double e_l_mv = -70.6;
  double v_t_mv = -50.4;
  double delta_t_mv = 2.0;
  double tau_w_ms = 144.0;
  double a_ns = 4.0;
  double b_pa = 80.5;
  double v_reset_mv = -70.6;
  double v_peak_mv = -40.4;  ///< V_T + 5 Δ_T, as in Brette & Gerstner (2005)
  double t_ref_ms = 0.0;
  double i_e_pa = 0.0;  ///< constant injected current
  double tau_e_ms = 5.0;
  double tau_i_ms = 10.0;
  double e_e_mv = 0.0;
  double e_i_mv = -80.0;
  int substeps = 4;
};

}  // namespace ergon::neuro
