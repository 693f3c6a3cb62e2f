#include "engine/kinetic/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/kinetic/detail/sundials_handles.hpp"
#include "engine/kinetic/expression_compiler.hpp"
#include "engine/kinetic/program.hpp"

namespace ergon::kinetic {

const char* to_string(SimulationStatus status) noexcept {
  switch (status) {
    case SimulationStatus::success: return "success";
    case SimulationStatus::too_much_work: return "too much work";
    case SimulationStatus::solver_failure: return "solver failure";
    case SimulationStatus::time_budget: return "time budget exceeded";
    case SimulationStatus::event_cascade: return "event cascade";
  }
  return "unknown";
}

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kTimeSlot = 0;

bool truth(double x) { return x != 0.0; }

/// A value computed from others: an assignment rule, a species' concentration from its
/// amount (or the reverse), a stoichiometryMath, a reaction rate, or an initial assignment.
struct Node {
  std::uint32_t target = kNone;
  Expression math;
  std::string owner;
};

struct Compiled {
  std::uint32_t target = kNone;
  Program program;
};

struct SpeciesTerm {
  std::uint32_t stoichiometry = kNone;
  double sign = 1.0;
  std::uint32_t rate = kNone;
};

/// One ODE variable: its slot, and either a rate rule or the reactions changing it.
struct StateVariable {
  std::string id;
  std::uint32_t slot = kNone;
  bool by_rate_rule = false;
  Program rate_rule;
  std::vector<SpeciesTerm> terms;
  std::uint32_t conversion = kNone;
  // For rateOf(species) when the state is an amount: the symbol's slot and compartment.
  std::uint32_t symbol_slot = kNone;
  std::uint32_t compartment_slot = kNone;
  bool concentration_symbol = false;
};

struct SpeciesInfo {
  std::uint32_t symbol = kNone;
  std::uint32_t amount = kNone;
  std::uint32_t compartment = kNone;
  bool has_only_substance_units = false;
  bool amount_is_primary = true;  ///< false when a rule sets the species' symbol
};

struct CompiledEvent {
  std::string name;
  Program trigger;
  bool initial_value = true;
  bool persistent = true;
  bool use_values_from_trigger_time = true;
  std::optional<Program> delay;
  std::optional<Program> priority;
  std::vector<Compiled> assignments;
};

struct Pending {
  std::size_t event = 0;
  double time = 0.0;
  bool has_values = false;
  std::vector<double> values;
  std::uint64_t serial = 0;
};

struct ReactionSlots {
  std::uint32_t rate = kNone;
  std::vector<std::uint32_t> reactants;
  std::vector<std::uint32_t> products;
};

struct Column {
  std::uint32_t slot = kNone;
  std::uint32_t divisor = kNone;
  std::uint32_t multiplier = kNone;
};

class Engine {
 public:
  Engine(const Model& model, const SimulationOptions& options) : model_(model), options_(options) {
    build();
  }
  Trajectory run();

 private:
  // --- building ---
  void build();
  std::uint32_t add_slot(const std::string& id, const std::string& what);
  void choose_algebraic_variables(const std::map<std::string, const Rule*>& assignment_rule,
                                  const std::map<std::string, const Rule*>& rate_rule);
  void run_derived();
  void record_history(double t);
  static double history_at(const void* self, std::uint32_t id, double t);
  double value_before_start(std::uint32_t id, double t);
  std::vector<double> initial_values_;  ///< values at the start, before events there
  std::vector<double> init_presets_;     ///< values before initial assignments ran
  std::vector<Compiled> init_programs_;  ///< initial assignments and rules, in order
  bool in_past_ = false;
  void solve_algebraic();
  std::uint32_t resolve(const std::string& id) const;
  Program compile(const Expression& e, const std::string& owner, bool track);
  std::vector<std::size_t> order(const std::vector<Node>& nodes, const char* phase) const;
  void initialise();

  // --- running ---
  void derive();
  void compute_rates(double* ydot);
  void evaluate_rhs(double t, const double* y, double* ydot);
  void load_state(double t, const double* y);
  void store_state(double* y) const;
  bool process_events(double t);
  void schedule(std::size_t e, double t);
  void execute(const Pending& p);
  void record(Trajectory& out, double t);

  static int rhs_callback(double t, N_Vector y, N_Vector ydot, void* self);
  static int jacobian_callback(double t, N_Vector y, N_Vector fy, SUNMatrix jac, void* self, N_Vector tmp1,
                               N_Vector tmp2, N_Vector tmp3);
  bool build_sparsity();
  static int root_callback(double t, N_Vector y, double* gout, void* self);
  static void error_callback(int code, const char* module, const char* function, char* msg, void* self);

  const Model& model_;
  const SimulationOptions& options_;

  std::unordered_map<std::string, std::uint32_t> slots_;
  std::vector<std::string> slot_names_;
  std::vector<double> values_;
  std::vector<double> rates_;
  std::vector<Compiled> derived_;
  std::vector<std::uint32_t> algebraic_slots_;  ///< unknowns the algebraic rules determine
  std::vector<Program> algebraic_rules_;        ///< residuals, 0 = rule
  struct FastTerm {
    std::uint32_t species = 0;  ///< index into fast_species_
    std::uint32_t stoichiometry = kNone;
    double sign = 1.0;
    std::uint32_t conversion = kNone;
  };
  struct FastReaction {
    std::uint32_t rate = kNone;
    std::vector<FastTerm> terms;
  };
  std::vector<FastReaction> fast_;           ///< reactions at instant equilibrium
  std::vector<std::uint32_t> fast_species_;  ///< amount slots the fast reactions move
  std::vector<double> raw_amounts_;
  // delay(x, d): each distinct x is compiled and its value kept at every accepted step.
  std::vector<Expression> delayed_expressions_;
  std::vector<Program> delayed_;
  std::vector<std::vector<std::pair<double, double>>> history_;
  double smallest_delay_ = std::numeric_limits<double>::infinity();
  std::vector<StateVariable> states_;
  std::vector<SpeciesInfo> species_;
  std::vector<int> species_of_slot_;  ///< slot -> species index, -1 for other slots
  /// compartment slot -> symbol slots of its species integrated as concentrations
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> rate_rule_species_in_;
  std::mt19937_64 random_{20260101};
  std::unordered_map<std::string, std::size_t> species_index_;
  std::vector<CompiledEvent> events_;
  std::vector<Program> roots_;
  std::vector<Op> root_ops_;
  std::vector<std::int8_t> overrides_;
  std::vector<Column> columns_;
  std::vector<ReactionSlots> reaction_slots_;
  std::vector<std::string> column_names_;
  std::unique_ptr<ExpressionCompiler> compiler_;
  bool uses_rate_of_ = false;
  EvalHooks hooks_;

