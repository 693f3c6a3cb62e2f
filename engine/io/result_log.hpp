#pragma once
// An HDF5 file that experiment results are logged to: groups with a `kind` attribute,
// numeric and string datasets (chunked, compressed), streamed row tables that keep memory
// bounded, model texts stored once per file. Layout: docs/hdf5-schema.md.
//
// Crash safety: everything written before the last flush() survives a SIGKILL. Streams flush
// on their own at least every LogOptions::flush_interval_seconds of wall time. One writer per
// file: a second process opening the same file for writing is refused (InputError).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ergon::io {

using AttributeValue = std::variant<bool, std::int64_t, double, std::string, std::vector<double>,
                                    std::vector<std::int64_t>, std::vector<std::string>>;
using Attributes = std::vector<std::pair<std::string, AttributeValue>>;

enum class OpenMode {
  truncate,  ///< "w": create, replacing an existing file
  append,    ///< "a": open an existing file (or create it) and add to it
};

struct LogOptions {
  double flush_interval_seconds = 5.0;  ///< streams flush at least this often (wall clock)
  int deflate_level = 4;                ///< gzip level 0-9 of chunked datasets
  std::size_t chunk_rows = 512;         ///< rows per chunk of streamed and written tables
};

class RowStream;

class ResultLog {
 public:
  /// Opens or creates `path`. Throws InputError when the file cannot be opened for writing,
  /// is not HDF5, or is being written by another process.
  static ResultLog open(const std::filesystem::path& path, OpenMode mode,
                        const LogOptions& options = {});

  ResultLog(ResultLog&&) noexcept;
  ResultLog& operator=(ResultLog&&) noexcept;
  ResultLog(const ResultLog&) = delete;
  ResultLog& operator=(const ResultLog&) = delete;
  ~ResultLog();  ///< flushes and closes; never throws

  [[nodiscard]] const std::filesystem::path& path() const;
  [[nodiscard]] bool is_open() const;
  /// True if an object (group or dataset) exists at `name` ('/'-separated, relative to root).
  [[nodiscard]] bool exists(const std::string& name) const;

  /// Creates group `name` (parents as needed) with attribute `kind` and `attributes`.
  /// Throws InputError if something already exists there.
  void create_group(const std::string& name, const std::string& kind,
                    const Attributes& attributes = {});
  /// Sets (replacing) attributes of the group or dataset at `name`; "/" is the file root.
  void set_attributes(const std::string& name, const Attributes& attributes);
  /// Writes a float64 dataset of `shape` (row-major; product of shape == values.size()).
  void write_numbers(const std::string& name, std::span<const double> values,
                     const std::vector<std::size_t>& shape);
  /// Writes an int64 dataset (1-D).
  void write_integers(const std::string& name, std::span<const std::int64_t> values);
  /// Writes a 1-D dataset of variable-length UTF-8 strings.
  void write_strings(const std::string& name, const std::vector<std::string>& values);
  /// Stores `text` at /models/<key> unless already there; returns that path.
  std::string store_text_once(const std::string& key, std::string_view text);

  /// Starts extendible datasets `<group>/time` (n) and `<group>/values` (n × columns.size()),
  /// plus `<group>/names`. The group must exist.
  [[nodiscard]] RowStream stream_rows(const std::string& group,
                                      const std::vector<std::string>& columns);

  /// Writes buffered rows of every open stream and flushes the file to disk.
  void flush();
  /// Flushes and closes; later calls other than is_open()/close() throw InputError.
  void close();

  struct Impl;

 private:
  explicit ResultLog(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

/// Rows appended to the datasets created by ResultLog::stream_rows. Keeps at most one chunk
/// of rows in memory.
class RowStream {
 public:
  RowStream(RowStream&&) noexcept;
  RowStream& operator=(RowStream&&) noexcept;
  RowStream(const RowStream&) = delete;
  RowStream& operator=(const RowStream&) = delete;
  ~RowStream();  ///< writes what is buffered; never throws

  /// Appends one row; `values.size()` must equal the number of columns.
  void append(double time, std::span<const double> values);
  [[nodiscard]] std::size_t rows() const;
  /// Writes buffered rows and flushes the file.
  void flush();

  struct State;

 private:
  friend class ResultLog;
  RowStream(std::shared_ptr<ResultLog::Impl> log, std::shared_ptr<State> state);
  std::shared_ptr<ResultLog::Impl> log_;
  std::shared_ptr<State> state_;
};

}  // namespace ergon::io
