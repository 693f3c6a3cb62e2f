#include "neuro/detail/population_state.hpp"

#include <cmath>

namespace ergon::neuro::detail {

void draw_initial(const InitialState& init, std::size_t n, Rng& rng, std::vector<double>& v,
                  std::vector<float>& ge, std::vector<float>& gi) {
  v.resize(n);
  ge.assign(n, static_cast<float>(init.ge_mean));
  gi.assign(n, static_cast<float>(init.gi_mean));
  for (auto& x : v) x = init.v_min_mv + rng.uniform() * (init.v_max_mv - init.v_min_mv);
  if (init.ge_sd > 0)
    for (auto& x : ge) x = static_cast<float>(init.ge_mean + init.ge_sd * rng.normal());
  if (init.gi_sd > 0)
    for (auto& x : gi) x = static_cast<float>(init.gi_mean + init.gi_sd * rng.normal());
}

std::int64_t refractory_steps(double t_ref_ms, double dt_ms) {
  return static_cast<std::int64_t>(std::floor((t_ref_ms + 1e-3 * dt_ms) / dt_ms));
}

std::unique_ptr<PopulationState> make_population_state(const PopulationSpec& spec, double dt_ms,
                                                       Rng& rng) {
  struct Visitor {
    const PopulationSpec& spec;
    double dt;
    Rng& rng;
    std::unique_ptr<PopulationState> operator()(const LifParameters& p) {
      return make_lif(p, spec, dt, rng);
    }
    std::unique_ptr<PopulationState> operator()(const AdexParameters& p) {
      return make_adex(p, spec, dt, rng);
    }
    std::unique_ptr<PopulationState> operator()(const IzhikevichParameters& p) {
      return make_izhikevich(p, spec, dt, rng);
    }
    std::unique_ptr<PopulationState> operator()(const HhParameters& p) {
      return make_hh(p, spec, dt, rng);
    }
    std::unique_ptr<PopulationState> operator()(const PoissonSource& p) {
      return make_poisson(p, spec, dt, rng);
    }
    std::unique_ptr<PopulationState> operator()(const SpikeListSource& p) {
      return make_spike_list(p, spec, dt);
    }
  };
  return std::visit(Visitor{spec, dt_ms, rng}, spec.model);
}

}  // namespace ergon::neuro::detail
