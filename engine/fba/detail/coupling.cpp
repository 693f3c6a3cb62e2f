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

}  // namespace ergon::fba::detail
