#include "engine/fba/flux_coupling.hpp"

#include <algorithm>
#include <limits>

#include "engine/fba/detail/coupling.hpp"

namespace ergon::fba {

FluxCoupling flux_coupling(const ConstraintModel& model) {
  const auto coupling = detail::steady_state_coupling(model);
  const std::size_t n = model.reactions().size();
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  FluxCoupling out;
  out.group.assign(n, FluxCoupling::kZero);
  out.factor.assign(n, 0.0);
  std::vector<std::size_t> group_of_root(n, FluxCoupling::kZero);
  for (std::size_t r = 0; r < n; ++r) {
    const double f = coupling.factor[r];
    if (f == 0.0) continue;
    auto& g = group_of_root[coupling.representative[r]];
    if (g == FluxCoupling::kZero) {
      g = out.bounds.size();
      out.bounds.push_back({-kInfinity, kInfinity});
    }
    const auto& reaction = model.reactions()[r];
    // v = f t within [l, u]: t in [l/f, u/f], or [u/f, l/f] when f < 0.
    auto& b = out.bounds[g];
    b.lower = std::max(b.lower, f > 0.0 ? reaction.lower_bound / f : reaction.upper_bound / f);
    b.upper = std::min(b.upper, f > 0.0 ? reaction.upper_bound / f : reaction.lower_bound / f);
    out.group[r] = g;
    out.factor[r] = f;
  }
  // A group whose t can only be 0 (both directions closed, or bounds that exclude 0 and so no
  // steady state at all — left to the solver to report) carries no flux.
  for (std::size_t r = 0; r < n; ++r) {
    const auto g = out.group[r];
    if (g != FluxCoupling::kZero && out.bounds[g].lower == 0.0 && out.bounds[g].upper == 0.0) {
      out.group[r] = FluxCoupling::kZero;
      out.factor[r] = 0.0;
    }
  }
  return out;
}

}  // namespace ergon::fba
