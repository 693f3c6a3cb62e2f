#include "engine/kinetic/inhibition.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "engine/core/error.hpp"

namespace ergon::kinetic {
namespace {

using Substitution = std::function<Expression(const std::string&)>;

// Rewrites expressions of one model with a substitution for the substrates, inlining any
// assignment-rule variable whose value depends on a substrate (rules are acyclic in valid SBML;
// a cycle is reported, not followed forever).
class Rewriter {
 public:
  Rewriter(const Model& model, const std::set<std::string>& substrates, Substitution substitute)
      : substrates_(substrates), substitute_(std::move(substitute)) {
    for (const auto& rule : model.rules) {
      if (rule.kind == RuleKind::assignment) rules_.emplace(rule.variable, &rule.math);
    }
  }

  [[nodiscard]] bool depends(const std::string& id) {
    if (substrates_.contains(id)) return true;
    const auto rule = rules_.find(id);
    if (rule == rules_.end()) return false;
    if (const auto known = depends_.find(id); known != depends_.end()) return known->second;
    if (!visiting_.insert(id).second)
      throw InputError({.element_id = id}, "assignment rules form a cycle through this id");
    bool result = false;
    for (const auto& symbol : referenced_symbols(*rule->second)) result = result || depends(symbol);
    visiting_.erase(id);
    depends_[id] = result;
    return result;
  }

  [[nodiscard]] Expression rewrite(const Expression& e) {
    if (e.op == Op::symbol) {
      if (substrates_.contains(e.name)) return substitute_(e.name);
      if (rules_.contains(e.name) && depends(e.name)) return rewrite(*rules_.at(e.name));
      return e;
    }
    if (e.op == Op::rate_of) return e;  // its argument names a variable; it is not a value
    Expression out = e;
    for (auto& arg : out.args) arg = rewrite(arg);
    return out;
  }

