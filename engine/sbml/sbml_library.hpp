#pragma once
#include <string>

namespace ergon::sbml {

/// Version of the libSBML this build links, e.g. "5.19.7".
[[nodiscard]] std::string libsbml_version();

}  // namespace ergon::sbml
