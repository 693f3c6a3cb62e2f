#include "engine/sbml/model_reader.hpp"

#include <sbml/SBMLTypes.h>
#include <sbml/conversion/ConversionProperties.h>
#include <sbml/extension/SBasePlugin.h>
#include <sbml/packages/comp/extension/CompSBMLDocumentPlugin.h>

#include <cctype>
#include <cmath>
#include <map>
#include <string>

#include "engine/core/error.hpp"
#include "engine/sbml/detail/document_reader.hpp"

namespace ergon::sbml {
namespace {

struct FunctionDef {
  std::vector<std::string> parameters;
  const ASTNode* body = nullptr;
};

/// Turns libSBML ASTs into Expressions, inlining function definitions and substituting
/// local parameters (both shadow model ids inside their scope, as SBML says).
class MathConverter {
 public:
  MathConverter(const ::Model& model, std::string file) : file_(std::move(file)) {
    for (unsigned i = 0; i < model.getNumFunctionDefinitions(); ++i) {
      const FunctionDefinition* fd = model.getFunctionDefinition(i);
      FunctionDef def;
      for (unsigned k = 0; k < fd->getNumArguments(); ++k) {
        def.parameters.emplace_back(fd->getArgument(k)->getName());
      }
      def.body = fd->getBody();
      functions_[fd->getId()] = std::move(def);
    }
  }

  /// `element` names the owner in error messages.
  ergon::Expression convert(const ASTNode* node, const std::string& element,
                            const std::map<std::string, ergon::Expression>& scope = {}) {
    if (node == nullptr) throw InputError({.file = file_, .element_id = element}, "missing math");
    element_ = element;
    depth_ = 0;
    return walk(node, scope);
  }

 private:
  [[noreturn]] void refuse(const std::string& what) const {
    throw InputError({.file = file_, .element_id = element_}, what);
  }

  ergon::Expression nary(Op op, const ASTNode* n,
                         const std::map<std::string, ergon::Expression>& s) {
    std::vector<ergon::Expression> args;
    for (unsigned i = 0; i < n->getNumChildren(); ++i) args.push_back(walk(n->getChild(i), s));
    return ergon::Expression::call(op, std::move(args));
  }

  ergon::Expression unary(Op op, const ASTNode* n,
                          const std::map<std::string, ergon::Expression>& s) {
    if (n->getNumChildren() != 1)
      refuse("function '" + std::string(n->getName() ? n->getName() : "?") +
             "' needs one argument");
    return ergon::Expression::call(op, {walk(n->getChild(0), s)});
  }

  // n-ary relations are chains: a < b < c means a < b and b < c.
  ergon::Expression relation(Op op, const ASTNode* n,
                             const std::map<std::string, ergon::Expression>& s) {
    std::vector<ergon::Expression> args;
    for (unsigned i = 0; i < n->getNumChildren(); ++i) args.push_back(walk(n->getChild(i), s));
    if (args.size() < 2) return ergon::Expression::number(1.0);
    if (args.size() == 2) return ergon::Expression::call(op, std::move(args));
    std::vector<ergon::Expression> pairs;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      pairs.push_back(ergon::Expression::call(op, {args[i], args[i + 1]}));
    }
    return ergon::Expression::call(Op::logical_and, std::move(pairs));
  }

