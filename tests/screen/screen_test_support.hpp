#pragma once
// What the screen integration tests share: the test specs, a scratch directory, the mpirun
// command line, and the comparison of result tables.

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/run_command.hpp"

namespace ergon::test::screen {

namespace fs = std::filesystem;

inline const fs::path kPython = "/usr/bin/python3";
inline const std::string kRoot = ergon::test::kSourceDir;
inline const std::string kSpec = kRoot + "/tests/screen/screen_spec.lua";
inline const std::string kKineticSpec = kRoot + "/tests/screen/kinetic_screen_spec.lua";

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("ergon_screen_" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  [[nodiscard]] std::string out(const std::string& name) const { return (dir / name).string(); }
};

inline std::string args(const std::string& out, int doses = 4, const std::string& spec = kSpec,
                        const std::string& extra = "") {
  return "'" + spec + "' root='" + kRoot + "' out='" + out + "' doses=" + std::to_string(doses) +
         " " + extra;
}

inline bool identical(const std::vector<std::string>& outs) {
  std::string command = kPython.string() + " '" + kRoot + "/tests/screen/compare_screens.py'";
  for (const auto& o : outs) command += " '" + o + "'";
  return std::system((command + " >/dev/null").c_str()) == 0;
}

inline std::size_t lines(const std::string& path) {
  std::ifstream in(path);
  return static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(in), {}, '\n'));
}

// mpirun as root needs these (CI runs as root); -n 2 --oversubscribe fits a 2-core machine.
inline const std::string kMpirun =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
    "mpirun -n 2 --oversubscribe ";

}  // namespace ergon::test::screen
