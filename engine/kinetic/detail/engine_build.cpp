// Building an Engine: slots, dependency order, compiled programs, initial values, and the
// structure analyses (algebraic variables, Jacobian sparsity).
#include "engine/kinetic/detail/engine.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <unordered_map>

#include "engine/core/error.hpp"

namespace ergon::kinetic::detail {

std::uint32_t Engine::add_slot(const std::string& id, const std::string& what) {
  const auto slot = static_cast<std::uint32_t>(values_.size());
  if (!id.empty()) {
    if (!slots_.emplace(id, slot).second) {
      throw InputError({.element_id = id}, "id used twice (" + what + ")");
    }
  }
  // Hidden slots get names no SBML id can take (SIds have no spaces).
  slot_names_.push_back(id.empty() ? what + " #" + std::to_string(slot) : id);
  values_.push_back(std::numeric_limits<double>::quiet_NaN());
  return slot;
}

std::uint32_t Engine::resolve(const std::string& id) const {
  const auto it = slots_.find(id);
  if (it == slots_.end()) throw InputError({.element_id = id}, "math refers to an unknown id");
  return it->second;
}

Program Engine::compile(const Expression& e, const std::string& owner, bool track) {
  try {
    return compiler_->compile(e, track);
  } catch (const InputError& error) {
    const std::string inner = error.where().element_id;
    throw InputError(
        {.element_id = owner},
        error.reason() + (inner.empty() || inner == owner ? "" : " ('" + inner + "')"));
  }
}

std::vector<std::size_t> Engine::order(const std::vector<Node>& nodes, const char* phase) const {
  std::unordered_map<std::uint32_t, std::size_t> producer;
  for (std::size_t i = 0; i < nodes.size(); ++i) producer[nodes[i].target] = i;
  std::vector<std::vector<std::size_t>> deps(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const auto& id : referenced_symbols(nodes[i].math)) {
      const auto it = slots_.find(id);
      if (it == slots_.end()) continue;  // reported when compiled
      if (auto p = producer.find(it->second); p != producer.end()) deps[i].push_back(p->second);
    }
  }
  std::vector<int> mark(nodes.size(), 0);  // 0 new, 1 on stack, 2 done
  std::vector<std::size_t> out;
  out.reserve(nodes.size());
  // Iterative DFS so deep chains of rules cannot overflow the stack.
  for (std::size_t root = 0; root < nodes.size(); ++root) {
    if (mark[root] != 0) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};
    mark[root] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < deps[node].size()) {
        const std::size_t d = deps[node][next++];
        if (mark[d] == 1) {
          throw InputError({.element_id = nodes[d].owner},
                           std::string("circular dependency among ") + phase + " (involving '" +
                               nodes[node].owner + "')");
        }
        if (mark[d] == 0) {
          mark[d] = 1;
          stack.emplace_back(d, 0);
        }
        continue;
      }
      mark[node] = 2;
      out.push_back(node);
      stack.pop_back();
    }
  }
  return out;
}

Engine::Engine(const Engine& prototype, const SimulationOptions& options) : Engine(prototype) {
  options_ = options;
  random_.seed(options.seed);
  make_compiler();
  hooks_.rates = rates_.data();
  hooks_.overrides = nullptr;
  if (!options.columns.empty() || !prototype.options_.columns.empty()) {
    columns_.clear();
    column_names_.clear();
    build_columns();
  }
}

Engine::~Engine() = default;

// The compiler resolves ids and registers delays in *this* engine (a copy gets its own).
void Engine::make_compiler() {
  compiler_ = std::make_shared<ExpressionCompiler>(
      [this](const std::string& id) { return resolve(id); }, kTimeSlot);
  compiler_->set_delay_registrar([this](const Expression& x) {
    for (std::size_t i = 0; i < delayed_expressions_.size(); ++i) {
      if (to_string(delayed_expressions_[i]) == to_string(x)) return static_cast<std::uint32_t>(i);
    }
    delayed_expressions_.push_back(x);
    return static_cast<std::uint32_t>(delayed_expressions_.size() - 1);
  });
  hooks_.history = &Engine::history_at;
  hooks_.history_self = this;
}

