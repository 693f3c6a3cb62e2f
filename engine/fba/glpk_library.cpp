#include "engine/fba/glpk_library.hpp"

#include <glpk.h>

namespace ergon::fba {

std::string glpk_version() {
  return glp_version();
}

}  // namespace ergon::fba
