// Spike sources: Poisson trains and given spike lists. They have no membrane and no synaptic
// input; they only emit spikes into projections.

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"
#include "neuro/detail/population_state.hpp"

namespace ergon::neuro::detail {
namespace {

class PoissonState final : public PopulationState {
 public:
  PoissonState(const PoissonSource& p, const PopulationSpec& spec, double dt_ms, Rng& rng)
      : rng_(rng.next(), 7) {
    size = spec.size;
    const double prob = p.rate_hz * dt_ms * 1e-3;
    log1m_p_ = prob > 0 ? std::log1p(-std::min(prob, 1.0 - 1e-16)) : 0.0;
    active_ = prob > 0;
    start_ = static_cast<std::int64_t>(std::llround(p.start_ms / dt_ms));
    stop_ = p.stop_ms > 1e15 ? std::numeric_limits<std::int64_t>::max()
                             : static_cast<std::int64_t>(std::llround(p.stop_ms / dt_ms));
    if (active_) next_ = rng_.geometric_gap(log1m_p_);
  }
  [[nodiscard]] bool is_source() const override { return true; }
  // Sources are updated as one range: the flattened (step, neuron) Bernoulli sequence is
  // drawn with geometric gaps that carry over from step to step.
  void update(std::int64_t step, std::size_t begin, std::size_t end,
              std::vector<std::uint32_t>& spikes) override {
    if (!active_ || begin != 0 || step < start_ || step >= stop_) return;
    (void)end;
    while (next_ < size) {
      spikes.push_back(static_cast<std::uint32_t>(next_));
      const auto gap = rng_.geometric_gap(log1m_p_);
      next_ = gap > (1ULL << 62) ? (1ULL << 62) : next_ + gap + 1;
    }
    next_ -= size;
  }
  void reset(std::int64_t, const std::vector<std::uint32_t>&) override {}

 private:
  Rng rng_;
  double log1m_p_ = 0;
  bool active_ = false;
  std::int64_t start_ = 0, stop_ = 0;
  std::uint64_t next_ = 0;
};

class SpikeListState final : public PopulationState {
 public:
  SpikeListState(const SpikeListSource& p, const PopulationSpec& spec, double dt_ms) {
    size = spec.size;
    std::vector<std::size_t> order(p.times_ms.size());
    std::iota(order.begin(), order.end(), 0);
    steps_.resize(order.size());
    for (std::size_t k = 0; k < order.size(); ++k)
      steps_[k] = static_cast<std::int64_t>(std::llround(p.times_ms[k] / dt_ms));
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
      return steps_[a] != steps_[b] ? steps_[a] < steps_[b] : p.indices[a] < p.indices[b];
    });
    std::vector<std::int64_t> sorted_steps(order.size());
    indices_.resize(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      sorted_steps[k] = steps_[order[k]];
      indices_[k] = p.indices[order[k]];
    }
    steps_ = std::move(sorted_steps);
  }
  [[nodiscard]] bool is_source() const override { return true; }
  void update(std::int64_t step, std::size_t begin, std::size_t,
              std::vector<std::uint32_t>& spikes) override {
    if (begin != 0) return;
    while (pos_ < steps_.size() && steps_[pos_] < step) ++pos_;  // before the start: dropped
    // A neuron listed twice in one step spikes once per listing (several events).
    while (pos_ < steps_.size() && steps_[pos_] == step) spikes.push_back(indices_[pos_++]);
  }
  void reset(std::int64_t, const std::vector<std::uint32_t>&) override {}

 private:
  std::vector<std::int64_t> steps_;
  std::vector<std::uint32_t> indices_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<PopulationState> make_poisson(const PoissonSource& p, const PopulationSpec& spec,
                                              double dt_ms, Rng& rng) {
  if (!(p.rate_hz >= 0.0))
    throw InputError("neuro population '" + spec.name + "': Poisson rate must be ≥ 0 Hz, got " +
                     std::to_string(p.rate_hz));
  return std::make_unique<PoissonState>(p, spec, dt_ms, rng);
}

std::unique_ptr<PopulationState> make_spike_list(const SpikeListSource& p,
                                                 const PopulationSpec& spec, double dt_ms) {
  return std::make_unique<SpikeListState>(p, spec, dt_ms);
}

}  // namespace ergon::neuro::detail
