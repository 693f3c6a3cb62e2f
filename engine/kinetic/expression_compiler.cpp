#include "engine/kinetic/expression_compiler.hpp"

#include <cmath>

#include "engine/core/error.hpp"

namespace ergon::kinetic {
namespace {

Code unary_code(Op op) {
  switch (op) {
    case Op::negate: return Code::negate;
    case Op::ln: return Code::ln;
    case Op::exp: return Code::exp;
    case Op::abs: return Code::abs;
    case Op::floor: return Code::floor;
    case Op::ceiling: return Code::ceiling;
    case Op::factorial: return Code::factorial;
    case Op::sin: return Code::sin;
    case Op::cos: return Code::cos;
    case Op::tan: return Code::tan;
    case Op::sec: return Code::sec;
    case Op::csc: return Code::csc;
    case Op::cot: return Code::cot;
    case Op::sinh: return Code::sinh;
    case Op::cosh: return Code::cosh;
    case Op::tanh: return Code::tanh;
    case Op::sech: return Code::sech;
    case Op::csch: return Code::csch;
    case Op::coth: return Code::coth;
    case Op::arcsin: return Code::arcsin;
    case Op::arccos: return Code::arccos;
    case Op::arctan: return Code::arctan;
    case Op::arcsec: return Code::arcsec;
    case Op::arccsc: return Code::arccsc;
    case Op::arccot: return Code::arccot;
    case Op::arcsinh: return Code::arcsinh;
    case Op::arccosh: return Code::arccosh;
    case Op::arctanh: return Code::arctanh;
    case Op::arcsech: return Code::arcsech;
    case Op::arccsch: return Code::arccsch;
    case Op::arccoth: return Code::arccoth;
    case Op::logical_not: return Code::logical_not;
    default: return Code::constant;
  }
}

Code binary_code(Op op) {
  switch (op) {
    case Op::minus: return Code::subtract;
    case Op::divide: return Code::divide;
    case Op::power: return Code::power;
    case Op::root: return Code::root;
    case Op::log: return Code::log;
    case Op::rem: return Code::rem;
    case Op::quotient: return Code::quotient;
    case Op::implies: return Code::implies;
    case Op::eq: return Code::eq;
    case Op::neq: return Code::neq;
    case Op::lt: return Code::lt;
    case Op::leq: return Code::leq;
    case Op::gt: return Code::gt;
    case Op::geq: return Code::geq;
    default: return Code::constant;
  }
}

Code nary_code(Op op) {
  switch (op) {
    case Op::plus: return Code::add;
    case Op::times: return Code::multiply;
    case Op::logical_and: return Code::logical_and;
    case Op::logical_or: return Code::logical_or;
    case Op::logical_xor: return Code::logical_xor;
    case Op::max: return Code::max;
    case Op::min: return Code::min;
    default: return Code::constant;
  }
}

bool is_relation(Op op) {
  return op == Op::eq || op == Op::neq || op == Op::lt || op == Op::leq || op == Op::gt ||
         op == Op::geq;
}

// Arithmetic on numbers only (e.g. kinetic-law constants after local parameters are
// substituted): computed once at compile time, with the same operations as at run time.
bool foldable(const Expression& e) {
  switch (e.op) {
    case Op::number:
    case Op::avogadro: return true;
    case Op::symbol:
    case Op::time:
    case Op::piecewise:
    case Op::rate_of:
    case Op::delay:
    case Op::floor:
    case Op::ceiling: return false;
    default: break;
  }
  if (is_relation(e.op) || e.op == Op::logical_and || e.op == Op::logical_or ||
      e.op == Op::logical_xor || e.op == Op::logical_not || e.op == Op::implies)
    return false;
  if (nary_code(e.op) == Code::constant && binary_code(e.op) == Code::constant &&
      unary_code(e.op) == Code::constant && e.op != Op::minus)
    return false;
  if (e.args.empty()) return false;
  for (const auto& a : e.args) {
    if (!foldable(a)) return false;
  }
  return true;
}

}  // namespace

void ExpressionCompiler::push(Program& p, Instruction i, int stack_change) {
  p.code.push_back(i);
  depth_ += stack_change;
  if (depth_ > static_cast<int>(p.max_stack)) p.max_stack = static_cast<std::uint32_t>(depth_);
}

Program ExpressionCompiler::compile(const Expression& e, bool track_relations) {
  Program p;
  depth_ = 0;
  emit(p, e, track_relations);
  return p;
}

void ExpressionCompiler::emit(Program& p, const Expression& e, bool track) {
  const auto n = static_cast<std::uint32_t>(e.args.size());
  auto args = [&] {
    for (const auto& a : e.args) emit(p, a, track);
  };
  auto arity = [&](std::uint32_t want) {
    if (n != want) {
      throw InputError("operator in '" + to_string(e) + "' takes " + std::to_string(want) +
                       " argument(s), has " + std::to_string(n));
    }
  };
  if (fold_ && e.op != Op::number && e.op != Op::avogadro && foldable(e)) {
    ExpressionCompiler inner([](const std::string&) -> std::uint32_t { return 0; }, 0);
    inner.fold_ = false;
    const Program constant = inner.compile(e, false);
    push(p, {.code = Code::constant, .value = constant.evaluate(nullptr)}, 1);
    return;
  }
  switch (e.op) {
    case Op::number: push(p, {.code = Code::constant, .value = e.value}, 1); return;
    case Op::symbol: push(p, {.code = Code::load, .a = resolve_(e.name)}, 1); return;
    case Op::time: push(p, {.code = Code::load, .a = time_slot_}, 1); return;
    case Op::avogadro: push(p, {.code = Code::constant, .value = 6.02214179e23}, 1); return;
    case Op::piecewise: {
      // value1 cond1 value2 cond2 ... [otherwise]: first true condition wins, evaluated lazily.
      std::vector<std::size_t> to_end;
      std::uint32_t i = 0;
      const int base = depth_;
      for (; i + 1 < n; i += 2) {
        emit(p, e.args[i + 1], track);
        push(p, {.code = Code::jump_if_false}, -1);
        const std::size_t skip = p.code.size() - 1;
        emit(p, e.args[i], track);
        push(p, {.code = Code::jump}, 0);
        to_end.push_back(p.code.size() - 1);
        depth_ = base;
        p.code[skip].a = static_cast<std::uint32_t>(p.code.size());
      }
      if (i < n) {
        emit(p, e.args[i], track);
      } else {
        push(p, {.code = Code::constant, .value = std::nan("")}, 1);
      }
      for (auto j : to_end) p.code[j].a = static_cast<std::uint32_t>(p.code.size());
      return;
    }
    case Op::rate_of: {
      arity(1);
      if (e.args[0].op == Op::number) {  // e.g. a local parameter, substituted: constant
        push(p, {.code = Code::constant, .value = 0.0}, 1);
        return;
      }
      if (e.args[0].op != Op::symbol)
        throw InputError("rateOf needs a symbol, has '" + to_string(e) + "'");
      push(p, {.code = Code::rate_of, .a = resolve_(e.args[0].name)}, 1);
      return;
    }
    case Op::delay: {
      arity(2);
      if (!delay_) throw InputError("delay() is not supported here: '" + to_string(e) + "'");
      const std::uint32_t id = delay_(e.args[0]);
      emit(p, e.args[1], track);
      push(p, {.code = Code::delay, .a = id}, 0);
      return;
    }
    case Op::minus:
      if (n == 1) {
        emit(p, e.args[0], track);
        push(p, {.code = Code::negate}, 0);
        return;
      }
      break;
    default: break;
  }
  if (const Code c = nary_code(e.op); c != Code::constant) {
    if (n == 0) {
      const bool neutral_one = e.op == Op::times || e.op == Op::logical_and;
      push(p, {.code = Code::constant, .value = neutral_one ? 1.0 : 0.0}, 1);
      return;
    }
    args();
    push(p, {.code = c, .a = n}, 1 - static_cast<int>(n));
    return;
  }
  if (const Code c = binary_code(e.op); c != Code::constant) {
    arity(2);
    args();
    std::uint32_t id = kNoRelation;
    if (is_relation(e.op) && track) {
      id = static_cast<std::uint32_t>(relations_.size());
      relations_.push_back(Expression::call(Op::minus, {e.args[0], e.args[1]}));
      relation_ops_.push_back(e.op);
    }
    push(p, {.code = c, .a = id}, -1);
    return;
  }
  if (const Code c = unary_code(e.op); c != Code::constant) {
    arity(1);
    args();
    if (track && (e.op == Op::floor || e.op == Op::ceiling)) {
      // floor and ceiling jump where their argument crosses an integer, i.e. where
      // sin(pi x) changes sign: a root function that makes CVODE stop at each jump.
      relations_.push_back(Expression::call(
          Op::sin,
          {Expression::call(Op::times, {Expression::number(3.14159265358979323846), e.args[0]})}));
      relation_ops_.push_back(e.op);
    }
    push(p, {.code = c}, 0);
    return;
  }
  throw InputError("cannot compile '" + to_string(e) + "'");
}

}  // namespace ergon::kinetic
