#include <cmath>

#include "engine/core/error.hpp"
#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/yield.hpp"

namespace ergon::fba {
namespace {

// Dinkelbach stops when max v_p + λ v_s is this small relative to the fluxes involved.
constexpr double kConverged = 1e-9;
constexpr int kMaxSteps = 100;

class ObjectiveGuard {
 public:
  explicit ObjectiveGuard(FluxBalance& b)
      : balance_(b), objective_(b.objective()), sense_(b.sense()) {}
  ~ObjectiveGuard() { balance_.set_objective(objective_, sense_); }
  ObjectiveGuard(const ObjectiveGuard&) = delete;
  ObjectiveGuard& operator=(const ObjectiveGuard&) = delete;

 private:
  FluxBalance& balance_;
  std::vector<double> objective_;
  ObjectiveSense sense_;
};

}  // namespace

YieldResult maximum_yield(FluxBalance& balance, std::size_t product, std::size_t substrate) {
  const auto& model = balance.model();
  if (product == substrate) {
    throw InputError({.element_id = model.reactions().at(product).id},
                     "product and substrate are the same reaction");
  }
  const std::size_t n = model.reactions().size();
  const SolverStats before = balance.stats();
  ObjectiveGuard guard(balance);
  YieldResult result;
  auto finish = [&](Status status) {
    result.status = status;
    result.stats = balance.stats() - before;
    return result;
  };

  // Start from the most product the network can make.
  balance.set_objective(product, ObjectiveSense::maximize);
  Status status = balance.solve();
  if (status != Status::optimal) return finish(status);
  double vp = balance.flux(product);
  double vs = balance.flux(substrate);
  if (vp <= 0.0) {
    // No product at all: the yield is 0 wherever substrate is taken up.
    result.yield = 0.0;
    result.product_flux = vp;
    result.substrate_flux = vs;
    result.fluxes = balance.fluxes();
    return finish(Status::optimal);
  }
  if (vs >= 0.0) {
    // Product at this point without any substrate uptake. Is there any uptake at all?
    balance.set_objective(substrate, ObjectiveSense::minimize);
    status = balance.solve();
    if (status != Status::optimal) return finish(status);
    if (balance.flux(substrate) >= 0.0)
      return finish(Status::infeasible);  // substrate cannot be taken up
    return finish(Status::unbounded);
  }
  double lambda = vp / -vs;
  for (result.iterations = 1; result.iterations <= kMaxSteps; ++result.iterations) {
    std::vector<double> c(n, 0.0);
    c[product] = 1.0;
    c[substrate] = lambda;  // v_p - λ(-v_s)
    balance.set_objective(std::move(c), ObjectiveSense::maximize);
    status = balance.solve();
    if (status == Status::unbounded) return finish(Status::unbounded);
    if (status != Status::optimal) return finish(status);
    const double f = balance.objective_value();
    const double np = balance.flux(product);
    const double ns = balance.flux(substrate);
    if (f <= kConverged * std::max(1.0, std::abs(vp))) break;
    if (ns >= 0.0) return finish(Status::unbounded);  // f > 0 with no uptake: product from nothing
    vp = np;
    vs = ns;
    lambda = vp / -vs;
  }
  if (result.iterations > kMaxSteps) return finish(Status::iteration_limit);
  // Report the best ratio point found (the last λ came from it).
  balance.set_objective(product, ObjectiveSense::maximize);
  result.yield = lambda;
  result.product_flux = vp;
  result.substrate_flux = vs;
  {
    // Re-solve for the point's fluxes: fix the ratio and the substrate flux, maximise product.
    ScopedBounds scope(balance);
    scope.set(substrate, {vs, vs});
    if (balance.solve() == Status::optimal) result.fluxes = balance.fluxes();
  }
  return finish(Status::optimal);
}

std::vector<EnvelopePoint> production_envelope(FluxBalance& balance, std::size_t product,
                                               std::size_t points) {
  if (points < 2) throw InputError("a production envelope needs at least 2 points");
  const std::size_t n = balance.model().reactions().size();
  ObjectiveGuard guard(balance);
  const std::vector<double> objective = balance.objective();
  std::vector<EnvelopePoint> out;
  // Range of the objective itself.
  balance.set_objective(objective, ObjectiveSense::minimize);
  const Status lo_status = balance.solve();
  const double lo = balance.objective_value();
  balance.set_objective(objective, ObjectiveSense::maximize);
  const Status hi_status = balance.solve();
  const double hi = balance.objective_value();
  if (lo_status != Status::optimal || hi_status != Status::optimal) return out;

  LpRow fixed{.name = "envelope_objective", .lower = lo, .upper = lo, .terms = {}};
  for (std::size_t j = 0; j < n; ++j) {
    if (objective[j] != 0.0) fixed.terms.emplace_back(j, objective[j]);
  }
  const auto rows = static_cast<std::size_t>(balance.lp().rows());
  const std::size_t row = balance.lp().add_row(fixed);
  try {
    for (std::size_t k = 0; k < points; ++k) {
      EnvelopePoint p;
      p.objective = lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(points - 1);
      balance.lp().set_row_bounds(row, p.objective, p.objective);
      balance.set_objective(product, ObjectiveSense::minimize);
      if (balance.solve() == Status::optimal) p.minimum = balance.flux(product);
      balance.set_objective(product, ObjectiveSense::maximize);
      if (balance.solve() == Status::optimal) p.maximum = balance.flux(product);
      out.push_back(p);
    }
  } catch (...) {
    balance.lp().truncate_rows(rows);
    throw;
  }
  balance.lp().truncate_rows(rows);
  return out;
}

}  // namespace ergon::fba