 private:
  const std::set<std::string>& substrates_;
  Substitution substitute_;
  std::map<std::string, const Expression*> rules_;
  std::map<std::string, bool> depends_;
  std::set<std::string> visiting_;
};

bool is_compartment(const Model& model, const std::string& id) {
  return std::any_of(model.compartments.begin(), model.compartments.end(),
                     [&](const Compartment& c) { return c.id == id; });
}

// The assignment rule holding the reaction's rate, when the law is `X` or a product of X with
// numbers and compartment ids and no other reaction's law reads X; else nullptr.
Rule* rate_rule(Model& model, const Reaction& reaction) {
  const Expression& law = *reaction.rate;
  const Expression* carrier = nullptr;
  if (law.op == Op::symbol) {
    carrier = &law;
  } else if (law.op == Op::times) {
    for (const auto& factor : law.args) {
      if (factor.op == Op::number) continue;
      if (factor.op == Op::symbol && is_compartment(model, factor.name)) continue;
      if (factor.op != Op::symbol || carrier != nullptr) return nullptr;
      carrier = &factor;
    }
  }
  if (carrier == nullptr) return nullptr;
  const auto rule = std::find_if(model.rules.begin(), model.rules.end(), [&](const Rule& r) {
    return r.kind == RuleKind::assignment && r.variable == carrier->name;
  });
  if (rule == model.rules.end()) return nullptr;
  for (const auto& other : model.reactions) {
    if (other.id == reaction.id || !other.rate) continue;
    const auto read = referenced_symbols(*other.rate);
    if (std::find(read.begin(), read.end(), carrier->name) != read.end()) return nullptr;
  }
  return &*rule;
}

// Whether `expression` reads `id`, directly or through assignment rules.
bool reads(const Model& model, const Expression& expression, const std::string& id) {
  const std::set<std::string> one{id};
  Rewriter rewriter(model, one, [](const std::string& s) { return Expression::symbol(s); });
  const auto symbols = referenced_symbols(expression);
  return std::any_of(symbols.begin(), symbols.end(),
                     [&](const std::string& symbol) { return rewriter.depends(symbol); });
}

bool is_species_or_parameter(const Model& model, const std::string& id) {
  return std::any_of(model.species.begin(), model.species.end(),
                     [&](const Species& s) { return s.id == id; }) ||
         std::any_of(model.parameters.begin(), model.parameters.end(),
                     [&](const Parameter& p) { return p.id == id; });
}

}  // namespace

const char* to_string(InhibitionType type) noexcept {
  switch (type) {
    case InhibitionType::competitive: return "competitive";
    case InhibitionType::noncompetitive: return "noncompetitive";
    case InhibitionType::uncompetitive: return "uncompetitive";
  }
  return "?";
}

InhibitionType parse_inhibition_type(std::string_view text) {
  if (text == "competitive") return InhibitionType::competitive;
  if (text == "noncompetitive" || text == "non-competitive") return InhibitionType::noncompetitive;
  if (text == "uncompetitive") return InhibitionType::uncompetitive;
  throw InputError("unknown inhibition type '" + std::string(text) +
                   "' (competitive, noncompetitive or uncompetitive)");
}

Model inhibit(const Model& model, std::string_view reaction_id, const Inhibition& inhibition) {
  const std::string id(reaction_id);
  const auto found = std::find_if(model.reactions.begin(), model.reactions.end(),
                                  [&](const Reaction& r) { return r.id == id; });
  if (found == model.reactions.end())
    throw InputError({.element_id = id}, "no reaction with this id to inhibit");
  if (!found->rate) throw InputError({.element_id = id}, "reaction has no kinetic law to inhibit");
  const double i = inhibition.inhibitor_concentration;
  const double ki = inhibition.ki;
  if (!(std::isfinite(i) && i >= 0.0)) {
    throw InputError({.element_id = id},
                     "inhibitor concentration must be finite and >= 0, got " + std::to_string(i));
  }
  if (!(std::isfinite(ki) && ki > 0.0))
    throw InputError({.element_id = id}, "Ki must be finite and > 0, got " + std::to_string(ki));

  Model out = model;
  auto& reaction = *std::find_if(out.reactions.begin(), out.reactions.end(),
                                 [&](const Reaction& r) { return r.id == id; });
  Rule* rule = rate_rule(out, reaction);
  Expression& target = rule != nullptr ? rule->math : *reaction.rate;

  std::set<std::string> substrates;
  if (inhibition.type != InhibitionType::noncompetitive) {
    if (inhibition.substrates.empty()) {
      for (const auto& ref : reaction.reactants) substrates.insert(ref.species);
    } else {
      for (const auto& s : inhibition.substrates) {
        if (!is_species_or_parameter(model, s)) {
          throw InputError({.element_id = s}, "substrate of reaction '" + id +
                                                  "' is not a species or parameter of the model");
        }
        substrates.insert(s);
      }
    }
    // A substrate absent from the rate law would leave the inhibition silently void: a default
    // reactant that the law does not read is dropped (ATP in a law of ADP only), a named one is
    // an error.
    std::erase_if(substrates, [&](const std::string& s) {
      const bool read = reads(model, target, s);
      if (!read && !inhibition.substrates.empty()) {
        throw InputError({.element_id = id},
                         "substrate '" + s + "' does not appear in the reaction's rate law");
      }
      return !read;
    });
    if (substrates.empty()) {
      throw InputError(
          {.element_id = id},
          std::string("no reactant appears in the rate law; name the substrates for ") +
              to_string(inhibition.type) + " inhibition");
    }
  }
  if (i == 0.0) return out;

  const double alpha = 1.0 + i / ki;
  const auto number = Expression::number(alpha);
  switch (inhibition.type) {
    case InhibitionType::noncompetitive:
      target = Expression::call(Op::divide, {target, number});
      break;
    case InhibitionType::competitive: {
      Rewriter rewriter(model, substrates, [&](const std::string& s) {
        return Expression::call(Op::divide, {Expression::symbol(s), number});
      });
      target = rewriter.rewrite(target);
      break;
    }
    case InhibitionType::uncompetitive: {
      Rewriter rewriter(model, substrates, [&](const std::string& s) {
        return Expression::call(Op::times, {number, Expression::symbol(s)});
      });
      target = Expression::call(Op::divide, {rewriter.rewrite(target), number});
      break;
    }
  }
  return out;
}

}  // namespace ergon::kinetic
