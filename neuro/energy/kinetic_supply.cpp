#include "neuro/energy/kinetic_supply.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/kinetic/integrator.hpp"

namespace ergon::neuro {

namespace {
[[noreturn]] void bad(const std::string& what) {
  throw InputError("kinetic ATP supply: " + what);
}
}  // namespace

KineticSupply::KineticSupply(const KineticSupplyOptions& options) : options_(options) {
  const auto& o = options_;
  if (!o.model) bad("no model given");
  if (o.load_id.empty() || o.atp_id.empty()) bad("the load and ATP ids must be given");
  if (!(o.settle_s >= 0)) bad("settle time must be ≥ 0 s, got " + std::to_string(o.settle_s));
  if (!(o.reference_demand_per_s > 0))
    bad("reference demand must be > 0 ATP/s, got " + std::to_string(o.reference_demand_per_s));
  if (!(o.pool_atp > 0)) bad("pool_atp must be > 0 ATP, got " + std::to_string(o.pool_atp));
  if (!(o.time_scale >= 0)) bad("time_scale must be ≥ 0 (0: derived)");
  if (!(o.rtol > 0) || !(o.atol > 0)) bad("rtol and atol must be > 0");
  model_ = std::make_unique<kinetic::Integrator>(
      o.model, kinetic::IntegratorOptions{
                   .rtol = o.rtol, .atol = o.atol, .initial_values = o.initial_values});
  const auto require = [&](const std::string& id, const char* role) {
    try {
      (void)model_->value(id);
    } catch (const InputError&) {
      throw InputError({.element_id = id}, std::string("kinetic ATP supply: the model has no "
                                                       "species, parameter or reaction of this "
                                                       "id (the ") +
                                               role + ")");
    }
  };
  require(o.load_id, "load");
  require(o.atp_id, "ATP");
  if (!o.production_id.empty()) require(o.production_id, "production flux");
  for (const auto& [id, v] : o.perturbation) {
    require(id, "perturbation");
    if (!std::isfinite(v)) bad("perturbation of '" + id + "' is not a finite number");
  }
  model_->advance_to(o.settle_s);
  start_time_ = model_->time();
  const double atp = model_->value(o.atp_id);
  if (!(atp > 0))
    throw InputError({.element_id = o.atp_id},
                     "kinetic ATP supply: ATP is " + std::to_string(atp) +
                         " after settling; it must be positive to stand for the pools");
  atp_floor_ = 1e-6 * atp;
  mm_per_atp_ = atp / o.pool_atp;
  const double load = model_->value(o.load_id);
  const double load_flux = o.load_kind == LoadKind::rate_constant ? load * atp : load;
  if (o.time_scale > 0) {
    time_scale_ = o.time_scale;
  } else {
    if (!(load_flux > 0))
      throw InputError({.element_id = o.load_id},
                       "kinetic ATP supply: the model's own load is not positive, so no time "
                       "scale can be derived from it; give time_scale");
    time_scale_ = (atp / load_flux) / (o.pool_atp / o.reference_demand_per_s);
  }
  demand_ = load_flux;
}

KineticSupply::~KineticSupply() = default;
KineticSupply::KineticSupply(KineticSupply&&) noexcept = default;
KineticSupply& KineticSupply::operator=(KineticSupply&&) noexcept = default;

double KineticSupply::pool_per_neuron() const {
  return model_->value(options_.atp_id) / mm_per_atp_;
}

void KineticSupply::step(double t_ms, double h_s, double demand_per_s) {
  const auto& o = options_;
  if (!perturbed_ && o.perturb_at_ms >= 0 && t_ms >= o.perturb_at_ms - 1e-9) {
    for (const auto& [id, v] : o.perturbation) model_->set_value(id, v);
    perturbed_ = true;
  }
  demand_ = demand_per_s * mm_per_atp_ / time_scale_;
  // With J = k·[ATP], k = demand / [ATP] makes the load equal the demand at the start of the
  // step; the floor keeps k finite if the model's ATP runs out.
  const double load = o.load_kind == LoadKind::rate_constant
                          ? demand_ / std::max(model_->value(o.atp_id), atp_floor_)
                          : demand_;
  model_->set_value(o.load_id, load);
  model_->advance_to(start_time_ + time_scale_ * (t_ms * 1e-3 + h_s));
}

std::vector<std::string> KineticSupply::columns() const {
  const auto& o = options_;
  std::vector<std::string> c = {o.atp_id, o.load_id, "demand"};
  if (!o.production_id.empty()) c.push_back(o.production_id);
  return c;
}

void KineticSupply::append_trace_row(std::vector<double>& out) const {
  const auto& o = options_;
  out.push_back(model_->value(o.atp_id));
  out.push_back(model_->value(o.load_id));
  out.push_back(demand_);
  if (!o.production_id.empty()) out.push_back(model_->value(o.production_id));
}

}  // namespace ergon::neuro
