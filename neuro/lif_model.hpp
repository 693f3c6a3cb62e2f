#pragma once
// Leaky integrate-and-fire neuron with exponentially decaying synaptic inputs, current- or
// conductance-based: the neuron of the CUBA and COBA benchmarks (Vogels & Abbott 2005;
// Brette et al. 2007). Defaults are CUBA's (Brian2 examples/CUBA.py).

namespace ergon::neuro {

/// How the two synaptic variables (excitatory `ge`, inhibitory `gi`) enter the membrane.
enum class SynapseKind {
  current,      ///< ge, gi in mV: tau_m dv/dt = -(v - E_L) + ge + gi
  conductance,  ///< ge, gi in nS: C_m dv/dt = g_L (E_L - v) + ge (E_e - v) + gi (E_i - v)
};

/// Parameters of a LIF population. Units: ms, mV, pF, nS.
/// Current-based synapses are integrated exactly over a step (as Brian2's method='exact');
/// conductance-based ones by exponential Euler with ge, gi frozen over the step (as Brian2's
/// 'exponential_euler'). Refractoriness holds v at the reset for round(t_ref/dt) steps while
/// ge and gi keep decaying and receiving input.
struct LifParameters {
  SynapseKind synapses = SynapseKind::current;
  double tau_m_ms =
      20.0;               ///< membrane time constant (current-based); must differ from tau_e, tau_i
  double c_m_pf = 200.0;  ///< membrane capacitance (conductance-based)
  double g_l_ns = 10.0;   ///< leak conductance (conductance-based)
  double e_l_mv = -49.0;  ///< leak reversal
  double v_th_mv = -50.0;     ///< spike when v > v_th (strict) and not refractory
  double v_reset_mv = -60.0;  ///< v after a spike
  double t_ref_ms = 5.0;      ///< absolute refractory period
  double tau_e_ms = 5.0;      ///< excitatory synaptic decay
  double tau_i_ms = 10.0;     ///< inhibitory synaptic decay
  double e_e_mv = 0.0;        ///< excitatory reversal (conductance-based)
  double e_i_mv = -80.0;      ///< inhibitory reversal (conductance-based)
};

}  // namespace ergon::neuro
