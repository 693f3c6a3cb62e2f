// LIF state update: the hot loop of the CUBA/COBA benchmarks. Compiled with -O3 -ffast-math
// -march=native (see CMakeLists.txt) so that the exp() of COBA vectorises through libmvec.
//
// State and arithmetic are single precision (as GeNN's default and most GPU/neuromorphic
// simulators). At 64 000 neurons the double-precision state (28 B per neuron and step) no
// longer fits in L2 and the loop became memory-bound; float halves the traffic and doubles the
// SIMD width. The rounding (≈ 1e-5 mV on −50 mV) is far below any modelled effect; the
// closed-form ISI test and the Brian2 agreement test (which runs in float64) still hold.
// The propagators are computed in double and rounded once.

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "neuro/detail/population_state.hpp"

namespace ergon::neuro::detail {
namespace {

// Neurons are processed in blocks: a vectorised update of the block that also reduces "any
// above threshold?", and a scalar scan only for the rare block that has a spike (at 5-20 Hz
// and dt = 0.1 ms, a 256-neuron block holds a spike in about one step in ten).
constexpr std::size_t kBlock = 256;
constexpr std::size_t kChunk = 16;  // one AVX-512 vector of floats

class LifState final : public PopulationState {
 public:
  LifState(const LifParameters& p, const PopulationSpec& spec, double dt_ms, Rng& rng)
      : p_(p), dt_(dt_ms) {
    size = spec.size;
    std::vector<double> v0;
    draw_initial(spec.initial, size, rng, v0, ge_, gi_);
    v_.assign(v0.begin(), v0.end());
    ge = ge_.data();
    gi = gi_.data();
    // Nobody refractory at the start (Brian2: lastspike = -1e4 s).
    last_.assign(size, std::numeric_limits<std::int32_t>::min() / 2);
    ref_steps_ = static_cast<std::int32_t>(refractory_steps(p.t_ref_ms, dt_ms));
    ee_ = std::exp(-dt_ / p.tau_e_ms);
    ei_ = std::exp(-dt_ / p.tau_i_ms);
    if (p.synapses == SynapseKind::current) {
      em_ = std::exp(-dt_ / p.tau_m_ms);
      ce_ = p.tau_e_ms / (p.tau_m_ms - p.tau_e_ms) * (em_ - ee_);
      ci_ = p.tau_i_ms / (p.tau_m_ms - p.tau_i_ms) * (em_ - ei_);
    }
  }

  void update(std::int64_t step, std::size_t begin, std::size_t end,
              std::vector<std::uint32_t>& spikes) override {
    const auto s = static_cast<std::int32_t>(step);
    for (std::size_t b = begin; b < end; b += kBlock) {
      const std::size_t e = std::min(end, b + kBlock);
      int any = 0;
      if (p_.synapses == SynapseKind::current) {
        any = feedback_ ? integrate_cuba_feedback(s, b, e) : integrate_cuba(s, b, e);
      } else {
        any = integrate_coba(s, b, e);
      }
      if (!any) continue;
      // Narrow down in vector-width chunks before the scalar test: a scalar scan of the whole
      // block cost as much as the update itself at 5 Hz.
      const auto vt = static_cast<float>(p_.v_th_mv);
      const float* v = v_.data();
      for (std::size_t c = b; c < e; c += kChunk) {
        const std::size_t ce = std::min(e, c + kChunk);
        int hit = 0;
        for (std::size_t i = c; i < ce; ++i) hit |= static_cast<int>(v[i] > vt);
        if (!hit) continue;
        for (std::size_t i = c; i < ce; ++i)
          if (v[i] > vt && s - last_[i] >= ref_steps_)
            spikes.push_back(static_cast<std::uint32_t>(i));
      }
    }
  }

  void reset(std::int64_t step, const std::vector<std::uint32_t>& spikes) override {
    for (const auto i : spikes) {
      v_[i] = static_cast<float>(p_.v_reset_mv);
      last_[i] = static_cast<std::int32_t>(step);
    }
  }

  void clear_feedback() override { feedback_ = false; }
  void set_feedback(const double* katp_rel, const double* pump_mv, double e_k_mv) override {
    feedback_ = true;
    e_k_ = e_k_mv;
    a_.assign(katp_rel, katp_rel + size);
    bias_.assign(pump_mv, pump_mv + size);  // double → float
    if (p_.synapses != SynapseKind::current) return;
    // Exact integration with the K_ATP conductance a·g_L towards E_K and the pump
    // depolarisation b: the same linear system with tau_m' = tau_m/(1+a),
    // E_L' = (E_L + a E_K + b)/(1+a) and inputs scaled by 1/(1+a).
    em_i_.resize(size);
    el_i_.resize(size);
    ce_i_.resize(size);
    ci_i_.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
      const double g = 1.0 + static_cast<double>(a_[i]);
      double tm = p_.tau_m_ms / g;
      // The exact propagator is singular at tau_m' = tau_syn; nudge off it.
      if (std::abs(tm - p_.tau_e_ms) < 1e-9 || std::abs(tm - p_.tau_i_ms) < 1e-9) tm += 1e-6;
      const double em = std::exp(-dt_ / tm);
      em_i_[i] = static_cast<float>(em);
      el_i_[i] = static_cast<float>((p_.e_l_mv + a_[i] * e_k_ + bias_[i]) / g);
      ce_i_[i] = static_cast<float>(p_.tau_e_ms / (tm - p_.tau_e_ms) * (em - ee_) / g);
      ci_i_[i] = static_cast<float>(p_.tau_i_ms / (tm - p_.tau_i_ms) * (em - ei_) / g);
    }
  }