  ergon::Expression walk(const ASTNode* n, const std::map<std::string, ergon::Expression>& s) {
    if (++depth_ > 2000) refuse("math nested too deeply (recursive function definitions?)");
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{depth_};
    using E = ergon::Expression;
    switch (n->getType()) {
      case AST_INTEGER: return E::number(static_cast<double>(n->getInteger()));
      case AST_REAL:
      case AST_REAL_E:
      case AST_RATIONAL: return E::number(n->getReal());
      case AST_CONSTANT_E: return E::number(std::exp(1.0));
      case AST_CONSTANT_PI: return E::number(3.14159265358979323846);
      case AST_CONSTANT_TRUE: return E::number(1.0);
      case AST_CONSTANT_FALSE: return E::number(0.0);
      case AST_NAME_TIME: return E{.op = Op::time};
      case AST_NAME_AVOGADRO: return E{.op = Op::avogadro};
      case AST_NAME: {
        const std::string name = n->getName();
        if (auto it = s.find(name); it != s.end()) return it->second;
        return E::symbol(name);
      }
      case AST_PLUS: return n->getNumChildren() == 0 ? E::number(0.0) : nary(Op::plus, n, s);
      case AST_TIMES: return n->getNumChildren() == 0 ? E::number(1.0) : nary(Op::times, n, s);
      case AST_MINUS:
        if (n->getNumChildren() == 1) return unary(Op::negate, n, s);
        return nary(Op::minus, n, s);
      case AST_DIVIDE: return nary(Op::divide, n, s);
      case AST_POWER:
      case AST_FUNCTION_POWER: return nary(Op::power, n, s);
      case AST_FUNCTION_ROOT:
        if (n->getNumChildren() == 1)
          return E::call(Op::root, {E::number(2.0), walk(n->getChild(0), s)});
        return nary(Op::root, n, s);
      case AST_FUNCTION_LOG:
        if (n->getNumChildren() == 1)
          return E::call(Op::log, {E::number(10.0), walk(n->getChild(0), s)});
        return nary(Op::log, n, s);
      case AST_FUNCTION_LN: return unary(Op::ln, n, s);
      case AST_FUNCTION_EXP: return unary(Op::exp, n, s);
      case AST_FUNCTION_ABS: return unary(Op::abs, n, s);
      case AST_FUNCTION_FLOOR: return unary(Op::floor, n, s);
      case AST_FUNCTION_CEILING: return unary(Op::ceiling, n, s);
      case AST_FUNCTION_FACTORIAL: return unary(Op::factorial, n, s);
      case AST_FUNCTION_SIN: return unary(Op::sin, n, s);
      case AST_FUNCTION_COS: return unary(Op::cos, n, s);
      case AST_FUNCTION_TAN: return unary(Op::tan, n, s);
      case AST_FUNCTION_SEC: return unary(Op::sec, n, s);
      case AST_FUNCTION_CSC: return unary(Op::csc, n, s);
      case AST_FUNCTION_COT: return unary(Op::cot, n, s);
      case AST_FUNCTION_SINH: return unary(Op::sinh, n, s);
      case AST_FUNCTION_COSH: return unary(Op::cosh, n, s);
      case AST_FUNCTION_TANH: return unary(Op::tanh, n, s);
      case AST_FUNCTION_SECH: return unary(Op::sech, n, s);
      case AST_FUNCTION_CSCH: return unary(Op::csch, n, s);
      case AST_FUNCTION_COTH: return unary(Op::coth, n, s);
      case AST_FUNCTION_ARCSIN: return unary(Op::arcsin, n, s);
      case AST_FUNCTION_ARCCOS: return unary(Op::arccos, n, s);
      case AST_FUNCTION_ARCTAN: return unary(Op::arctan, n, s);
      case AST_FUNCTION_ARCSEC: return unary(Op::arcsec, n, s);
      case AST_FUNCTION_ARCCSC: return unary(Op::arccsc, n, s);
      case AST_FUNCTION_ARCCOT: return unary(Op::arccot, n, s);
      case AST_FUNCTION_ARCSINH: return unary(Op::arcsinh, n, s);
      case AST_FUNCTION_ARCCOSH: return unary(Op::arccosh, n, s);
      case AST_FUNCTION_ARCTANH: return unary(Op::arctanh, n, s);
      case AST_FUNCTION_ARCSECH: return unary(Op::arcsech, n, s);
      case AST_FUNCTION_ARCCSCH: return unary(Op::arccsch, n, s);
      case AST_FUNCTION_ARCCOTH: return unary(Op::arccoth, n, s);
      case AST_RELATIONAL_EQ: return relation(Op::eq, n, s);
      case AST_RELATIONAL_NEQ: return relation(Op::neq, n, s);
      case AST_RELATIONAL_LT: return relation(Op::lt, n, s);
      case AST_RELATIONAL_LEQ: return relation(Op::leq, n, s);
      case AST_RELATIONAL_GT: return relation(Op::gt, n, s);
      case AST_RELATIONAL_GEQ: return relation(Op::geq, n, s);
      case AST_LOGICAL_AND: return nary(Op::logical_and, n, s);
      case AST_LOGICAL_OR: return nary(Op::logical_or, n, s);
      case AST_LOGICAL_XOR: return nary(Op::logical_xor, n, s);
      case AST_LOGICAL_NOT: return unary(Op::logical_not, n, s);
      case AST_LOGICAL_IMPLIES: return nary(Op::implies, n, s);
      case AST_FUNCTION_PIECEWISE: return nary(Op::piecewise, n, s);
      case AST_FUNCTION_MAX:
        return n->getNumChildren() == 0 ? E::number(-INFINITY) : nary(Op::max, n, s);
      case AST_FUNCTION_MIN:
        return n->getNumChildren() == 0 ? E::number(INFINITY) : nary(Op::min, n, s);
      case AST_FUNCTION_REM: return nary(Op::rem, n, s);
      case AST_FUNCTION_QUOTIENT: return nary(Op::quotient, n, s);
      case AST_FUNCTION_DELAY: return nary(Op::delay, n, s);
      case AST_FUNCTION_RATE_OF: return nary(Op::rate_of, n, s);
      case AST_FUNCTION: return call_function(n, s);
      default: break;
    }
    refuse("unsupported MathML construct '" + std::string(n->getName() ? n->getName() : "?") +
           "' (AST type " + std::to_string(static_cast<int>(n->getType())) + ")");
  }

