#define BOOST_TEST_MODULE core_gpr
#include <boost/test/unit_test.hpp>

#include <set>

#include "engine/core/error.hpp"
#include "engine/core/gpr.hpp"

using ergon::Gpr;

namespace {
bool holds_without(const Gpr& rule, std::set<std::string> out) {
  return rule.holds_without([&](const std::string& g) { return out.count(g) > 0; });
}
}  // namespace

BOOST_AUTO_TEST_CASE(blank_text_is_the_empty_rule_that_always_holds) {
  BOOST_TEST(Gpr::parse("").empty());
  BOOST_TEST(Gpr::parse("   ").empty());
  BOOST_TEST(holds_without(Gpr::parse(""), {"a"}));
}

BOOST_AUTO_TEST_CASE(and_binds_tighter_than_or) {
  const auto rule = Gpr::parse("a or b and c");
  BOOST_TEST((rule.kind() == Gpr::Kind::any_of));
  BOOST_TEST(rule.to_string() == "a or (b and c)");
  BOOST_TEST(holds_without(rule, {"b"}));
  BOOST_TEST(!holds_without(rule, {"a", "c"}));
}

BOOST_AUTO_TEST_CASE(nested_and_mixed_case_operators) {
  const auto rule = Gpr::parse("((b0001 AND b0002) Or (b0003 and (b0004 or b0005)))");
  BOOST_TEST(rule.to_string() == "(b0001 and b0002) or (b0003 and (b0004 or b0005))");
  BOOST_TEST(holds_without(rule, {"b0001", "b0004"}));
  BOOST_TEST(!holds_without(rule, {"b0001", "b0004", "b0005"}));
  BOOST_TEST(!holds_without(rule, {"b0002", "b0003"}));
  const std::vector<std::string> genes{"b0001", "b0002", "b0003", "b0004", "b0005"};
  BOOST_TEST(rule.genes() == genes, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(same_operators_are_flattened) {
  const auto rule = Gpr::parse("(a and b) and (c and d)");
  BOOST_TEST(rule.operands().size() == 4U);
  BOOST_TEST((Gpr::parse("(((x)))") == Gpr::gene("x")));
}

BOOST_AUTO_TEST_CASE(gene_ids_may_contain_punctuation) {
  const auto rule = Gpr::parse("G_s0001 or HGNC:123.1 or gene-x_y");
  BOOST_TEST(rule.operands().size() == 3U);
  BOOST_TEST(rule.operands()[1].gene_id() == "HGNC:123.1");
  // "order" and "andrea" are genes, not operators.
  BOOST_TEST(Gpr::parse("order and andrea").genes().size() == 2U);
}

BOOST_AUTO_TEST_CASE(malformed_rules_are_refused_with_the_text) {
  for (const char* bad : {"(a and b", "a and b)", "a and", "or b", "a b", "a and ()", "()"}) {
    BOOST_CHECK_EXCEPTION(Gpr::parse(bad), ergon::InputError, [&](const ergon::InputError& e) {
      return std::string(e.what()).find(bad) != std::string::npos;
    });
  }
}
