#include "engine/sbml/sbml_library.hpp"

#include <sbml/common/libsbml-version.h>

namespace ergon::sbml {

std::string libsbml_version() {
  return getLibSBMLDottedVersion();
}

}  // namespace ergon::sbml