void Engine::build() {
  add_slot("", "time");
  make_compiler();

  for (const auto& c : model_.compartments) add_slot(c.id, "compartment");
  for (const auto& s : model_.species) {
    SpeciesInfo info;
    info.symbol = add_slot(s.id, "species");
    info.amount = add_slot("", "amount of " + s.id);
    info.has_only_substance_units = s.has_only_substance_units;
    species_index_[s.id] = species_.size();
    species_.push_back(info);
  }
  for (const auto& p : model_.parameters) add_slot(p.id, "parameter");
  for (std::size_t r = 0; r < model_.reactions.size(); ++r) {
    const auto& reaction = model_.reactions[r];
    ReactionSlots rs;
    rs.rate = add_slot(reaction.id, "reaction");
    for (const auto& ref : reaction.reactants)
      rs.reactants.push_back(add_slot(ref.id, "stoichiometry"));
    for (const auto& ref : reaction.products)
      rs.products.push_back(add_slot(ref.id, "stoichiometry"));
    reaction_slots_.push_back(std::move(rs));
  }
  std::vector<std::vector<std::uint32_t>> reactant_slots, product_slots;
  std::vector<std::uint32_t> rate_slots;
  for (const auto& rs : reaction_slots_) {
    rate_slots.push_back(rs.rate);
    reactant_slots.push_back(rs.reactants);
    product_slots.push_back(rs.products);
  }
  for (std::size_t i = 0; i < model_.species.size(); ++i) {
    const auto& s = model_.species[i];
    const auto it = slots_.find(s.compartment);
    if (it == slots_.end())
      throw InputError({.element_id = s.id}, "unknown compartment '" + s.compartment + "'");
    species_[i].compartment = it->second;
  }

  // Which rule sets which symbol.
  std::map<std::string, const Rule*> assignment_rule, rate_rule;
  for (const auto& rule : model_.rules) {
    if (rule.kind == RuleKind::algebraic) continue;
    resolve(rule.variable);
    auto& table = rule.kind == RuleKind::assignment ? assignment_rule : rate_rule;
    if (!table.emplace(rule.variable, &rule).second ||
        (assignment_rule.contains(rule.variable) && rate_rule.contains(rule.variable))) {
      throw InputError({.element_id = rule.variable}, "more than one rule sets this variable");
    }
  }
  for (const auto& s : model_.species) {
    auto& info = species_[species_index_[s.id]];
    info.amount_is_primary = !assignment_rule.contains(s.id) && !rate_rule.contains(s.id);
  }
  choose_algebraic_variables(assignment_rule, rate_rule);
  species_of_slot_.assign(values_.size(), -1);
  for (std::size_t i = 0; i < species_.size(); ++i) {
    species_of_slot_[species_[i].symbol] = static_cast<int>(i);
    const auto& s = model_.species[i];
    if (rate_rule.contains(s.id) && !s.has_only_substance_units) {
      rate_rule_species_in_[species_[i].compartment].push_back(species_[i].symbol);
    }
  }
  uses_rate_of_ = false;
  auto note_rate_of = [this](const Expression& e) {
    uses_rate_of_ = uses_rate_of_ || contains(e, Op::rate_of);
  };

  // Values computed from others while integrating, in dependency order.
  std::vector<Node> nodes;
  for (const auto& rule : model_.rules) {
    if (rule.kind != RuleKind::assignment) continue;
    nodes.push_back({.target = resolve(rule.variable), .math = rule.math, .owner = rule.variable});
    note_rate_of(rule.math);
  }
  auto amount_of = [&](const Species& s) {
    return Expression::symbol(slot_names_[species_[species_index_[s.id]].amount]);
  };
  // Hidden slots need names the resolver knows; SBML ids cannot contain spaces.
  for (std::uint32_t slot = 0; slot < slot_names_.size(); ++slot) {
    if (slots_.find(slot_names_[slot]) == slots_.end()) slots_[slot_names_[slot]] = slot;
  }
  for (const auto& s : model_.species) {
    const auto& info = species_[species_index_[s.id]];
    const Expression sym = Expression::symbol(s.id);
    const Expression size = Expression::symbol(s.compartment);
    if (info.amount_is_primary) {
      nodes.push_back({.target = info.symbol,
                       .math = s.has_only_substance_units
                                   ? amount_of(s)
                                   : Expression::call(Op::divide, {amount_of(s), size}),
                       .owner = s.id});
    } else {
      nodes.push_back(
          {.target = info.amount,
           .math = s.has_only_substance_units ? sym : Expression::call(Op::times, {sym, size}),
           .owner = s.id});
    }
  }
  for (std::size_t r = 0; r < model_.reactions.size(); ++r) {
    const auto& reaction = model_.reactions[r];
    auto refs = [&](const std::vector<SpeciesReference>& list,
                    const std::vector<std::uint32_t>& slots) {
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (list[k].stoichiometry_math) {
          nodes.push_back(
              {.target = slots[k], .math = *list[k].stoichiometry_math, .owner = reaction.id});
        }
      }
    };
    refs(reaction.reactants, reactant_slots[r]);
    refs(reaction.products, product_slots[r]);
    nodes.push_back({.target = rate_slots[r],
                     .math = reaction.rate ? *reaction.rate : Expression::number(0.0),
                     .owner = reaction.id});
    if (reaction.rate) note_rate_of(*reaction.rate);
  }
  for (const std::size_t i : order(nodes, "assignment rules")) {
    derived_.push_back(
        {.target = nodes[i].target, .program = compile(nodes[i].math, nodes[i].owner, true)});
    derived_math_.push_back(nodes[i].math);
  }
  for (const auto& rule : model_.rules) {
    if (rule.kind != RuleKind::algebraic) continue;
    algebraic_rules_.push_back(compile(rule.math, "algebraic rule", true));
    note_rate_of(rule.math);
  }

  // ODE variables: rate-rule targets, then species changed by reactions (as amounts).
  for (const auto& rule : model_.rules) {
    if (rule.kind != RuleKind::rate) continue;
    StateVariable v{.id = rule.variable, .slot = resolve(rule.variable), .by_rate_rule = true};
    v.rate_rule = compile(rule.math, rule.variable, true);
    note_rate_of(rule.math);
    states_.push_back(std::move(v));
  }
  for (std::size_t i = 0; i < model_.species.size(); ++i) {
    const auto& s = model_.species[i];
    const auto& info = species_[i];
    if (!info.amount_is_primary || s.constant || s.boundary_condition) continue;
    StateVariable v{.id = s.id, .slot = info.amount};
    bool in_fast = false;
    for (std::size_t r = 0; r < model_.reactions.size(); ++r) {
      const auto& reaction = model_.reactions[r];
      if (reaction.fast) {
        for (const auto* list : {&reaction.reactants, &reaction.products}) {
          for (const auto& ref : *list) in_fast = in_fast || ref.species == s.id;
        }
        continue;
      }
      for (std::size_t k = 0; k < reaction.reactants.size(); ++k) {
        if (reaction.reactants[k].species == s.id)
          v.terms.push_back({reactant_slots[r][k], -1.0, rate_slots[r]});
      }
      for (std::size_t k = 0; k < reaction.products.size(); ++k) {
        if (reaction.products[k].species == s.id)
          v.terms.push_back({product_slots[r][k], 1.0, rate_slots[r]});
      }
    }
    if (v.terms.empty() && !in_fast) continue;
    const std::string& factor =
        s.conversion_factor.empty() ? model_.conversion_factor : s.conversion_factor;
    if (!factor.empty()) v.conversion = resolve(factor);
    v.symbol_slot = info.symbol;
    v.compartment_slot = info.compartment;
    v.concentration_symbol = !s.has_only_substance_units;
    states_.push_back(std::move(v));
  }
  for (std::size_t r = 0; r < model_.reactions.size(); ++r) {
    const auto& reaction = model_.reactions[r];
    if (!reaction.fast) continue;
    FastReaction fast{.rate = rate_slots[r]};
    auto add = [&](const std::vector<SpeciesReference>& list,
                   const std::vector<std::uint32_t>& slots, double sign) {
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto it = species_index_.find(list[k].species);
        if (it == species_index_.end()) continue;
        const auto& s = model_.species[it->second];
        if (!species_[it->second].amount_is_primary || s.constant || s.boundary_condition) continue;
        const std::uint32_t amount = species_[it->second].amount;
        auto pos = std::find(fast_species_.begin(), fast_species_.end(), amount);
        if (pos == fast_species_.end()) pos = fast_species_.insert(fast_species_.end(), amount);
        const std::string& factor =
            s.conversion_factor.empty() ? model_.conversion_factor : s.conversion_factor;
        fast.terms.push_back({.species = static_cast<std::uint32_t>(pos - fast_species_.begin()),
                              .stoichiometry = slots[k],
                              .sign = sign,
                              .conversion = factor.empty() ? kNone : resolve(factor)});
      }
    };
    add(reaction.reactants, reactant_slots[r], -1.0);
    add(reaction.products, product_slots[r], 1.0);
    fast_.push_back(std::move(fast));
  }
  for (const auto& reaction : model_.reactions) {
    for (const auto* list : {&reaction.reactants, &reaction.products}) {
      for (const auto& ref : *list) {
        if (species_index_.find(ref.species) == species_index_.end()) {
          throw InputError({.element_id = reaction.id}, "unknown species '" + ref.species + "'");
        }
      }
    }
  }

  for (const auto& ia : model_.initial_assignments) note_rate_of(ia.math);
  // Events.
  for (std::size_t i = 0; i < model_.events.size(); ++i) {
    const auto& e = model_.events[i];
    CompiledEvent ce;
    ce.name = e.id.empty() ? "event #" + std::to_string(i + 1) : e.id;
    ce.trigger = compile(e.trigger, ce.name, true);
    note_rate_of(e.trigger);
    ce.initial_value = e.initial_value;
    ce.persistent = e.persistent;
    ce.use_values_from_trigger_time = e.use_values_from_trigger_time;
    if (e.delay) ce.delay = compile(*e.delay, ce.name, false);
    if (e.priority) ce.priority = compile(*e.priority, ce.name, false);
    for (const auto& a : e.assignments) {
      const std::uint32_t target = resolve(a.variable);
      if (assignment_rule.contains(a.variable)) {
        throw InputError({.element_id = ce.name},
                         "event assigns '" + a.variable + "', which an assignment rule sets");
      }
      ce.assignments.push_back({.target = target, .program = compile(a.math, ce.name, false)});
      note_rate_of(a.math);
    }
    events_.push_back(std::move(ce));
  }

  for (std::size_t i = 0; i < delayed_expressions_.size(); ++i) {
    const Expression x = delayed_expressions_[i];  // compiling may register nested delays
    delayed_.push_back(compile(x, "delay()", false));
  }
  history_.resize(delayed_.size());
  // Steps must not outrun the shortest constant delay, or the history would be extrapolated.
  std::function<void(const Expression&)> find_delays = [&](const Expression& e) {
    if (e.op == Op::delay && e.args.size() == 2) {
      if (e.args[1].op == Op::number && e.args[1].value > 0) {
        smallest_delay_ = std::min(smallest_delay_, e.args[1].value);
      } else if (e.args[1].op == Op::symbol) {
        for (const auto& p : model_.parameters) {
          if (p.id == e.args[1].name && p.constant && p.value > 0)
            smallest_delay_ = std::min(smallest_delay_, p.value);
        }
      }
    }
    for (const auto& a : e.args) find_delays(a);
  };
  for (const auto& rule : model_.rules) find_delays(rule.math);
  for (const auto& reaction : model_.reactions) {
    if (reaction.rate) find_delays(*reaction.rate);
  }
  for (const auto& e : model_.events) {
    find_delays(e.trigger);
    for (const auto& a : e.assignments) find_delays(a.math);
  }

  // Sign changes of every relation met so far: event triggers and discontinuities of the RHS.
  root_ops_ = compiler_->relation_ops();
  for (const auto& difference : compiler_->relations())
    roots_.push_back(compile(difference, "relation", false));
  overrides_.assign(roots_.size(), 0);

  for (std::size_t i = 0; i < model_.constraints.size(); ++i) {
    constraints_.push_back(
        compile(model_.constraints[i].math, "constraint #" + std::to_string(i + 1), false));
  }
  constraint_reported_.assign(constraints_.size(), 0);

  sparsity_known_ = build_sparsity();
  build_jacobian();
  derived_math_.clear();  // trees are not needed to run (and would be copied every run)
  derived_math_.shrink_to_fit();
  rates_.assign(values_.size(), 0.0);
  hooks_.rates = rates_.data();
  // rateOf of derived values (assignment rules, algebraic variables) needs a difference.
  std::vector<char> is_state(values_.size(), 0);
  for (const auto& v : states_) {
    is_state[v.slot] = 1;
    if (v.symbol_slot != kNone) is_state[v.symbol_slot] = 1;  // exact from the amount's rate
  }
  auto scan = [&](const Program& p) {
    for (const auto& ins : p.code) {
      if (ins.code == Code::rate_of && is_state[ins.a] == 0 &&
          std::find(rate_of_derived_slots_.begin(), rate_of_derived_slots_.end(), ins.a) ==
              rate_of_derived_slots_.end()) {
        rate_of_derived_slots_.push_back(ins.a);
      }
    }
  };
  for (const auto& d : derived_) scan(d.program);
  for (const auto& p : algebraic_rules_) scan(p);
  for (const auto& v : states_) scan(v.rate_rule);
  for (const auto& e : events_) {
    scan(e.trigger);
    for (const auto& a : e.assignments) scan(a.program);
    if (e.delay) scan(*e.delay);
    if (e.priority) scan(*e.priority);
  }
  for (const auto& p : delayed_) scan(p);
  for (const auto& p : roots_) scan(p);
  rate_of_derived_ = !rate_of_derived_slots_.empty();
  run_derived();  // fuses derived_ into one program now, not in every run
}

