#include "engine/core/gpr.hpp"

#include <algorithm>
#include <cctype>

#include "engine/core/error.hpp"

namespace ergon {
namespace {

Gpr combine(Gpr::Kind kind, std::vector<Gpr> operands);

bool is_word_char(char c) {
  return c != '(' && c != ')' && std::isspace(static_cast<unsigned char>(c)) == 0;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Recursive descent over:  or_expr := and_expr ('or' and_expr)* ;
// and_expr := atom ('and' atom)* ; atom := gene | '(' or_expr ')'.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Gpr parse() {
    skip_space();
    if (pos_ == text_.size()) return {};
    Gpr rule = or_expr();
    skip_space();
    if (pos_ != text_.size())
      fail(peek_word().empty()
               ? "unexpected ')'"
               : "expected 'and' or 'or' before '" + std::string(peek_word()) + "'");
    return rule;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError("malformed gene-reaction rule '" + std::string(text_) + "' at character " +
                     std::to_string(pos_ + 1) + ": " + what);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0)
      ++pos_;
  }

  std::string_view peek_word() const {
    std::size_t end = pos_;
    while (end < text_.size() && is_word_char(text_[end])) ++end;
    return text_.substr(pos_, end - pos_);
  }

  bool accept_operator(std::string_view name) {
    skip_space();
    if (equals_ignoring_case(peek_word(), name)) {
      pos_ += name.size();
      return true;
    }
    return false;
  }

  Gpr or_expr() {
    std::vector<Gpr> operands{and_expr()};
    while (accept_operator("or")) operands.push_back(and_expr());
    return combine(Gpr::Kind::any_of, std::move(operands));
  }

  Gpr and_expr() {
    std::vector<Gpr> operands{atom()};
    while (accept_operator("and")) operands.push_back(atom());
    return combine(Gpr::Kind::all_of, std::move(operands));
  }

  Gpr atom() {
    skip_space();
    if (pos_ == text_.size()) fail("expected a gene or '(' but the rule ends");
    if (text_[pos_] == '(') {
      ++pos_;
      Gpr inner = or_expr();
      skip_space();
      if (pos_ == text_.size() || text_[pos_] != ')') fail("missing ')'");
      ++pos_;
      return inner;
    }
    const auto word = peek_word();
    if (word.empty()) fail("expected a gene but found ')'");
    if (equals_ignoring_case(word, "and") || equals_ignoring_case(word, "or")) {
      fail("expected a gene but found '" + std::string(word) + "'");
    }
    pos_ += word.size();
    return Gpr::gene(std::string(word));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

Gpr combine(Gpr::Kind kind, std::vector<Gpr> operands) {
  if (operands.size() == 1) return std::move(operands.front());
  return kind == Gpr::Kind::all_of ? Gpr::all_of(std::move(operands))
                                   : Gpr::any_of(std::move(operands));
}

void collect_genes(const Gpr& rule, std::vector<std::string>& out) {
  if (rule.kind() == Gpr::Kind::gene) {
    if (std::find(out.begin(), out.end(), rule.gene_id()) == out.end())
      out.push_back(rule.gene_id());
    return;
  }
  for (const auto& operand : rule.operands()) collect_genes(operand, out);
}

}  // namespace

Gpr Gpr::gene(std::string id) {
  Gpr rule;
  rule.kind_ = Kind::gene;
  rule.gene_ = std::move(id);
  return rule;
}

namespace {
std::vector<Gpr> flatten(Gpr::Kind kind, std::vector<Gpr> operands) {
  std::vector<Gpr> flat;
  for (auto& operand : operands) {
    if (operand.kind() == kind) {
      flat.insert(flat.end(), operand.operands().begin(), operand.operands().end());
    } else if (!operand.empty()) {
      flat.push_back(std::move(operand));
    }
  }
  return flat;
}
}  // namespace

Gpr Gpr::all_of(std::vector<Gpr> operands) {
  Gpr rule;
  rule.operands_ = flatten(Kind::all_of, std::move(operands));
  if (rule.operands_.size() == 1) return std::move(rule.operands_.front());
  rule.kind_ = rule.operands_.empty() ? Kind::empty : Kind::all_of;
  return rule;
}

Gpr Gpr::any_of(std::vector<Gpr> operands) {
  Gpr rule;
  rule.operands_ = flatten(Kind::any_of, std::move(operands));
  if (rule.operands_.size() == 1) return std::move(rule.operands_.front());
  rule.kind_ = rule.operands_.empty() ? Kind::empty : Kind::any_of;
  return rule;
}

Gpr Gpr::parse(std::string_view text) {
  return Parser(text).parse();
}

std::vector<std::string> Gpr::genes() const {
  std::vector<std::string> out;
  collect_genes(*this, out);
  return out;
}

bool Gpr::holds_without(const std::function<bool(const std::string&)>& knocked_out) const {
  switch (kind_) {
    case Kind::empty: return true;
    case Kind::gene: return !knocked_out(gene_);
    case Kind::all_of:
      return std::all_of(operands_.begin(), operands_.end(),
                         [&](const Gpr& g) { return g.holds_without(knocked_out); });
    case Kind::any_of:
      return std::any_of(operands_.begin(), operands_.end(),
                         [&](const Gpr& g) { return g.holds_without(knocked_out); });
  }
  return true;
}

std::string Gpr::to_string() const {
  if (kind_ == Kind::empty) return {};
  if (kind_ == Kind::gene) return gene_;
  const char* joiner = kind_ == Kind::all_of ? " and " : " or ";
  std::string out;
  for (std::size_t i = 0; i < operands_.size(); ++i) {
    if (i > 0) out += joiner;
    const bool wrap = operands_[i].kind() == Kind::all_of || operands_[i].kind() == Kind::any_of;
    out += wrap ? "(" + operands_[i].to_string() + ")" : operands_[i].to_string();
  }
  return out;
}

}  // namespace ergon