  ergon::Expression call_function(const ASTNode* n,
                                  const std::map<std::string, ergon::Expression>& s) {
    const std::string name = n->getName() ? n->getName() : "";
    const auto it = functions_.find(name);
    if (it == functions_.end() || it->second.body == nullptr) {
      refuse("call of undefined function '" + name + "'");
    }
    const FunctionDef& def = it->second;
    if (def.parameters.size() != n->getNumChildren()) {
      refuse("function '" + name + "' takes " + std::to_string(def.parameters.size()) +
             " argument(s), called with " + std::to_string(n->getNumChildren()));
    }
    // Arguments are evaluated in the caller's scope; the body sees only its parameters.
    std::map<std::string, ergon::Expression> inner;
    for (std::size_t i = 0; i < def.parameters.size(); ++i) {
      inner[def.parameters[i]] = walk(n->getChild(static_cast<unsigned>(i)), s);
    }
    return walk(def.body, inner);
  }

  std::string file_;
  std::string element_;
  int depth_ = 0;
  std::map<std::string, FunctionDef> functions_;
};

void flatten_comp(SBMLDocument& document, const std::string& file) {
  if (!document.isPackageEnabled("comp")) return;
  // A missing external model file is the usual reason flattening fails: name it.
  if (const auto* comp = dynamic_cast<const CompSBMLDocumentPlugin*>(document.getPlugin("comp"))) {
    for (unsigned i = 0; i < comp->getNumExternalModelDefinitions(); ++i) {
      const ExternalModelDefinition* external = comp->getExternalModelDefinition(i);
      const std::filesystem::path source = external->getSource();
      if (source.string().find("://") != std::string::npos) continue;  // a URI: libSBML resolves it
      const auto resolved =
          source.is_absolute() ? source : std::filesystem::path(file).parent_path() / source;
      if (!std::filesystem::exists(resolved)) {
        throw InputError({.file = file, .element_id = external->getId()},
                         "external model file '" + source.string() + "' not found (looked for " +
                             resolved.string() + ")");
      }
    }
  }
  ConversionProperties props;
  props.addOption("flatten comp", true);
  props.addOption("leavePorts", false);
  const int status = document.convert(props);
  if (status != LIBSBML_OPERATION_SUCCESS) {
    std::string why;
    for (unsigned i = 0; i < document.getNumErrors(); ++i) {
      const SBMLError* e = document.getError(i);
      if (e->isError() || e->isFatal()) {
        why = e->getShortMessage();
        break;
      }
    }
    throw InputError({.file = file}, "cannot flatten hierarchical (comp) model" +
                                         (why.empty() ? std::string() : ": " + why));
  }
}

void refuse_unknown_packages(SBMLDocument& document, const std::string& file) {
  for (unsigned i = 0; i < document.getNumPlugins(); ++i) {
    const SBasePlugin* plugin = document.getPlugin(i);
    const std::string prefix = plugin->getPackageName();
    if (prefix == "comp" || prefix == "fbc" || prefix == "layout" || prefix == "render" ||
        prefix == "groups" || prefix == "l3v2extendedmath") {
      continue;  // flattened (comp) or without effect on a time course
    }
    if (document.getPackageRequired(prefix)) {
      throw InputError({.file = file}, "required SBML package '" + prefix + "' is not supported");
    }
  }
}

}  // namespace

