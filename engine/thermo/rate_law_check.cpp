#include "engine/thermo/rate_law_check.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/thermo/detail/expression_value.hpp"
#include "engine/thermo/reaction_energy.hpp"

namespace ergon::thermo {
namespace {

using detail::SymbolValues;

// Grid step of the sign-change search in λ, and bisection steps after it (2^-60 of a step).
constexpr double kGridStep = 0.25;
constexpr int kBisections = 60;
// Relative difference of ln K between the two reference states that counts as "depends on
// the state"; the bisection resolves ln K to ~1e-15 relative, so this is far above noise.
constexpr double kStateTolerance = 1e-6;
// Factors of the second reference state: reactants and products ×3 to ×9, modifiers ×2.
constexpr double kPerturbation = 3.0;
constexpr double kModifierFactor = 2.0;

struct SpeciesInfo {
  double size_symbol_free = 1.0;  // compartment size, for amount → concentration
  bool amount = false;            // the symbol is an amount
};

class ReferenceState {
 public:
  explicit ReferenceState(const Model& model) : model_(model) {
    std::map<std::string, double> sizes;
    for (const auto& c : model.compartments) {
      if (!std::isnan(c.size)) values_[c.id] = c.size;
    }
    for (const auto& p : model.parameters)
      if (!std::isnan(p.value)) values_[p.id] = p.value;
    for (const auto& r : model.reactions)
      for (const auto* list : {&r.reactants, &r.products})
        for (const auto& ref : *list)
          if (!ref.id.empty()) values_[ref.id] = ref.stoichiometry;
    // Initial assignments may need each other: a few passes in document order.
    for (std::size_t pass = 0; pass <= model.initial_assignments.size(); ++pass)
      for (const auto& a : model.initial_assignments) try {
          values_[a.symbol] = detail::expression_value(a.math, values_);
        } catch (const InputError&) {
        }
    for (const auto& s : model.species) {
      const auto size_it = values_.find(s.compartment);
      const double size = size_it == values_.end() ? std::nan("") : size_it->second;
      info_[s.id] = {.size_symbol_free = size, .amount = s.has_only_substance_units};
      if (values_.contains(s.id)) continue;  // from an initial assignment
      double v = std::nan("");
      if (s.has_only_substance_units)
        v = !std::isnan(s.initial_amount) ? s.initial_amount : s.initial_concentration * size;
      else
        v = !std::isnan(s.initial_concentration) ? s.initial_concentration
                                                 : s.initial_amount / size;
      if (!std::isnan(v)) values_[s.id] = v;
    }
    apply_rules(values_);
    for (const auto& rule : model.rules)
      if (rule.kind == RuleKind::assignment && info_.contains(rule.variable))
        rule_species_.insert(rule.variable);
  }

  // Assignment rules at the given values; two passes cover rules listed out of order. Rules
  // for `held` symbols are skipped: a reactant the search moves (say ADP, which a model may
  // compute from a phosphate pool) keeps the value the search gives it.
  void apply_rules(SymbolValues& values, const std::map<std::string, double>& held = {}) const {
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& rule : model_.rules)
        if (rule.kind == RuleKind::assignment && !held.contains(rule.variable)) try {
            values[rule.variable] = detail::expression_value(rule.math, values);
          } catch (const InputError&) {
          }
  }

  [[nodiscard]] const SymbolValues& values() const { return values_; }
  /// Species whose value an assignment rule sets.
  [[nodiscard]] const std::set<std::string>& rule_species() const { return rule_species_; }
  [[nodiscard]] bool is_species(const std::string& symbol) const { return info_.contains(symbol); }
  [[nodiscard]] const SpeciesInfo& info(const std::string& species) const {
    return info_.at(species);
  }

