#pragma once
// Compiled expressions: flat stack-machine code evaluated over a value array, so the RHS
// never walks a tree. Internal to the kinetic engine (no SUNDIALS types here either).

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace ergon::kinetic {

enum class Code : std::uint8_t {
  constant,
  load,
  jump,
  jump_if_false,
  add,
  subtract,
  multiply,
  divide,
  power,
  negate,
  root,
  log,
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
  eq,
  neq,
  lt,
  leq,
  gt,
  geq,
  logical_and,
  logical_or,
  logical_xor,
  logical_not,
  implies,
  max,
  min,
  rem,
  quotient,
  rate_of,  ///< pushes rates[a]
  delay,    ///< pops the delay, pushes history a at time - delay
  store,    ///< pops into values[a] (only in programs run with Program::run)
  // Fused forms (Program::optimise): the right operand is values[a] or `value`, not a push.
  add_slot,
  subtract_slot,
  multiply_slot,
  divide_slot,
  add_constant,
  subtract_constant,
  multiply_constant,
  divide_constant,
  square,       ///< x^2 as x * x
  square_root,  ///< x^0.5
  // load then an operator with a constant: pushes values[a] (op) value
  load_add_constant,
  load_subtract_constant,
  load_multiply_constant,
  load_divide_constant,
  // values[a] (op) values[b]: a load fused with an operator on another slot
  load_add_slot,
  load_subtract_slot,
  load_multiply_slot,
  load_divide_slot,
};

/// What a piecewise with no otherwise yields when no piece applies: a quiet NaN with its own
/// payload, so a NaN diagnosis can tell "undefined by the model" from a NaN of arithmetic
/// (sqrt(-1), 0/0, or such a value folded to a constant at compile time).
inline constexpr std::uint64_t kUndefinedPiecewiseBits = 0x7FF8'0000'0000'0BADULL;
[[nodiscard]] inline double undefined_piecewise_value() noexcept {
  return std::bit_cast<double>(kUndefinedPiecewiseBits);
}
[[nodiscard]] inline bool is_undefined_piecewise_value(double v) noexcept {
  return (std::bit_cast<std::uint64_t>(v) & ~(1ULL << 63)) == kUndefinedPiecewiseBits;
}

inline constexpr std::uint32_t kNoRelation = std::numeric_limits<std::uint32_t>::max();

struct Instruction {
  Code code = Code::constant;
  std::uint32_t a = 0;  ///< slot, jump target, argument count or relation id
  std::uint32_t b = 0;  ///< second slot (load_*_slot)
  double value = 0.0;   ///< constant
};

/// Calls read(slot) for each value slot the instruction reads (loads and fused operands).
template <class Read>
void for_each_slot_read(const Instruction& i, Read&& read) {
  switch (i.code) {
    case Code::load:
    case Code::load_add_constant:
    case Code::load_subtract_constant:
    case Code::load_multiply_constant:
    case Code::load_divide_constant:
    case Code::add_slot:
    case Code::subtract_slot:
    case Code::multiply_slot:
    case Code::divide_slot: read(i.a); break;
    case Code::load_add_slot:
    case Code::load_subtract_slot:
    case Code::load_multiply_slot:
    case Code::load_divide_slot:
      read(i.a);
      read(i.b);
      break;
    default: break;
  }
}

/// What an evaluation may consult besides the value array.
struct EvalHooks {
  /// Per relation id: +1 / -1 forces true / false while both sides are (nearly) equal, the
  /// state just after a root of that relation was located; 0 evaluates normally.
  const std::int8_t* overrides = nullptr;
  const double* rates = nullptr;  ///< d(slot)/dt, for rateOf
  /// Value of delay history `a` at time `t` (see Program::delay)
  double (*history)(const void* self, std::uint32_t a, double t) = nullptr;
  const void* history_self = nullptr;
  double time = 0.0;
};

class Program {
 public:
  std::vector<Instruction> code;
  std::uint32_t max_stack = 0;

  /// Evaluates over `values` (indexed by slot).
  [[nodiscard]] double evaluate(const double* values, const EvalHooks* hooks = nullptr) const;
  /// Runs a program of stores (see fuse) over `values`, writing the stored slots.
  void run(double* values, const EvalHooks* hooks = nullptr) const;
  /// Appends `program` followed by a store of its value into `target`: a sequence of
  /// assignments as one program, one dispatch loop instead of a call per assignment.
  void append_assignment(const Program& program, std::uint32_t target);
  /// Peephole pass: a load or constant feeding a binary arithmetic operator becomes one
  /// instruction with that operand, and powers 2 and 0.5 become x * x and sqrt. Never across
  /// a jump target (another path may feed the operator).
  void optimise();
  /// A program that is a single constant returns it (for folding); NaN otherwise.
  [[nodiscard]] bool is_constant() const {
    return code.size() == 1 && code[0].code == Code::constant;
  }

 private:
  double execute(double* values, const EvalHooks* hooks) const;
};

}  // namespace ergon::kinetic
