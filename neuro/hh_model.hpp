#pragma once
// Hodgkin–Huxley neuron with Traub & Miles (1991) channel kinetics as in Brette et al. (2007)
// Benchmark 3 and Brian2's examples/COBAHH.py, with conductance-based exponential synapses.
// Its Na+ current is integrated so that the ATP cost of a spike follows from the Na+ that the
// Na+/K+ pump must extrude (3 Na+ per ATP).

namespace ergon::neuro {

/// HH parameters for a 20 000 µm² single compartment. Units: ms, mV, pF, nS, pA.
///   C dv/dt = g_L (E_L - v) - g_Na m³h (v - E_Na) - g_K n⁴ (v - E_K) + ge (E_e - v) + gi (E_i - v)
///   + I_e
/// Gates by exponential Euler, v by exponential Euler with all conductances frozen over dt.
/// A spike is counted when v crosses v_spike upwards outside the refractory window.
struct HhParameters {
  double c_m_pf = 200.0;  ///< 1 µF/cm² × 20 000 µm²
  double g_l_ns = 10.0;   ///< 5e-5 S/cm² × area
  double e_l_mv = -60.0;
  double g_na_ns = 20000.0;  ///< 100 mS/cm² × area
  double e_na_mv = 50.0;
  double g_k_ns = 6000.0;  ///< 30 mS/cm² × area
  double e_k_mv = -90.0;
  double v_t_mv = -63.0;  ///< Traub & Miles offset V_T
  double v_spike_mv = -20.0;
  double t_ref_ms = 3.0;
  double i_e_pa = 0.0;
  double tau_e_ms = 5.0;
  double tau_i_ms = 10.0;
  double e_e_mv = 0.0;
  double e_i_mv = -80.0;
};

}  // namespace ergon::neuro
