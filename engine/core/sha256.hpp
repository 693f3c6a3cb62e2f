#pragma once
// SHA-256 (FIPS 180-4) of bytes, as lowercase hex: the identity of a model file in logs and
// caches. Self-contained because the core depends on the standard library only.

#include <string>
#include <string_view>

namespace ergon {

[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace ergon
