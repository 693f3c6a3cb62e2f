#pragma once
// Gene-protein-reaction rules: which sets of genes let a reaction carry flux.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ergon {

/// A GPR rule as a small immutable expression tree: a gene, all_of (and) or any_of (or) of
/// sub-rules, or empty (no rule: the reaction never depends on genes). Nested operators of the
/// same kind are flattened, so "(a and b) and c" is all_of(a, b, c).
class Gpr {
 public:
  enum class Kind { empty, gene, all_of, any_of };

  Gpr() = default;  ///< the empty rule
  [[nodiscard]] static Gpr gene(std::string id);
  [[nodiscard]] static Gpr all_of(std::vector<Gpr> operands);
  [[nodiscard]] static Gpr any_of(std::vector<Gpr> operands);

  /// Parses COBRA text: gene ids joined by `and` / `or` (any case, `and` binds tighter, as in
  /// COBRApy), with parentheses. Blank text gives the empty rule. Throws InputError naming the
  /// text and the position on unbalanced parentheses, a dangling operator or two adjacent genes.
  [[nodiscard]] static Gpr parse(std::string_view text);

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] bool empty() const noexcept { return kind_ == Kind::empty; }
  /// Gene id; only meaningful for Kind::gene.
  [[nodiscard]] const std::string& gene_id() const noexcept { return gene_; }
  [[nodiscard]] const std::vector<Gpr>& operands() const noexcept { return operands_; }

  /// Distinct gene ids in order of first appearance.
  [[nodiscard]] std::vector<std::string> genes() const;

  /// True when the rule still holds with the genes for which `knocked_out(id)` is true removed.
  /// The empty rule always holds (COBRApy's convention: such reactions are never knocked out).
  [[nodiscard]] bool holds_without(
      const std::function<bool(const std::string&)>& knocked_out) const;

  /// COBRA text, fully parenthesised where needed: "(a and b) or c".
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Gpr&, const Gpr&) = default;

 private:
  Kind kind_ = Kind::empty;
  std::string gene_;
  std::vector<Gpr> operands_;
};

}  // namespace ergon
