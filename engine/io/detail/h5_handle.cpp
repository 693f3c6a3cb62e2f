#include "engine/io/detail/h5_handle.hpp"

#include "engine/core/error.hpp"

namespace ergon::io::detail {

void check_h5(herr_t status, const std::string& what, const std::string& object) {
  if (status < 0) throw ComputationError("HDF5: " + what + " failed for '" + object + "'");
}

H5Handle checked(hid_t id, H5Handle::Closer closer, const std::string& what,
                 const std::string& object) {
  if (id < 0) throw ComputationError("HDF5: " + what + " failed for '" + object + "'");
  return {id, closer};
}

}  // namespace ergon::io::detail
