#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "neuro/detail/population_state.hpp"

namespace ergon::neuro::detail {
namespace {

class AdexState final : public PopulationState {
 public:
  AdexState(const AdexParameters& p, const PopulationSpec& spec, double dt_ms, Rng& rng)
      : p_(p), h_(dt_ms / p.substeps) {
    size = spec.size;
    draw_initial(spec.initial, size, rng, v_, ge_, gi_);
    ge = ge_.data();
    gi = gi_.data();
    w_.assign(size, 0.0);
    last_.assign(size, std::numeric_limits<std::int64_t>::min() / 2);
    ref_steps_ = refractory_steps(p.t_ref_ms, dt_ms);
    ee_ = std::exp(-dt_ms / p.tau_e_ms);
    ei_ = std::exp(-dt_ms / p.tau_i_ms);
  }
  void update(std::int64_t step, std::size_t begin, std::size_t end,
              std::vector<std::uint32_t>& spikes) override {
    const auto& p = p_;
    for (std::size_t i = begin; i < end; ++i) {
      const bool refractory = step - last_[i] < ref_steps_;
      double v = v_[i], w = w_[i];
      if (!refractory) {
        for (int k = 0; k < p.substeps; ++k) {
          // Cap the exponential: past v_peak the neuron is reset anyway.
          const double x = std::min((v - p.v_t_mv) / p.delta_t_mv, 20.0);
          const double i_total = -p.g_l_ns * (v - p.e_l_mv) + atp_current(i, v) +
                                 p.g_l_ns * p.delta_t_mv * std::exp(x) - w +
                                 ge_[i] * (p.e_e_mv - v) + gi_[i] * (p.e_i_mv - v) + p.i_e_pa;
          const double dw = (p.a_ns * (v - p.e_l_mv) - w) / p.tau_w_ms;
          v += h_ * i_total / p.c_m_pf;
          w += h_ * dw;
          if (v > p.v_peak_mv) break;
        }
      } else {
        for (int k = 0; k < p.substeps; ++k) w += h_ * (p.a_ns * (v - p.e_l_mv) - w) / p.tau_w_ms;
      }
      v_[i] = v;
      w_[i] = w;
      ge_[i] *= ee_;
      gi_[i] *= ei_;
      if (!refractory && v > p.v_peak_mv) spikes.push_back(static_cast<std::uint32_t>(i));
    }
  }
  void clear_feedback() override {
    katp_.clear();
    pump_.clear();
  }
  void set_feedback(const double* katp_rel, const double* pump_mv, double e_k_mv) override {
    katp_.assign(katp_rel, katp_rel + size);
    pump_.assign(pump_mv, pump_mv + size);
    e_k_ = e_k_mv;
  }
  void reset(std::int64_t step, const std::vector<std::uint32_t>& spikes) override {
    for (const auto i : spikes) {
      v_[i] = p_.v_reset_mv;
      w_[i] += p_.b_pa;
      last_[i] = step;
    }
  }

 private:
  // ATP feedback (docs/neuro.md): K_ATP conductance a·g_L towards E_K and the lost pump
  // hyperpolarisation as the current g_L·b (pA).
  double atp_current(std::size_t i, double v) const {
    if (katp_.empty()) return 0.0;
    return p_.g_l_ns * (katp_[i] * (e_k_ - v) + pump_[i]);
  }

  AdexParameters p_;
  std::vector<double> katp_, pump_;
  double e_k_ = -90.0;
  double h_;
  std::vector<double> v_, w_;
  std::vector<float> ge_, gi_;
  std::vector<std::int64_t> last_;
  std::int64_t ref_steps_ = 0;
  double ee_ = 0, ei_ = 0;
};

}  // namespace

std::unique_ptr<PopulationState> make_adex(const AdexParameters& p, const PopulationSpec& spec,
                                           double dt_ms, Rng& rng) {
  if (p.substeps < 1 || !(p.c_m_pf > 0) || !(p.delta_t_mv > 0) || !(p.tau_w_ms > 0))
    throw InputError("neuro population '" + spec.name +
                     "': AdEx needs substeps ≥ 1 and C_m, Δ_T, τ_w > 0");
  return std::make_unique<AdexState>(p, spec, dt_ms, rng);
}

}  // namespace ergon::neuro::detail
