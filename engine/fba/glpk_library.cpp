#include "engine/fba/glpk_library.hpp"

#include <glpk.h>

namespace ergon::fba {

std::string glpk_version() {
  return glp_version();
}

void release_thread_solver() {
  glp_free_env();
}

}  // namespace ergon::fba
