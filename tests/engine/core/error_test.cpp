#define BOOST_TEST_MODULE core_error
#include <boost/test/unit_test.hpp>

#include "engine/core/diagnostic.hpp"
#include "engine/core/error.hpp"

using namespace ergon;

BOOST_AUTO_TEST_CASE(input_error_names_file_line_and_element) {
  const InputError e({.file = "m.xml", .element_id = "R_PGI", .line = 12}, "unknown species");
  BOOST_TEST(std::string(e.what()) == "m.xml:12: 'R_PGI': unknown species");
  BOOST_TEST(e.reason() == "unknown species");
  BOOST_TEST(e.where().line == 12U);
  BOOST_TEST(static_cast<int>(e.exit_code()) == 2);
}

BOOST_AUTO_TEST_CASE(input_error_without_location_is_the_bare_reason) {
  const InputError e("bad option");
  BOOST_TEST(std::string(e.what()) == "bad option");
}

BOOST_AUTO_TEST_CASE(location_parts_are_optional) {
  BOOST_TEST((InputLocation{.file = "", .element_id = "x", .line = 3}.format() == "line 3: 'x'"));
  BOOST_TEST((InputLocation{.file = "f", .element_id = "", .line = 0}.format() == "f"));
}

BOOST_AUTO_TEST_CASE(exit_codes_follow_the_documented_scheme) {
  BOOST_TEST(static_cast<int>(ComputationError("solver failed").exit_code()) == 1);
  BOOST_TEST(static_cast<int>(ExitCode::internal_error) == 3);
  const Error& base = InputError("x");  // the CLI catches the root and asks it for the code
  BOOST_TEST(static_cast<int>(base.exit_code()) == 2);
}

BOOST_AUTO_TEST_CASE(diagnostics_are_counted_by_severity) {
  const std::vector<Diagnostic> d{{.severity = Severity::warning},
                                  {.severity = Severity::error},
                                  {.severity = Severity::fatal}};
  BOOST_TEST(count_at_least(d, Severity::error) == 2U);
  BOOST_TEST(count_at_least(d, Severity::info) == 3U);
  BOOST_TEST(std::string(to_string(Severity::fatal)) == "fatal");
}