 private:
  int integrate_cuba(std::int32_t s, std::size_t b, std::size_t e) {
    float* __restrict v = v_.data();
    float* __restrict ge_p = ge_.data();
    float* __restrict gi_p = gi_.data();
    const std::int32_t* __restrict last = last_.data();
    const auto el = static_cast<float>(p_.e_l_mv), em = static_cast<float>(em_),
               ce = static_cast<float>(ce_), ci = static_cast<float>(ci_),
               ee = static_cast<float>(ee_), ei = static_cast<float>(ei_);
    const std::int32_t ref = ref_steps_;
    const auto vt = static_cast<float>(p_.v_th_mv);
    int any = 0;
    for (std::size_t i = b; i < e; ++i) {
      const float vn = el + (v[i] - el) * em + ge_p[i] * ce + gi_p[i] * ci;
      const float vi = (s - last[i] >= ref) ? vn : v[i];
      v[i] = vi;
      any |= static_cast<int>(vi > vt);
      ge_p[i] *= ee;
      gi_p[i] *= ei;
    }
    return any;
  }

  int integrate_cuba_feedback(std::int32_t s, std::size_t b, std::size_t e) {
    float* __restrict v = v_.data();
    float* __restrict ge_p = ge_.data();
    float* __restrict gi_p = gi_.data();
    const std::int32_t* __restrict last = last_.data();
    const auto ee = static_cast<float>(ee_), ei = static_cast<float>(ei_);
    const std::int32_t ref = ref_steps_;
    const auto vt = static_cast<float>(p_.v_th_mv);
    int any = 0;
    for (std::size_t i = b; i < e; ++i) {
      const float el = el_i_[i];
      const float vn = el + (v[i] - el) * em_i_[i] + ge_p[i] * ce_i_[i] + gi_p[i] * ci_i_[i];
      const float vi = (s - last[i] >= ref) ? vn : v[i];
      v[i] = vi;
      any |= static_cast<int>(vi > vt);
      ge_p[i] *= ee;
      gi_p[i] *= ei;
    }
    return any;
  }

  int integrate_coba(std::int32_t s, std::size_t b, std::size_t e) {
    float* __restrict v = v_.data();
    float* __restrict ge_p = ge_.data();
    float* __restrict gi_p = gi_.data();
    const std::int32_t* __restrict last = last_.data();
    const auto gl = static_cast<float>(p_.g_l_ns), el = static_cast<float>(p_.e_l_mv),
               eexc = static_cast<float>(p_.e_e_mv), einh = static_cast<float>(p_.e_i_mv);
    const auto k = static_cast<float>(-dt_ / p_.c_m_pf), ee = static_cast<float>(ee_),
               ei = static_cast<float>(ei_);
    const std::int32_t ref = ref_steps_;
    const auto vt = static_cast<float>(p_.v_th_mv);
    int any = 0;
    if (!feedback_) {
      for (std::size_t i = b; i < e; ++i) {
        const float gtot = gl + ge_p[i] + gi_p[i];
        const float vinf = (gl * el + ge_p[i] * eexc + gi_p[i] * einh) / gtot;
        const float vn = vinf + (v[i] - vinf) * std::exp(k * gtot);
        const float vi = (s - last[i] >= ref) ? vn : v[i];
        v[i] = vi;
        any |= static_cast<int>(vi > vt);
        ge_p[i] *= ee;
        gi_p[i] *= ei;
      }
    } else {
      const float* __restrict a = a_.data();
      const float* __restrict bias = bias_.data();
      const auto ek = static_cast<float>(e_k_);
      for (std::size_t i = b; i < e; ++i) {
        const float gk = gl * a[i];
        const float gtot = gl + gk + ge_p[i] + gi_p[i];
        const float vinf = (gl * (el + bias[i]) + gk * ek + ge_p[i] * eexc + gi_p[i] * einh) / gtot;
        const float vn = vinf + (v[i] - vinf) * std::exp(k * gtot);
        const float vi = (s - last[i] >= ref) ? vn : v[i];
        v[i] = vi;
        any |= static_cast<int>(vi > vt);
        ge_p[i] *= ee;
        gi_p[i] *= ei;
      }
    }
    return any;
  }

  LifParameters p_;
  double dt_;
  // state: single precision (see the note at the top)
  std::vector<float> v_, ge_, gi_;
  std::vector<std::int32_t> last_;  // step of the last spike (steps fit 32 bits: 59 h at 0.1 ms)
  // internal variables
  std::int32_t ref_steps_ = 0;
  double em_ = 0, ee_ = 0, ei_ = 0, ce_ = 0, ci_ = 0;
  // ATP feedback (per neuron, set every metabolic step)
  bool feedback_ = false;
  double e_k_ = -90.0;
  std::vector<float> a_, bias_, em_i_, el_i_, ce_i_, ci_i_;
};

}  // namespace

std::unique_ptr<PopulationState> make_lif(const LifParameters& p, const PopulationSpec& spec,
                                          double dt_ms, Rng& rng) {
  if (p.synapses == SynapseKind::current && (p.tau_m_ms == p.tau_e_ms || p.tau_m_ms == p.tau_i_ms))
    throw InputError("neuro population '" + spec.name +
                     "': exact integration needs tau_m different from tau_e and tau_i");
  if (!(p.tau_m_ms > 0 && p.tau_e_ms > 0 && p.tau_i_ms > 0 && p.c_m_pf > 0 && p.g_l_ns > 0))
    throw InputError("neuro population '" + spec.name +
                     "': time constants, C_m and g_L must be > 0");
  return std::make_unique<LifState>(p, spec, dt_ms, rng);
}

}  // namespace ergon::neuro::detail
