#pragma once
// Compiled expressions: flat stack-machine code evaluated over a value array, so the RHS
// never walks a tree. Internal to the kinetic engine (no SUNDIALS types here either).

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
};

inline constexpr std::uint32_t kNoRelation = std::numeric_limits<std::uint32_t>::max();

struct Instruction {
  Code code = Code::constant;
  std::uint32_t a = 0;  ///< slot, jump target, argument count or relation id
  double value = 0.0;   ///< constant
};

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
  /// A program that is a single constant returns it (for folding); NaN otherwise.
  [[nodiscard]] bool is_constant() const {
    return code.size() == 1 && code[0].code == Code::constant;
  }

 private:
  double execute(double* values, const EvalHooks* hooks) const;
};

}  // namespace ergon::kinetic
