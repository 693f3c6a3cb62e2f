#include <cmath>

#include "engine/core/error.hpp"
#include "neuro/detail/population_state.hpp"

namespace ergon::neuro::detail {
namespace {

class IzhikevichState final : public PopulationState {
 public:
  IzhikevichState(const IzhikevichParameters& p, const PopulationSpec& spec, double dt_ms, Rng& rng)
      : p_(p), h_(dt_ms / p.substeps) {
    size = spec.size;
    draw_initial(spec.initial, size, rng, v_, ge_, gi_);
    ge = ge_.data();
    gi = gi_.data();
    u_.resize(size);
    for (std::size_t i = 0; i < size; ++i) u_[i] = p.b * v_[i];
    ee_ = std::exp(-dt_ms / p.tau_e_ms);
    ei_ = std::exp(-dt_ms / p.tau_i_ms);
  }
  void update(std::int64_t, std::size_t begin, std::size_t end,
              std::vector<std::uint32_t>& spikes) override {
    const auto& p = p_;
    for (std::size_t i = begin; i < end; ++i) {
      double v = v_[i], u = u_[i];
      const double input = p.i_e + ge_[i] + gi_[i];
      for (int k = 0; k < p.substeps && v < p.v_peak_mv; ++k) {
        const double dv = 0.04 * v * v + 5.0 * v + 140.0 - u + input;
        const double du = p.a * (p.b * v - u);
        v += h_ * dv;
        u += h_ * du;
      }
      v_[i] = v;
      u_[i] = u;
      ge_[i] *= ee_;
      gi_[i] *= ei_;
      if (v >= p.v_peak_mv) spikes.push_back(static_cast<std::uint32_t>(i));
    }
  }
  void reset(std::int64_t, const std::vector<std::uint32_t>& spikes) override {
    for (const auto i : spikes) {
      v_[i] = p_.c;
      u_[i] += p_.d;
    }
  }

 private:
  IzhikevichParameters p_;
  double h_;
  std::vector<double> v_, u_;
  std::vector<float> ge_, gi_;
  double ee_ = 0, ei_ = 0;
};

}  // namespace

std::unique_ptr<PopulationState> make_izhikevich(const IzhikevichParameters& p,
                                                 const PopulationSpec& spec, double dt_ms,
                                                 Rng& rng) {
  if (p.substeps < 1)
    throw InputError("neuro population '" + spec.name + "': substeps must be ≥ 1");
  return std::make_unique<IzhikevichState>(p, spec, dt_ms, rng);
}

}  // namespace ergon::neuro::detail
