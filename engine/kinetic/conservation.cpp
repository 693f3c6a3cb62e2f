#include "engine/kinetic/conservation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "engine/core/error.hpp"

namespace ergon::kinetic {
namespace {

using Integer = std::int64_t;
// 128-bit products so one elimination step cannot overflow before narrow() checks it
__extension__ typedef __int128 Wide;

Integer narrow(Wide x) {
  if (x > std::numeric_limits<Integer>::max() || x < -std::numeric_limits<Integer>::max())
    throw ComputationError(
        "conservation laws: the exact integer elimination would overflow 64 bits");
  return static_cast<Integer>(x);
}

Integer gcd_of(const std::vector<Integer>& row) {
  Integer g = 0;
  for (const Integer v : row) g = std::gcd(g, v);
  return g;
}

void divide_by_gcd(std::vector<Integer>& row) {
  const Integer g = gcd_of(row);
  if (g > 1) {
    for (auto& v : row) v /= g;
  }
}

// row := (a / g) row - (b / g) pivot with a = pivot[col], b = row[col], g = gcd(a, b), so
// row[col] becomes 0 with exact integers; then the row is divided by its entries' gcd.
void eliminate(std::vector<Integer>& row, const std::vector<Integer>& pivot, std::size_t col) {
  const Integer b = row[col];
  if (b == 0) return;
  const Integer a = pivot[col];
  const Integer g = std::gcd(a, b);
  const Wide fa = a / g;
  const Wide fb = b / g;
  for (std::size_t k = 0; k < row.size(); ++k) row[k] = narrow(fa * row[k] - fb * pivot[k]);
  divide_by_gcd(row);
}

// p / q with q <= 10^6 equal to x within rounding, by continued fractions; nullopt otherwise.
std::optional<std::pair<Integer, Integer>> as_fraction(double x) {
  // Beyond 1e9 the numerators could overflow; no stoichiometry is that large.
  if (!std::isfinite(x) || std::fabs(x) > 1e9) return std::nullopt;
  constexpr Integer kMaxDenominator = 1000000;
  Integer p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  double rest = x;
  for (int i = 0; i < 64; ++i) {
    const double a_real = std::floor(rest);
    if (std::fabs(a_real) > 1e15) break;
    const auto a = static_cast<Integer>(a_real);
    const Integer p2 = a * p1 + p0;
    const Integer q2 = a * q1 + q0;
    if (q2 > kMaxDenominator) break;
    p0 = p1;
    q0 = q1;
    p1 = p2;
    q1 = q2;
    if (std::fabs(x - static_cast<double>(p1) / static_cast<double>(q1)) <=
        1e-12 * std::max(1.0, std::fabs(x)))
      return std::pair{p1, q1};
    const double frac = rest - a_real;
    if (frac == 0.0) break;
    rest = 1.0 / frac;
  }
  return std::nullopt;
}

}  // namespace

namespace {

// The analysis with reactions whose stoichiometries need a common denominator above
// `max_scale` left out (their species excluded).
ConservationAnalysis analyse(const Model& model, Integer max_scale) {
  ConservationAnalysis out;
  std::set<std::string> set_by_rule;
  for (const auto& rule : model.rules) {
    if (rule.kind != RuleKind::algebraic) set_by_rule.insert(rule.variable);
  }
  // Stoichiometries that can change: set by math, rules, initial assignments or events.
  std::set<std::string> assigned;
  for (const auto& rule : model.rules) assigned.insert(rule.variable);
  for (const auto& ia : model.initial_assignments) assigned.insert(ia.symbol);
  for (const auto& e : model.events) {
    for (const auto& a : e.assignments) assigned.insert(a.variable);
  }
  std::map<std::string, std::string> excluded;  // species -> reason
  std::set<std::string> in_reactions;
  for (const auto& reaction : model.reactions) {
    Wide scale = 1;  // common denominator of the reaction's fixed stoichiometries
    for (const auto* list : {&reaction.reactants, &reaction.products}) {
      for (const auto& ref : *list) {
        if (const auto f = as_fraction(ref.stoichiometry); f && scale <= max_scale)
          scale = scale / std::gcd(static_cast<Integer>(scale), f->second) * f->second;
      }
    }
    for (const auto* list : {&reaction.reactants, &reaction.products}) {
      for (const auto& ref : *list) {
        in_reactions.insert(ref.species);
        if (ref.stoichiometry_math || !ref.constant ||
            (!ref.id.empty() && assigned.contains(ref.id)) || !std::isfinite(ref.stoichiometry)) {
          excluded.emplace(ref.species, "variable stoichiometry in reaction '" + reaction.id + "'");
        } else if (!as_fraction(ref.stoichiometry)) {
          excluded.emplace(ref.species,
                           "stoichiometry in reaction '" + reaction.id + "' is not a fraction");
        } else if (scale > max_scale) {
          excluded.emplace(ref.species, "the stoichiometries of reaction '" + reaction.id +
                                            "' need a common denominator above " +
                                            (max_scale == std::numeric_limits<Integer>::max()
                                                 ? std::string("2^63")
                                                 : std::to_string(max_scale)));
        }
      }
    }
  }
  std::vector<std::string> rows;  // included species, model order
  std::map<std::string, std::size_t> row_of;
  for (const auto& s : model.species) {
    if (s.constant || s.boundary_condition || set_by_rule.contains(s.id) ||
        !in_reactions.contains(s.id))
      continue;
    out.species.push_back(s.id);
    const std::string& factor =
        s.conversion_factor.empty() ? model.conversion_factor : s.conversion_factor;
    if (!factor.empty()) excluded.emplace(s.id, "conversion factor '" + factor + "'");
    if (const auto it = excluded.find(s.id); it != excluded.end()) {
      out.excluded.emplace_back(s.id, it->second);
      continue;
    }
    row_of[s.id] = rows.size();
    rows.push_back(s.id);
  }
  const std::size_t m = rows.size();
  out.reactions = model.reactions.size();
  // [N | I] with each reaction's column scaled to integers (scaling a column keeps c^T N = 0).
  std::vector<std::vector<Integer>> a(m, std::vector<Integer>(out.reactions + m, 0));
  for (std::size_t r = 0; r < model.reactions.size(); ++r) {
    const auto& reaction = model.reactions[r];
    std::map<std::size_t, std::pair<Integer, Integer>> entries;  // row -> net stoichiometry p/q
    auto add = [&](const std::vector<SpeciesReference>& list, Integer sign) {
      for (const auto& ref : list) {
        const auto it = row_of.find(ref.species);
        if (it == row_of.end()) continue;
        const auto [p, q] = *as_fraction(ref.stoichiometry);
        auto& [ep, eq] = entries.try_emplace(it->second, 0, 1).first->second;
        const Integer l = std::lcm(eq, q);
        ep = narrow(static_cast<Wide>(ep) * (l / eq) + static_cast<Wide>(sign * p) * (l / q));
        eq = l;
      }
    };
    add(reaction.reactants, -1);
    add(reaction.products, 1);
    Integer scale = 1;
    for (const auto& [row, frac] : entries)
      scale = narrow(static_cast<Wide>(scale / std::gcd(scale, frac.second)) * frac.second);
    for (const auto& [row, frac] : entries)
      a[row][r] = narrow(static_cast<Wide>(frac.first) * (scale / frac.second));
  }
  for (std::size_t i = 0; i < m; ++i) a[i][out.reactions + i] = 1;

  // Row echelon form on the stoichiometric part: the rows left with zeros there hold, in
  // their identity part, integer combinations of species with c^T N = 0.
  std::size_t rank = 0;
  for (std::size_t col = 0; col < out.reactions && rank < m; ++col) {
    std::size_t pivot = m;
    for (std::size_t i = rank; i < m; ++i) {
      if (a[i][col] != 0 && (pivot == m || std::llabs(a[i][col]) < std::llabs(a[pivot][col])))
        pivot = i;
    }
    if (pivot == m) continue;
    std::swap(a[pivot], a[rank]);
    for (std::size_t i = rank + 1; i < m; ++i) eliminate(a[i], a[rank], col);
    ++rank;
  }
  out.rank = rank;

  // The null-space rows, reduced so that each has a species of its own (its dependent one):
  // pivot on the last species of the row not yet taken, clear it from every other row.
  std::vector<std::vector<Integer>> laws;
  for (std::size_t i = rank; i < m; ++i)
    laws.emplace_back(a[i].begin() + static_cast<std::ptrdiff_t>(out.reactions), a[i].end());
  std::vector<std::size_t> dependent(laws.size(), m);
  std::vector<char> taken(m, 0);
  for (std::size_t l = 0; l < laws.size(); ++l) {
    std::size_t col = m;
    for (std::size_t k = m; k-- > 0;) {
      if (laws[l][k] != 0 && taken[k] == 0) {
        col = k;
        break;
      }
    }
    if (col == m) throw InternalError("conservation analysis: dependent null-space rows");
    taken[col] = 1;
    dependent[l] = col;
    if (laws[l][col] < 0) {
      for (auto& v : laws[l]) v = -v;
    }
    for (std::size_t other = 0; other < laws.size(); ++other) {
      if (other == l) continue;
      eliminate(laws[other], laws[l], col);
      if (dependent[other] < m && laws[other][dependent[other]] < 0) {
        for (auto& v : laws[other]) v = -v;
      }
    }
  }
  for (std::size_t l = 0; l < laws.size(); ++l) {
    ConservationLaw law;
    for (std::size_t k = 0; k < m; ++k) {
      if (laws[l][k] != 0) law.terms.emplace_back(rows[k], laws[l][k]);
    }
    law.dependent = rows[dependent[l]];
    out.laws.push_back(std::move(law));
  }
  return out;
}

}  // namespace

ConservationAnalysis conservation_laws(const Model& model) {
  try {
    return analyse(model, std::numeric_limits<Integer>::max());
  } catch (const ComputationError&) {
    // e.g. a biomass reaction with six-digit coefficients: leave such reactions out
    return analyse(model, 1000);
  }
}

std::string to_string(const ConservationLaw& law) {
  std::string text;
  for (const auto& [id, c] : law.terms) {
    if (text.empty()) {
      if (c < 0) text += "-";
    } else {
      text += c < 0 ? " - " : " + ";
    }
    if (std::llabs(c) != 1) text += std::to_string(std::llabs(c)) + " ";
    text += id;
  }
  return text;
}

}  // namespace ergon::kinetic
