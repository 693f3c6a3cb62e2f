// Every operator of the expression VM against known values.
#define BOOST_TEST_MODULE kinetic_program
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "engine/core/error.hpp"
#include "engine/kinetic/expression_compiler.hpp"

using ergon::Expression;
using ergon::Op;

namespace {

// Slots: 0 time, 1 x, 2 y.
double eval(const Expression& e, double time = 0.0, double x = 2.0, double y = 3.0) {
  ergon::kinetic::ExpressionCompiler compiler(
      [](const std::string& id) -> std::uint32_t {
        if (id == "x") return 1;
        if (id == "y") return 2;
        throw ergon::InputError({.element_id = id}, "unknown");
      },
      0);
  const double values[] = {time, x, y};
  return compiler.compile(e).evaluate(values);
}

Expression n(double v) {
  return Expression::number(v);
}
Expression x() {
  return Expression::symbol("x");
}
Expression y() {
  return Expression::symbol("y");
}
Expression f(Op op, std::vector<Expression> args) {
  return Expression::call(op, std::move(args));
}

}  // namespace

BOOST_AUTO_TEST_CASE(arithmetic) {
  BOOST_TEST(eval(f(Op::plus, {x(), y(), n(1)})) == 6.0);
  BOOST_TEST(eval(f(Op::plus, {})) == 0.0);
  BOOST_TEST(eval(f(Op::times, {x(), y(), n(2)})) == 12.0);
  BOOST_TEST(eval(f(Op::times, {})) == 1.0);
  BOOST_TEST(eval(f(Op::minus, {x(), y()})) == -1.0);
  BOOST_TEST(eval(f(Op::minus, {x()})) == -2.0);
  BOOST_TEST(eval(f(Op::negate, {y()})) == -3.0);
  BOOST_TEST(eval(f(Op::divide, {y(), x()})) == 1.5);
  BOOST_TEST(eval(f(Op::power, {x(), y()})) == 8.0);
  BOOST_TEST(eval(f(Op::root, {n(2), n(16)})) == 4.0);
  BOOST_TEST(eval(f(Op::root, {n(3), n(-8)})) == -2.0, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(eval(f(Op::log, {n(2), n(8)})) == 3.0, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(eval(f(Op::ln, {n(std::exp(2.0))})) == 2.0, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(eval(f(Op::exp, {n(0)})) == 1.0);
  BOOST_TEST(eval(f(Op::abs, {n(-4)})) == 4.0);
  BOOST_TEST(eval(f(Op::floor, {n(-1.5)})) == -2.0);
  BOOST_TEST(eval(f(Op::ceiling, {n(-1.5)})) == -1.0);
  BOOST_TEST(eval(f(Op::factorial, {n(5)})) == 120.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(eval(f(Op::rem, {n(7), n(3)})) == 1.0);
  BOOST_TEST(eval(f(Op::rem, {n(-7), n(3)})) == -1.0);
  BOOST_TEST(eval(f(Op::quotient, {n(7), n(2)})) == 3.0);
  BOOST_TEST(eval(f(Op::quotient, {n(-7), n(2)})) == -3.0);
  BOOST_TEST(eval(f(Op::max, {x(), y(), n(-1)})) == 3.0);
  BOOST_TEST(eval(f(Op::min, {x(), y(), n(-1)})) == -1.0);
}

BOOST_AUTO_TEST_CASE(trigonometry_and_hyperbolic) {
  const auto tol = boost::test_tools::tolerance(1e-12);
  const double a = 0.7;
  BOOST_TEST(eval(f(Op::sin, {n(a)})) == std::sin(a), tol);
  BOOST_TEST(eval(f(Op::cos, {n(a)})) == std::cos(a), tol);
  BOOST_TEST(eval(f(Op::tan, {n(a)})) == std::tan(a), tol);
  BOOST_TEST(eval(f(Op::sec, {n(a)})) == 1 / std::cos(a), tol);
  BOOST_TEST(eval(f(Op::csc, {n(a)})) == 1 / std::sin(a), tol);
  BOOST_TEST(eval(f(Op::cot, {n(a)})) == 1 / std::tan(a), tol);
  BOOST_TEST(eval(f(Op::sinh, {n(a)})) == std::sinh(a), tol);
  BOOST_TEST(eval(f(Op::cosh, {n(a)})) == std::cosh(a), tol);
  BOOST_TEST(eval(f(Op::tanh, {n(a)})) == std::tanh(a), tol);
  BOOST_TEST(eval(f(Op::sech, {n(a)})) == 1 / std::cosh(a), tol);
  BOOST_TEST(eval(f(Op::csch, {n(a)})) == 1 / std::sinh(a), tol);
  BOOST_TEST(eval(f(Op::coth, {n(a)})) == 1 / std::tanh(a), tol);
  BOOST_TEST(eval(f(Op::arcsin, {n(0.5)})) == std::asin(0.5), tol);
  BOOST_TEST(eval(f(Op::arccos, {n(0.5)})) == std::acos(0.5), tol);
  BOOST_TEST(eval(f(Op::arctan, {n(2)})) == std::atan(2.0), tol);
  BOOST_TEST(eval(f(Op::arcsec, {n(2)})) == std::acos(0.5), tol);
  BOOST_TEST(eval(f(Op::arccsc, {n(2)})) == std::asin(0.5), tol);
  BOOST_TEST(eval(f(Op::arccot, {n(2)})) == std::atan(0.5), tol);
  BOOST_TEST(eval(f(Op::arcsinh, {n(2)})) == std::asinh(2.0), tol);
  BOOST_TEST(eval(f(Op::arccosh, {n(2)})) == std::acosh(2.0), tol);
  BOOST_TEST(eval(f(Op::arctanh, {n(0.5)})) == std::atanh(0.5), tol);
  BOOST_TEST(eval(f(Op::arcsech, {n(0.5)})) == std::acosh(2.0), tol);
  BOOST_TEST(eval(f(Op::arccsch, {n(2)})) == std::asinh(0.5), tol);
  BOOST_TEST(eval(f(Op::arccoth, {n(2)})) == std::atanh(0.5), tol);
}

BOOST_AUTO_TEST_CASE(relations_and_logic_mix_booleans_and_numbers) {
  BOOST_TEST(eval(f(Op::lt, {x(), y()})) == 1.0);
  BOOST_TEST(eval(f(Op::gt, {x(), y()})) == 0.0);
  BOOST_TEST(eval(f(Op::leq, {x(), n(2)})) == 1.0);
  BOOST_TEST(eval(f(Op::geq, {x(), n(2.5)})) == 0.0);
  BOOST_TEST(eval(f(Op::eq, {x(), n(2)})) == 1.0);
  BOOST_TEST(eval(f(Op::neq, {x(), n(2)})) == 0.0);
  BOOST_TEST(eval(f(Op::logical_and, {n(1), n(5)})) == 1.0);
  BOOST_TEST(eval(f(Op::logical_and, {})) == 1.0);
  BOOST_TEST(eval(f(Op::logical_or, {n(0), n(0)})) == 0.0);
  BOOST_TEST(eval(f(Op::logical_or, {})) == 0.0);
  BOOST_TEST(eval(f(Op::logical_xor, {n(1), n(1), n(1)})) == 1.0);
  BOOST_TEST(eval(f(Op::logical_not, {n(0)})) == 1.0);
  BOOST_TEST(eval(f(Op::implies, {n(0), n(0)})) == 1.0);
  BOOST_TEST(eval(f(Op::implies, {n(1), n(0)})) == 0.0);
  // a boolean used as a number
  BOOST_TEST(eval(f(Op::plus, {f(Op::lt, {x(), y()}), n(1)})) == 2.0);
}

BOOST_AUTO_TEST_CASE(piecewise_takes_the_first_true_piece_else_otherwise_else_nan) {
  const Expression pw =
      f(Op::piecewise, {n(10), f(Op::gt, {x(), n(5)}), n(20), f(Op::lt, {x(), n(5)}), n(30)});
  BOOST_TEST(eval(pw, 0, 1) == 20.0);
  BOOST_TEST(eval(pw, 0, 9) == 10.0);
  BOOST_TEST(eval(pw, 0, 5) == 30.0);
  BOOST_TEST(std::isnan(eval(f(Op::piecewise, {n(1), n(0)}))));
}

BOOST_AUTO_TEST_CASE(constants_time_and_special_values) {
  BOOST_TEST(eval(Expression{.op = Op::time}, 4.5) == 4.5);
  BOOST_TEST(eval(Expression{.op = Op::avogadro}) == 6.02214179e23);
  BOOST_TEST(std::isinf(eval(f(Op::divide, {n(1), n(0)}))));
  BOOST_TEST(std::isnan(eval(f(Op::minus, {n(INFINITY), n(INFINITY)}))));
}

BOOST_AUTO_TEST_CASE(unknown_symbol_is_input_error) {
  BOOST_CHECK_THROW(eval(Expression::symbol("nope")), ergon::InputError);
}

// The peephole forms (operand fused with its operator, leaf operands moved after the other
// side of + and *, x^2 and x^0.5 without pow, folded constants) give the plain results, also
// right after a piecewise whose branches jump to the operator.
BOOST_AUTO_TEST_CASE(fused_instructions_keep_the_results) {
  const auto pw = f(Op::piecewise, {x(), f(Op::gt, {x(), n(1)}), y()});
  BOOST_TEST(eval(f(Op::plus, {n(1), pw})) == 3.0);
  BOOST_TEST(eval(f(Op::plus, {n(1), pw}), 0.0, 0.5, 7.0) == 8.0);
  BOOST_TEST(eval(f(Op::times, {pw, y()}), 0.0, 0.5, 7.0) == 49.0);
  BOOST_TEST(eval(f(Op::minus, {pw, x()}), 0.0, 0.5, 7.0) == 6.5);
  BOOST_TEST(eval(f(Op::divide, {pw, n(4)}), 0.0, 0.5, 7.0) == 1.75);
  BOOST_TEST(eval(f(Op::plus, {n(1), f(Op::divide, {x(), n(4)}), f(Op::divide, {y(), n(2)})})) ==
             3.0);
  BOOST_TEST(eval(f(Op::times, {y(), f(Op::plus, {x(), n(1)})})) == 9.0);
  BOOST_TEST(eval(f(Op::minus, {f(Op::times, {x(), n(3)}), f(Op::divide, {y(), x()})})) == 4.5);
  BOOST_TEST(eval(f(Op::power, {y(), n(2)})) == 9.0);
  BOOST_TEST(eval(f(Op::power, {n(9), n(0.5)})) == 3.0);
  BOOST_TEST(eval(f(Op::power, {f(Op::plus, {x(), y()}), n(0.5)}), 0.0, 2.0, 2.0) == 2.0);
  BOOST_TEST(eval(f(Op::divide, {f(Op::times, {n(6), n(2)}), f(Op::plus, {n(1), n(2)})})) == 4.0);
}
