#pragma once
// Runs the built `ergon` executable in a shell and captures exit code, stdout and stderr,
// for integration tests of the command line.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/test_paths.hpp"

namespace ergon::test {

struct CommandResult {
  int exit_code = -1;  ///< the process's exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs `ergon <args>` (args are passed to /bin/sh as written: quote them yourself).
inline CommandResult run_ergon(const std::string& args) {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("ergon_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string out = base.string() + ".out";
  const std::string err = base.string() + ".err";
  const std::string command =
      std::string(kErgonExecutable) + " " + args + " >" + out + " 2>" + err + " </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  result.out = read_text(out);
  result.err = read_text(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return result;
}

}  // namespace ergon::test