 private:
  const Model& model_;
  SymbolValues values_;
  std::map<std::string, SpeciesInfo> info_;
  std::set<std::string> rule_species_;
};

// Symbols of the rate law, outside the reaction's stoichiometry, that assignment rules compute
// from the reaction's own species (ATP and ADP from a phosphate pool P that the reaction
// makes). Such a law's equilibrium is a constant in those symbols, not in Q of the reaction
// as written.
std::vector<std::string> rule_driven_symbols(const Reaction& reaction, const ReferenceState& state,
                                             const SymbolValues& start,
                                             const std::map<std::string, double>& nu) {
  SymbolValues moved = start;
  for (const auto& [species, n] : nu) moved[species] = start.at(species) * std::exp(0.5 * n);
  SymbolValues fixed = start;
  state.apply_rules(fixed, nu);
  state.apply_rules(moved, nu);
  std::vector<std::string> out;
  for (const auto& symbol : referenced_symbols(*reaction.rate)) {
    if (nu.contains(symbol)) continue;
    const auto a = fixed.find(symbol);
    const auto b = moved.find(symbol);
    if (a != fixed.end() && b != moved.end() && a->second != b->second) out.push_back(symbol);
  }
  return out;
}

struct Equilibrium {
  RateLawKind kind = RateLawKind::not_evaluable;
  double log_constant = 0.0;  // ln Π c^ν (model units) over the terms that enter K'
  std::string note;
};

// Searches λ for the rate's sign change from `start` (symbol values) along c_i·exp(ν_i λ).
Equilibrium find_equilibrium(const Reaction& reaction, const ReferenceState& state,
                             SymbolValues start, const std::map<std::string, double>& nu,
                             const std::set<std::string>& excluded, double range) {
  const auto rate_at = [&](double lambda) {
    SymbolValues v = start;
    for (const auto& [species, n] : nu) v[species] = start.at(species) * std::exp(n * lambda);
    state.apply_rules(v, nu);
    // A rule that gives a species a negative value (ATP from a phosphate pool beyond the
    // adenine total) puts the point outside the model's domain: it is skipped, not counted
    // as a sign change.
    for (const auto& symbol : state.rule_species())
      if (const auto it = v.find(symbol); it != v.end() && it->second < 0.0) return std::nan("");
    return detail::expression_value(*reaction.rate, v);
  };
  Equilibrium result;
  std::vector<double> grid;
  for (double l = -range; l <= range + 1e-12; l += kGridStep) grid.push_back(l);
  std::vector<double> rates;
  rates.reserve(grid.size());
  try {
    for (const double l : grid) rates.push_back(rate_at(l));
  } catch (const InputError& e) {
    result.note = e.what();
    return result;
  }
  std::size_t finite = 0;
  std::size_t nonzero = 0;
  std::vector<std::size_t> changes;  // index i: sign differs between grid i and i+1
  int last_sign = 0;
  std::size_t last_index = 0;
  for (std::size_t i = 0; i < rates.size(); ++i) {
    if (!std::isfinite(rates[i])) continue;
    ++finite;
    const int sign = rates[i] > 0 ? 1 : (rates[i] < 0 ? -1 : 0);
    if (sign == 0) continue;
    ++nonzero;
    if (last_sign != 0 && sign != last_sign) changes.push_back(last_index);
    last_sign = sign;
    last_index = i;
  }
  if (finite == 0) {
    result.note = "the rate is not finite anywhere on the search line";
    return result;
  }
  if (nonzero == 0) {
    result.note = "the rate is zero at the reference state (an enzyme or a species is zero)";
    return result;
  }
  if (changes.empty()) {
    result.kind = RateLawKind::irreversible;
    return result;
  }
  if (changes.size() > 1) {
    result.note = "the rate changes sign " + std::to_string(changes.size()) + " times";
    return result;
  }
  // Bisection between the bracketing grid points (skipping zeros and non-finite points).
  double lo = grid[changes[0]];
  std::size_t hi_index = changes[0] + 1;
  while (hi_index < rates.size() && (!std::isfinite(rates[hi_index]) || rates[hi_index] == 0.0))
    ++hi_index;
  double hi = grid[std::min(hi_index, grid.size() - 1)];
  const bool lo_positive = rates[changes[0]] > 0;
  for (int i = 0; i < kBisections; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double v = rate_at(mid);
    if (v == 0.0) {
      lo = hi = mid;
      break;
    }
    if (!std::isfinite(v)) break;
    if ((v > 0) == lo_positive)
      lo = mid;
    else
      hi = mid;
  }
  const double root = 0.5 * (lo + hi);
  SymbolValues at_root = start;
  for (const auto& [species, n] : nu) at_root[species] = start.at(species) * std::exp(n * root);
  double log_k = 0.0;
  for (const auto& [species, n] : nu) {
    if (excluded.contains(species)) continue;
    const auto& info = state.info(species);
    const double c =
        info.amount ? at_root.at(species) / info.size_symbol_free : at_root.at(species);
    log_k += n * std::log(c);
  }
  result.kind = RateLawKind::reversible;
  result.log_constant = log_k;
  return result;
}

}  // namespace