// The derived values output rows and constraints read, as one program: at an output point
// between events only those are computed (reaction rates, say, need not be).
void Engine::build_output_program() {
  std::vector<char> needed(values_.size(), 0);
  for (const auto& c : columns_) {
    needed[c.slot] = 1;
    if (c.divisor != kNone) needed[c.divisor] = 1;
  }
  for (const auto& p : constraints_) {
    for (const auto& i : p.code) {
      if (i.code == Code::load) needed[i.a] = 1;
    }
  }
  std::vector<char> take(derived_.size(), 0);
  for (std::size_t k = derived_.size(); k-- > 0;) {
    if (needed[derived_[k].target] == 0) continue;
    take[k] = 1;
    for (const auto& i : derived_[k].program.code) {
      if (i.code == Code::load) needed[i.a] = 1;
    }
  }
  output_program_ = Program{};
  for (std::size_t k = 0; k < derived_.size(); ++k) {
    if (take[k] != 0) output_program_.append_assignment(derived_[k].program, derived_[k].target);
  }
}

// Output columns: options_.columns, or every species, then non-constant compartments and
// parameters.
void Engine::build_columns() {
  if (options_.columns.empty()) {  // everything that can change: species, then variables
    for (const auto& s : model_.species) {
      columns_.push_back({.slot = species_[species_index_[s.id]].symbol});
      column_names_.push_back(s.id);
    }
    for (const auto& c : model_.compartments) {
      if (c.constant) continue;
      columns_.push_back({.slot = resolve(c.id)});
      column_names_.push_back(c.id);
    }
    for (const auto& p : model_.parameters) {
      if (p.constant) continue;
      columns_.push_back({.slot = resolve(p.id)});
      column_names_.push_back(p.id);
    }
  }
  for (const auto& c : options_.columns) {
    const auto it = slots_.find(c.id);
    if (it == slots_.end() || c.id.find(' ') != std::string::npos) {
      throw InputError({.element_id = c.id}, "requested output is not an id of the model");
    }
    Column col{.slot = it->second};
    if (auto s = species_index_.find(c.id); s != species_index_.end()) {
      const auto& info = species_[s->second];
      if (c.quantity == Quantity::amount) col = {.slot = info.amount};
      if (c.quantity == Quantity::concentration)
        col = {.slot = info.amount, .divisor = info.compartment};
    }
    columns_.push_back(col);
    column_names_.push_back(c.id);
  }
  build_output_program();
}

