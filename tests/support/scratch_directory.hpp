#pragma once
// A temporary directory made the working directory for the life of the object (Lua scripts
// write relative paths; the sandbox confines writes to the working directory).

#include <unistd.h>

#include <filesystem>
#include <string>

namespace ergon::test {

struct ScratchDirectory {
  std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::path dir;

  explicit ScratchDirectory(const std::string& prefix)
      : dir(std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir);
    std::filesystem::current_path(dir);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() {
    std::filesystem::current_path(previous);
    std::filesystem::remove_all(dir);
  }
};

}  // namespace ergon::test
