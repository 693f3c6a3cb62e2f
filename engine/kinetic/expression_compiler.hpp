#pragma once
// Expression tree -> Program. Symbols are resolved to value-array slots once, here.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/expression.hpp"
#include "engine/kinetic/program.hpp"

namespace ergon::kinetic {

class ExpressionCompiler {
 public:
  /// Maps a symbol id to its slot; throws InputError for an unknown id.
  using Resolver = std::function<std::uint32_t(const std::string&)>;
  /// Maps (delayed expression) to a history id; empty: delay() is refused.
  using DelayRegistrar = std::function<std::uint32_t(const Expression&)>;

  ExpressionCompiler(Resolver resolve, std::uint32_t time_slot)
      : resolve_(std::move(resolve)), time_slot_(time_slot) {}

  void set_delay_registrar(DelayRegistrar registrar) { delay_ = std::move(registrar); }

  /// Compiles `e`. When `track_relations`, every relation gets a fresh id whose difference
  /// (left - right) is appended to relations(), so the caller can locate its sign changes.
  [[nodiscard]] Program compile(const Expression& e, bool track_relations = true);

  /// lhs - rhs of each tracked relation, indexed by relation id.
  [[nodiscard]] const std::vector<Expression>& relations() const { return relations_; }
  /// The operator of each tracked relation, indexed by relation id (floor / ceiling for the
  /// sin(pi x) roots that mark their jumps: those have no relation to override).
  [[nodiscard]] const std::vector<Op>& relation_ops() const { return relation_ops_; }

 private:
  void emit(Program& p, const Expression& e, bool track);
  void push(Program& p, Instruction i, int stack_change);

  Resolver resolve_;
  std::uint32_t time_slot_;
  DelayRegistrar delay_;
  std::vector<Expression> relations_;
  std::vector<Op> relation_ops_;
  int depth_ = 0;
  bool fold_ = true;  ///< compute number-only subtrees at compile time
};

}  // namespace ergon::kinetic
