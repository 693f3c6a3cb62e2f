#pragma once
#include <string>

namespace ergon::fba {

/// Version of the GLPK this build links.
[[nodiscard]] std::string glpk_version();

}  // namespace ergon::fba