void Engine::initialise() {
  std::fill(values_.begin(), values_.end(), std::numeric_limits<double>::quiet_NaN());
  values_[kTimeSlot] = options_.start;
  for (const auto& c : model_.compartments) values_[resolve(c.id)] = c.size;
  for (const auto& p : model_.parameters) values_[resolve(p.id)] = p.value;
  // Effective initial amount / concentration of each species, after the overrides.
  std::vector<std::pair<double, double>> species_initial;
  species_initial.reserve(model_.species.size());
  for (const auto& s : model_.species)
    species_initial.emplace_back(s.initial_amount, s.initial_concentration);
  bool species_overridden = false;
  const std::size_t first_parameter = 1 + model_.compartments.size() + 2 * model_.species.size();
  for (const auto& [id, value] : options_.initial_values) {
    const auto it = id.find(' ') == std::string::npos ? slots_.find(id) : slots_.end();
    const std::uint32_t slot = it == slots_.end() ? kNone : it->second;
    if (const auto s = species_index_.find(id); s != species_index_.end()) {
      species_overridden = true;
      species_initial[s->second] = model_.species[s->second].has_only_substance_units
                                       ? std::pair{value, kUnset}
                                       : std::pair{kUnset, value};
    } else if (slot != kNone && slot >= 1 &&
               (slot <= model_.compartments.size() ||
                (slot >= first_parameter && slot < first_parameter + model_.parameters.size()))) {
      values_[slot] = value;
    } else {
      throw InputError({.element_id = id},
                       "--set names no compartment, species or parameter of the model");
    }
  }
  const bool compile_programs = init_programs_.empty() || species_overridden || init_changed_;
  init_changed_ = species_overridden;

  std::map<std::string, const Expression*> initial;  // id -> initial assignment or assignment rule
  for (const auto& rule : model_.rules) {
    if (rule.kind == RuleKind::assignment) initial[rule.variable] = &rule.math;
  }
  for (const auto& ia : model_.initial_assignments) {
    resolve(ia.symbol);
    if (initial.contains(ia.symbol)) {
      throw InputError({.element_id = ia.symbol},
                       "both an initial assignment and an assignment rule set it");
    }
    initial[ia.symbol] = &ia.math;
  }

  std::vector<Node> nodes;
  // Nodes are only needed when the programs are (re)compiled: no tree copies per run.
  auto add_node = [&](auto&& make) {
    if (compile_programs) nodes.push_back(make());
  };
  for (const auto& [id, math] : initial)
    add_node([&] { return Node{.target = resolve(id), .math = *math, .owner = id}; });
  for (std::size_t i = 0; i < model_.species.size(); ++i) {
    const auto& s = model_.species[i];
    const auto [initial_amount, initial_concentration] = species_initial[i];
    const auto& info = species_[species_index_[s.id]];
    auto sym = [&] { return Expression::symbol(s.id); };
    auto size = [&] { return Expression::symbol(s.compartment); };
    auto amount = [&] { return Expression::symbol(slot_names_[info.amount]); };
    if (initial.contains(s.id)) {
      add_node([&] {
        return Node{.target = info.amount,
                    .math = s.has_only_substance_units
                                ? sym()
                                : Expression::call(Op::times, {sym(), size()}),
                    .owner = s.id};
      });
    } else if (!std::isnan(initial_concentration)) {
      if (s.has_only_substance_units) {
        add_node([&] {
          return Node{.target = info.amount,
                      .math = Expression::call(Op::times,
                                               {Expression::number(initial_concentration), size()}),
                      .owner = s.id};
        });
        add_node([&] { return Node{.target = info.symbol, .math = amount(), .owner = s.id}; });
      } else {
        values_[info.symbol] = initial_concentration;
        add_node([&] {
          return Node{.target = info.amount,
                      .math = Expression::call(Op::times, {sym(), size()}),
                      .owner = s.id};
        });
      }
    } else {
      values_[info.amount] = initial_amount;
      add_node([&] {
        return Node{.target = info.symbol,
                    .math = s.has_only_substance_units
                                ? amount()
                                : Expression::call(Op::divide, {amount(), size()}),
                    .owner = s.id};
      });
    }
  }
  for (std::size_t r = 0; r < model_.reactions.size(); ++r) {
    const auto& reaction = model_.reactions[r];
    const auto& slots = reaction_slots_[r];
    auto refs = [&](const std::vector<SpeciesReference>& list,
                    const std::vector<std::uint32_t>& ref_slots) {
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (!list[k].id.empty() && initial.contains(list[k].id)) continue;
        if (list[k].stoichiometry_math) {
          add_node([&] {
            return Node{.target = ref_slots[k],
                        .math = *list[k].stoichiometry_math,
                        .owner = slot_names_[slots.rate]};
          });
        } else {
          values_[ref_slots[k]] = list[k].stoichiometry;
        }
      }
    };
    refs(reaction.reactants, slots.reactants);
    refs(reaction.products, slots.products);
    add_node([&] {
      return Node{.target = slots.rate,
                  .math = reaction.rate ? *reaction.rate : Expression::number(0.0),
                  .owner = slot_names_[slots.rate]};
    });
  }
  // L3 stoichiometries left unset and never assigned default to 1 only in the sense that they
  // are invalid; keep NaN so the problem shows.
  init_presets_ = values_;
  if (compile_programs) {
    init_programs_.clear();
    for (const std::size_t i : order(nodes, "initial assignments and rules")) {
      init_programs_.push_back(
          {.target = nodes[i].target, .program = compile(nodes[i].math, nodes[i].owner, false)});
    }
  }
  for (const auto& d : init_programs_)
    values_[d.target] = d.program.evaluate(values_.data(), &hooks_);
  if (uses_rate_of_) {  // initial assignments reading rateOf: again, with the initial rates
    scratch_.resize(std::max<std::size_t>(states_.size(), 1));
    update_rates(scratch_.data());
    for (const auto& d : init_programs_)
      values_[d.target] = d.program.evaluate(values_.data(), &hooks_);
  }
  if (!algebraic_slots_.empty() || !fast_.empty()) solve_algebraic();
}

