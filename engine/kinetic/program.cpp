#include "engine/kinetic/program.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

namespace ergon::kinetic {
namespace {

bool truth(double x) {
  return x != 0.0;
}

double root_of(double degree, double x) {
  if (x < 0.0 && std::fmod(degree, 2.0) == 1.0) return -std::pow(-x, 1.0 / degree);
  if (degree == 2.0) return std::sqrt(x);
  return std::pow(x, 1.0 / degree);
}

bool nearly_equal(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * (1.0 + std::fabs(a) + std::fabs(b));
}

}  // namespace

double Program::evaluate(const double* values, const EvalHooks* hooks) const {
  // No store in an expression's code: the values are only read.
  return execute(const_cast<double*>(values), hooks);
}

void Program::run(double* values, const EvalHooks* hooks) const {
  (void)execute(values, hooks);
}

void Program::append_assignment(const Program& program, std::uint32_t target) {
  const auto base = static_cast<std::uint32_t>(code.size());
  for (Instruction i : program.code) {
    if (i.code == Code::jump || i.code == Code::jump_if_false) i.a += base;
    code.push_back(i);
  }
  code.push_back({.code = Code::store, .a = target});
  max_stack = std::max(max_stack, program.max_stack);
}

namespace {

// One peephole pass: each instruction with its successor, unless a jump lands on the
// successor, may be replaced by what `fuse` returns; jump targets are renumbered.
template <typename Fuse>
std::vector<Instruction> fuse_pairs(const std::vector<Instruction>& code, Fuse fuse) {
  std::vector<char> target(code.size() + 1, 0);
  for (const auto& i : code) {
    if (i.code == Code::jump || i.code == Code::jump_if_false) target[i.a] = 1;
  }
  std::vector<Instruction> out;
  std::vector<std::uint32_t> new_index(code.size() + 1, 0);
  for (std::size_t k = 0; k < code.size(); ++k) {
    new_index[k] = static_cast<std::uint32_t>(out.size());
    if (k + 1 < code.size() && target[k + 1] == 0) {
      if (const std::optional<Instruction> pair = fuse(code[k], code[k + 1])) {
        out.push_back(*pair);
        new_index[k + 1] = static_cast<std::uint32_t>(out.size() - 1);
        ++k;
        continue;
      }
    }
    out.push_back(code[k]);
  }
  new_index[code.size()] = static_cast<std::uint32_t>(out.size());
  for (auto& i : out) {
    if (i.code == Code::jump || i.code == Code::jump_if_false) i.a = new_index[i.a];
  }
  return out;
}

}  // namespace

void Program::optimise() {
  auto fused = [](Code op, bool slot) {
    switch (op) {
      case Code::add: return slot ? Code::add_slot : Code::add_constant;
      case Code::subtract: return slot ? Code::subtract_slot : Code::subtract_constant;
      case Code::multiply: return slot ? Code::multiply_slot : Code::multiply_constant;
      case Code::divide: return slot ? Code::divide_slot : Code::divide_constant;
      default: return Code::constant;
    }
  };
  // First pass: an operand pushed just before a binary operator becomes the operator's
  // argument (x + c, x * y), and x^2 / x^0.5 become square / square_root.
  code = fuse_pairs(
      code, [&](const Instruction& i, const Instruction& next) -> std::optional<Instruction> {
        if (i.code != Code::load && i.code != Code::constant) return std::nullopt;
        const bool binary =
            next.code == Code::subtract || next.code == Code::divide ||
            ((next.code == Code::add || next.code == Code::multiply) && next.a == 2);
        if (binary)
          return Instruction{
              .code = fused(next.code, i.code == Code::load), .a = i.a, .value = i.value};
        if (i.code == Code::constant && next.code == Code::power &&
            (i.value == 2.0 || i.value == 0.5))
          return Instruction{.code = i.value == 2.0 ? Code::square : Code::square_root};
        return std::nullopt;
      });
  // Second pass: a load followed by an operator with a constant (S / Km) is one instruction.
  code = fuse_pairs(
      code, [](const Instruction& i, const Instruction& next) -> std::optional<Instruction> {
        if (i.code != Code::load) return std::nullopt;
        Code with = Code::constant;
        switch (next.code) {
          case Code::add_constant: with = Code::load_add_constant; break;
          case Code::subtract_constant: with = Code::load_subtract_constant; break;
          case Code::multiply_constant: with = Code::load_multiply_constant; break;
          case Code::divide_constant: with = Code::load_divide_constant; break;
          case Code::add_slot: with = Code::load_add_slot; break;
          case Code::subtract_slot: with = Code::load_subtract_slot; break;
          case Code::multiply_slot: with = Code::load_multiply_slot; break;
          case Code::divide_slot: with = Code::load_divide_slot; break;
          default: return std::nullopt;
        }
        return Instruction{.code = with, .a = i.a, .b = next.a, .value = next.value};
      });
}

double Program::execute(double* values, const EvalHooks* hooks) const {
  double small[64];
  std::unique_ptr<double[]> big;
  double* stack = small;
  if (max_stack > 64) {
    big = std::make_unique<double[]>(max_stack);
    stack = big.get();
  }
  double* sp = stack;  // points one past the top
  const Instruction* const begin = code.data();
  const Instruction* const end = begin + code.size();
  for (const Instruction* ip = begin; ip != end; ++ip) {
    switch (ip->code) {
      case Code::constant: *sp++ = ip->value; break;
      case Code::load: *sp++ = values[ip->a]; break;
      case Code::store: values[ip->a] = *--sp; break;
      case Code::add_slot: sp[-1] += values[ip->a]; break;
      case Code::subtract_slot: sp[-1] -= values[ip->a]; break;
      case Code::multiply_slot: sp[-1] *= values[ip->a]; break;
      case Code::divide_slot: sp[-1] /= values[ip->a]; break;
      case Code::add_constant: sp[-1] += ip->value; break;
      case Code::subtract_constant: sp[-1] -= ip->value; break;
      case Code::multiply_constant: sp[-1] *= ip->value; break;
      case Code::divide_constant: sp[-1] /= ip->value; break;
      case Code::square: sp[-1] *= sp[-1]; break;
      case Code::load_add_constant: *sp++ = values[ip->a] + ip->value; break;
      case Code::load_subtract_constant: *sp++ = values[ip->a] - ip->value; break;
      case Code::load_multiply_constant: *sp++ = values[ip->a] * ip->value; break;
      case Code::load_divide_constant: *sp++ = values[ip->a] / ip->value; break;
      case Code::load_add_slot: *sp++ = values[ip->a] + values[ip->b]; break;
      case Code::load_subtract_slot: *sp++ = values[ip->a] - values[ip->b]; break;
      case Code::load_multiply_slot: *sp++ = values[ip->a] * values[ip->b]; break;
      case Code::load_divide_slot: *sp++ = values[ip->a] / values[ip->b]; break;
      case Code::square_root: sp[-1] = std::sqrt(sp[-1]); break;
      case Code::jump: ip = begin + ip->a - 1; break;
      case Code::jump_if_false:
        if (!truth(*--sp)) ip = begin + ip->a - 1;
        break;
      case Code::add: {
        const std::uint32_t n = ip->a;
        if (n == 2) {  // the compiler's usual form (a left fold)
          --sp;
          sp[-1] += sp[0];
          break;
        }
        double s = 0.0;
        for (std::uint32_t i = 0; i < n; ++i) s += sp[-static_cast<std::ptrdiff_t>(n) + i];
        sp -= n;
        *sp++ = s;
        break;
      }
      case Code::multiply: {
        const std::uint32_t n = ip->a;
        if (n == 2) {
          --sp;
          sp[-1] *= sp[0];
          break;
        }
        double s = 1.0;
        for (std::uint32_t i = 0; i < n; ++i) s *= sp[-static_cast<std::ptrdiff_t>(n) + i];
        sp -= n;
        *sp++ = s;
        break;
      }
      case Code::subtract:
        --sp;
        sp[-1] -= sp[0];
        break;
      case Code::divide:
        --sp;
        sp[-1] /= sp[0];
        break;
      case Code::power:
        --sp;
        sp[-1] = std::pow(sp[-1], sp[0]);
        break;
      case Code::root:
        --sp;
        sp[-1] = root_of(sp[-1], sp[0]);
        break;
      case Code::log:
        --sp;
        sp[-1] = std::log(sp[0]) / std::log(sp[-1]);
        break;
      case Code::rem:
        --sp;
        sp[-1] = std::fmod(sp[-1], sp[0]);
        break;
      case Code::quotient:
        --sp;
        sp[-1] = std::trunc(sp[-1] / sp[0]);
        break;
      case Code::implies:
        --sp;
        sp[-1] = (!truth(sp[-1]) || truth(sp[0])) ? 1.0 : 0.0;
        break;
      case Code::negate: sp[-1] = -sp[-1]; break;
      case Code::ln: sp[-1] = std::log(sp[-1]); break;
      case Code::exp: sp[-1] = std::exp(sp[-1]); break;
      case Code::abs: sp[-1] = std::fabs(sp[-1]); break;
      case Code::floor: sp[-1] = std::floor(sp[-1]); break;
      case Code::ceiling: sp[-1] = std::ceil(sp[-1]); break;
      case Code::factorial: sp[-1] = std::tgamma(sp[-1] + 1.0); break;
      case Code::sin: sp[-1] = std::sin(sp[-1]); break;
      case Code::cos: sp[-1] = std::cos(sp[-1]); break;
      case Code::tan: sp[-1] = std::tan(sp[-1]); break;
      case Code::sec: sp[-1] = 1.0 / std::cos(sp[-1]); break;
      case Code::csc: sp[-1] = 1.0 / std::sin(sp[-1]); break;
      case Code::cot: sp[-1] = 1.0 / std::tan(sp[-1]); break;
      case Code::sinh: sp[-1] = std::sinh(sp[-1]); break;
      case Code::cosh: sp[-1] = std::cosh(sp[-1]); break;
      case Code::tanh: sp[-1] = std::tanh(sp[-1]); break;
      case Code::sech: sp[-1] = 1.0 / std::cosh(sp[-1]); break;
      case Code::csch: sp[-1] = 1.0 / std::sinh(sp[-1]); break;
      case Code::coth: sp[-1] = 1.0 / std::tanh(sp[-1]); break;
      case Code::arcsin: sp[-1] = std::asin(sp[-1]); break;
      case Code::arccos: sp[-1] = std::acos(sp[-1]); break;
      case Code::arctan: sp[-1] = std::atan(sp[-1]); break;
      case Code::arcsec: sp[-1] = std::acos(1.0 / sp[-1]); break;
      case Code::arccsc: sp[-1] = std::asin(1.0 / sp[-1]); break;
      case Code::arccot: sp[-1] = std::atan(1.0 / sp[-1]); break;
      case Code::arcsinh: sp[-1] = std::asinh(sp[-1]); break;
      case Code::arccosh: sp[-1] = std::acosh(sp[-1]); break;
      case Code::arctanh: sp[-1] = std::atanh(sp[-1]); break;
      case Code::arcsech: sp[-1] = std::acosh(1.0 / sp[-1]); break;
      case Code::arccsch: sp[-1] = std::asinh(1.0 / sp[-1]); break;
      case Code::arccoth: sp[-1] = std::atanh(1.0 / sp[-1]); break;
      case Code::eq:
      case Code::neq:
      case Code::lt:
      case Code::leq:
      case Code::gt:
      case Code::geq: {
        --sp;
        const double l = sp[-1];
        const double r = sp[0];
        if (hooks != nullptr && hooks->overrides != nullptr && ip->a != kNoRelation &&
            hooks->overrides[ip->a] != 0 && nearly_equal(l, r)) {
          sp[-1] = hooks->overrides[ip->a] > 0 ? 1.0 : 0.0;
          break;
        }
        bool result = false;
        switch (ip->code) {
          case Code::eq: result = l == r; break;
          case Code::neq: result = l != r; break;
          case Code::lt: result = l < r; break;
          case Code::leq: result = l <= r; break;
          case Code::gt: result = l > r; break;
          default: result = l >= r; break;
        }
        sp[-1] = result ? 1.0 : 0.0;
        break;
      }
      case Code::logical_and:
      case Code::logical_or:
      case Code::logical_xor:
      case Code::max:
      case Code::min: {
        const std::uint32_t n = ip->a;
        double* first = sp - n;
        double r = 0.0;
        if (ip->code == Code::logical_and) {
          r = 1.0;
          for (std::uint32_t i = 0; i < n; ++i) r = (truth(r) && truth(first[i])) ? 1.0 : 0.0;
        } else if (ip->code == Code::logical_or) {
          for (std::uint32_t i = 0; i < n; ++i) r = (truth(r) || truth(first[i])) ? 1.0 : 0.0;
        } else if (ip->code == Code::logical_xor) {
          int count = 0;
          for (std::uint32_t i = 0; i < n; ++i) count += truth(first[i]) ? 1 : 0;
          r = (count % 2 == 1) ? 1.0 : 0.0;
        } else {
          r = first[0];
          for (std::uint32_t i = 1; i < n; ++i) {
            if (std::isnan(first[i]) || std::isnan(r)) {
              r = std::nan("");
            } else {
              r = ip->code == Code::max ? std::fmax(r, first[i]) : std::fmin(r, first[i]);
            }
          }
        }
        sp = first;
        *sp++ = r;
        break;
      }
      case Code::logical_not: sp[-1] = truth(sp[-1]) ? 0.0 : 1.0; break;
      case Code::rate_of:
        *sp++ = (hooks != nullptr && hooks->rates != nullptr) ? hooks->rates[ip->a] : 0.0;
        break;
      case Code::delay: {
        const double d = *--sp;
        if (hooks != nullptr && hooks->history != nullptr) {
          *sp++ = hooks->history(hooks->history_self, ip->a, hooks->time - d);
        } else {
          *sp++ = values[0];  // never reached: the compiler refuses delay without history
        }
        break;
      }
    }
  }
  return sp > stack ? sp[-1] : 0.0;
}

}  // namespace ergon::kinetic