  std::vector<char> trigger_state_;
  std::vector<Pending> pending_;
  std::uint64_t serial_ = 0;
  long events_executed_ = 0;
  long rhs_evaluations_ = 0;
  std::vector<double> scratch_;
  // Sparse Jacobian: pattern in compressed columns, and column groups sharing no row
  // (Curtis-Powell-Reid), so one RHS evaluation gives a whole group's columns.
  std::vector<sunindextype> column_starts_;
  std::vector<sunindextype> row_indices_;
  std::vector<std::vector<std::size_t>> colour_groups_;
  std::vector<double> abstol_;

  std::string solver_message_;
  std::string bad_element_;
  bool budget_exceeded_ = false;
  std::chrono::steady_clock::time_point started_;
};

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
    throw InputError({.element_id = owner},
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

void Engine::build() {
  add_slot("", "time");
  compiler_ = std::make_unique<ExpressionCompiler>([this](const std::string& id) { return resolve(id); }, kTimeSlot);
  compiler_->set_delay_registrar([this](const Expression& x) {
    for (std::size_t i = 0; i < delayed_expressions_.size(); ++i) {
      if (to_string(delayed_expressions_[i]) == to_string(x)) return static_cast<std::uint32_t>(i);
    }
    delayed_expressions_.push_back(x);
    return static_cast<std::uint32_t>(delayed_expressions_.size() - 1);
  });
  hooks_.history = &Engine::history_at;
  hooks_.history_self = this;

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
    for (const auto& ref : reaction.reactants) rs.reactants.push_back(add_slot(ref.id, "stoichiometry"));
    for (const auto& ref : reaction.products) rs.products.push_back(add_slot(ref.id, "stoichiometry"));
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
    if (it == slots_.end()) throw InputError({.element_id = s.id}, "unknown compartment '" + s.compartment + "'");
    species_[i].compartment = it->second;
  }

  // Which rule sets which symbol.
  std::map<std::string, const Rule*> assignment_rule, rate_rule;
  for (const auto& rule : model_.rules) {
    if (rule.kind == RuleKind::algebraic) continue;
    resolve(rule.variable);
    auto& table = rule.kind == RuleKind::assignment ? assignment_rule : rate_rule;
    if (!table.emplace(rule.variable, &rule).second || (assignment_rule.count(rule.variable) && rate_rule.count(rule.variable))) {
      throw InputError({.element_id = rule.variable}, "more than one rule sets this variable");
    }
  }
  for (const auto& s : model_.species) {
    auto& info = species_[species_index_[s.id]];
    info.amount_is_primary = !assignment_rule.count(s.id) && !rate_rule.count(s.id);
  }
  choose_algebraic_variables(assignment_rule, rate_rule);
  species_of_slot_.assign(values_.size(), -1);
  for (std::size_t i = 0; i < species_.size(); ++i) {
    species_of_slot_[species_[i].symbol] = static_cast<int>(i);
    const auto& s = model_.species[i];
    if (rate_rule.count(s.id) && !s.has_only_substance_units) {
      rate_rule_species_in_[species_[i].compartment].push_back(species_[i].symbol);
    }
  }
  uses_rate_of_ = false;
  auto note_rate_of = [this](const Expression& e) { uses_rate_of_ = uses_rate_of_ || contains(e, Op::rate_of); };

  // Values computed from others while integrating, in dependency order.
  std::vector<Node> nodes;
  for (const auto& rule : model_.rules) {
    if (rule.kind != RuleKind::assignment) continue;
    nodes.push_back({.target = resolve(rule.variable), .math = rule.math, .owner = rule.variable});
    note_rate_of(rule.math);
  }
  auto amount_of = [&](const Species& s) { return Expression::symbol(slot_names_[species_[species_index_[s.id]].amount]); };
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
                       .math = s.has_only_substance_units ? amount_of(s) : Expression::call(Op::divide, {amount_of(s), size}),
                       .owner = s.id});
    } else {
      nodes.push_back({.target = info.amount,
                       .math = s.has_only_substance_units ? sym : Expression::call(Op::times, {sym, size}),
                       .owner = s.id});
    }
  }
  for (std::size_t r = 0; r < model_.reactions.size(); ++r) {
    const auto& reaction = model_.reactions[r];
    auto refs = [&](const std::vector<SpeciesReference>& list, const std::vector<std::uint32_t>& slots) {
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (list[k].stoichiometry_math) {
          nodes.push_back({.target = slots[k], .math = *list[k].stoichiometry_math, .owner = reaction.id});
        }
      }
    };
    refs(reaction.reactants, reactant_slots[r]);
    refs(reaction.products, product_slots[r]);
    nodes.push_back({.target = rate_slots[r], .math = reaction.rate ? *reaction.rate : Expression::number(0.0), .owner = reaction.id});
    if (reaction.rate) note_rate_of(*reaction.rate);
  }
  for (const std::size_t i : order(nodes, "assignment rules")) {
    derived_.push_back({.target = nodes[i].target, .program = compile(nodes[i].math, nodes[i].owner, true)});
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
        if (reaction.reactants[k].species == s.id) v.terms.push_back({reactant_slots[r][k], -1.0, rate_slots[r]});
      }
      for (std::size_t k = 0; k < reaction.products.size(); ++k) {
        if (reaction.products[k].species == s.id) v.terms.push_back({product_slots[r][k], 1.0, rate_slots[r]});
      }
    }
    if (v.terms.empty() && !in_fast) continue;
    const std::string& factor = s.conversion_factor.empty() ? model_.conversion_factor : s.conversion_factor;
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
    auto add = [&](const std::vector<SpeciesReference>& list, const std::vector<std::uint32_t>& slots, double sign) {
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto it = species_index_.find(list[k].species);
        if (it == species_index_.end()) continue;
        const auto& s = model_.species[it->second];
        if (!species_[it->second].amount_is_primary || s.constant || s.boundary_condition) continue;
        const std::uint32_t amount = species_[it->second].amount;
        auto pos = std::find(fast_species_.begin(), fast_species_.end(), amount);
        if (pos == fast_species_.end()) pos = fast_species_.insert(fast_species_.end(), amount);
        const std::string& factor = s.conversion_factor.empty() ? model_.conversion_factor : s.conversion_factor;
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
      if (assignment_rule.count(a.variable)) {
        throw InputError({.element_id = ce.name}, "event assigns '" + a.variable + "', which an assignment rule sets");
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
          if (p.id == e.args[1].name && p.constant && p.value > 0) smallest_delay_ = std::min(smallest_delay_, p.value);
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
  for (const auto& difference : compiler_->relations()) roots_.push_back(compile(difference, "relation", false));
  overrides_.assign(roots_.size(), 0);

  // Output columns.
  if (options_.columns.empty()) {
    for (const auto& s : model_.species) {
      columns_.push_back({.slot = species_[species_index_[s.id]].symbol});
      column_names_.push_back(s.id);
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
      if (c.quantity == Quantity::concentration) col = {.slot = info.amount, .divisor = info.compartment};
    }
    columns_.push_back(col);
    column_names_.push_back(c.id);
  }
  rates_.assign(values_.size(), 0.0);
  hooks_.rates = rates_.data();
}

void Engine::initialise() {
  std::map<std::string, const Expression*> initial;  // id -> initial assignment or assignment rule
  for (const auto& rule : model_.rules) {
    if (rule.kind == RuleKind::assignment) initial[rule.variable] = &rule.math;
  }
  for (const auto& ia : model_.initial_assignments) {
    resolve(ia.symbol);
    if (initial.count(ia.symbol)) {
      throw InputError({.element_id = ia.symbol}, "both an initial assignment and an assignment rule set it");
    }
    initial[ia.symbol] = &ia.math;
  }
  std::fill(values_.begin(), values_.end(), std::numeric_limits<double>::quiet_NaN());
  values_[kTimeSlot] = options_.start;
  for (const auto& c : model_.compartments) values_[resolve(c.id)] = c.size;
  for (const auto& p : model_.parameters) values_[resolve(p.id)] = p.value;

  std::vector<Node> nodes;
  for (const auto& [id, math] : initial) nodes.push_back({.target = resolve(id), .math = *math, .owner = id});
  for (const auto& s : model_.species) {
    const auto& info = species_[species_index_[s.id]];
    const Expression sym = Expression::symbol(s.id);
    const Expression size = Expression::symbol(s.compartment);
    const Expression amount = Expression::symbol(slot_names_[info.amount]);
    if (initial.count(s.id)) {
      nodes.push_back({.target = info.amount,
                       .math = s.has_only_substance_units ? sym : Expression::call(Op::times, {sym, size}),
                       .owner = s.id});
    } else if (!std::isnan(s.initial_concentration)) {
      nodes.push_back({.target = info.amount,
                       .math = Expression::call(Op::times, {Expression::number(s.initial_concentration), size}),
                       .owner = s.id});
      if (s.has_only_substance_units) {
        nodes.push_back({.target = info.symbol, .math = amount, .owner = s.id});
      } else {
        values_[info.symbol] = s.initial_concentration;
      }
    } else {
      values_[info.amount] = s.initial_amount;
      nodes.push_back({.target = info.symbol,
                       .math = s.has_only_substance_units ? amount : Expression::call(Op::divide, {amount, size}),
                       .owner = s.id});
    }
  }
  for (std::size_t r = 0; r < model_.reactions.size(); ++r) {
    const auto& reaction = model_.reactions[r];
    const auto& slots = reaction_slots_[r];
    auto refs = [&](const std::vector<SpeciesReference>& list, const std::vector<std::uint32_t>& ref_slots) {
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (!list[k].id.empty() && initial.count(list[k].id)) continue;
        if (list[k].stoichiometry_math) {
          nodes.push_back({.target = ref_slots[k], .math = *list[k].stoichiometry_math, .owner = slot_names_[slots.rate]});
        } else {
          values_[ref_slots[k]] = list[k].stoichiometry;
        }
      }
    };
    refs(reaction.reactants, slots.reactants);
    refs(reaction.products, slots.products);
    nodes.push_back({.target = slots.rate,
                     .math = reaction.rate ? *reaction.rate : Expression::number(0.0),
                     .owner = slot_names_[slots.rate]});
  }
  // L3 stoichiometries left unset and never assigned default to 1 only in the sense that they
  // are invalid; keep NaN so the problem shows.
  init_presets_ = values_;
  init_programs_.clear();
  for (const std::size_t i : order(nodes, "initial assignments and rules")) {
    init_programs_.push_back({.target = nodes[i].target, .program = compile(nodes[i].math, nodes[i].owner, false)});
    values_[nodes[i].target] = init_programs_.back().program.evaluate(values_.data(), &hooks_);
  }
  if (uses_rate_of_) {  // initial assignments reading rateOf: again, with the initial rates
    scratch_.resize(std::max<std::size_t>(states_.size(), 1));
    compute_rates(scratch_.data());
    for (const auto& d : init_programs_) values_[d.target] = d.program.evaluate(values_.data(), &hooks_);
  }
  if (!algebraic_slots_.empty() || !fast_.empty()) solve_algebraic();
}

