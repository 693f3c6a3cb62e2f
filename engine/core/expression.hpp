#pragma once
// Mathematical expressions of a model, independent of any SBML library: a small tree of
// operators, numbers and symbol references. Function definitions are already inlined and
// local parameters substituted when a tree reaches this form, so a symbol always names a
// model-level quantity (compartment, species, parameter, species reference or reaction).

#include <string>
#include <vector>

namespace ergon {

/// Operators of SBML MathML. Booleans are numbers: 0 is false, anything else is true.
enum class Op {
  // leaves
  number,    ///< `value`
  symbol,    ///< `name` (a model id)
  time,      ///< simulation time csymbol
  avogadro,  ///< 6.02214179e23 (the value SBML L3 fixes)
  // arithmetic (plus/times are n-ary)
  plus,
  minus,
  times,
  divide,
  power,
  negate,
  root,  ///< args: degree, radicand
  log,   ///< args: base, value
  ln,
  exp,
  abs,
  floor,
  ceiling,
  factorial,
  sin,
  cos,
  tan,
  sec,
  csc,
  cot,
  sinh,
  cosh,
  tanh,
  sech,
  csch,
  coth,
  arcsin,
  arccos,
  arctan,
  arcsec,
  arccsc,
  arccot,
  arcsinh,
  arccosh,
  arctanh,
  arcsech,
  arccsch,
  arccoth,
  // relations (binary after import: n-ary chains are split into `and`)
  eq,
  neq,
  lt,
  leq,
  gt,
  geq,
  // logic (n-ary)
  logical_and,
  logical_or,
  logical_xor,
  logical_not,
  implies,
  /// args: value1, condition1, value2, condition2, ..., [otherwise]; NaN when nothing holds
  piecewise,
  max,
  min,
  rem,
  quotient,
  delay,    ///< args: expression, delay (time units)
  rate_of,  ///< args: one symbol
};

/// A node of an expression tree (value type).
struct Expression {
  Op op = Op::number;
  double value = 0.0;  ///< for Op::number
  std::string name;    ///< for Op::symbol
  std::vector<Expression> args;

  [[nodiscard]] static Expression number(double v) { return {.op = Op::number, .value = v}; }
  [[nodiscard]] static Expression symbol(std::string id) {
    return {.op = Op::symbol, .name = std::move(id)};
  }
  [[nodiscard]] static Expression call(Op op, std::vector<Expression> arguments) {
    return {.op = op, .args = std::move(arguments)};
  }
};

/// Ids of every symbol the expression reads (duplicates removed, order of first use).
[[nodiscard]] std::vector<std::string> referenced_symbols(const Expression& expression);

/// True when the expression contains `op` anywhere.
[[nodiscard]] bool contains(const Expression& expression, Op op);

/// Readable infix text, for messages.
[[nodiscard]] std::string to_string(const Expression& expression);

}  // namespace ergon
