#include "engine/kinetic/differentiate.hpp"

#include <utility>
#include <vector>

namespace ergon::kinetic {
namespace {

using Maybe = std::optional<Expression>;

bool is_number(const Expression& e, double v) {
  return e.op == Op::number && e.value == v;
}

Expression num(double v) {
  return Expression::number(v);
}

// Constructors that fold the zeros and ones differentiation produces.
Expression add(std::vector<Expression> terms) {
  std::vector<Expression> kept;
  for (auto& t : terms) {
    if (!is_number(t, 0.0)) kept.push_back(std::move(t));
  }
  if (kept.empty()) return num(0.0);
  if (kept.size() == 1) return std::move(kept.front());
  return Expression::call(Op::plus, std::move(kept));
}

Expression mul(std::vector<Expression> factors) {
  std::vector<Expression> kept;
  for (auto& f : factors) {
    if (is_number(f, 0.0)) return num(0.0);
    if (!is_number(f, 1.0)) kept.push_back(std::move(f));
  }
  if (kept.empty()) return num(1.0);
  if (kept.size() == 1) return std::move(kept.front());
  return Expression::call(Op::times, std::move(kept));
}

Expression neg(Expression a) {
  if (is_number(a, 0.0)) return a;
  if (a.op == Op::number) return num(-a.value);
  return Expression::call(Op::minus, {std::move(a)});
}

Expression sub(Expression a, Expression b) {
  if (is_number(b, 0.0)) return a;
  if (is_number(a, 0.0)) return neg(std::move(b));
  return Expression::call(Op::minus, {std::move(a), std::move(b)});
}

Expression div(Expression a, Expression b) {
  if (is_number(a, 0.0)) return num(0.0);
  if (is_number(b, 1.0)) return a;
  return Expression::call(Op::divide, {std::move(a), std::move(b)});
}

Expression call(Op op, std::vector<Expression> args) {
  return Expression::call(op, std::move(args));
}

bool is_relation_or_logic(Op op) {
  switch (op) {
    case Op::eq:
    case Op::neq:
    case Op::lt:
    case Op::leq:
    case Op::gt:
    case Op::geq:
    case Op::logical_and:
    case Op::logical_or:
    case Op::logical_xor:
    case Op::logical_not:
    case Op::implies: return true;
    default: return false;
  }
}

Maybe d(const Expression& e, const std::string& x);

// Derivative of f(u) given f'(u) as an expression and u's derivative.
Maybe chain(const Expression& u, const std::string& x, Expression outer) {
  auto du = d(u, x);
  if (!du) return std::nullopt;
  return mul({std::move(outer), std::move(*du)});
}

Maybe d(const Expression& e, const std::string& x) {
  const auto& a = e.args;
  switch (e.op) {
    case Op::number:
    case Op::avogadro:
    case Op::time: return num(0.0);
    case Op::symbol: return num(e.name == x ? 1.0 : 0.0);
    case Op::plus: {
      std::vector<Expression> terms;
      for (const auto& t : a) {
        auto dt = d(t, x);
        if (!dt) return std::nullopt;
        terms.push_back(std::move(*dt));
      }
      return add(std::move(terms));
    }
    case Op::minus:
    case Op::negate: {
      if (a.size() == 1) {
        auto da = d(a[0], x);
        if (!da) return std::nullopt;
        return neg(std::move(*da));
      }
      if (a.size() != 2) return std::nullopt;
      auto da = d(a[0], x);
      auto db = d(a[1], x);
      if (!da || !db) return std::nullopt;
      return sub(std::move(*da), std::move(*db));
    }
    case Op::times: {
      std::vector<Expression> terms;
      for (std::size_t i = 0; i < a.size(); ++i) {
        auto di = d(a[i], x);
        if (!di) return std::nullopt;
        if (is_number(*di, 0.0)) continue;
        std::vector<Expression> factors{std::move(*di)};
        for (std::size_t j = 0; j < a.size(); ++j) {
          if (j != i) factors.push_back(a[j]);
        }
        terms.push_back(mul(std::move(factors)));
      }
      return add(std::move(terms));
    }
    case Op::divide: {
      if (a.size() != 2) return std::nullopt;
      auto da = d(a[0], x);
      auto db = d(a[1], x);
      if (!da || !db) return std::nullopt;
      // a'/b - a b'/b^2
      Expression first = div(std::move(*da), a[1]);
      if (is_number(*db, 0.0)) return first;
      Expression second = div(mul({a[0], std::move(*db)}), mul({a[1], a[1]}));
      return sub(std::move(first), std::move(second));
    }
    case Op::power: {
      if (a.size() != 2) return std::nullopt;
      auto du = d(a[0], x);
      auto dv = d(a[1], x);
      if (!du || !dv) return std::nullopt;
      std::vector<Expression> terms;
      if (!is_number(*du, 0.0)) {
        // v u^(v-1) u'
        Expression exponent = a[1].op == Op::number ? num(a[1].value - 1.0) : sub(a[1], num(1.0));
        terms.push_back(mul({a[1], call(Op::power, {a[0], std::move(exponent)}), std::move(*du)}));
      }
      if (!is_number(*dv, 0.0)) {  // u^v ln(u) v' (only when the exponent varies)
        terms.push_back(mul({e, call(Op::ln, {a[0]}), std::move(*dv)}));
      }
      return add(std::move(terms));
    }
    case Op::root: {  // root(n, u) = u^(1/n): its derivative is root(n, u) / (n u) u'
      if (a.size() != 2) return std::nullopt;
      auto dn = d(a[0], x);
      if (!dn || !is_number(*dn, 0.0)) return std::nullopt;
      return chain(a[1], x, div(e, mul({a[0], a[1]})));
    }
    case Op::log: {  // log(b, u) = ln u / ln b, b constant
      if (a.size() != 2) return std::nullopt;
      auto db = d(a[0], x);
      if (!db || !is_number(*db, 0.0)) return std::nullopt;
      return chain(a[1], x, div(num(1.0), mul({a[1], call(Op::ln, {a[0]})})));
    }
    case Op::ln: return chain(a[0], x, div(num(1.0), a[0]));
    case Op::exp: return chain(a[0], x, e);
    case Op::abs:
      return chain(a[0], x,
                   call(Op::piecewise, {num(1.0), call(Op::geq, {a[0], num(0.0)}), num(-1.0)}));
    case Op::sin: return chain(a[0], x, call(Op::cos, {a[0]}));
    case Op::cos: return chain(a[0], x, neg(call(Op::sin, {a[0]})));
    case Op::tan: {
      Expression c = call(Op::cos, {a[0]});
      return chain(a[0], x, div(num(1.0), mul({c, c})));
    }
    case Op::sinh: return chain(a[0], x, call(Op::cosh, {a[0]}));
    case Op::cosh: return chain(a[0], x, call(Op::sinh, {a[0]}));
    case Op::tanh: return chain(a[0], x, sub(num(1.0), mul({e, e})));
    case Op::arctan: return chain(a[0], x, div(num(1.0), add({num(1.0), mul({a[0], a[0]})})));
    case Op::arcsin:
      return chain(a[0], x, call(Op::power, {sub(num(1.0), mul({a[0], a[0]})), num(-0.5)}));
    case Op::arccos:
      return chain(a[0], x, neg(call(Op::power, {sub(num(1.0), mul({a[0], a[0]})), num(-0.5)})));
    case Op::floor:
    case Op::ceiling:
    case Op::quotient: return num(0.0);  // piecewise constant
    case Op::rem: {                      // rem(a, b) = a - b trunc(a / b)
      if (a.size() != 2) return std::nullopt;
      auto da = d(a[0], x);
      auto db = d(a[1], x);
      if (!da || !db) return std::nullopt;
      return sub(std::move(*da), mul({std::move(*db), call(Op::quotient, {a[0], a[1]})}));
    }
    case Op::piecewise: {
      std::vector<Expression> args;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i % 2 == 1) {  // a condition: kept as it is
          args.push_back(a[i]);
          continue;
        }
        auto di = d(a[i], x);
        if (!di) return std::nullopt;
        args.push_back(std::move(*di));
      }
      bool all_zero = true;
      for (std::size_t i = 0; i < args.size(); i += 2)
        all_zero = all_zero && is_number(args[i], 0.0);
      if (all_zero) return num(0.0);
      return call(Op::piecewise, std::move(args));
    }
    case Op::max:
    case Op::min: {
      if (a.empty()) return std::nullopt;
      if (a.size() == 1) return d(a[0], x);
      // max(a0, rest) = a0 if a0 >= max(rest), else max(rest)
      std::vector<Expression> rest(a.begin() + 1, a.end());
      Expression others = rest.size() == 1 ? rest.front() : call(e.op, rest);
      auto d0 = d(a[0], x);
      auto drest = d(others, x);
      if (!d0 || !drest) return std::nullopt;
      if (is_number(*d0, 0.0) && is_number(*drest, 0.0)) return num(0.0);
      const Op wins = e.op == Op::max ? Op::geq : Op::leq;
      return call(Op::piecewise,
                  {std::move(*d0), call(wins, {a[0], std::move(others)}), std::move(*drest)});
    }
    default: break;
  }
  if (is_relation_or_logic(e.op)) return num(0.0);  // booleans: piecewise constant
  return std::nullopt;  // delay, rateOf, factorial, the rarer inverse functions
}

}  // namespace

std::optional<Expression> differentiate(const Expression& expression, const std::string& id) {
  return d(expression, id);
}

}  // namespace ergon::kinetic
