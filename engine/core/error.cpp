#include "engine/core/error.hpp"

namespace ergon {

std::string InputLocation::format() const {
  std::string out = file;
  if (line > 0) {
    out += (out.empty() ? "line " : ":") + std::to_string(line);
  }
  if (!element_id.empty()) {
    out += (out.empty() ? "" : ": ") + std::string("'") + element_id + "'";
  }
  return out;
}

namespace {
std::string join(const InputLocation& where, const std::string& what) {
  const std::string prefix = where.format();
  return prefix.empty() ? what : prefix + ": " + what;
}
}  // namespace

InputError::InputError(InputLocation where, const std::string& what)
    : Error(join(where, what)), where_(std::move(where)), reason_(what) {}

}  // namespace ergon