// Which variable each algebraic rule determines: the non-constant symbols it mentions that
// nothing else sets, matched one to one with the rules (bipartite matching).
void Engine::choose_algebraic_variables(const std::map<std::string, const Rule*>& assignment_rule,
                                        const std::map<std::string, const Rule*>& rate_rule) {
  std::vector<const Rule*> rules;
  for (const auto& rule : model_.rules) {
    if (rule.kind == RuleKind::algebraic) rules.push_back(&rule);
  }
  if (rules.empty()) return;
  std::map<std::string, bool> settable;
  for (const auto& c : model_.compartments) settable[c.id] = !c.constant;
  for (const auto& p : model_.parameters) settable[p.id] = !p.constant;
  std::map<std::string, bool> in_reactions;
  for (const auto& r : model_.reactions) {
    for (const auto* list : {&r.reactants, &r.products}) {
      for (const auto& ref : *list) {
        in_reactions[ref.species] = true;
        if (!ref.id.empty()) settable[ref.id] = !ref.constant;
      }
    }
  }
  for (const auto& s : model_.species) {
    settable[s.id] = !s.constant && (s.boundary_condition || !in_reactions[s.id]);
  }
  // Prefer variables nothing else changes: not event targets, then species that are not on
  // the boundary (a parameter or a boundary species is usually the given side of the
  // constraint; in L1, which has no 'constant', every parameter is a candidate).
  std::map<std::string, int> rank;
  for (const auto& p : model_.parameters) rank[p.id] = 1;
  for (const auto& c : model_.compartments) rank[c.id] = 1;
  for (const auto& e : model_.events) {
    for (const auto& a : e.assignments) rank[a.variable] = 2;
  }
  for (const auto& s : model_.species) {
    if (s.boundary_condition) rank[s.id] = std::max(rank[s.id], 1);
  }
  std::vector<std::vector<std::string>> options(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (const auto& id : referenced_symbols(rules[i]->math)) {
      if (settable[id] && !assignment_rule.contains(id) && !rate_rule.contains(id))
        options[i].push_back(id);
    }
    std::stable_sort(
        options[i].begin(), options[i].end(),
        [&rank](const std::string& a, const std::string& b) { return rank[a] < rank[b]; });
  }
  std::map<std::string, std::size_t> owner;  // variable -> rule
  std::function<bool(std::size_t, std::map<std::string, bool>&)> augment =
      [&](std::size_t i, std::map<std::string, bool>& seen) {
        for (const auto& id : options[i]) {
          if (seen[id]) continue;
          seen[id] = true;
          const auto it = owner.find(id);
          if (it == owner.end() || augment(it->second, seen)) {
            owner[id] = i;
            return true;
          }
        }
        return false;
      };
  for (std::size_t i = 0; i < rules.size(); ++i) {
    std::map<std::string, bool> seen;
    if (!augment(i, seen)) {
      throw InputError(
          {.element_id = "algebraic rule"},
          "cannot tell which variable '0 = " + to_string(rules[i]->math) +
              "' determines (over-determined model, or it constrains reaction-driven species)");
    }
  }
  algebraic_slots_.assign(rules.size(), kNone);
  for (const auto& [id, i] : owner) {
    algebraic_slots_[i] = resolve(id);
    if (auto s = species_index_.find(id); s != species_index_.end())
      species_[s->second].amount_is_primary = false;
  }
}