void Engine::record_history(double t) {
  if (uses_rate_of_) {  // rateOf inside a delayed expression needs this point's rates
    scratch_.resize(std::max<std::size_t>(states_.size(), 1));
    compute_rates(scratch_.data());
    derive();
  }
  for (std::size_t i = 0; i < delayed_.size(); ++i) {
    history_[i].emplace_back(t, delayed_[i].evaluate(values_.data(), &hooks_));
  }
}

// The value of delayed expression `id` at time t: its initial value before the start, cubic
// interpolation between recorded steps (linear next to an event's jump), and linear
// extrapolation past the last step (only within a step shorter than the delay).
double Engine::history_at(const void* self, std::uint32_t id, double t) {
  auto* engine = const_cast<Engine*>(static_cast<const Engine*>(self));
  const auto& h = engine->history_[id];
  if (h.empty() || std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  if (t < h.front().first) return engine->value_before_start(id, t);
  const std::size_t n = h.size();
  if (t >= h.back().first) {
    if (n < 2 || h[n - 1].first == h[n - 2].first) return h.back().second;
    const auto& [t1, v1] = h[n - 2];
    const auto& [t2, v2] = h[n - 1];
    return v2 + (v2 - v1) * (t - t2) / (t2 - t1);
  }
  // last index with time <= t: a jump recorded twice at one time returns its later value
  const auto it = std::upper_bound(h.begin(), h.end(), t,
                                   [](double value, const std::pair<double, double>& p) { return value < p.first; });
  const std::size_t i = static_cast<std::size_t>(it - h.begin()) - 1;
  if (h[i].first == t) return h[i].second;
  const auto& [ta, va] = h[i];
  const auto& [tb, vb] = h[i + 1];
  const bool room = i >= 1 && i + 2 < n && h[i - 1].first < ta && tb < h[i + 2].first;
  if (!room) return va + (vb - va) * (t - ta) / (tb - ta);
  double sum = 0.0;
  for (std::size_t a = i - 1; a <= i + 2; ++a) {
    double w = 1.0;
    for (std::size_t b = i - 1; b <= i + 2; ++b) {
      if (b != a) w *= (t - h[b].first) / (h[a].first - h[b].first);
    }
    sum += w * h[a].second;
  }
  return sum;
}

// Before the start the model is taken to be what its initialisation gives at that earlier
// time (initial assignments and rules evaluated with `time` = t, nothing integrated): the
// SBML Test Suite's reading of delay() there.
double Engine::value_before_start(std::uint32_t id, double t) {
  if (initial_values_.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> past = initial_values_;
  if (in_past_) {  // a delay inside the past evaluation: stop at one level
    past[kTimeSlot] = t;
    return delayed_[id].evaluate(past.data(), nullptr);
  }
  in_past_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{in_past_};
  std::vector<double> zeros(rates_.size(), 0.0);
  past[kTimeSlot] = t;
  EvalHooks hooks = hooks_;
  hooks.rates = zeros.data();
  hooks.overrides = nullptr;
  hooks.time = t;
  past = init_presets_;
  past[kTimeSlot] = t;
  for (const auto& d : init_programs_) past[d.target] = d.program.evaluate(past.data(), &hooks);
  return delayed_[id].evaluate(past.data(), &hooks);
}

void Engine::run_derived() {
  for (const auto& d : derived_) values_[d.target] = d.program.evaluate(values_.data(), &hooks_);
}

void Engine::derive() {
  if (algebraic_slots_.empty() && fast_.empty()) {
    run_derived();
  } else {
    solve_algebraic();
  }
}

// Algebraic rules: Newton on the unknowns they determine, with a finite-difference Jacobian,
// every time derived values are needed (index-1 DAE reduced to an ODE in the other states).
void Engine::solve_algebraic() {
  // Unknowns: the algebraic rules' variables, then one extent per fast reaction, which moves
  // the species amounts from the integrated ("raw") state onto the fast equilibrium while
  // keeping every conserved moiety of the fast subsystem.
  const std::size_t na = algebraic_slots_.size();
  const std::size_t nf = fast_.size();
  const std::size_t n = na + nf;
  std::vector<double> z(n), r(n), r2(n), jac(n * n), dz(n), scale(n, 1.0);
  for (std::size_t i = 0; i < na; ++i) {
    z[i] = values_[algebraic_slots_[i]];
    if (!std::isfinite(z[i])) z[i] = 1.0;
  }
  raw_amounts_.resize(fast_species_.size());
  for (std::size_t k = 0; k < fast_species_.size(); ++k) raw_amounts_[k] = values_[fast_species_[k]];
  for (std::size_t f = 0; f < nf; ++f) {
    z[na + f] = 0.0;  // amounts in values_ are the starting point, projected or not
    double biggest = 0.0;
    for (const auto& term : fast_[f].terms) biggest = std::max(biggest, std::fabs(values_[fast_species_[term.species]]));
    scale[na + f] = biggest > 0.0 ? biggest : 1.0;
  }
  auto residual = [&](std::vector<double>& out) {
    for (std::size_t i = 0; i < na; ++i) values_[algebraic_slots_[i]] = z[i];
    if (nf > 0) {
      for (std::size_t k = 0; k < fast_species_.size(); ++k) values_[fast_species_[k]] = raw_amounts_[k];
      for (std::size_t f = 0; f < nf; ++f) {
        for (const auto& term : fast_[f].terms) {
          double change = term.sign * values_[term.stoichiometry] * z[na + f];
          if (term.conversion != kNone) change *= values_[term.conversion];
          values_[fast_species_[term.species]] += change;
        }
      }
    }
    run_derived();
    for (std::size_t i = 0; i < na; ++i) out[i] = algebraic_rules_[i].evaluate(values_.data(), &hooks_);
    for (std::size_t f = 0; f < nf; ++f) out[na + f] = values_[fast_[f].rate];
  };
  // Fast rows use pseudo-transient continuation, (J - I/dtau) dz = -r with dtau growing
  // tenfold per iteration: it follows the fast reactions' own dynamics, so it ends in the
  // stable equilibrium the reactions would reach, not just any root of the rates.
  double inverse_dtau = -1.0;
  for (int iteration = 0; iteration < 100; ++iteration) {
    residual(r);
    double size = 0.0;
    for (const double v : r) size = std::max(size, std::fabs(v));
    if (size == 0.0 || !std::isfinite(size)) break;
    for (std::size_t j = 0; j < n; ++j) {
      const double keep = z[j];
      const double h = 1e-7 * std::max(scale[j], std::fabs(keep));
      z[j] = keep + h;
      residual(r2);
      z[j] = keep;
      for (std::size_t i = 0; i < n; ++i) jac[i * n + j] = (r2[i] - r[i]) / h;
    }
    if (nf > 0) {
      if (inverse_dtau < 0.0) {
        inverse_dtau = 0.0;
        double biggest_scale = 0.0;
        for (std::size_t i = na; i < n; ++i) {
          double row = 0.0;
          for (std::size_t j = 0; j < n; ++j) row += std::fabs(jac[i * n + j]);
          inverse_dtau = std::max(inverse_dtau, 2.0 * row);
          biggest_scale = std::max(biggest_scale, scale[i]);
        }
        // first step no longer than the amounts involved
        inverse_dtau = std::max(inverse_dtau, size / biggest_scale);
      } else {
        inverse_dtau = iteration >= 16 ? 0.0 : inverse_dtau * 0.1;
      }
      for (std::size_t i = na; i < n; ++i) jac[i * n + i] -= inverse_dtau;
    }
    // Gaussian elimination with partial pivoting on J dz = -r.
    for (std::size_t i = 0; i < n; ++i) dz[i] = -r[i];
    bool singular = false;
    for (std::size_t c = 0; c < n && !singular; ++c) {
      std::size_t p = c;
      for (std::size_t i = c + 1; i < n; ++i) {
        if (std::fabs(jac[i * n + c]) > std::fabs(jac[p * n + c])) p = i;
      }
      if (jac[p * n + c] == 0.0) {
        singular = true;
        break;
      }
      if (p != c) {
        for (std::size_t k = 0; k < n; ++k) std::swap(jac[p * n + k], jac[c * n + k]);
        std::swap(dz[p], dz[c]);
      }
      for (std::size_t i = c + 1; i < n; ++i) {
        const double f = jac[i * n + c] / jac[c * n + c];
        for (std::size_t k = c; k < n; ++k) jac[i * n + k] -= f * jac[c * n + k];
        dz[i] -= f * dz[c];
      }
    }
    if (singular) break;
    for (std::size_t c = n; c-- > 0;) {
      double v = dz[c];
      for (std::size_t k = c + 1; k < n; ++k) v -= jac[c * n + k] * dz[k];
      dz[c] = v / jac[c * n + c];
    }
    double step = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      z[i] += dz[i];
      step = std::max(step, std::fabs(dz[i]) / (scale[i] + std::fabs(z[i])));
    }
    if (step < 1e-14 && inverse_dtau <= 0.0) break;
  }
  residual(r);
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
      if (settable[id] && !assignment_rule.count(id) && !rate_rule.count(id)) options[i].push_back(id);
    }
    std::stable_sort(options[i].begin(), options[i].end(),
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
      throw InputError({.element_id = "algebraic rule"},
                       "cannot tell which variable '0 = " + to_string(rules[i]->math) +
                           "' determines (over-determined model, or it constrains reaction-driven species)");
    }
  }
  algebraic_slots_.assign(rules.size(), kNone);
  for (const auto& [id, i] : owner) {
    algebraic_slots_[i] = resolve(id);
    if (auto s = species_index_.find(id); s != species_index_.end()) species_[s->second].amount_is_primary = false;
  }
}

