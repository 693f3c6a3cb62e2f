#include "engine/thermo/detail/expression_value.hpp"

#include <cmath>
#include <limits>

#include "engine/core/error.hpp"

namespace ergon::thermo::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// SBML Level 3 fixes Avogadro's number at this value.
constexpr double kAvogadro = 6.02214179e23;

double factorial(double n) {
  return std::tgamma(std::floor(n) + 1.0);
}

}  // namespace

double expression_value(const Expression& e, const SymbolValues& values, double time) {
  const auto arg = [&](std::size_t i) { return expression_value(e.args.at(i), values, time); };
  const auto truth = [](double x) { return x != 0.0 ? 1.0 : 0.0; };
  switch (e.op) {
    case Op::number: return e.value;
    case Op::symbol: {
      const auto it = values.find(e.name);
      if (it == values.end())
        throw InputError({.element_id = e.name}, "no value for this symbol in the rate law");
      return it->second;
    }
    case Op::time: return time;
    case Op::avogadro: return kAvogadro;
    case Op::plus: {
      double s = 0.0;
      for (std::size_t i = 0; i < e.args.size(); ++i) s += arg(i);
      return s;
    }
    case Op::times: {
      double p = 1.0;
      for (std::size_t i = 0; i < e.args.size(); ++i) p *= arg(i);
      return p;
    }
    case Op::minus: return e.args.size() == 1 ? -arg(0) : arg(0) - arg(1);
    case Op::divide: return arg(0) / arg(1);
    case Op::power: return std::pow(arg(0), arg(1));
    case Op::negate: return -arg(0);
    case Op::root: return e.args.size() == 1 ? std::sqrt(arg(0)) : std::pow(arg(1), 1.0 / arg(0));
    case Op::log:
      return e.args.size() == 1 ? std::log10(arg(0)) : std::log(arg(1)) / std::log(arg(0));
    case Op::ln: return std::log(arg(0));
    case Op::exp: return std::exp(arg(0));
    case Op::abs: return std::abs(arg(0));
    case Op::floor: return std::floor(arg(0));
    case Op::ceiling: return std::ceil(arg(0));
    case Op::factorial: return factorial(arg(0));
    case Op::sin: return std::sin(arg(0));
    case Op::cos: return std::cos(arg(0));
    case Op::tan: return std::tan(arg(0));
    case Op::sec: return 1.0 / std::cos(arg(0));
    case Op::csc: return 1.0 / std::sin(arg(0));
    case Op::cot: return 1.0 / std::tan(arg(0));
    case Op::sinh: return std::sinh(arg(0));
    case Op::cosh: return std::cosh(arg(0));
    case Op::tanh: return std::tanh(arg(0));
    case Op::sech: return 1.0 / std::cosh(arg(0));
    case Op::csch: return 1.0 / std::sinh(arg(0));
    case Op::coth: return 1.0 / std::tanh(arg(0));
    case Op::arcsin: return std::asin(arg(0));
    case Op::arccos: return std::acos(arg(0));
    case Op::arctan: return std::atan(arg(0));
    case Op::arcsec: return std::acos(1.0 / arg(0));
    case Op::arccsc: return std::asin(1.0 / arg(0));
    case Op::arccot: return std::atan(1.0 / arg(0));
    case Op::arcsinh: return std::asinh(arg(0));
    case Op::arccosh: return std::acosh(arg(0));
    case Op::arctanh: return std::atanh(arg(0));
    case Op::arcsech: return std::acosh(1.0 / arg(0));
    case Op::arccsch: return std::asinh(1.0 / arg(0));
    case Op::arccoth: return std::atanh(1.0 / arg(0));
    case Op::eq: return arg(0) == arg(1) ? 1.0 : 0.0;
    case Op::neq: return arg(0) != arg(1) ? 1.0 : 0.0;
    case Op::lt: return arg(0) < arg(1) ? 1.0 : 0.0;
    case Op::leq: return arg(0) <= arg(1) ? 1.0 : 0.0;
    case Op::gt: return arg(0) > arg(1) ? 1.0 : 0.0;
    case Op::geq: return arg(0) >= arg(1) ? 1.0 : 0.0;
    case Op::logical_and: {
      for (std::size_t i = 0; i < e.args.size(); ++i)
        if (truth(arg(i)) == 0.0) return 0.0;
      return 1.0;
    }
    case Op::logical_or: {
      for (std::size_t i = 0; i < e.args.size(); ++i)
        if (truth(arg(i)) != 0.0) return 1.0;
      return 0.0;
    }
    case Op::logical_xor: {
      double x = 0.0;
      for (std::size_t i = 0; i < e.args.size(); ++i) x = truth(x) != truth(arg(i)) ? 1.0 : 0.0;
      return x;
    }
    case Op::logical_not: return truth(arg(0)) == 0.0 ? 1.0 : 0.0;
    case Op::implies: return truth(arg(0)) == 0.0 || truth(arg(1)) != 0.0 ? 1.0 : 0.0;
    case Op::piecewise: {
      std::size_t i = 0;
      for (; i + 1 < e.args.size(); i += 2)
        if (truth(arg(i + 1)) != 0.0) return arg(i);
      return i < e.args.size() ? arg(i) : kNaN;
    }
    case Op::max: {
      double m = -std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < e.args.size(); ++i) m = std::max(m, arg(i));
      return m;
    }
    case Op::min: {
      double m = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < e.args.size(); ++i) m = std::min(m, arg(i));
      return m;
    }
    case Op::rem: return std::fmod(arg(0), arg(1));
    case Op::quotient: return std::trunc(arg(0) / arg(1));
    case Op::delay:
    case Op::rate_of:
      throw InputError("the rate law uses delay or rateOf, which a single state cannot evaluate");
  }
  return kNaN;
}

}  // namespace ergon::thermo::detail
