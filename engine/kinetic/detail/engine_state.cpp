// Derived values and derivatives at one point: rules in order, algebraic rules and fast
// equilibria by Newton, rates, and the delay() history.
#include "engine/kinetic/detail/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <unordered_map>

#include "engine/core/error.hpp"

namespace ergon::kinetic::detail {

void Engine::record_history(double t) {
  if (uses_rate_of_) {  // rateOf inside a delayed expression needs this point's rates
    scratch_.resize(std::max<std::size_t>(states_.size(), 1));
    update_rates(scratch_.data());
    derive();
  }
  for (std::size_t i = 0; i < delayed_.size(); ++i) {
    history_[i].emplace_back(t, delayed_[i].evaluate(values_.data(), &hooks_));
  }
}

// The value of delayed expression `id` at time t: its initial value before the start, cubic
// interpolation between recorded steps (linear next to an event's jump), and linear
// extrapolation past the last step (only within a step shorter than the delay).
double Engine::history_at(const void* self, std::uint32_t id, double t) {
  auto* engine = const_cast<Engine*>(static_cast<const Engine*>(self));
  const auto& h = engine->history_[id];
  if (h.empty() || std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  if (t < h.front().first) return engine->value_before_start(id, t);
  const std::size_t n = h.size();
  if (t >= h.back().first) {
    if (n < 2 || h[n - 1].first == h[n - 2].first) return h.back().second;
    const auto& [t1, v1] = h[n - 2];
    const auto& [t2, v2] = h[n - 1];
    return v2 + (v2 - v1) * (t - t2) / (t2 - t1);
  }
  // last index with time <= t: a jump recorded twice at one time returns its later value
  const auto it = std::upper_bound(
      h.begin(), h.end(), t,
      [](double value, const std::pair<double, double>& p) { return value < p.first; });
  const std::size_t i = static_cast<std::size_t>(it - h.begin()) - 1;
  if (h[i].first == t) return h[i].second;
  const auto& [ta, va] = h[i];
  const auto& [tb, vb] = h[i + 1];
  const bool room = i >= 1 && i + 2 < n && h[i - 1].first < ta && tb < h[i + 2].first;
  if (!room) return va + (vb - va) * (t - ta) / (tb - ta);
  double sum = 0.0;
  for (std::size_t a = i - 1; a <= i + 2; ++a) {
    double w = 1.0;
    for (std::size_t b = i - 1; b <= i + 2; ++b) {
      if (b != a) w *= (t - h[b].first) / (h[a].first - h[b].first);
    }
    sum += w * h[a].second;
  }
  return sum;
}

// Before the start the model is taken to be what its initialisation gives at that earlier
// time (initial assignments and rules evaluated with `time` = t, nothing integrated): the
// SBML Test Suite's reading of delay() there.
double Engine::value_before_start(std::uint32_t id, double t) {
  if (initial_values_.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> past = initial_values_;
  if (in_past_) {  // a delay inside the past evaluation: stop at one level
    past[kTimeSlot] = t;
    return delayed_[id].evaluate(past.data(), nullptr);
  }
  in_past_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{in_past_};
  std::vector<double> zeros(rates_.size(), 0.0);
  past[kTimeSlot] = t;
  EvalHooks hooks = hooks_;
  hooks.rates = zeros.data();
  hooks.overrides = nullptr;
  hooks.time = t;
  past = init_presets_;
  past[kTimeSlot] = t;
  for (const auto& d : init_programs_) past[d.target] = d.program.evaluate(past.data(), &hooks);
  return delayed_[id].evaluate(past.data(), &hooks);
}

void Engine::run_derived() {
  if (derived_program_count_ != derived_.size()) {  // fused once, after building
    derived_program_ = Program{};
    for (const auto& d : derived_) derived_program_.append_assignment(d.program, d.target);
    derived_program_count_ = derived_.size();
  }
  if (native_derived_ != nullptr) {
    native_derived_(values_.data(), hooks_.overrides);
    return;
  }
  derived_program_.run(values_.data(), &hooks_);
}

void Engine::derive() {
  derived_stale_ = false;
  if (algebraic_slots_.empty() && fast_.empty()) {
    run_derived();
  } else {
    solve_algebraic();
  }
}

// Algebraic rules: Newton on the unknowns they determine, with a finite-difference Jacobian,
// every time derived values are needed (index-1 DAE reduced to an ODE in the other states).
void Engine::solve_algebraic() {
  // Unknowns: the algebraic rules' variables, then one extent per fast reaction, which moves
  // the species amounts from the integrated ("raw") state onto the fast equilibrium while
  // keeping every conserved moiety of the fast subsystem.
  const std::size_t na = algebraic_slots_.size();
  const std::size_t nf = fast_.size();
  const std::size_t n = na + nf;
  std::vector<double> z(n), r(n), r2(n), jac(n * n), dz(n), scale(n, 1.0);
  for (std::size_t i = 0; i < na; ++i) {
    z[i] = values_[algebraic_slots_[i]];
    if (!std::isfinite(z[i])) z[i] = 1.0;
  }
  raw_amounts_.resize(fast_species_.size());
  for (std::size_t k = 0; k < fast_species_.size(); ++k)
    raw_amounts_[k] = values_[fast_species_[k]];
  for (std::size_t f = 0; f < nf; ++f) {
    z[na + f] = 0.0;  // amounts in values_ are the starting point, projected or not
    double biggest = 0.0;
    for (const auto& term : fast_[f].terms)
      biggest = std::max(biggest, std::fabs(values_[fast_species_[term.species]]));
    scale[na + f] = biggest > 0.0 ? biggest : 1.0;
  }
  auto residual = [&](std::vector<double>& out) {
    for (std::size_t i = 0; i < na; ++i) values_[algebraic_slots_[i]] = z[i];
    if (nf > 0) {
      for (std::size_t k = 0; k < fast_species_.size(); ++k)
        values_[fast_species_[k]] = raw_amounts_[k];
      for (std::size_t f = 0; f < nf; ++f) {
        for (const auto& term : fast_[f].terms) {
          double change = term.sign * values_[term.stoichiometry] * z[na + f];
          if (term.conversion != kNone) change *= values_[term.conversion];
          values_[fast_species_[term.species]] += change;
        }
      }
    }
    run_derived();
    for (std::size_t i = 0; i < na; ++i)
      out[i] = algebraic_rules_[i].evaluate(values_.data(), &hooks_);
    for (std::size_t f = 0; f < nf; ++f) out[na + f] = values_[fast_[f].rate];
  };
  // Fast rows use pseudo-transient continuation, (J - I/dtau) dz = -r with dtau growing
  // tenfold per iteration: it follows the fast reactions' own dynamics, so it ends in the
  // stable equilibrium the reactions would reach, not just any root of the rates.
  double inverse_dtau = -1.0;
  for (int iteration = 0; iteration < 100; ++iteration) {
    residual(r);
    double size = 0.0;
    for (const double v : r) size = std::max(size, std::fabs(v));
    if (size == 0.0 || !std::isfinite(size)) break;
    for (std::size_t j = 0; j < n; ++j) {
      const double keep = z[j];
      const double h = 1e-7 * std::max(scale[j], std::fabs(keep));
      z[j] = keep + h;
      residual(r2);
      z[j] = keep;
      for (std::size_t i = 0; i < n; ++i) jac[i * n + j] = (r2[i] - r[i]) / h;
    }
    if (nf > 0) {
      if (inverse_dtau < 0.0) {
        inverse_dtau = 0.0;
        double biggest_scale = 0.0;
        for (std::size_t i = na; i < n; ++i) {
          double row = 0.0;
          for (std::size_t j = 0; j < n; ++j) row += std::fabs(jac[i * n + j]);
          inverse_dtau = std::max(inverse_dtau, 2.0 * row);
          biggest_scale = std::max(biggest_scale, scale[i]);
        }
        // first step no longer than the amounts involved
        inverse_dtau = std::max(inverse_dtau, size / biggest_scale);
      } else {
        inverse_dtau = iteration >= 16 ? 0.0 : inverse_dtau * 0.1;
      }
      for (std::size_t i = na; i < n; ++i) jac[i * n + i] -= inverse_dtau;
    }
    // Gaussian elimination with partial pivoting on J dz = -r.
    for (std::size_t i = 0; i < n; ++i) dz[i] = -r[i];
    bool singular = false;
    for (std::size_t c = 0; c < n && !singular; ++c) {
      std::size_t p = c;
      for (std::size_t i = c + 1; i < n; ++i) {
        if (std::fabs(jac[i * n + c]) > std::fabs(jac[p * n + c])) p = i;
      }
      if (jac[p * n + c] == 0.0) {
        singular = true;
        break;
      }
      if (p != c) {
        for (std::size_t k = 0; k < n; ++k) std::swap(jac[p * n + k], jac[c * n + k]);
        std::swap(dz[p], dz[c]);
      }
      for (std::size_t i = c + 1; i < n; ++i) {
        const double f = jac[i * n + c] / jac[c * n + c];
        for (std::size_t k = c; k < n; ++k) jac[i * n + k] -= f * jac[c * n + k];
        dz[i] -= f * dz[c];
      }
    }
    if (singular) break;
    for (std::size_t c = n; c-- > 0;) {
      double v = dz[c];
      for (std::size_t k = c + 1; k < n; ++k) v -= jac[c * n + k] * dz[k];
      dz[c] = v / jac[c * n + c];
    }
    double step = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      z[i] += dz[i];
      step = std::max(step, std::fabs(dz[i]) / (scale[i] + std::fabs(z[i])));
    }
    if (step < 1e-14 && inverse_dtau <= 0.0) break;
  }
  residual(r);
}

void Engine::compute_rates(double* ydot) {
  for (std::size_t i = 0; i < states_.size(); ++i) {
    const auto& v = states_[i];
    double rate = 0.0;
    if (v.by_rate_rule) {
      rate = v.rate_rule.evaluate(values_.data(), &hooks_);
    } else {
      for (const auto& term : v.terms)
        rate += term.sign * values_[term.stoichiometry] * values_[term.rate];
      if (v.conversion != kNone) rate *= values_[v.conversion];
    }
    ydot[i] = rate;
    if (!uses_rate_of_) continue;  // rates_ are only read by rateOf
    rates_[v.slot] = rate;
    if (v.symbol_slot != kNone) {
      if (v.concentration_symbol) {
        // d(n/V)/dt = (dn/dt)/V - n (dV/dt)/V^2; rate-rule sizes come first, so dV/dt is current
        const double size = values_[v.compartment_slot];
        rates_[v.symbol_slot] =
            rate / size - values_[v.slot] * rates_[v.compartment_slot] / (size * size);
      } else {
        rates_[v.symbol_slot] = rate;
      }
    }
  }
}

void Engine::load_state(double t, const double* y) {
  values_[kTimeSlot] = t;
  hooks_.time = t;
  for (std::size_t i = 0; i < states_.size(); ++i) values_[states_[i].slot] = y[i];
}

void Engine::store_state(double* y) const {
  for (std::size_t i = 0; i < states_.size(); ++i) y[i] = values_[states_[i].slot];
  if (states_.empty()) y[0] = 0.0;
}

void Engine::evaluate_rhs(double t, const double* y, double* ydot) {
  load_state(t, y);
  if (native_rhs_ != nullptr) {  // rhs_program_ and compute_rates as native code
    native_rhs_(values_.data(), ydot, hooks_.overrides);
    derived_stale_ = true;
    if (states_.empty()) ydot[0] = 0.0;
    return;
  }
  if (rhs_program_ready_) {  // only what the rates read and the state or time changes
    rhs_program_.run(values_.data(), &hooks_);
    derived_stale_ = true;
    compute_rates(ydot);
    if (states_.empty()) ydot[0] = 0.0;
    return;
  }
  derive();
  update_rates(ydot);
  if (uses_rate_of_) {  // rateOf reads this evaluation's rates: one more pass with them
    derive();
    compute_rates(ydot);
  }
  if (states_.empty()) ydot[0] = 0.0;
}

void Engine::update_rates(double* ydot) {
  compute_rates(ydot);
  if (!rate_of_derived_) return;
  // rateOf of a value a rule derives: its change along the flow, by a forward difference
  // (time and ODE variables advanced together by h).
  saved_values_ = values_;
  const double t = values_[kTimeSlot];
  const double h = 1e-7 * std::max(1.0, std::fabs(t));
  values_[kTimeSlot] = t + h;
  hooks_.time = t + h;
  for (std::size_t i = 0; i < states_.size(); ++i) values_[states_[i].slot] += h * ydot[i];
  derive();
  for (const auto slot : rate_of_derived_slots_)
    rates_[slot] = (values_[slot] - saved_values_[slot]) / h;
  values_ = saved_values_;
  hooks_.time = t;
}

}  // namespace ergon::kinetic::detail
