#include <algorithm>
#include <cmath>

#include "engine/fba/detail/glp_problem.hpp"
#include "engine/fba/fba.hpp"

namespace ergon::fba {
namespace {

// Pivots below this (relative to the largest entry) count as zero in the elimination.
constexpr double kPivotTolerance = 1e-10;
// Nullspace coefficients below this are dropped, as COBRApy's zero_cutoff.
constexpr double kZeroCutoff = 1e-7;

// Basis of the nullspace of the dense m × k matrix `a` (row-major) by reduced row echelon form:
// one vector per free column. Any basis gives the same constraint set as COBRApy's SVD basis.
std::vector<std::vector<double>> nullspace(std::vector<double> a, std::size_t m, std::size_t k) {
  double scale = 0.0;
  for (const double x : a) scale = std::max(scale, std::abs(x));
  const double tol = kPivotTolerance * std::max(1.0, scale);
  std::vector<std::size_t> pivot_columns;
  std::size_t row = 0;
  for (std::size_t col = 0; col < k && row < m; ++col) {
    std::size_t best = row;
    for (std::size_t i = row + 1; i < m; ++i) {
      if (std::abs(a[i * k + col]) > std::abs(a[best * k + col])) best = i;
    }
    if (std::abs(a[best * k + col]) <= tol) continue;
    if (best != row) {
      for (std::size_t j = 0; j < k; ++j) std::swap(a[best * k + j], a[row * k + j]);
    }
    const double p = a[row * k + col];
    for (std::size_t j = 0; j < k; ++j) a[row * k + j] /= p;
    for (std::size_t i = 0; i < m; ++i) {
      if (i == row) continue;
      const double f = a[i * k + col];
      if (f == 0.0) continue;
      for (std::size_t j = 0; j < k; ++j) a[i * k + j] -= f * a[row * k + j];
    }
    pivot_columns.push_back(col);
    ++row;
  }
  std::vector<char> is_pivot(k, 0);
  for (const auto c : pivot_columns) is_pivot[c] = 1;
  std::vector<std::vector<double>> basis;
  for (std::size_t f = 0; f < k; ++f) {
    if (is_pivot[f] != 0) continue;
    std::vector<double> v(k, 0.0);
    v[f] = 1.0;
    for (std::size_t r = 0; r < pivot_columns.size(); ++r) v[pivot_columns[r]] = -a[r * k + f];
    basis.push_back(std::move(v));
  }
  return basis;
}

}  // namespace

FbaResult loopless_fba(FluxBalance& balance) {
  const auto& model = balance.model();
  const std::size_t n = model.reactions().size();
  const std::size_t m = model.metabolites().size();
  const SolverStats before = balance.stats();

  std::vector<std::size_t> internal;
  for (std::size_t r = 0; r < n; ++r) {
    if (model.reactions()[r].stoichiometry.size() != 1) internal.push_back(r);
  }
  double max_bound = 0.0;
  for (std::size_t r = 0; r < n; ++r) {
    const auto b = balance.bounds(r);
    for (const double x : {b.lower, b.upper}) {
      if (std::isfinite(x)) max_bound = std::max(max_bound, std::abs(x));
    }
  }
  if (max_bound == 0.0) max_bound = 1000.0;

  // Columns: fluxes 0..n-1, then per internal reaction an indicator and a ΔG.
  LpProblem lp;
  lp.sense = balance.sense();
  lp.rows.resize(m);
  for (std::size_t r = 0; r < n; ++r) {
    const auto b = balance.bounds(r);
    lp.columns.push_back({model.reactions()[r].id, b.lower, b.upper, balance.objective()[r]});
    for (const auto& t : model.reactions()[r].stoichiometry)
      lp.rows[t.metabolite].terms.emplace_back(r, t.coefficient);
  }
  const std::size_t k = internal.size();
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t r = internal[i];
    const std::size_t indicator = lp.columns.size();
    lp.columns.push_back({"indicator_" + model.reactions()[r].id, 0.0, 1.0, 0.0, true});
    const std::size_t delta_g = lp.columns.size();
    lp.columns.push_back({"delta_g_" + model.reactions()[r].id, -INFINITY, INFINITY, 0.0});
    lp.rows.push_back({"on_off", -max_bound, 0.0, {{r, 1.0}, {indicator, -max_bound}}});
    lp.rows.push_back(
        {"delta_g_range", 1.0, max_bound, {{delta_g, 1.0}, {indicator, max_bound + 1.0}}});
  }
  std::vector<double> s_int(m * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    for (const auto& t : model.reactions()[internal[i]].stoichiometry)
      s_int[t.metabolite * k + i] = t.coefficient;
  }
  for (const auto& v : nullspace(std::move(s_int), m, k)) {
    LpRow row{.name = "nullspace", .lower = 0.0, .upper = 0.0, .terms = {}};
    for (std::size_t i = 0; i < k; ++i) {
      if (std::abs(v[i]) > kZeroCutoff) row.terms.emplace_back(n + 2 * i + 1, v[i]);
    }
    lp.rows.push_back(std::move(row));
  }

  detail::GlpProblem milp(lp);
  FbaResult result;
  result.status = milp.solve_mip(balance.options(), balance.mutable_stats());
  if (result.status == Status::optimal) {
    result.objective = milp.mip_objective_value();
    result.fluxes.resize(n);
    for (std::size_t r = 0; r < n; ++r) result.fluxes[r] = milp.mip_column_value(r);
  }
  result.stats = balance.stats() - before;
  return result;
}

}  // namespace ergon::fba