// Which ODE variables each derivative reads, through the derived values (assignment rules,
// concentrations, rates) it uses. False when the structure is not static (algebraic rules,
// fast reactions, rateOf, delay): those stay dense.
bool Engine::build_sparsity() {
  if (!algebraic_slots_.empty() || !fast_.empty() || uses_rate_of_ || !delayed_.empty())
    return false;
  const std::size_t n = states_.size();
  std::vector<int> state_of_slot(values_.size(), -1);
  for (std::size_t i = 0; i < n; ++i) state_of_slot[states_[i].slot] = static_cast<int>(i);
  std::vector<std::vector<std::size_t>> reads(values_.size());  // slot -> states it depends on
  auto merge = [](std::vector<std::size_t>& into, const std::vector<std::size_t>& from) {
    into.insert(into.end(), from.begin(), from.end());
    std::sort(into.begin(), into.end());
    into.erase(std::unique(into.begin(), into.end()), into.end());
  };
  auto program_reads = [&](const Program& p) {
    std::vector<std::size_t> out;
    for (const auto& ins : p.code) {
      if (ins.code != Code::load) continue;
      if (state_of_slot[ins.a] >= 0) out.push_back(static_cast<std::size_t>(state_of_slot[ins.a]));
      merge(out, reads[ins.a]);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  for (const auto& d : derived_) reads[d.target] = program_reads(d.program);
  std::vector<std::vector<std::size_t>> columns(
      n);  // column j -> rows i with d ydot_i / d y_j != 0
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::size_t> row{i};  // the diagonal always: KLU factors I - gamma J
    const auto& v = states_[i];
    if (v.by_rate_rule) {
      merge(row, program_reads(v.rate_rule));
    } else {
      for (const auto& term : v.terms) {
        for (const auto slot : {term.stoichiometry, term.rate}) {
          if (state_of_slot[slot] >= 0)
            row.push_back(static_cast<std::size_t>(state_of_slot[slot]));
          merge(row, reads[slot]);
        }
      }
      if (v.conversion != kNone) merge(row, reads[v.conversion]);
    }
    for (const auto j : row) columns[j].push_back(i);
  }
  column_starts_.assign(n + 1, 0);
  row_indices_.clear();
  for (std::size_t j = 0; j < n; ++j) {
    std::sort(columns[j].begin(), columns[j].end());
    columns[j].erase(std::unique(columns[j].begin(), columns[j].end()), columns[j].end());
    for (const auto i : columns[j]) row_indices_.push_back(static_cast<sunindextype>(i));
    column_starts_[j + 1] = static_cast<sunindextype>(row_indices_.size());
  }
  // Greedy colouring: a column joins the first group none of whose columns shares a row.
  std::vector<std::vector<std::size_t>> row_columns(n);
  for (std::size_t j = 0; j < n; ++j) {
    for (const auto i : columns[j]) row_columns[i].push_back(j);
  }
  std::vector<int> colour(n, -1);
  colour_groups_.clear();
  std::vector<char> taken;
  for (std::size_t j = 0; j < n; ++j) {
    taken.assign(colour_groups_.size() + 1, 0);
    for (const auto i : columns[j]) {
      for (const auto other : row_columns[i]) {
        if (colour[other] >= 0) taken[static_cast<std::size_t>(colour[other])] = 1;
      }
    }
    std::size_t c = 0;
    while (taken[c] != 0) ++c;
    colour[j] = static_cast<int>(c);
    if (c == colour_groups_.size()) colour_groups_.emplace_back();
    colour_groups_[c].push_back(j);
  }
  return true;
}

}  // namespace ergon::kinetic::detail
