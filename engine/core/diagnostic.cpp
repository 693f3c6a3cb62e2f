#include "engine/core/diagnostic.hpp"

#include <algorithm>

namespace ergon {

const char* to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
    case Severity::fatal: return "fatal";
  }
  return "unknown";
}

std::size_t count_at_least(const std::vector<Diagnostic>& diagnostics, Severity at_least) noexcept {
  return static_cast<std::size_t>(
      std::count_if(diagnostics.begin(), diagnostics.end(),
                    [at_least](const Diagnostic& d) { return d.severity >= at_least; }));
}

}  // namespace ergon
