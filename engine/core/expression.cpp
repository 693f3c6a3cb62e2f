#include "engine/core/expression.hpp"

#include <algorithm>
#include <sstream>

namespace ergon {
namespace {

void collect(const Expression& e, std::vector<std::string>& out) {
  if (e.op == Op::symbol && std::find(out.begin(), out.end(), e.name) == out.end()) {
    out.push_back(e.name);
  }
  for (const auto& a : e.args) collect(a, out);
}

const char* op_name(Op op) {
  switch (op) {
    case Op::plus: return "+";
    case Op::minus: return "-";
    case Op::times: return "*";
    case Op::divide: return "/";
    case Op::power: return "^";
    case Op::eq: return "==";
    case Op::neq: return "!=";
    case Op::lt: return "<";
    case Op::leq: return "<=";
    case Op::gt: return ">";
    case Op::geq: return ">=";
    case Op::logical_and: return "&&";
    case Op::logical_or: return "||";
    default: return nullptr;
  }
}

void print(const Expression& e, std::ostream& out) {
  switch (e.op) {
    case Op::number: out << e.value; return;
    case Op::symbol: out << e.name; return;
    case Op::time: out << "time"; return;
    case Op::avogadro: out << "avogadro"; return;
    default: break;
  }
  if (const char* infix = op_name(e.op); infix != nullptr && e.args.size() >= 2) {
    out << '(';
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      if (i > 0) out << ' ' << infix << ' ';
      print(e.args[i], out);
    }
    out << ')';
    return;
  }
  out << "op" << static_cast<int>(e.op) << '(';
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    if (i > 0) out << ", ";
    print(e.args[i], out);
  }
  out << ')';
}

}  // namespace

std::vector<std::string> referenced_symbols(const Expression& expression) {
  std::vector<std::string> out;
  collect(expression, out);
  return out;
}

bool contains(const Expression& expression, Op op) {
  if (expression.op == op) return true;
  return std::any_of(expression.args.begin(), expression.args.end(),
                     [op](const Expression& a) { return contains(a, op); });
}

std::string to_string(const Expression& expression) {
  std::ostringstream out;
  print(expression, out);
  return out.str();
}

}  // namespace ergon
