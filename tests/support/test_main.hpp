#pragma once
// A Boost.Test main that skips the whole executable (exit 77, which CTest reports as
// "skipped") when data it needs is not there, printing which path is missing and why.
// Use: #define BOOST_TEST_MODULE x / #define BOOST_TEST_NO_MAIN / include boost/test/unit_test.hpp,
// then ERGON_TEST_MAIN_REQUIRING(path, ...) at namespace scope.

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <initializer_list>
#include <iostream>

#include "support/test_paths.hpp"

namespace ergon::test {

inline constexpr int kSkipExitCode = 77;

inline bool report_missing(std::initializer_list<std::filesystem::path> required) {
  for (const auto& path : required) {
    if (!std::filesystem::exists(path)) {
      std::cout << "skipped: " << path.string()
                << " not found (test data outside the repository: set ERGON_SHARED_DIR /"
                   " ERGON_COBRA_DATA_DIR, or install python-cobra-data)\n";
      return true;
    }
  }
  return false;
}

}  // namespace ergon::test

#define ERGON_TEST_MAIN_REQUIRING(...)                                                 \
  int main(int argc, char* argv[]) {                                                   \
    if (ergon::test::report_missing({__VA_ARGS__})) return ergon::test::kSkipExitCode; \
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);              \
  }
