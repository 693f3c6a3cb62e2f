#pragma once
#include <string>

namespace ergon::kinetic {

/// Version of the SUNDIALS this build links.
[[nodiscard]] std::string sundials_version();

}  // namespace ergon::kinetic
