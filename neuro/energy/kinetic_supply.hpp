#pragma once
// The running state of a kinetic ATP supply (KineticSupplyOptions in atp_budget.hpp): one
// kinetic model stepped by operator splitting with the network's ATP demand as its load.

#include <memory>
#include <string>
#include <vector>

#include "neuro/energy/atp_budget.hpp"

namespace ergon::kinetic {
class Integrator;
}

namespace ergon::neuro {

class KineticSupply {
 public:
  /// Builds the model and runs it for settle_s at its own load. Throws InputError naming an
  /// id the model lacks or an invalid option, ComputationError if the model fails to settle.
  explicit KineticSupply(const KineticSupplyOptions& options);
  ~KineticSupply();
  KineticSupply(KineticSupply&&) noexcept;
  KineticSupply& operator=(KineticSupply&&) noexcept;

  /// Model concentration per ATP molecule of one neuron: [ATP]₀ / pool_atp.
  [[nodiscard]] double mm_per_atp() const { return mm_per_atp_; }
  /// Model seconds per network second.
  [[nodiscard]] double time_scale() const { return time_scale_; }
  /// Pool per neuron the model's current ATP stands for, molecules (pool_atp at the start).
  [[nodiscard]] double pool_per_neuron() const;
  /// Advances the model over [t_ms, t_ms + h_s] of network time with a demand of
  /// `demand_per_s` ATP molecules per second per neuron; perturbations due by then apply first.
  void step(double t_ms, double h_s, double demand_per_s);

  /// Metabolic trace columns: the ATP id ([ATP], model concentration), the load id (its
  /// value), "demand" (the demand in model concentration per second) and the production id
  /// if one is traced.
  [[nodiscard]] std::vector<std::string> columns() const;
  /// Appends the current values of columns() to `out`.
  void append_trace_row(std::vector<double>& out) const;

 private:
  KineticSupplyOptions options_;
  std::unique_ptr<kinetic::Integrator> model_;
  double start_time_ = 0;  // model time at network time 0
  double mm_per_atp_ = 0;
  double time_scale_ = 0;
  double atp_floor_ = 0;  // smallest [ATP] a rate-constant load is computed against
  double demand_ = 0;     // model units / s, last step
  bool perturbed_ = false;
};

}  // namespace ergon::neuro
