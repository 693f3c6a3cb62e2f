#include "neuro/simulation.hpp"

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cmath>
#include <ctime>
#include <memory>
#include <optional>
#include <thread>

#include "engine/core/error.hpp"
#include "neuro/detail/population_state.hpp"
#include "neuro/energy/kinetic_supply.hpp"
#include "neuro/rng.hpp"

namespace ergon::neuro {
namespace {

using detail::PopulationState;

// Input arriving `delay` steps later, per target population and receptor.
struct Ring {
  std::size_t neurons = 0;
  std::size_t slots = 1;
  std::vector<float> data;    // slots × neurons
  std::vector<float> counts;  // events per slot and neuron, for ATP charged on arrival
  std::size_t offset(std::int64_t step) const {
    return static_cast<std::size_t>(step % static_cast<std::int64_t>(slots)) * neurons;
  }
  float* slot(std::int64_t step) { return data.data() + offset(step); }
  float* count_slot(std::int64_t step) { return counts.data() + offset(step); }
};

struct Plasticity {
  StdpParameters p;
  std::vector<double> x_pre, y_post;         // traces at their last update
  std::vector<std::int64_t> x_last, y_last;  // step of that update
  std::vector<std::uint64_t> in_offsets;     // post neuron → its incoming synapse ids
  std::vector<std::uint32_t> in_synapses;
  double decay_plus = 0, decay_minus = 0;  // per step
};

struct ProjectionRun {
  Projection* proj = nullptr;
  float* g = nullptr;    // target receptor array
  Ring* ring = nullptr;  // for delays > 0
  std::unique_ptr<Plasticity> stdp;
};

float* receptor_of(PopulationState& s, Receptor r) {
  return r == Receptor::excitatory ? s.ge : s.gi;
}

// Splits the state update of large populations over threads. Each thread owns a contiguous
// range of every population and its own spike vectors, so concatenating them in thread order
// gives the sequential result.
class Workers {
 public:
  Workers(int threads, std::vector<std::unique_ptr<PopulationState>>& pops)
      : n_(threads),
        pops_(pops),
        local_(static_cast<std::size_t>(threads)),
        start_(threads),
        done_(threads) {
    for (auto& l : local_) l.resize(pops.size());
    for (int t = 1; t < n_; ++t)
      threads_.emplace_back([this, t] {
        for (;;) {
          start_.arrive_and_wait();
          if (stop_) return;
          work(t);
          done_.arrive_and_wait();
        }
      });
  }
  ~Workers() {
    stop_ = true;
    start_.arrive_and_wait();
    for (auto& t : threads_) t.join();
  }
  void update(std::int64_t step, std::vector<std::vector<std::uint32_t>>& spikes) {
    step_ = step;
    start_.arrive_and_wait();
    work(0);
    done_.arrive_and_wait();
    for (std::size_t p = 0; p < pops_.size(); ++p)
      for (int t = 0; t < n_; ++t) {
        auto& l = local_[static_cast<std::size_t>(t)][p];
        spikes[p].insert(spikes[p].end(), l.begin(), l.end());
      }
  }

