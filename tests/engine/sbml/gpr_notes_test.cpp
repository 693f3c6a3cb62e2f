#define BOOST_TEST_MODULE sbml_gpr_notes
#include <boost/test/unit_test.hpp>

#include "engine/sbml/detail/gpr_notes.hpp"

using namespace ergon::sbml::detail;

BOOST_AUTO_TEST_CASE(reads_gene_association_in_both_spellings) {
  const std::string notes =
      "<notes><body xmlns=\"http://www.w3.org/1999/xhtml\"><p>GENE_ASSOCIATION: b1 and b2</p>"
      "<p>SUBSYSTEM: Glycolysis</p></body></notes>";
  BOOST_TEST(notes_value(notes, "GENE_ASSOCIATION").value() == "b1 and b2");
  BOOST_TEST(notes_value(notes, "SUBSYSTEM").value() == "Glycolysis");
  BOOST_TEST(notes_value("<p>GENE ASSOCIATION: ( x )</p>", "GENE_ASSOCIATION").value() == "( x )");
  BOOST_TEST(!notes_value(notes, "EC_NUMBER").has_value());
}

BOOST_AUTO_TEST_CASE(decodes_xml_entities) {
  BOOST_TEST(notes_value("<p>SUBSYSTEM: a &amp; b</p>", "SUBSYSTEM").value() == "a & b");
}

BOOST_AUTO_TEST_CASE(lists_genes_once_in_order_of_first_use) {
  const auto genes = gpr_gene_ids("(b0001 and b0002) or (b0001 AND b0003)");
  const std::vector<std::string> expected{"b0001", "b0002", "b0003"};
  BOOST_TEST(genes == expected, boost::test_tools::per_element());
  BOOST_TEST(gpr_gene_ids("").empty());
}