void Engine::compute_rates(double* ydot) {
  for (std::size_t i = 0; i < states_.size(); ++i) {
    const auto& v = states_[i];
    double rate = 0.0;
    if (v.by_rate_rule) {
      rate = v.rate_rule.evaluate(values_.data(), &hooks_);
    } else {
      for (const auto& term : v.terms) rate += term.sign * values_[term.stoichiometry] * values_[term.rate];
      if (v.conversion != kNone) rate *= values_[v.conversion];
    }
    ydot[i] = rate;
    rates_[v.slot] = rate;
    if (v.symbol_slot != kNone) {
      rates_[v.symbol_slot] = v.concentration_symbol ? rate / values_[v.compartment_slot] : rate;
    }
  }
}

void Engine::load_state(double t, const double* y) {
  values_[kTimeSlot] = t;
  hooks_.time = t;
  for (std::size_t i = 0; i < states_.size(); ++i) values_[states_[i].slot] = y[i];
}

void Engine::store_state(double* y) const {
  for (std::size_t i = 0; i < states_.size(); ++i) y[i] = values_[states_[i].slot];
  if (states_.empty()) y[0] = 0.0;
}

void Engine::evaluate_rhs(double t, const double* y, double* ydot) {
  load_state(t, y);
  derive();
  if (states_.empty()) {
    ydot[0] = 0.0;
    return;
  }
  compute_rates(ydot);
  if (uses_rate_of_) {  // rateOf reads this evaluation's rates: one more pass with them
    derive();
    compute_rates(ydot);
  }
}