 private:
  void work(int t) {
    for (std::size_t p = 0; p < pops_.size(); ++p) {
      auto& out = local_[static_cast<std::size_t>(t)][p];
      out.clear();
      auto& pop = *pops_[p];
      if (pop.is_source()) {
        if (t == 0) pop.update(step_, 0, pop.size, out);
        continue;
      }
      // Range boundaries on multiples of 64 keep the vectorised blocks aligned.
      const std::size_t chunk = ((pop.size + static_cast<std::size_t>(n_) - 1) / n_ + 63) / 64 * 64;
      const std::size_t b = std::min(pop.size, chunk * static_cast<std::size_t>(t));
      const std::size_t e = std::min(pop.size, b + chunk);
      if (b < e) pop.update(step_, b, e, out);
    }
  }
  int n_;
  std::vector<std::unique_ptr<PopulationState>>& pops_;
  std::vector<std::vector<std::vector<std::uint32_t>>> local_;
  std::barrier<> start_, done_;
  std::vector<std::thread> threads_;
  std::int64_t step_ = 0;
  bool stop_ = false;
};

void build_plasticity(ProjectionRun& run, std::size_t n_pre, std::size_t n_post, double dt_ms) {
  auto& proj = *run.proj;
  auto st = std::make_unique<Plasticity>();
  st->p = *proj.stdp;
  st->x_pre.assign(n_pre, 0.0);
  st->x_last.assign(n_pre, 0);
  st->y_post.assign(n_post, 0.0);
  st->y_last.assign(n_post, 0);
  st->decay_plus = std::exp(-dt_ms / st->p.tau_plus_ms);
  st->decay_minus = std::exp(-dt_ms / st->p.tau_minus_ms);
  st->in_offsets.assign(n_post + 1, 0);
  for (const auto t : proj.targets) ++st->in_offsets[t + 1];
  for (std::size_t j = 0; j < n_post; ++j) st->in_offsets[j + 1] += st->in_offsets[j];
  st->in_synapses.resize(proj.targets.size());
  std::vector<std::uint64_t> fill(st->in_offsets.begin(), st->in_offsets.end() - 1);
  for (std::size_t k = 0; k < proj.targets.size(); ++k)
    st->in_synapses[fill[proj.targets[k]]++] = static_cast<std::uint32_t>(k);
  run.stdp = std::move(st);
}

// CPU time of the calling thread, ns resolution (std::clock has µs steps, and a metabolic
// step of the kinetic supply takes tens of µs).
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double decayed(double value, std::int64_t since, std::int64_t now, double per_step) {
  return now == since ? value : value * std::pow(per_step, static_cast<double>(now - since));
}

}  // namespace

SimulationResult simulate(Network& network, const SimulationOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto t_setup = Clock::now();
  const double dt = network.options().dt_ms;
  if (!(options.duration_ms >= 0))
    throw InputError("neuro simulate: duration must be ≥ 0 ms, got " +
                     std::to_string(options.duration_ms));
  if (options.threads < 1 || options.threads > 256)
    throw InputError("neuro simulate: threads must be in 1..256, got " +
                     std::to_string(options.threads));
  const auto& energy = options.energy;
  if (energy.enabled && !(energy.metabolic_dt_ms >= dt))
    throw InputError("neuro simulate: the metabolic step must be ≥ dt");

  const auto& specs = network.populations();
  const std::size_t n_pops = specs.size();
  const std::size_t n_total = network.neuron_count();
  std::vector<std::unique_ptr<PopulationState>> pops;
  for (std::size_t k = 0; k < n_pops; ++k) {
    Rng rng(network.options().seed, 1 + k);
    pops.push_back(detail::make_population_state(specs[k], dt, rng));
  }

  // Ring buffers for delayed input, one per (target population, receptor) that needs one.
  std::vector<std::unique_ptr<Ring>> rings(2 * n_pops);
  std::vector<ProjectionRun> runs;
  std::size_t extra_bytes = 0;
  for (auto& proj : network.projections()) {
    ProjectionRun run;
    run.proj = &proj;
    auto& dst = *pops[proj.target];
    run.g = receptor_of(dst, proj.receptor);
    const auto max_delay = proj.max_delay_steps();
    if (max_delay > 0) {
      auto& ring = rings[2 * proj.target + (proj.receptor == Receptor::excitatory ? 0 : 1)];
      if (!ring) {
        ring = std::make_unique<Ring>();
        ring->neurons = dst.size;
      }
      ring->slots = std::max<std::size_t>(ring->slots, max_delay + 1);
      run.ring = ring.get();
    }
    if (proj.stdp) {
      build_plasticity(run, specs[proj.source].size, specs[proj.target].size, dt);
      extra_bytes += run.stdp->in_synapses.size() * sizeof(std::uint32_t) +
                     run.stdp->in_offsets.size() * sizeof(std::uint64_t);
    }
    runs.push_back(std::move(run));
  }
  for (auto& r : rings)
    if (r) {
      r->data.assign(r->slots * r->neurons, 0.0f);
      if (energy.enabled) r->counts.assign(r->slots * r->neurons, 0.0f);
    }

  const auto n_steps = static_cast<std::int64_t>(std::llround(options.duration_ms / dt));
  // LIF keeps its last-spike step in 32 bits (half the memory traffic of 64).
  if (n_steps >= (std::int64_t{1} << 30))
    throw InputError("neuro simulate: " + std::to_string(n_steps) +
                     " steps exceed the 2^30 a run may have; split the run or raise dt");
  const double stats_start = std::min(options.statistics_start_ms, options.duration_ms / 2);
  SpikeStatistics stats(n_total, static_cast<std::int64_t>(std::llround(stats_start / dt)),
                        n_steps);

  SimulationResult result;
  result.duration_ms = static_cast<double>(n_steps) * dt;
  result.threads = options.threads;
  result.synapses = network.synapse_count();
  result.synapse_bytes = network.synapse_bytes() + extra_bytes;
  result.spikes.dt_ms = dt;
  auto& rec = result.spikes;
  std::size_t streamed = 0;

  // Energy: per-neuron event counters between metabolic steps, ATP pools, feedback terms.
  const bool with_energy = energy.enabled;
  const auto met_every =
      with_energy ? std::max<std::int64_t>(1, std::llround(energy.metabolic_dt_ms / dt)) : 0;
  std::vector<double> ev_spikes, ev_exc, ev_inh, ev_out, atp, na_atp, katp, pump, consumed, supply;
  std::vector<double> out_degree;
  std::vector<char> feedback_set(n_pops, 0);  // population has a non-zero feedback applied
  AtpUse use;
  double supplied = 0;
  const auto& fb = energy.feedback;
  std::optional<KineticSupply> kinetic;
  if (with_energy && energy.kinetic_supply) {
    kinetic.emplace(*energy.kinetic_supply);
    result.metabolic_trace.columns = kinetic->columns();
  }
  const double a0 = kinetic ? kinetic->pool_per_neuron() : energy.supply.initial_atp;
  const auto katp_open = [&](double a) {
    return 1.0 / (1.0 + std::pow(a / (fb.katp_half * a0), fb.katp_hill));
  };
  const auto pump_activity = [&](double a) { return a / (a + fb.pump_km * a0); };
  const double katp_rest = katp_open(a0), pump_rest = pump_activity(a0);
  if (with_energy) {
    ev_spikes.assign(n_total, 0);
    ev_exc.assign(n_total, 0);
    ev_inh.assign(n_total, 0);
    ev_out.assign(n_total, 0);
    atp.assign(n_total, a0);
    na_atp.assign(n_total, 0);
    katp.assign(n_total, 0);
    pump.assign(n_total, 0);
    consumed.assign(n_total, 0);
    supply.assign(n_total, 0);
    out_degree.assign(n_total, 0);
    for (const auto& proj : network.projections()) {
      const auto off = specs[proj.source].offset;
      for (std::size_t i = 0; i + 1 < proj.offsets.size(); ++i)
        out_degree[off + i] += static_cast<double>(proj.offsets[i + 1] - proj.offsets[i]);
    }
    for (std::size_t k = 0; k < n_pops; ++k)
      if (!pops[k]->is_source()) result.atp_trace.columns.push_back("mean:" + specs[k].name);
    for (const auto i : options.atp_trace_neurons) {
      if (i >= n_total)
        throw InputError("neuro simulate: traced neuron " + std::to_string(i) + " does not exist");
      result.atp_trace.columns.push_back("neuron:" + std::to_string(i));
    }
  }

  std::unique_ptr<Workers> workers;
  if (options.threads > 1) workers = std::make_unique<Workers>(options.threads, pops);
  std::vector<std::vector<std::uint32_t>> spikes(n_pops);
  for (auto& s : spikes) s.reserve(1024);

  const auto flush_stream = [&](bool final) {
    if (!options.on_spikes) return;
    if (!final && rec.size() - streamed < options.stream_chunk) return;
    options.on_spikes({rec.steps.data() + streamed, rec.size() - streamed},
                      {rec.neurons.data() + streamed, rec.size() - streamed});
    if (options.keep_spikes) {
      streamed = rec.size();
    } else {
      rec.steps.clear();
      rec.neurons.clear();
      streamed = 0;
    }
  };

  result.setup_seconds = std::chrono::duration<double>(Clock::now() - t_setup).count();
  const auto t_loop = Clock::now();
  const std::clock_t c_loop = std::clock();
  std::uint64_t events = 0;

  for (std::int64_t step = 0; step < n_steps; ++step) {
    // 1-2: state update and threshold
    if (workers) {
      for (auto& s : spikes) s.clear();
      workers->update(step, spikes);
    } else {
      for (std::size_t k = 0; k < n_pops; ++k) {
        spikes[k].clear();
        pops[k]->update(step, 0, pops[k]->size, spikes[k]);
      }
    }
    for (std::size_t k = 0; k < n_pops; ++k) {
      const auto off = static_cast<std::uint32_t>(specs[k].offset);
      result.spike_count += spikes[k].size();
      for (const auto i : spikes[k]) stats.add(off + i, step);
      if (specs[k].record && (options.keep_spikes || options.on_spikes)) {
        for (const auto i : spikes[k]) {
          rec.steps.push_back(step);
          rec.neurons.push_back(off + i);
        }
      }
      if (with_energy)
        for (const auto i : spikes[k]) {
          ev_spikes[off + i] += 1;
          ev_out[off + i] += out_degree[off + i];
        }
    }
    // 3: propagation
    for (auto& run : runs) {
      const auto& proj = *run.proj;
      const auto& src = spikes[proj.source];
      if (src.empty()) continue;
      const std::uint32_t* __restrict targets = proj.targets.data();
      const std::uint64_t* offsets = proj.offsets.data();
      float* __restrict g = run.g;
      for (const auto i : src) events += offsets[i + 1] - offsets[i];
      if (with_energy) {
        // Postsynaptic ATP is charged when an event arrives: delayed events wait in the ring.
        double* in = (proj.receptor == Receptor::excitatory ? ev_exc.data() : ev_inh.data()) +
                     specs[proj.target].offset;
        if (!run.ring) {
          for (const auto i : src)
            for (auto k = offsets[i]; k < offsets[i + 1]; ++k) in[targets[k]] += 1.0;
        } else {
          for (const auto i : src)
            for (auto k = offsets[i]; k < offsets[i + 1]; ++k) {
              const auto d = proj.delays.empty() ? proj.delay_steps : proj.delays[k];
              if (d == 0)
                in[targets[k]] += 1.0;
              else
                run.ring->count_slot(step + d)[targets[k]] += 1.0f;
            }
        }
      }
      if (run.stdp) {
        auto& st = *run.stdp;
        const auto& p = st.p;
        float* w = run.proj->weights.data();
        for (const auto i : src) {
          for (auto k = offsets[i]; k < offsets[i + 1]; ++k) {
            const auto t = targets[k];
            const double y = decayed(st.y_post[t], st.y_last[t], step, st.decay_minus);
            double wk = w[k];
            const auto delivered = static_cast<float>(wk);
            wk -= p.a_minus * y * (p.rule == StdpRule::additive ? p.w_max : wk);
            w[k] = static_cast<float>(std::clamp(wk, 0.0, p.w_max));
            if (run.ring) {
              const auto d = proj.delays.empty() ? proj.delay_steps : proj.delays[k];
              if (d == 0)
                g[t] += delivered;
              else
                run.ring->slot(step + d)[t] += delivered;
            } else {
              g[t] += delivered;
            }
          }
          st.x_pre[i] = decayed(st.x_pre[i], st.x_last[i], step, st.decay_plus) + 1.0;
          st.x_last[i] = step;
        }
        continue;
      }
      if (!run.ring && proj.weights.empty()) {
        const auto w =
            static_cast<float>(proj.weight);  // the benchmark path: homogeneous, no delay
        for (const auto i : src)
          for (auto k = offsets[i]; k < offsets[i + 1]; ++k) g[targets[k]] += w;
      } else if (!run.ring) {
        const float* __restrict w = proj.weights.data();
        for (const auto i : src)
          for (auto k = offsets[i]; k < offsets[i + 1]; ++k) g[targets[k]] += w[k];
      } else {
        for (const auto i : src)
          for (auto k = offsets[i]; k < offsets[i + 1]; ++k) {
            const auto d = proj.delays.empty() ? proj.delay_steps : proj.delays[k];
            const auto wk =
                proj.weights.empty() ? static_cast<float>(proj.weight) : proj.weights[k];
            if (d == 0)
              g[targets[k]] += wk;
            else
              run.ring->slot(step + d)[targets[k]] += wk;
          }
      }
    }
    for (std::size_t k = 0; k < n_pops; ++k)
      for (int r = 0; r < 2; ++r) {
        auto& ring = rings[2 * k + static_cast<std::size_t>(r)];
        if (!ring) continue;
        float* slot = ring->slot(step);
        float* g = r == 0 ? pops[k]->ge : pops[k]->gi;
        for (std::size_t i = 0; i < ring->neurons; ++i) {
          g[i] += slot[i];
          slot[i] = 0.0;
        }
        if (!ring->counts.empty()) {
          float* c = ring->count_slot(step);
          double* in = (r == 0 ? ev_exc.data() : ev_inh.data()) + specs[k].offset;
          for (std::size_t i = 0; i < ring->neurons; ++i) {
            in[i] += c[i];
            c[i] = 0.0f;
          }
        }
      }
    // STDP potentiation on postsynaptic spikes
    for (auto& run : runs) {
      if (!run.stdp) continue;
      auto& st = *run.stdp;
      auto& proj = *run.proj;
      const auto& p = st.p;
      for (const auto j : spikes[proj.target]) {
        for (auto q = st.in_offsets[j]; q < st.in_offsets[j + 1]; ++q) {
          const auto k = st.in_synapses[q];
          const auto pre = static_cast<std::size_t>(
              std::upper_bound(proj.offsets.begin(), proj.offsets.end(), k) - proj.offsets.begin() -
              1);
          const double x = decayed(st.x_pre[pre], st.x_last[pre], step, st.decay_plus);
          double wk = proj.weights[k];
          wk += p.a_plus * x * (p.rule == StdpRule::additive ? p.w_max : (p.w_max - wk));
          proj.weights[k] = static_cast<float>(std::clamp(wk, 0.0, p.w_max));
        }
        st.y_post[j] = decayed(st.y_post[j], st.y_last[j], step, st.decay_minus) + 1.0;
        st.y_last[j] = step;
      }
    }
    // 4: reset
    for (std::size_t k = 0; k < n_pops; ++k)
      if (!spikes[k].empty()) pops[k]->reset(step, spikes[k]);
    flush_stream(false);

    // 5: metabolism, by operator splitting every met_every steps
    if (with_energy && (step + 1) % met_every == 0) {
      const double h_s = static_cast<double>(met_every) * dt * 1e-3;
      const double t_ms = static_cast<double>(step + 1) * dt;
      const double scale = (energy.supply.cut_at_ms >= 0 && t_ms > energy.supply.cut_at_ms)
                               ? energy.supply.cut_scale
                               : 1.0;
      const auto& c = energy.costs;
      // Lie splitting: demand first (charged over the interval), then supply, then feedback.
      double consumed_sum = 0;
      std::size_t pool_neurons = 0;
      for (std::size_t k = 0; k < n_pops; ++k) {
        auto& pop = *pops[k];
        if (pop.is_source()) continue;
        const auto off = specs[k].offset;
        const bool sodium =
            energy.hh_spike_cost_from_sodium && pop.take_sodium_atp(na_atp.data() + off);
        for (std::size_t i = off; i < off + pop.size; ++i) {
          const double spike_cost = sodium ? na_atp[i] : ev_spikes[i] * c.per_spike;
          const double vesicles_in =
              (ev_exc[i] + ev_inh[i] * c.inhibitory_scale) * c.vesicles_per_event;
          const double post = vesicles_in * c.postsynaptic_per_vesicle;
          const double pre = ev_out[i] * c.vesicles_per_event * c.presynaptic_per_vesicle;
          const double recycle = ev_out[i] * c.vesicles_per_event * c.recycling_per_vesicle;
          const double rest = c.resting_per_s * h_s;
          use.spikes += spike_cost;
          use.postsynaptic += post;
          use.presynaptic += pre;
          use.recycling += recycle;
          use.resting += rest;
          consumed[i] = spike_cost + post + pre + recycle + rest;
          consumed_sum += consumed[i];
          // An empty pool cannot go negative: the demand beyond it is unmet.
          atp[i] = std::max(atp[i] - consumed[i], 0.0);
          na_atp[i] = ev_spikes[i] = ev_exc[i] = ev_inh[i] = ev_out[i] = 0.0;
        }
        pool_neurons += pop.size;
      }
      if (kinetic && pool_neurons > 0) {
        // The model is the mean neuron: it meets the mean demand, and every pool follows its
        // ATP (supply = what brings the pool there; negative when the model lost more than
        // the neuron consumed).
        const double cpu_before = thread_cpu_seconds();
        kinetic->step(t_ms - static_cast<double>(met_every) * dt, h_s,
                      consumed_sum / static_cast<double>(pool_neurons) / h_s);
        result.metabolic_model_cpu_seconds += thread_cpu_seconds() - cpu_before;
        const double target = kinetic->pool_per_neuron();
        for (std::size_t k = 0; k < n_pops; ++k)
          if (!pops[k]->is_source())
            for (std::size_t i = specs[k].offset; i < specs[k].offset + pops[k]->size; ++i)
              supply[i] = target - atp[i];
        result.metabolic_trace.time_ms.push_back(t_ms);
        kinetic->append_trace_row(result.metabolic_trace.values);
      }
      result.atp_trace.time_ms.push_back(t_ms);
      for (std::size_t k = 0; k < n_pops; ++k) {
        auto& pop = *pops[k];
        if (pop.is_source()) continue;
        const auto off = specs[k].offset;
        const std::span<double> pool(atp.data() + off, pop.size);
        const std::span<double> add(supply.data() + off, pop.size);
        if (kinetic) {
          // supply set above
        } else if (energy.supply_law) {
          std::fill(add.begin(), add.end(), 0.0);
          energy.supply_law({.population = k,
                             .t_ms = t_ms,
                             .h_s = h_s,
                             .atp = pool,
                             .consumed = {consumed.data() + off, pop.size},
                             .supply = add});
          for (auto& x : add) x = std::max(x, 0.0);
        } else {
          for (std::size_t i = 0; i < pop.size; ++i)
            add[i] = scale * energy.supply.max_rate_per_s *
                     std::max(0.0, 1.0 - pool[i] / energy.supply.ceiling_atp) * h_s;
        }
        double sum = 0;
        bool any_feedback = false;
        for (std::size_t i = off; i < off + pop.size; ++i) {
          const double a = std::max(atp[i] + supply[i], 0.0);
          supplied += a - atp[i];
          atp[i] = a;
          sum += a;
          // Both terms vanish at A ≥ A₀ (p and f are monotonic): skip their pow() there.
          if (fb.enabled && a < a0) {
            katp[i] =
                fb.katp_g_max_rel * std::max(0.0, katp_open(a) - katp_rest) / (1.0 - katp_rest);
            pump[i] = fb.pump_max_mv * std::max(0.0, 1.0 - pump_activity(a) / pump_rest);
            any_feedback = true;
          } else {
            katp[i] = pump[i] = 0.0;
          }
        }
        // A population whose pools are all at or above A₀ runs its membrane without feedback
        // (the cheaper kernel); feedback is set only while some pool is below.
        if (fb.enabled && any_feedback) {
          pop.set_feedback(katp.data() + off, pump.data() + off, fb.e_k_mv);
          feedback_set[k] = 1;
        } else if (feedback_set[k]) {
          pop.clear_feedback();
          feedback_set[k] = 0;
        }
        result.atp_trace.values.push_back(sum / static_cast<double>(pop.size));
      }
      for (const auto i : options.atp_trace_neurons) result.atp_trace.values.push_back(atp[i]);
    }
  }
  flush_stream(true);
  result.loop_seconds = std::chrono::duration<double>(Clock::now() - t_loop).count();
  result.loop_cpu_seconds = static_cast<double>(std::clock() - c_loop) / CLOCKS_PER_SEC;
  result.synaptic_events = events;
  for (std::size_t k = 0; k < n_pops; ++k)
    result.statistics.push_back(stats.summarise(specs[k].name, specs[k].offset, specs[k].size, dt));
  if (with_energy) {
    std::uint64_t neuron_spikes = 0;
    std::size_t neurons = 0;
    for (std::size_t k = 0; k < n_pops; ++k)
      if (!pops[k]->is_source()) {
        neuron_spikes += result.statistics[k].spikes;
        neurons += pops[k]->size;
      }
    result.energy = make_energy_report(use, supplied, neuron_spikes, events,
                                       result.duration_ms * 1e-3, neurons, energy);
  }
  return result;
}

}  // namespace ergon::neuro
