#pragma once
// The durable record of a screen's finished tasks: a text file, one line per task, each with a
// CRC-32, written with one write() per record so that a killed run (SIGKILL of a rank or of
// the whole job) loses at most the record being written. A restarted run reads it and skips
// what is done; `ergon merge` reads the shards' journals.
//
// Format: line 1 "ergon-screen-journal 1 <fingerprint> <tasks> <readouts>", then
// "<task> <status> <value>... *<crc32 hex of the text before '*'>".

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>

#include "engine/screen/task_runner.hpp"

namespace ergon::screen {

struct JournalContents {
  std::string fingerprint;
  std::size_t tasks = 0;
  std::size_t readouts = 0;
  std::map<std::size_t, TaskResult> done;
  std::size_t torn_bytes = 0;  ///< bytes of an incomplete last record (a killed writer)
};

/// Reads a journal. Throws InputError naming the file and line for a corrupt record other than
/// an incomplete last line, a bad header, or a task recorded twice with different results.
[[nodiscard]] JournalContents read_journal(const std::filesystem::path& path);

class Journal {
 public:
  /// Opens `path` for appending, creating it with a header if absent. An existing journal must
  /// belong to the same screen (fingerprint, task and readout counts), else InputError; an
  /// incomplete last record is cut off.
  static Journal open(const std::filesystem::path& path, const std::string& fingerprint,
                      std::size_t tasks, std::size_t readouts);
  Journal(Journal&&) noexcept;
  Journal& operator=(Journal&&) noexcept;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  [[nodiscard]] const std::map<std::size_t, TaskResult>& done() const noexcept { return done_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// Appends one record (one write()); not thread-safe.
  void append(const TaskResult& result);

 private:
  Journal() = default;
  std::filesystem::path path_;
  int fd_ = -1;
  std::map<std::size_t, TaskResult> done_;
};

}  // namespace ergon::screen
