#include "neuro/network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "neuro/rng.hpp"

namespace ergon::neuro {
namespace {

std::uint32_t steps_of(double ms, double dt_ms, const std::string& what) {
  if (!(ms >= 0.0)) throw InputError(what + ": delay must be ≥ 0 ms, got " + std::to_string(ms));
  return static_cast<std::uint32_t>(std::llround(ms / dt_ms));
}

// Synapses as (pre, post) pairs already grouped by pre in increasing order.
void draw_fixed_probability(const FixedProbability& rule, std::size_t n_pre, std::size_t n_post,
                            bool same, Rng& rng, Projection& out) {
  out.offsets.assign(n_pre + 1, 0);
  if (rule.p <= 0.0) return;
  const std::uint64_t pairs = static_cast<std::uint64_t>(n_pre) * n_post;
  out.targets.reserve(static_cast<std::size_t>(static_cast<double>(pairs) * rule.p * 1.02 + 16));
  std::vector<std::uint64_t> counts(n_pre, 0);
  if (rule.p >= 1.0) {
    for (std::size_t i = 0; i < n_pre; ++i)
      for (std::size_t j = 0; j < n_post; ++j) {
        if (same && !rule.autapses && i == j) continue;
        out.targets.push_back(static_cast<std::uint32_t>(j));
        ++counts[i];
      }
  } else {
    const double log1m_p = std::log1p(-rule.p);
    std::uint64_t k = rng.geometric_gap(log1m_p);
    while (k < pairs) {
      const std::uint64_t i = k / n_post;
      const std::uint64_t j = k % n_post;
      if (!(same && !rule.autapses && i == j)) {
        out.targets.push_back(static_cast<std::uint32_t>(j));
        ++counts[i];
      }
      const std::uint64_t gap = rng.geometric_gap(log1m_p);
      if (gap >= pairs - k) break;
      k += gap + 1;
    }
  }
  for (std::size_t i = 0; i < n_pre; ++i) out.offsets[i + 1] = out.offsets[i] + counts[i];
}

void draw_fixed_in_degree(const FixedInDegree& rule, std::size_t n_pre, std::size_t n_post,
                          bool same, Rng& rng, Projection& out, const std::string& name) {
  const std::size_t available = n_pre - ((same && !rule.autapses) ? 1 : 0);
  if (rule.k > available)
    throw InputError(name + ": in-degree " + std::to_string(rule.k) + " exceeds the " +
                     std::to_string(available) + " possible presynaptic neurons");
  std::vector<std::uint32_t> pre_of(n_post * rule.k);
  std::vector<std::uint32_t> chosen;
  for (std::size_t j = 0; j < n_post; ++j) {
    chosen.clear();
    // Draw until k distinct partners: for k << n_pre duplicates are rare.
    while (chosen.size() < rule.k) {
      while (chosen.size() < rule.k) {
        const auto i = static_cast<std::uint32_t>(rng.below(n_pre));
        if (same && !rule.autapses && i == j) continue;
        chosen.push_back(i);
      }
      std::sort(chosen.begin(), chosen.end());
      chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    }
    std::copy(chosen.begin(), chosen.end(),
              pre_of.begin() + static_cast<std::ptrdiff_t>(j * rule.k));
  }
  // Counting sort by presynaptic neuron into CSR; targets of one pre stay in increasing order.
  out.offsets.assign(n_pre + 1, 0);
  for (const auto i : pre_of) ++out.offsets[i + 1];
  for (std::size_t i = 0; i < n_pre; ++i) out.offsets[i + 1] += out.offsets[i];
  out.targets.resize(pre_of.size());
  std::vector<std::uint64_t> fill(out.offsets.begin(), out.offsets.end() - 1);
  for (std::size_t j = 0; j < n_post; ++j)
    for (std::size_t k = 0; k < rule.k; ++k)
      out.targets[fill[pre_of[j * rule.k + k]]++] = static_cast<std::uint32_t>(j);
}

std::size_t population_size(const PopulationSpec& p) {
  return p.size;
}

}  // namespace

std::uint32_t Projection::max_delay_steps() const {
  if (delays.empty()) return delay_steps;
  return *std::max_element(delays.begin(), delays.end());
}

Network::Network(NetworkOptions options) : options_(options) {
  if (!(options_.dt_ms > 0.0))
    throw InputError("neuro network: dt must be > 0 ms, got " + std::to_string(options_.dt_ms));
}

std::size_t Network::add_population(PopulationSpec spec) {
  if (spec.name.empty()) throw InputError("neuro population: a name is required");
  for (const auto& p : populations_)
    if (p.name == spec.name)
      throw InputError("neuro population '" + spec.name + "': the name is already used");
  if (auto* list = std::get_if<SpikeListSource>(&spec.model)) {
    if (list->times_ms.size() != list->indices.size())
      throw InputError("neuro population '" + spec.name +
                       "': " + std::to_string(list->times_ms.size()) + " spike times but " +
                       std::to_string(list->indices.size()) + " indices");
    if (spec.size == 0 && !list->indices.empty())
      spec.size = *std::max_element(list->indices.begin(), list->indices.end()) + 1u;
    for (const auto i : list->indices)
      if (i >= spec.size)
        throw InputError("neuro population '" + spec.name + "': spike index " + std::to_string(i) +
                         " is not below the size " + std::to_string(spec.size));
  }
  if (spec.size == 0) throw InputError("neuro population '" + spec.name + "': size must be > 0");
  if (neuron_count() + spec.size > std::numeric_limits<std::uint32_t>::max())
    throw InputError("neuro population '" + spec.name + "': more than 2^32 neurons in all");
  spec.offset = neuron_count();
  populations_.push_back(std::move(spec));
  return populations_.size() - 1;
}

std::size_t Network::population_index(const std::string& name) const {
  for (std::size_t k = 0; k < populations_.size(); ++k)
    if (populations_[k].name == name) return k;
  std::string known;
  for (const auto& p : populations_) known += (known.empty() ? "" : ", ") + p.name;
  throw InputError("neuro: no population named '" + name + "' (known: " + known + ")");
}

std::size_t Network::neuron_count() const {
  std::size_t n = 0;
  for (const auto& p : populations_) n += population_size(p);
  return n;
}

std::size_t Network::synapse_count() const {
  std::size_t n = 0;
  for (const auto& p : projections_) n += p.size();
  return n;
}

std::size_t Network::synapse_bytes() const {
  std::size_t n = 0;
  for (const auto& p : projections_) n += p.bytes();
  return n;
}

std::size_t Network::connect(const ConnectOptions& options) {
  Projection proj;
  proj.source = population_index(options.source);
  proj.target = population_index(options.target);
  proj.name = options.name.empty() ? options.source + "->" + options.target : options.name;
  const auto& pre = populations_[proj.source];
  const auto& post = populations_[proj.target];
  if (std::holds_alternative<PoissonSource>(post.model) ||
      std::holds_alternative<SpikeListSource>(post.model))
    throw InputError(proj.name + ": the target '" + post.name + "' is a spike source, not neurons");
  proj.receptor = options.receptor;
  proj.weight = options.weight;
  proj.delay_steps = steps_of(options.delay_ms, options_.dt_ms, proj.name);
  proj.stdp = options.stdp;
  const bool same = proj.source == proj.target;
  Rng rng(options_.seed, 1000 + projections_.size());
  if (const auto* p = std::get_if<FixedProbability>(&options.rule)) {
    if (!(p->p >= 0.0 && p->p <= 1.0))
      throw InputError(proj.name + ": connection probability must be in [0, 1], got " +
                       std::to_string(p->p));
    draw_fixed_probability(*p, pre.size, post.size, same, rng, proj);
  } else {
    draw_fixed_in_degree(std::get<FixedInDegree>(options.rule), pre.size, post.size, same, rng,
                         proj, proj.name);
  }
  if (options.weight_sd > 0.0 || proj.stdp) {
    proj.weights.resize(proj.targets.size());
    for (auto& w : proj.weights) {
      double x = options.weight + options.weight_sd * (options.weight_sd > 0 ? rng.normal() : 0.0);
      if (options.weight >= 0)
        x = std::max(x, 0.0);
      else
        x = std::min(x, 0.0);
      w = static_cast<float>(x);
    }
  }
  if (options.delay_max_ms > options.delay_ms) {
    const auto hi = steps_of(options.delay_max_ms, options_.dt_ms, proj.name);
    if (hi > 255)
      throw InputError(proj.name +
                       ": per-synapse delays are stored in 8 bits: at most 255 steps (" +
                       std::to_string(255 * options_.dt_ms) + " ms)");
    proj.delays.resize(proj.targets.size());
    for (auto& d : proj.delays) {
      const double ms =
          options.delay_ms + (options.delay_max_ms - options.delay_ms) * rng.uniform();
      d = static_cast<std::uint8_t>(steps_of(ms, options_.dt_ms, proj.name));
    }
  }
  projections_.push_back(std::move(proj));
  return projections_.size() - 1;
}

}  // namespace ergon::neuro
