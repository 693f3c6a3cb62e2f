// A run killed with SIGKILL in the middle of a long streamed write leaves a file that h5py
// opens, holding every row up to the last flush: explicit (log:flush) and timed (5 s).
#define BOOST_TEST_MODULE scripting_kill_resilience
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/run_command.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kPython = "/usr/bin/python3";

struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("ergon_kill_" + std::to_string(::getpid()));
  ScratchDir() { fs::create_directories(path); }
  ~ScratchDir() { fs::remove_all(path); }
};

long read_marker(const fs::path& marker) {
  std::ifstream in(marker);
  long value = -1;
  in >> value;
  return value;
}

pid_t start_ergon(const fs::path& dir, const std::string& script) {
  const pid_t child = fork();
  if (child == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    execl(ergon::test::kErgonExecutable, "ergon", "run", "--quiet", script.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return child;
}

void kill_and_reap(pid_t child) {
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  BOOST_TEST(WIFSIGNALED(status));
}

// Rows in the file, checked by h5py to be exactly 1, 2, ..., n in column 0.
long rows_read_by_h5py(const fs::path& file) {
  const fs::path out = file.string() + ".rows";
  const std::string command =
      kPython.string() +
      " -c \"import h5py, numpy, sys\n"
      "f = h5py.File(sys.argv[1], 'r')\n"
      "v = f['run/values'][:, 0]\n"
      "assert (v == numpy.arange(1, len(v) + 1)).all(), 'rows out of order'\n"
      "assert f['run/time'].shape[0] == len(v)\n"
      "print(len(v))\" " +
      file.string() + " > " + out.string();
  if (std::system(command.c_str()) != 0) return -1;
  return read_marker(out);
}

}  // namespace

ERGON_TEST_MAIN_REQUIRING(kPython)

BOOST_AUTO_TEST_CASE(explicit_flushes_survive_sigkill) {
  const ScratchDir dir;
  std::ofstream(dir.path / "stream.lua") << R"(
local log = ergon.h5.open("out.h5", "w")
local s = log:stream("run", {"i", "square"})
local i = 0
while true do
  i = i + 1
  s:append(i * 0.001, {i, i * i})
  if i % 5000 == 0 then
    log:flush()
    local m = assert(io.open("flushed.txt", "w")); m:write(i); m:close()
  end
end
)";
  const pid_t child = start_ergon(dir.path, "stream.lua");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (read_marker(dir.path / "flushed.txt") < 15000 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const long flushed = read_marker(dir.path / "flushed.txt");
  kill_and_reap(child);
  BOOST_TEST_REQUIRE(flushed >= 15000);
  const long rows = rows_read_by_h5py(dir.path / "out.h5");
  BOOST_TEST(rows >= flushed, "rows " << rows << ", flushed " << flushed);
}

BOOST_AUTO_TEST_CASE(timed_flush_keeps_rows_without_explicit_flush) {
  const ScratchDir dir;
  std::ofstream(dir.path / "slow.lua") << R"(
local log = ergon.h5.open("out.h5", "w")
local s = log:stream("run", {"i"})
local i = 0
local start = os.clock()
while true do
  i = i + 1
  s:append(i, {i})
  if i == 100 then local m = assert(io.open("started.txt", "w")); m:write(i); m:close() end
end
)";
  const pid_t child = start_ergon(dir.path, "slow.lua");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (read_marker(dir.path / "started.txt") < 100 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(6500));  // past the 5 s flush interval
  kill_and_reap(child);
  BOOST_TEST(rows_read_by_h5py(dir.path / "out.h5") > 0);
}