int Engine::rhs_callback(double t, N_Vector y, N_Vector ydot, void* self) {
  auto* engine = static_cast<Engine*>(self);
  ++engine->rhs_evaluations_;
  if (engine->options_.time_budget > 0.0 && engine->rhs_evaluations_ % 64 == 0) {
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - engine->started_;
    if (spent.count() > engine->options_.time_budget) {
      engine->budget_exceeded_ = true;
      return -1;
    }
  }
  double* out = N_VGetArrayPointer(ydot);
  engine->evaluate_rhs(t, N_VGetArrayPointer(y), out);
  for (std::size_t i = 0; i < engine->states_.size(); ++i) {
    if (std::isnan(out[i])) {
      engine->bad_element_ = engine->states_[i].id;
      return 1;  // recoverable: CVODE retries with a smaller step, then reports failure
    }
  }
  return 0;
}

int Engine::root_callback(double t, N_Vector y, double* gout, void* self) {
  auto* engine = static_cast<Engine*>(self);
  engine->load_state(t, N_VGetArrayPointer(y));
  engine->derive();
  if (engine->uses_rate_of_) {  // triggers may read rateOf: rates at this very point
    engine->scratch_.resize(std::max<std::size_t>(engine->states_.size(), 1));
    engine->compute_rates(engine->scratch_.data());
    engine->derive();
  }
  for (std::size_t k = 0; k < engine->roots_.size(); ++k) {
    gout[k] = engine->roots_[k].evaluate(engine->values_.data(), &engine->hooks_);
  }
  return 0;
}

