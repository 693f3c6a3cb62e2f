#include "engine/kinetic/sundials_library.hpp"

#include <sundials/sundials_config.h>

namespace ergon::kinetic {

std::string sundials_version() {
  return SUNDIALS_VERSION;
}

}  // namespace ergon::kinetic
