#pragma once
// Fluxes the steady-state rows tie together, for solvers outside this module: reactions in one
// group carry v_r = factor_r · t for a common t in every steady state (a metabolite made by one
// reaction and used by one couples them), and reactions that carry no flux in any steady state
// (dead ends, and groups whose members' bounds leave t only 0). Exact: the feasible set of the
// steady-state LP is the same with these ties made explicit.

#include <cstddef>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/fba/flux_balance.hpp"

namespace ergon::fba {

struct FluxCoupling {
  static constexpr std::size_t kZero = static_cast<std::size_t>(-1);
  std::vector<std::size_t> group;  ///< per reaction; kZero: v = 0 in every steady state
  std::vector<double> factor;      ///< per reaction: v_r = factor_r · t_group (0 for kZero)
  std::vector<FluxBounds> bounds;  ///< per group: the range of t the members' bounds allow
  [[nodiscard]] std::size_t groups() const { return bounds.size(); }
};

/// Coupling of `model` under its own flux bounds (infinite bounds allowed).
[[nodiscard]] FluxCoupling flux_coupling(const ConstraintModel& model);

}  // namespace ergon::fba
