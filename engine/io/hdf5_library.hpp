#pragma once
#include <string>

namespace ergon::io {

/// Version of the HDF5 this build links.
[[nodiscard]] std::string hdf5_version();

}  // namespace ergon::io
