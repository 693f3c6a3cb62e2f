#include <sstream>

#include "engine/core/build_info.hpp"
#include "engine/fba/glpk_library.hpp"
#include "engine/io/hdf5_library.hpp"
#include "engine/kinetic/sundials_library.hpp"
#include "engine/sbml/sbml_library.hpp"
#include "scripting/cli/commands.hpp"
#include "scripting/lua/lua_library.hpp"

namespace ergon::cli {

std::string version_text() {
  std::ostringstream out;
  out << "ergon " << ergon::version() << " (commit " << ergon::git_commit() << ")\n"
      << "built with:\n"
      << "  SUNDIALS " << kinetic::sundials_version() << "\n"
      << "  libSBML  " << sbml::libsbml_version() << "\n"
      << "  GLPK     " << fba::glpk_version() << "\n"
      << "  HDF5     " << io::hdf5_version() << "\n"
      << "  Lua      " << scripting::lua_version() << "\n";
  return out.str();
}

}  // namespace ergon::cli
