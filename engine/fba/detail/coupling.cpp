#include "engine/fba/detail/coupling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace ergon::fba::detail {

Coupling steady_state_coupling(const ConstraintModel& model) {
  const std::size_t n = model.reactions().size();
  const std::size_t m = model.metabolites().size();
  std::vector<std::vector<std::pair<std::size_t, double>>> rows(m);
  for (std::size_t r = 0; r < n; ++r) {
    for (const auto& t : model.reactions()[r].stoichiometry) {
      if (t.coefficient != 0.0) rows[t.metabolite].emplace_back(r, t.coefficient);
    }
  }
  std::vector<char> zero(n, 0);
  std::vector<std::size_t> open(m);
  std::vector<std::size_t> queue;
  for (std::size_t i = 0; i < m; ++i) {
    open[i] = rows[i].size();
    if (open[i] == 1) queue.push_back(i);
  }
  std::vector<std::vector<std::size_t>> rows_of(n);
  for (std::size_t i = 0; i < m; ++i) {
    for (const auto& [r, a] : rows[i]) rows_of[r].push_back(i);
  }
  while (!queue.empty()) {
    const std::size_t i = queue.back();
    queue.pop_back();
    if (open[i] != 1) continue;
    for (const auto& [r, a] : rows[i]) {
      if (zero[r] != 0) continue;
      zero[r] = 1;
      for (const auto other : rows_of[r]) {
        if (--open[other] == 1) queue.push_back(other);
      }
    }
  }
  // Weighted union-find: v_j = weight[j] · v_parent[j].
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  std::vector<double> weight(n, 1.0);
  std::vector<char> inconsistent(n, 0);
  const auto find = [&](std::size_t j) {
    double w = 1.0;
    while (parent[j] != j) {
      w *= weight[j];
      j = parent[j];
    }
    return std::pair{j, w};
  };
  for (std::size_t i = 0; i < m; ++i) {
    if (open[i] != 2) continue;
    std::size_t a = n;
    std::size_t b = n;
    double sa = 0.0;
    double sb = 0.0;
    for (const auto& [r, coefficient] : rows[i]) {
      if (zero[r] != 0) continue;
      if (a == n) {
        a = r;
        sa = coefficient;
      } else {
        b = r;
        sb = coefficient;
      }
    }
    const double c = -sb / sa;  // v_a = c · v_b
    const auto [ra, wa] = find(a);
    const auto [rb, wb] = find(b);
    if (ra == rb) {
      // A cycle of ratios: consistent ones add nothing; others force the group to 0, which
      // is not used here (its members are solved by LP instead).
      if (std::abs(wa - c * wb) > 1e-12 * std::max(std::abs(wa), std::abs(c * wb)))
        inconsistent[ra] = 1;
      continue;
    }
    // v_ra = (c·wb / wa) · v_rb
    parent[ra] = rb;
    weight[ra] = c * wb / wa;
    inconsistent[rb] = static_cast<char>(inconsistent[rb] | inconsistent[ra]);
  }
  Coupling out{std::vector<std::size_t>(n), std::vector<double>(n, 1.0)};
  for (std::size_t r = 0; r < n; ++r) {
    if (zero[r] != 0) {
      out.representative[r] = r;
      out.factor[r] = 0.0;
      continue;
    }
    const auto [root, w] = find(r);
    out.representative[r] = inconsistent[root] != 0 ? r : root;
    out.factor[r] = inconsistent[root] != 0 ? 1.0 : w;
  }
  return out;
}

std::optional<ReducedProblem> ReducedProblem::build(const FluxBalance& balance) {
  const auto& model = balance.model();
  const std::size_t n = model.reactions().size();
  ReducedProblem out;
  out.coupling = steady_state_coupling(model);
  out.group_of.assign(n, kNone);
  std::vector<std::size_t> root_group(n, kNone);
  std::vector<FluxBounds> bounds(n);
  for (std::size_t r = 0; r < n; ++r) {
    bounds[r] = balance.bounds(r);
    const double f = out.coupling.factor[r];
    if (f == 0.0) {
      if (bounds[r].lower > 0.0 || bounds[r].upper < 0.0) return std::nullopt;
      continue;
    }
    auto& g = root_group[out.coupling.representative[r]];
    if (g == kNone) {
      g = out.members.size();
      out.members.emplace_back();
      out.scale.push_back(0.0);
      out.objective.push_back(0.0);
    }
    out.group_of[r] = g;
    out.members[g].push_back(r);
    out.scale[g] = std::max(out.scale[g], std::abs(f));
    out.objective[g] += balance.objective()[r] * f;
  }
  const std::size_t groups = out.members.size();
  out.lp.sense = balance.sense();
  for (std::size_t g = 0; g < groups; ++g) {
    const auto b = out.group_bounds(g, bounds, [](std::size_t) { return false; });
    if (!b) return std::nullopt;  // rounding made a group empty: solve unreduced
    out.lp.columns.push_back(
        {.name = {}, .lower = b->lower, .upper = b->upper, .objective = out.objective[g]});
  }
  std::vector<std::vector<std::pair<std::size_t, double>>> entries(model.metabolites().size());
  for (std::size_t r = 0; r < n; ++r) {
    if (out.group_of[r] == kNone) continue;
    for (const auto& t : model.reactions()[r].stoichiometry) {
      if (t.coefficient != 0.0)
        entries[t.metabolite].emplace_back(out.group_of[r], t.coefficient * out.coupling.factor[r]);
    }
  }
  for (auto& row : entries) {
    std::sort(row.begin(), row.end());
    LpRow reduced{.name = {}, .lower = 0.0, .upper = 0.0, .terms = {}};
    for (std::size_t a = 0; a < row.size();) {
      std::size_t b = a;
      double sum = 0.0;
      double largest = 0.0;
      for (; b < row.size() && row[b].first == row[a].first; ++b) {
        sum += row[b].second;
        largest = std::max(largest, std::abs(row[b].second));
      }
      // Members of one group cancel in the row that tied them (up to rounding of the ratio).
      if (std::abs(sum) > 1e-12 * largest) reduced.terms.emplace_back(row[a].first, sum);
      a = b;
    }
    if (!reduced.terms.empty()) out.lp.rows.push_back(std::move(reduced));
  }
  return out;
}

}  // namespace ergon::fba::detail
