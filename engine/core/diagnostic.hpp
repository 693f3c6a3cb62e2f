#pragma once
// A finding about an input (from validation or import), reported, not thrown: the caller
// decides whether errors among them stop the run.

#include <string>
#include <vector>

namespace ergon {

enum class Severity { info, warning, error, fatal };

[[nodiscard]] const char* to_string(Severity severity) noexcept;

struct Diagnostic {
  Severity severity = Severity::info;
  std::string code;      ///< stable code, e.g. "sbml-10310" for libSBML error 10310
  std::string category;  ///< e.g. "identifier consistency"
  unsigned line = 0;     ///< 1-based line in the file; 0 = unknown
  std::string message;   ///< one line, what is wrong
};

/// Number of diagnostics at or above `at_least`.
[[nodiscard]] std::size_t count_at_least(const std::vector<Diagnostic>& diagnostics,
                                         Severity at_least) noexcept;

}  // namespace ergon
