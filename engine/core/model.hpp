#pragma once
// The immutable data model of a reaction network as the kinetic engine reads it: value types
// only, filled once by an importer (engine/sbml) and never changed afterwards.
// Quantities keep the model's own units; the engine does no unit conversion.

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/expression.hpp"

namespace ergon {

inline constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

struct Compartment {
  std::string id;
  double size = kUnset;  ///< NaN when only an initial assignment or rule gives it
  bool constant = true;
};

struct Species {
  std::string id;
  std::string compartment;
  double initial_amount = kUnset;         ///< NaN when not given
  double initial_concentration = kUnset;  ///< NaN when not given
  /// true: the id denotes an amount in math; false: a concentration (amount / size)
  bool has_only_substance_units = false;
  bool boundary_condition = false;  ///< reactions do not change it
  bool constant = false;
  std::string conversion_factor;  ///< parameter id, empty when none (model's applies then)
};

struct Parameter {
  std::string id;
  double value = kUnset;
  bool constant = true;
};

/// A reactant or product. `id` (L3, optional) lets math read and rules set the stoichiometry.
struct SpeciesReference {
  std::string id;
  std::string species;
  double stoichiometry = 1.0;
  std::optional<Expression> stoichiometry_math;  ///< L2 stoichiometryMath: continuous value
  bool constant = true;
};

struct Reaction {
  std::string id;
  std::vector<SpeciesReference> reactants;
  std::vector<SpeciesReference> products;
  /// Extent rate (substance / time); local parameters already substituted. Empty: no kinetics.
  std::optional<Expression> rate;
  bool fast = false;
};

enum class RuleKind { assignment, rate, algebraic };

struct Rule {
  RuleKind kind = RuleKind::assignment;
  std::string variable;  ///< empty for algebraic rules
  Expression math;
};

struct InitialAssignment {
  std::string symbol;
  Expression math;
};

struct EventAssignment {
  std::string variable;
  Expression math;
};

struct Event {
  std::string id;  ///< may be empty; messages then use "event #n"
  Expression trigger;
  bool initial_value = true;  ///< trigger value assumed just before the start time
  bool persistent = true;     ///< false: a pending execution is cancelled if the trigger falls
  std::optional<Expression> delay;
  std::optional<Expression> priority;
  bool use_values_from_trigger_time = true;
  std::vector<EventAssignment> assignments;
};

/// A condition the model promises to keep; the engine reports the first time it fails.
struct Constraint {
  Expression math;
  std::string message;  ///< the constraint's message text, may be empty
};

/// A whole model. Element order is the document's.
struct Model {
  std::string id;
  unsigned level = 3;
  unsigned version = 2;
  std::vector<Compartment> compartments;
  std::vector<Species> species;
  std::vector<Parameter> parameters;
  std::vector<Reaction> reactions;
  std::vector<Rule> rules;
  std::vector<InitialAssignment> initial_assignments;
  std::vector<Event> events;
  std::vector<Constraint> constraints;
  std::string conversion_factor;  ///< model-wide species conversion factor (parameter id)
};

}  // namespace ergon
