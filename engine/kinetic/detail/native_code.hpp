#pragma once
// The native tier: compiled programs (program.hpp) translated to C, built into a shared object
// by the system compiler and loaded with dlopen, so the hot functions of a run (RHS, derived
// values, Jacobian partials) execute as straight-line machine code instead of the bytecode
// interpreter. The bytecode stays the default and the fallback: anything this tier cannot
// translate or build leaves the caller with the bytecode and a note saying why.
//
// The generated code calls the same libm functions, in the same order, as Program::execute, and
// is compiled without -ffast-math and with -ffp-contract=off, so both tiers give the same bits.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/kinetic/program.hpp"

namespace ergon::kinetic::detail {

/// C source being assembled: a prelude with the helpers Program::execute uses, then functions.
class NativeSource {
 public:
  NativeSource();
  /// Appends `void name(double* v, const signed char* ov)` running a program of stores over the
  /// value array (ov: relation overrides, may be null). False, with `why`, for code the native
  /// tier does not translate (delay, rateOf).
  bool add_store_function(const std::string& name, const Program& program, std::string& why);
  /// Appends raw C (e.g. a function assembled with emit_expression).
  void append(const std::string& text) { text_ += text; }
  /// Emits `program` (an expression) as a C block assigning its value to `result`.
  bool emit_expression(const Program& program, const std::string& result, std::string& out,
                       std::string& why);
  /// Emits `program` (stores) as a C block.
  bool emit_stores(const Program& program, std::string& out, std::string& why);
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  bool emit(const Program& program, const std::string* result, std::string& out, std::string& why);
  std::string text_;
  unsigned blocks_ = 0;  ///< labels are function-scoped in C: each block gets its own prefix
};

/// C literal for `x` that reads back as exactly `x` (hexfloat; bit pattern for NaN and inf).
[[nodiscard]] std::string c_literal(double x);

/// An open shared object (dlopen handle), closed when the last owner lets go.
class NativeLibrary {
 public:
  ~NativeLibrary();
  NativeLibrary(const NativeLibrary&) = delete;
  NativeLibrary& operator=(const NativeLibrary&) = delete;
  /// Opens `path`; null with the loader's message in `why` on failure.
  static std::shared_ptr<NativeLibrary> open(const std::filesystem::path& path, std::string& why);
  [[nodiscard]] void* symbol(const char* name) const;

 private:
  explicit NativeLibrary(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;
};

/// What building (or finding in the cache) a shared object came to.
struct NativeBuild {
  std::shared_ptr<NativeLibrary> library;  ///< null: use the bytecode (note says why)
  std::string note;                        ///< why not native; empty on success
  bool from_cache = false;                 ///< loaded without running the compiler
  double compile_seconds = 0.0;            ///< wall time spent in the compiler (0 from cache)
};

/// The compiler the native tier uses: $ERGON_CC if set (an unusable value disables the tier),
/// else the first of cc, gcc, clang on PATH. Empty when there is none.
[[nodiscard]] std::filesystem::path find_c_compiler(std::string& why);

/// Finds the shared object for `source` in the cache directory (default_cache_directory())
/// or compiles it there. Cache entries are keyed by SHA-256 of the source, the compiler's path,
/// size and modification time and the flags; each .so has a sidecar with its own SHA-256, so a
/// damaged file is detected and rebuilt; the object also carries its key as the symbol
/// `ergon_native_key`, checked after loading.
[[nodiscard]] NativeBuild build_native_library(const std::string& source);

}  // namespace ergon::kinetic::detail
