#pragma once
// RAII for HDF5 identifiers and the one return-code check of this module.

#include <hdf5.h>

#include <string>
#include <utility>

namespace ergon::io::detail {

/// Owns an hid_t and closes it with the matching H5?close function.
class H5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  H5Handle(H5Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  H5Handle& operator=(H5Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  ~H5Handle() { reset(); }

  void reset() noexcept {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  [[nodiscard]] hid_t get() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Throws ComputationError("HDF5: <what> failed for <object>") when `status` < 0.
void check_h5(herr_t status, const std::string& what, const std::string& object);
/// Returns an owning handle, or throws like check_h5 when `id` is invalid.
H5Handle checked(hid_t id, H5Handle::Closer closer, const std::string& what,
                 const std::string& object);

}  // namespace ergon::io::detail