void Engine::error_callback(int, const char*, const char* function, char* msg, void* self) {
  auto* engine = static_cast<Engine*>(self);
  engine->solver_message_ = std::string(function) + ": " + msg;
}

void Engine::schedule(std::size_t e, double t) {
  const auto& event = events_[e];
  Pending p{.event = e, .time = t, .serial = serial_++};
  if (event.delay) p.time = t + event.delay->evaluate(values_.data(), &hooks_);
  if (event.use_values_from_trigger_time) {
    p.has_values = true;
    for (const auto& a : event.assignments) p.values.push_back(a.program.evaluate(values_.data(), &hooks_));
  }
  pending_.push_back(std::move(p));
}

void Engine::execute(const Pending& p) {
  const auto& event = events_[p.event];
  std::vector<double> computed;
  const std::vector<double>* assigned = &p.values;
  if (!p.has_values) {
    for (const auto& a : event.assignments) computed.push_back(a.program.evaluate(values_.data(), &hooks_));
    assigned = &computed;
  }
  // Assignments take effect in document order: an assigned concentration becomes an amount
  // with the compartment size current at that point; a new compartment size keeps amounts
  // (and rescales species whose concentration is the integrated quantity).
  for (std::size_t k = 0; k < event.assignments.size(); ++k) {
    const std::uint32_t target = event.assignments[k].target;
    const double v = (*assigned)[k];
    const double old = values_[target];
    values_[target] = v;
    if (const int s = species_of_slot_[target]; s >= 0 && species_[s].amount_is_primary) {
      const auto& info = species_[s];
      values_[info.amount] = info.has_only_substance_units ? v : v * values_[info.compartment];
    }
    if (const auto it = rate_rule_species_in_.find(target); it != rate_rule_species_in_.end()) {
      for (const auto slot : it->second) values_[slot] *= old / v;
    }
  }
  ++events_executed_;
}

// Fires, cancels and executes events at time t until nothing more happens. Returns false on
// an endless cascade.
bool Engine::process_events(double t) {
  values_[kTimeSlot] = t;
  hooks_.time = t;
  for (int round = 0; round < 100000; ++round) {
    derive();
    if (uses_rate_of_) {
      scratch_.resize(std::max<std::size_t>(states_.size(), 1));
      compute_rates(scratch_.data());
      derive();
    }
    for (std::size_t e = 0; e < events_.size(); ++e) {
      const bool now = truth(events_[e].trigger.evaluate(values_.data(), &hooks_));
      if (now && trigger_state_[e] == 0) schedule(e, t);
      trigger_state_[e] = now ? 1 : 0;
    }
    std::erase_if(pending_, [this](const Pending& p) {
      return !events_[p.event].persistent && trigger_state_[p.event] == 0;
    });
    const double slack = 1e-13 * std::max(1.0, std::fabs(t));
    // Highest priority first; equal priorities are chosen at random, as SBML asks.
    std::optional<std::size_t> best;
    double best_priority = -std::numeric_limits<double>::infinity();
    std::size_t ties = 0;
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (pending_[i].time > t + slack) continue;
      const auto& event = events_[pending_[i].event];
      const double priority = event.priority ? event.priority->evaluate(values_.data(), &hooks_)
                                             : -std::numeric_limits<double>::infinity();
      if (!best || priority > best_priority) {
        best = i;
        best_priority = priority;
        ties = 1;
      } else if (priority == best_priority) {
        ++ties;
        if (std::uniform_int_distribution<std::size_t>(0, ties - 1)(random_) == 0) best = i;
      }
    }
    if (!best) return true;
    const Pending chosen = pending_[*best];
    pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(*best));
    execute(chosen);
  }
  return false;
}

void Engine::record(Trajectory& out, double t) {
  out.times.push_back(t);
  for (const auto& c : columns_) {
    double v = values_[c.slot];
    if (c.divisor != kNone) v /= values_[c.divisor];
    out.values.push_back(v);
  }
  out.time_reached = t;
}