const char* to_string(RateLawKind kind) noexcept {
  switch (kind) {
    case RateLawKind::reversible: return "reversible";
    case RateLawKind::irreversible: return "irreversible";
    case RateLawKind::no_rate_law: return "no_rate_law";
    case RateLawKind::not_evaluable: return "not_evaluable";
  }
  return "unknown";
}

std::vector<RateLawEquilibrium> check_rate_laws(const Model& kinetic,
                                                const ConstraintModel& stoichiometry,
                                                const FormationData& data,
                                                const RateLawCheckOptions& options) {
  validate(options.conditions);
  if (!(options.concentration_unit > 0.0) || !std::isfinite(options.concentration_unit))
    throw InputError("thermo check: the concentration unit must be a positive number of M");
  if (!(options.sigmas >= 0.0) || !(options.search_range > 0.0))
    throw InputError("thermo check: sigmas must be >= 0 and the search range > 0");
  const auto energies = reaction_energies(stoichiometry, data, options.conditions);
  const auto metabolites = metabolite_thermo(stoichiometry, data, options.conditions);
  const double rt_value = rt(options.conditions.temperature);
  const ReferenceState state(kinetic);

  std::vector<RateLawEquilibrium> out;
  out.reserve(kinetic.reactions.size());
  for (const auto& reaction : kinetic.reactions) {
    RateLawEquilibrium row;
    row.reaction_id = reaction.id;
    // Data side first: it is reported even when the rate law cannot be evaluated.
    const auto r = stoichiometry.find_reaction(reaction.id);
    const ReactionEnergy* energy = r ? &energies[*r] : nullptr;
    std::string data_note;
    if (energy == nullptr) {
      data_note = "not in the stoichiometric view";
    } else if (energy->standard) {
      row.data_standard = energy->standard;
      row.uncertainty = energy->uncertainty;
      if (!energy->imbalance.empty()) data_note = "unbalanced, not compared: " + energy->imbalance;
    } else if (energy->boundary) {
      data_note = "boundary reaction";
    } else {
      std::string names;
      for (const auto& m : energy->missing) names += (names.empty() ? "" : ",") + m;
      data_note = "no drG'0 for " + names;
    }

    if (!reaction.rate) {
      row.kind = RateLawKind::no_rate_law;
      row.note = data_note;
      out.push_back(std::move(row));
      continue;
    }
    std::map<std::string, double> nu;
    for (const auto& ref : reaction.reactants) nu[ref.species] -= ref.stoichiometry;
    for (const auto& ref : reaction.products) nu[ref.species] += ref.stoichiometry;
    std::erase_if(nu, [](const auto& kv) { return kv.second == 0.0; });
    // Water and H+ are not in K' (activity 1; pH held): their terms are left out of K.
    std::set<std::string> excluded;
    for (const auto& [species, n] : nu)
      if (const auto m = stoichiometry.find_metabolite(species))
        if (metabolites[*m].is_water || metabolites[*m].is_proton) excluded.insert(species);

    SymbolValues start = state.values();
    bool have_values = !nu.empty();
    double log_sum = 0.0;
    int positive = 0;
    for (const auto& [species, n] : nu) {
      const auto it = start.find(species);
      if (it == start.end()) {
        have_values = false;
        break;
      }
      if (it->second > 0.0 && std::isfinite(it->second)) {
        log_sum += std::log(it->second);
        ++positive;
      }
    }
    if (!have_values) {
      row.note = nu.empty() ? "no net stoichiometry" : "a reactant or product has no value";
      out.push_back(std::move(row));
      continue;
    }
    // A zero reference value would stay zero along the line: take the geometric mean of the
    // reaction's positive values instead (1 model unit when there is none).
    const double fill = positive > 0 ? std::exp(log_sum / positive) : 1.0;
    for (const auto& [species, n] : nu)
      if (!(start[species] > 0.0) || !std::isfinite(start[species])) start[species] = fill;

    const auto first = find_equilibrium(reaction, state, start, nu, excluded, options.search_range);
    row.kind = first.kind;
    std::string note = first.note;
    if (first.kind == RateLawKind::reversible) {
      // The second state must lie off the search line (a step along ν finds the same root):
      // species i is scaled by 3^(1 + i/n), all factors > 1, which no ν with substrates and
      // products is parallel to.
      SymbolValues other = start;
      std::size_t index = 0;
      for (const auto& [species, n] : nu) {
        const double weight = 1.0 + static_cast<double>(index++) / static_cast<double>(nu.size());
        other[species] *= std::pow(kPerturbation, weight);
      }
      for (const auto& symbol : referenced_symbols(*reaction.rate))
        if (!nu.contains(symbol) && state.values().contains(symbol)) {
          if (state.is_species(symbol)) other[symbol] *= kModifierFactor;
        }
      const auto second =
          find_equilibrium(reaction, state, other, nu, excluded, options.search_range);
      row.implied_constant = std::exp(first.log_constant);
      if (second.kind == RateLawKind::reversible) {
        row.other_state_constant = std::exp(second.log_constant);
        row.state_dependent = std::abs(second.log_constant - first.log_constant) >
                              kStateTolerance * std::max(1.0, std::abs(first.log_constant));
      } else {
        row.state_dependent = true;
      }
      double units = 0.0;
      for (const auto& [species, n] : nu)
        if (!excluded.contains(species)) units += n;
      const double log_k_molar = first.log_constant + units * std::log(options.concentration_unit);
      // A state-dependent K has no single ΔrG'°: the two constants are kept, nothing compared.
      if (!row.state_dependent) row.implied_standard = -rt_value * log_k_molar;
      // An unbalanced equation (lumped steps, omitted water) has a meaningless ΔrG'°: it is
      // shown, with the imbalance in the note, but not compared.
      if (row.implied_standard && row.data_standard && energy->comparable()) {
        row.difference = *row.implied_standard - *row.data_standard;
        row.disagrees = std::abs(*row.difference) > options.sigmas * row.uncertainty;
      }
      if (row.state_dependent) {
        std::string text = "K depends on the state (not of Haldane form)";
        if (!note.empty()) text.append("; ").append(note);
        note = std::move(text);
      }
    }
    if (row.kind == RateLawKind::not_evaluable || row.state_dependent) {
      const auto driven = rule_driven_symbols(reaction, state, start, nu);
      if (!driven.empty()) {
        std::string names;
        for (const auto& d : driven) names += (names.empty() ? "" : ",") + d;
        note += (note.empty() ? "" : "; ") + std::string("the law reads ") + names +
                ", which rules compute from the reaction's species";
      }
    }
    if (energy != nullptr && energy->standard && energy->imbalance.empty() && !energy->comparable())
      data_note += (data_note.empty() ? "" : "; ") +
                   std::string(
                       "not compared: H not balanced by H+ (a neutral species such as "
                       "water is left out)");
    if (!data_note.empty()) note += (note.empty() ? "" : "; ") + data_note;
    if (energy != nullptr && !energy->proton_imbalance.empty() && row.data_standard)
      note += (note.empty() ? "" : "; ") + std::string("H+/charge: ") + energy->proton_imbalance;
    row.note = std::move(note);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace ergon::thermo
