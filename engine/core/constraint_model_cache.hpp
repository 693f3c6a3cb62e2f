#pragma once
// An on-disk cache of imported constraint models. Parsing a genome-scale SBML file (libSBML)
// takes seconds, reading the binary form milliseconds; every CLI run, Lua script and screen
// rank that loads the same file then pays the parse once.
//
// A cache file holds a header (magic, format version, ergon version and commit, the source
// file's SHA-256, the reader variant, payload size and SHA-256) and the payload: the model,
// its import diagnostics and fbc objectives, and optionally a simplex basis at the reference
// optimum (a warm start for the first FBA). A file whose header or checksum does not match is
// ignored and rewritten; writes go to a temporary file renamed into place, so readers never
// see a half-written entry.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/core/diagnostic.hpp"

namespace ergon {

/// Row and column statuses of an LP's simplex basis (the solver's own codes, opaque here).
struct SolverWarmStart {
  std::vector<int> rows;
  std::vector<int> columns;
  [[nodiscard]] bool empty() const noexcept { return rows.empty() && columns.empty(); }
};

/// What a cache entry holds besides its header.
struct CachedConstraintModel {
  ConstraintModel model;
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> objectives;
  SolverWarmStart warm_start;  ///< empty when none was stored
};

/// Binary form of an entry. `source_sha256` (hex) identifies the file it was read from,
/// `variant` the reader options (two readings of one file with different options are
/// different models).
[[nodiscard]] std::string encode_cache_entry(const CachedConstraintModel& entry,
                                             std::string_view source_sha256,
                                             std::string_view variant);

/// Decodes an entry. Returns nullopt, with the reason in `why`, when the bytes are not an entry
/// of this format version and ergon build, belong to another source or variant, are truncated
/// or fail the payload checksum; the model itself is validated again by ConstraintModel.
[[nodiscard]] std::optional<CachedConstraintModel> decode_cache_entry(
    std::string_view bytes, std::string_view source_sha256, std::string_view variant,
    std::string& why);

/// Where cache files live: $ERGON_CACHE_DIR, else $XDG_CACHE_HOME/ergon, else ~/.cache/ergon
/// (empty path when none of these is set).
[[nodiscard]] std::filesystem::path default_cache_directory();

/// True unless $ERGON_NO_CACHE is set to something other than "" or "0".
[[nodiscard]] bool cache_enabled_by_environment();

/// A directory of cache entries. Failures to write are reported (a warning for the caller to
/// show), never thrown: a cache that cannot be written only costs speed.
class ConstraintModelCache {
 public:
  explicit ConstraintModelCache(std::filesystem::path directory)
      : directory_(std::move(directory)) {}

  [[nodiscard]] const std::filesystem::path& directory() const noexcept { return directory_; }
  /// File of the entry for (source, variant).
  [[nodiscard]] std::filesystem::path entry_path(std::string_view source_sha256,
                                                 std::string_view variant) const;

  /// The entry, or nullopt (missing, unreadable, stale or corrupt; `why` says which).
  [[nodiscard]] std::optional<CachedConstraintModel> load(std::string_view source_sha256,
                                                          std::string_view variant,
                                                          std::string& why) const;
  /// Writes the entry atomically. Returns false with the reason in `warning` on failure.
  bool store(const CachedConstraintModel& entry, std::string_view source_sha256,
             std::string_view variant, std::string& warning) const;

 private:
  std::filesystem::path directory_;
};

}  // namespace ergon