// Which ODE variables each derivative reads, through the derived values (assignment rules,
// concentrations, rates) it uses. False when the structure is not static (algebraic rules,
// fast reactions, rateOf, delay): those stay dense.
bool Engine::build_sparsity() {
  if (!algebraic_slots_.empty() || !fast_.empty() || uses_rate_of_ || !delayed_.empty()) return false;
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
  std::vector<std::vector<std::size_t>> columns(n);  // column j -> rows i with d ydot_i / d y_j != 0
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::size_t> row{i};  // the diagonal always: KLU factors I - gamma J
    const auto& v = states_[i];
    if (v.by_rate_rule) {
      merge(row, program_reads(v.rate_rule));
    } else {
      for (const auto& term : v.terms) {
        for (const auto slot : {term.stoichiometry, term.rate}) {
          if (state_of_slot[slot] >= 0) row.push_back(static_cast<std::size_t>(state_of_slot[slot]));
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

int Engine::jacobian_callback(double t, N_Vector y, N_Vector fy, SUNMatrix jac, void* self, N_Vector tmp1,
                              N_Vector tmp2, N_Vector) {
  auto* engine = static_cast<Engine*>(self);
  const std::size_t n = engine->states_.size();
  const double* y0 = N_VGetArrayPointer(y);
  const double* f0 = N_VGetArrayPointer(fy);
  double* yp = N_VGetArrayPointer(tmp1);
  double* fp = N_VGetArrayPointer(tmp2);
  SUNMatZero(jac);
  std::copy(engine->column_starts_.begin(), engine->column_starts_.end(), SM_INDEXPTRS_S(jac));
  std::copy(engine->row_indices_.begin(), engine->row_indices_.end(), SM_INDEXVALS_S(jac));
  double* data = SM_DATA_S(jac);
  std::copy(y0, y0 + n, yp);
  std::vector<double> step(n, 0.0);
  for (const auto& group : engine->colour_groups_) {
    for (const auto j : group) {
      // sqrt(eps) relative step, floored at the absolute tolerance's scale
      step[j] = 1.5e-8 * std::max(std::fabs(y0[j]), engine->abstol_[j] / engine->options_.rtol * 1e-2);
      if (step[j] == 0.0) step[j] = 1e-8;
      yp[j] = y0[j] + step[j];
    }
    ++engine->rhs_evaluations_;
    engine->evaluate_rhs(t, yp, fp);
    for (const auto j : group) {
      for (auto k = engine->column_starts_[j]; k < engine->column_starts_[j + 1]; ++k) {
        const auto i = static_cast<std::size_t>(engine->row_indices_[static_cast<std::size_t>(k)]);
        data[k] = (fp[i] - f0[i]) / step[j];
      }
      yp[j] = y0[j];
    }
  }
  return 0;
}

Trajectory Engine::run() {
  started_ = std::chrono::steady_clock::now();
  Trajectory out;
  out.names = column_names_;
  initialise();
  const double t0 = options_.start;
  const std::size_t n_out = options_.intervals + 1;
  std::vector<double> times(n_out);
  for (std::size_t i = 0; i < n_out; ++i) {
    times[i] = options_.intervals == 0 ? t0
                                       : t0 + (options_.end - t0) * static_cast<double>(i) / static_cast<double>(options_.intervals);
  }

  // Events at the start: a trigger true now whose initialValue is false fires.
  trigger_state_.resize(events_.size());
  for (std::size_t e = 0; e < events_.size(); ++e) trigger_state_[e] = events_[e].initial_value ? 1 : 0;
  auto fail = [&](SimulationStatus status, double t, const std::string& what) {
    out.status = status;
    out.message = what + " at time " + std::to_string(t);
    out.steps = 0;
    out.rhs_evaluations = rhs_evaluations_;
    out.events_executed = events_executed_;
    return out;
  };
  hooks_.time = t0;
  derive();
  initial_values_ = values_;
  record_history(t0);
  if (!process_events(t0)) return fail(SimulationStatus::event_cascade, t0, "events keep re-triggering");
  record_history(t0);

  const std::size_t n = std::max<std::size_t>(states_.size(), 1);
  auto context = detail::make_context();
  detail::Vector y(N_VNew_Serial(static_cast<sunindextype>(n), context.get()));
  detail::Vector abstol(N_VNew_Serial(static_cast<sunindextype>(n), context.get()));
  store_state(N_VGetArrayPointer(y.get()));
  {
    // Absolute tolerance scaled to the model's magnitudes: suites and real models alike use
    // amounts far below 1 (e.g. 1e-15 mol), where a fixed atol would accept anything.
    double scale = 0.0;
    for (std::size_t i = 0; i < states_.size(); ++i) scale = std::max(scale, std::fabs(N_VGetArrayPointer(y.get())[i]));
    if (scale == 0.0 || !std::isfinite(scale)) scale = 1.0;
    N_VConst(options_.atol * std::min(1.0, scale), abstol.get());
  }
  detail::CvodeMemory cvode(CVodeCreate(CV_BDF, context.get()));
  if (!cvode) throw InternalError("CVodeCreate returned null");
  void* mem = cvode.get();
  detail::check_sundials(CVodeInit(mem, &Engine::rhs_callback, t0, y.get()), "CVodeInit");
  detail::check_sundials(CVodeSetUserData(mem, this), "CVodeSetUserData");
  detail::check_sundials(CVodeSetErrHandlerFn(mem, &Engine::error_callback, this), "CVodeSetErrHandlerFn");
  detail::check_sundials(CVodeSVtolerances(mem, options_.rtol, abstol.get()), "CVodeSVtolerances");
  const bool want_sparse = options_.linear_solver == LinearSolver::sparse ||
                           (options_.linear_solver == LinearSolver::automatic && states_.size() >= 64);
  const bool sparse = want_sparse && !states_.empty() && build_sparsity();
  out.sparse = sparse;
  abstol_.assign(N_VGetArrayPointer(abstol.get()), N_VGetArrayPointer(abstol.get()) + n);
  detail::Matrix matrix(sparse ? SUNSparseMatrix(static_cast<sunindextype>(n), static_cast<sunindextype>(n),
                                                 static_cast<sunindextype>(row_indices_.size()), CSC_MAT, context.get())
                               : SUNDenseMatrix(static_cast<sunindextype>(n), static_cast<sunindextype>(n), context.get()));
  detail::LinearSolver solver(sparse ? SUNLinSol_KLU(y.get(), matrix.get(), context.get())
                                     : SUNLinSol_Dense(y.get(), matrix.get(), context.get()));
  if (!matrix || !solver) throw InternalError("cannot create the SUNDIALS matrix or linear solver");
  detail::check_sundials(CVodeSetLinearSolver(mem, solver.get(), matrix.get()), "CVodeSetLinearSolver");
  if (sparse) detail::check_sundials(CVodeSetJacFn(mem, &Engine::jacobian_callback), "CVodeSetJacFn");
  detail::check_sundials(CVodeSetMaxNumSteps(mem, options_.max_steps), "CVodeSetMaxNumSteps");
  if (!delayed_.empty()) {
    double max_step = (options_.end - t0) / 200.0;
    if (std::isfinite(smallest_delay_)) max_step = std::min(max_step, smallest_delay_ / 4.0);
    if (max_step > 0) detail::check_sundials(CVodeSetMaxStep(mem, max_step), "CVodeSetMaxStep");
  }
  const int task = delayed_.empty() ? CV_NORMAL : CV_ONE_STEP;
  if (!roots_.empty()) {
    detail::check_sundials(CVodeRootInit(mem, static_cast<int>(roots_.size()), &Engine::root_callback), "CVodeRootInit");
    detail::check_sundials(CVodeSetNoInactiveRootWarn(mem), "CVodeSetNoInactiveRootWarn");
  }
  std::vector<int> found(roots_.size());

  double t = t0;
  std::size_t k = 0;
  auto reinit = [&] {
    store_state(N_VGetArrayPointer(y.get()));
    detail::check_sundials(CVodeReInit(mem, t, y.get()), "CVodeReInit");
    if (!delayed_.empty()) record_history(t);  // the values after the jump
  };
  while (k < n_out) {
    const double tout = times[k];
    if (t >= tout - 1e-12 * std::max(1.0, std::fabs(tout))) {
      record(out, tout);
      ++k;
      continue;
    }
    double tstop = tout;
    for (const auto& p : pending_) tstop = std::min(tstop, p.time);
    if (tstop <= t) {  // a delayed event due now (scheduled with zero or tiny delay)
      if (!process_events(t)) return fail(SimulationStatus::event_cascade, t, "events keep re-triggering");
      reinit();
      // Guard against a pending time that cannot be reached.
      for (auto& p : pending_) p.time = std::max(p.time, t);
      bool due = false;
      for (const auto& p : pending_) due = due || p.time <= t;
      if (due) return fail(SimulationStatus::event_cascade, t, "delayed events keep falling due");
      continue;
    }
    detail::check_sundials(CVodeSetStopTime(mem, tstop), "CVodeSetStopTime");
    double reached = t;
    const int flag = CVode(mem, tstop, y.get(), &reached, task);
    long steps = 0;
    CVodeGetNumSteps(mem, &steps);
    out.steps += 0;
    if (flag < 0) {
      CVodeGetCurrentTime(mem, &reached);
      out.time_reached = reached;
      SimulationStatus status = SimulationStatus::solver_failure;
      std::string what = solver_message_;
      if (budget_exceeded_) {
        status = SimulationStatus::time_budget;
        what = "wall-clock budget of " + std::to_string(options_.time_budget) + " s used up";
      } else if (flag == CV_TOO_MUCH_WORK) {
        status = SimulationStatus::too_much_work;
      }
      if (!bad_element_.empty()) what += " (NaN in the rate of '" + bad_element_ + "')";
      Trajectory failed = fail(status, reached, what);
      return failed;
    }
    t = reached;
    load_state(t, N_VGetArrayPointer(y.get()));
    if (!delayed_.empty()) {
      derive();
      record_history(t);
      if (flag == CV_SUCCESS && t < tstop) continue;  // an internal step: keep going
    }
    if (flag == CV_ROOT_RETURN) {
      CVodeGetRootInfo(mem, found.data());
      for (std::size_t r = 0; r < found.size(); ++r) {
        if (found[r] == 0) continue;
        const bool rising = found[r] > 0;
        switch (root_ops_[r]) {
          case Op::gt:
          case Op::geq: overrides_[r] = rising ? 1 : -1; break;
          case Op::lt:
          case Op::leq: overrides_[r] = rising ? -1 : 1; break;
          case Op::eq: overrides_[r] = 1; break;
          case Op::neq: overrides_[r] = -1; break;
          default: break;
        }
      }
      hooks_.overrides = overrides_.data();
      const bool settled = process_events(t);
      hooks_.overrides = nullptr;
      std::fill(overrides_.begin(), overrides_.end(), 0);
      if (!settled) return fail(SimulationStatus::event_cascade, t, "events keep re-triggering");
      derive();  // at the root itself relations hold their plain values (time <= 2 at 2)
      reinit();
      continue;
    }
    bool due = false;
    for (const auto& p : pending_) due = due || p.time <= t;
    if (due) {
      if (!process_events(t)) return fail(SimulationStatus::event_cascade, t, "events keep re-triggering");
      reinit();
    } else {
      derive();
    }
  }
  long steps = 0;
  CVodeGetNumSteps(mem, &steps);
  out.steps = steps;
  out.rhs_evaluations = rhs_evaluations_;
  out.events_executed = events_executed_;
  return out;
}

}  // namespace

Trajectory simulate(const Model& model, const SimulationOptions& options) {
  if (!(options.end > options.start) && options.intervals > 0) {
    throw InputError("end time " + std::to_string(options.end) + " is not after start time " + std::to_string(options.start));
  }
  if (!(options.rtol > 0.0) || !(options.atol > 0.0)) throw InputError("rtol and atol must be positive");
  if (options.initial_values.empty()) {
    Engine engine(model, options);
    return engine.run();
  }
  Model changed = model;
  for (const auto& [id, value] : options.initial_values) {
    bool found = false;
    for (auto& c : changed.compartments) {
      if (c.id == id) { c.size = value; found = true; }
    }
    for (auto& p : changed.parameters) {
      if (p.id == id) { p.value = value; found = true; }
    }
    for (auto& s : changed.species) {
      if (s.id != id) continue;
      found = true;
      if (s.has_only_substance_units) {
        s.initial_amount = value;
        s.initial_concentration = kUnset;
      } else {
        s.initial_concentration = value;
        s.initial_amount = kUnset;
      }
    }
    if (!found) throw InputError({.element_id = id}, "--set names no compartment, species or parameter of the model");
  }
  Engine engine(changed, options);
  return engine.run();
}

}  // namespace ergon::kinetic
