#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "neuro/detail/population_state.hpp"

namespace ergon::neuro::detail {
namespace {

constexpr double kElementaryCharge = 1.602176634e-19;  // C (SI 2019, exact)
constexpr double kNaPerAtp = 3.0;                      // Na+/K+-ATPase: 3 Na+ out per ATP

double exprel(double x) {
  return std::abs(x) < 1e-9 ? 1.0 + 0.5 * x : std::expm1(x) / x;
}

// Traub & Miles (1991) rate functions in Brian2's COBAHH.py form (1/ms, v in mV).
struct Rates {
  double am, bm, an, bn, ah, bh;
};
Rates rates(double v, double vt) {
  Rates r{};
  r.am = 0.32 * 4.0 / exprel((13.0 - v + vt) / 4.0);
  r.bm = 0.28 * 5.0 / exprel((v - vt - 40.0) / 5.0);
  r.an = 0.032 * 5.0 / exprel((15.0 - v + vt) / 5.0);
  r.bn = 0.5 * std::exp((10.0 - v + vt) / 40.0);
  r.ah = 0.128 * std::exp((17.0 - v + vt) / 18.0);
  r.bh = 4.0 / (1.0 + std::exp((40.0 - v + vt) / 5.0));
  return r;
}

class HhState final : public PopulationState {
 public:
  HhState(const HhParameters& p, const PopulationSpec& spec, double dt_ms, Rng& rng)
      : p_(p), dt_(dt_ms) {
    size = spec.size;
    draw_initial(spec.initial, size, rng, v_, ge_, gi_);
    ge = ge_.data();
    gi = gi_.data();
    m_.resize(size);
    h_.resize(size);
    n_.resize(size);
    for (std::size_t i = 0; i < size; ++i) {  // gates at their steady state for the initial v
      const auto r = rates(v_[i], p.v_t_mv);
      m_[i] = r.am / (r.am + r.bm);
      n_[i] = r.an / (r.an + r.bn);
      h_[i] = r.ah / (r.ah + r.bh);
    }
    na_atp_.assign(size, 0.0);
    last_.assign(size, std::numeric_limits<std::int64_t>::min() / 2);
    ref_steps_ = refractory_steps(p.t_ref_ms, dt_ms);
    ee_ = std::exp(-dt_ms / p.tau_e_ms);
    ei_ = std::exp(-dt_ms / p.tau_i_ms);
    // pA · ms = 1e-15 C → ions → ATP
    atp_per_pa_ms_ = 1e-15 / kElementaryCharge / kNaPerAtp;
  }
  void update(std::int64_t step, std::size_t begin, std::size_t end,
              std::vector<std::uint32_t>& spikes) override {
    const auto& p = p_;
    for (std::size_t i = begin; i < end; ++i) {
      const double v = v_[i];
      const auto r = rates(v, p.v_t_mv);
      const double m = m_[i], h = h_[i], n = n_[i];
      const double g_na = p.g_na_ns * m * m * m * h;
      const double g_k = p.g_k_ns * n * n * n * n;
      // ATP feedback (docs/neuro.md): K_ATP conductance a·g_L and the lost pump current g_L·b.
      const double g_katp = katp_.empty() ? 0.0 : p.g_l_ns * katp_[i];
      const double i_pump = pump_.empty() ? 0.0 : p.g_l_ns * pump_[i];
      const double gtot = p.g_l_ns + g_na + g_k + g_katp + ge_[i] + gi_[i];
      const double vinf =
          (p.g_l_ns * p.e_l_mv + g_na * p.e_na_mv + g_k * p.e_k_mv + g_katp * e_k_atp_ +
           ge_[i] * p.e_e_mv + gi_[i] * p.e_i_mv + p.i_e_pa + i_pump) /
          gtot;
      const double vn = vinf + (v - vinf) * std::exp(-dt_ * gtot / p.c_m_pf);
      // Na+ entry over the step, with the current at the step's start (inward = positive).
      na_atp_[i] += std::max(0.0, g_na * (p.e_na_mv - v)) * dt_ * atp_per_pa_ms_;
      const auto gate = [this](double x, double a, double b) {
        const double s = a + b;
        const double inf = a / s;
        return inf + (x - inf) * std::exp(-dt_ * s);
      };
      m_[i] = gate(m, r.am, r.bm);
      h_[i] = gate(h, r.ah, r.bh);
      n_[i] = gate(n, r.an, r.bn);
      v_[i] = vn;
      ge_[i] *= ee_;
      gi_[i] *= ei_;
      if (vn > p.v_spike_mv && step - last_[i] >= ref_steps_)
        spikes.push_back(static_cast<std::uint32_t>(i));
    }
  }
  void reset(std::int64_t step, const std::vector<std::uint32_t>& spikes) override {
    for (const auto i : spikes)
      last_[i] = step;  // no voltage reset: the HH spike repolarises itself
  }
  void clear_feedback() override {
    katp_.clear();
    pump_.clear();
  }
  void set_feedback(const double* katp_rel, const double* pump_mv, double e_k_mv) override {
    katp_.assign(katp_rel, katp_rel + size);
    pump_.assign(pump_mv, pump_mv + size);
    e_k_atp_ = e_k_mv;
  }
  bool take_sodium_atp(double* atp) override {
    for (std::size_t i = 0; i < size; ++i) {
      atp[i] += na_atp_[i];
      na_atp_[i] = 0.0;
    }
    return true;
  }

 private:
  HhParameters p_;
  double dt_;
  std::vector<double> v_, m_, h_, n_, na_atp_, katp_, pump_;
  double e_k_atp_ = -90.0;
  std::vector<float> ge_, gi_;
  std::vector<std::int64_t> last_;
  std::int64_t ref_steps_ = 0;
  double ee_ = 0, ei_ = 0, atp_per_pa_ms_ = 0;
};

}  // namespace

std::unique_ptr<PopulationState> make_hh(const HhParameters& p, const PopulationSpec& spec,
                                         double dt_ms, Rng& rng) {
  if (!(p.c_m_pf > 0)) throw InputError("neuro population '" + spec.name + "': C_m must be > 0");
  return std::make_unique<HhState>(p, spec, dt_ms, rng);
}

}  // namespace ergon::neuro::detail