ImportedModel read_model(const std::filesystem::path& path, const ReadOptions& options) {
  const std::string file = path.string();
  ImportedModel out;
  auto document = detail::read_document(path, out.diagnostics);
  for (const auto& d : out.diagnostics) {
    if (d.severity >= Severity::error) {
      throw InputError({.file = file, .line = d.line}, "invalid SBML: " + d.message);
    }
  }
  // libSBML's validation (identifiers, math, SBML structure; units and modelling practice
  // are advice): an invalid model is refused rather than guessed at. Two kinds of error stay
  // warnings because they cannot change what the engine computes: dangling unit references
  // and a species read by a kinetic law without being declared a modifier.
  if (options.validate) {
    std::vector<Diagnostic> found;
    detail::check_consistency(*document, false, false, found);
    const Diagnostic* first_error = nullptr;
    for (auto& d : found) {
      const bool harmless = d.code == "sbml-10311" || d.code == "sbml-10312" ||
                            d.code == "sbml-10313" || d.code == "sbml-21121";
      if (harmless && d.severity == Severity::error) d.severity = Severity::warning;
    }
    for (const auto& d : found) {
      if (d.severity >= Severity::error && first_error == nullptr) first_error = &d;
    }
    if (first_error != nullptr) {
      throw InputError({.file = file, .line = first_error->line},
                       "invalid SBML: " + first_error->message);
    }
    out.diagnostics.insert(out.diagnostics.end(), found.begin(), found.end());
  }
  refuse_unknown_packages(*document, file);
  flatten_comp(*document, file);
  const ::Model& m = *document->getModel();
  Model& model = out.model;
  model.id = m.getId();
  model.level = document->getLevel();
  model.version = document->getVersion();
  const bool l3 = model.level >= 3;
  MathConverter math(m, file);

  for (unsigned i = 0; i < m.getNumCompartments(); ++i) {
    const ::Compartment* c = m.getCompartment(i);
    double size = c->isSetSize() ? c->getSize() : kUnset;
    if (!c->isSetSize() && !l3) size = 1.0;  // L1/L2 default volume
    model.compartments.push_back(
        {.id = c->getId(), .size = size, .constant = model.level > 1 && c->getConstant()});
  }
  std::map<std::string, bool> dimensionless;  // compartment id -> spatialDimensions == 0
  for (unsigned i = 0; i < m.getNumCompartments(); ++i) {
    const ::Compartment* c = m.getCompartment(i);
    dimensionless[c->getId()] =
        c->isSetSpatialDimensions() && c->getSpatialDimensionsAsDouble() == 0.0;
  }
  for (unsigned i = 0; i < m.getNumSpecies(); ++i) {
    const ::Species* s = m.getSpecies(i);
    model.species.push_back(
        {.id = s->getId(),
         .compartment = s->getCompartment(),
         .initial_amount = s->isSetInitialAmount() ? s->getInitialAmount() : kUnset,
         .initial_concentration =
             s->isSetInitialConcentration() ? s->getInitialConcentration() : kUnset,
         // A 0-D compartment has no size: its species' ids always mean amounts.
         .has_only_substance_units =
             s->getHasOnlySubstanceUnits() || dimensionless[s->getCompartment()],
         .boundary_condition = s->getBoundaryCondition(),
         .constant = s->getConstant(),
         .conversion_factor = l3 && s->isSetConversionFactor() ? s->getConversionFactor() : ""});
  }
  for (unsigned i = 0; i < m.getNumParameters(); ++i) {
    const ::Parameter* p = m.getParameter(i);
    model.parameters.push_back(
        {.id = p->getId(),
         .value = p->isSetValue() ? p->getValue() : kUnset,
         .constant =
             model.level > 1 && p->getConstant()});  // L1 has no 'constant': rules may set any
  }
  if (l3 && m.isSetConversionFactor()) model.conversion_factor = m.getConversionFactor();

  for (unsigned i = 0; i < m.getNumReactions(); ++i) {
    const ::Reaction* r = m.getReaction(i);
    Reaction reaction{.id = r->getId()};
    reaction.fast = r->isSetFast() && r->getFast();
    auto read_refs = [&](const ListOf* list, std::vector<SpeciesReference>& into) {
      for (unsigned k = 0; k < list->size(); ++k) {
        const auto* sr = static_cast<const ::SpeciesReference*>(list->get(k));
        SpeciesReference ref{.id = sr->getId(), .species = sr->getSpecies()};
        if (l3) {
          ref.stoichiometry = sr->isSetStoichiometry() ? sr->getStoichiometry() : kUnset;
          ref.constant = sr->getConstant();
        } else {
          ref.stoichiometry = sr->getStoichiometry();
          if (model.level == 1) ref.stoichiometry /= sr->getDenominator();
          if (sr->isSetStoichiometryMath() && sr->getStoichiometryMath()->isSetMath()) {
            ref.stoichiometry_math = math.convert(sr->getStoichiometryMath()->getMath(),
                                                  r->getId() + " stoichiometryMath");
            ref.constant = false;
          }
        }
        into.push_back(std::move(ref));
      }
    };
    read_refs(r->getListOfReactants(), reaction.reactants);
    read_refs(r->getListOfProducts(), reaction.products);
    if (r->isSetKineticLaw() && r->getKineticLaw()->isSetMath()) {
      const KineticLaw* kl = r->getKineticLaw();
      std::map<std::string, ergon::Expression> locals;
      const unsigned n_local = l3 ? kl->getNumLocalParameters() : kl->getNumParameters();
      for (unsigned k = 0; k < n_local; ++k) {
        const ::Parameter* p =
            l3 ? static_cast<const ::Parameter*>(kl->getLocalParameter(k)) : kl->getParameter(k);
        locals[p->getId()] = ergon::Expression::number(p->isSetValue() ? p->getValue() : kUnset);
      }
      reaction.rate = math.convert(kl->getMath(), r->getId(), locals);
    }
    model.reactions.push_back(std::move(reaction));
  }

  for (unsigned i = 0; i < m.getNumRules(); ++i) {
    const ::Rule* r = m.getRule(i);
    if (!r->isSetMath()) continue;  // L3: a rule without math has no effect
    Rule rule;
    rule.kind = r->isAlgebraic() ? RuleKind::algebraic
                : r->isRate()    ? RuleKind::rate
                                 : RuleKind::assignment;
    rule.variable = r->isAlgebraic() ? "" : r->getVariable();
    const std::string owner =
        rule.variable.empty() ? "algebraic rule #" + std::to_string(i + 1) : rule.variable;
    rule.math = math.convert(r->getMath(), owner);
    model.rules.push_back(std::move(rule));
  }
  for (unsigned i = 0; i < m.getNumInitialAssignments(); ++i) {
    const ::InitialAssignment* ia = m.getInitialAssignment(i);
    if (!ia->isSetMath()) continue;
    model.initial_assignments.push_back(
        {.symbol = ia->getSymbol(), .math = math.convert(ia->getMath(), ia->getSymbol())});
  }
  for (unsigned i = 0; i < m.getNumConstraints(); ++i) {
    const ::Constraint* c = m.getConstraint(i);
    if (!c->isSetMath()) continue;
    // The message is XHTML: keep its text.
    std::string message;
    bool in_tag = false;
    for (const char ch : c->isSetMessage() ? c->getMessageString() : std::string()) {
      if (ch == '<') in_tag = true;
      if (!in_tag && !(std::isspace(static_cast<unsigned char>(ch)) != 0 &&
                       (message.empty() || message.back() == ' '))) {
        message += std::isspace(static_cast<unsigned char>(ch)) != 0 ? ' ' : ch;
      }
      if (ch == '>') in_tag = false;
    }
    while (!message.empty() && message.back() == ' ') message.pop_back();
    model.constraints.push_back(
        {.math = math.convert(c->getMath(), "constraint #" + std::to_string(i + 1)),
         .message = message});
  }
  for (unsigned i = 0; i < m.getNumEvents(); ++i) {
    const ::Event* e = m.getEvent(i);
    Event event{.id = e->getId()};
    const std::string owner = e->getId().empty() ? "event #" + std::to_string(i + 1) : e->getId();
    if (!e->isSetTrigger() || !e->getTrigger()->isSetMath()) continue;  // can never fire
    event.trigger = math.convert(e->getTrigger()->getMath(), owner);
    if (l3) {
      event.initial_value = e->getTrigger()->getInitialValue();
      event.persistent = e->getTrigger()->getPersistent();
    }
    if (e->isSetDelay() && e->getDelay()->isSetMath())
      event.delay = math.convert(e->getDelay()->getMath(), owner);
    if (e->isSetPriority() && e->getPriority()->isSetMath()) {
      event.priority = math.convert(e->getPriority()->getMath(), owner);
    }
    event.use_values_from_trigger_time =
        (l3 || (model.level == 2 && model.version >= 4)) ? e->getUseValuesFromTriggerTime() : true;
    for (unsigned k = 0; k < e->getNumEventAssignments(); ++k) {
      const ::EventAssignment* ea = e->getEventAssignment(k);
      if (!ea->isSetMath()) continue;
      event.assignments.push_back(
          {.variable = ea->getVariable(), .math = math.convert(ea->getMath(), owner)});
    }
    model.events.push_back(std::move(event));
  }
  return out;
}

}  // namespace ergon::sbml
