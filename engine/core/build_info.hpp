#pragma once
// Identity of this build, for --version and for provenance attributes in output files.

#include <string_view>

namespace ergon {

/// Semantic version of ergon, e.g. "0.1.0".
[[nodiscard]] std::string_view version() noexcept;
/// Short git commit the build was configured from ("unknown" outside a checkout;
/// suffix "-dirty" when tracked files had local changes).
[[nodiscard]] std::string_view git_commit() noexcept;

}  // namespace ergon
