// `ergon screen` on threads, as Slurm-array shards + `ergon merge`, and killed with SIGKILL and
// restarted: all give the same table; corrupt or foreign journals are refused, not merged.
#define BOOST_TEST_MODULE screen_modes
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
using ergon::test::run_ergon;

namespace {

const fs::path kPython = "/usr/bin/python3";
const std::string kRoot = ergon::test::kSourceDir;
const std::string kSpec = kRoot + "/tests/screen/screen_spec.lua";

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("ergon_screen_" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  [[nodiscard]] std::string out(const std::string& name) const { return (dir / name).string(); }
};

std::string args(const std::string& out, int doses = 4) {
  return "'" + kSpec + "' root='" + kRoot + "' out='" + out + "' doses=" + std::to_string(doses);
}

bool identical(const std::vector<std::string>& outs) {
  std::string command = kPython.string() + " '" + kRoot + "/tests/screen/compare_screens.py'";
  for (const auto& o : outs) command += " '" + o + "'";
  return std::system((command + " >/dev/null").c_str()) == 0;
}

std::size_t lines(const std::string& path) {
  std::ifstream in(path);
  return static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(in), {}, '\n'));
}

}  // namespace

ERGON_TEST_MAIN_REQUIRING(kPython)

BOOST_AUTO_TEST_CASE(threads_and_shards_give_the_same_table) {
  const Scratch s;
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --threads 1 --out " + s.out("t1") + " " + args("x")).exit_code == 0);
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --threads 2 --out " + s.out("t2") + " " + args("x")).exit_code == 0);
  for (int i = 1; i <= 3; ++i) {
    const auto r = run_ergon("screen -q --shard " + std::to_string(i) + "/3 --out " + s.out("sh") +
                             " " + args("x"));
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  }
  const auto merged = run_ergon("merge -q --shards 3 --out " + s.out("sh") + " " + args("x"));
  BOOST_TEST_REQUIRE(merged.exit_code == 0, merged.err);
  BOOST_TEST(identical({s.out("t1"), s.out("t2"), s.out("sh")}));
}

// mpirun as root needs these (CI runs as root); -n 2 --oversubscribe fits a 2-core machine.
const std::string kMpirun =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
    "mpirun -n 2 --oversubscribe ";

BOOST_AUTO_TEST_CASE(mpi_ranks_give_the_same_table) {
  if (!fs::exists("/usr/bin/mpirun")) {
    BOOST_TEST_MESSAGE("skipped: /usr/bin/mpirun not installed (apt-get install openmpi-bin)");
    return;
  }
  const Scratch s;
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --threads 1 --out " + s.out("t1") + " " + args("x")).exit_code == 0);
  const std::string command = kMpirun + ergon::test::kErgonExecutable + " screen -q --out " +
                              s.out("mpi") + " " + args("x") + " > " + s.out("mpi.log") + " 2>&1";
  BOOST_TEST_REQUIRE(std::system(command.c_str()) == 0, ergon::test::read_text(s.out("mpi.log")));
  BOOST_TEST(identical({s.out("t1"), s.out("mpi")}));
}

BOOST_AUTO_TEST_CASE(a_missing_or_corrupt_shard_is_not_merged) {
  const Scratch s;
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --shard 1/2 --out " + s.out("sh") + " " + args("x")).exit_code == 0);
  auto r = run_ergon("merge -q --shards 2 --out " + s.out("sh") + " " + args("x"));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("shard journal missing") != std::string::npos, r.err);
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --shard 2/2 --out " + s.out("sh") + " " + args("x")).exit_code == 0);
  // Flip one digit in the middle of shard 2's journal: its checksum no longer matches.
  const std::string path = s.out("sh") + ".shard-2-of-2.journal";
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto at = text.find('\n', text.size() / 2) + 3;
  text[at] = text[at] == '1' ? '2' : '1';
  std::ofstream(path) << text;
  r = run_ergon("merge -q --shards 2 --out " + s.out("sh") + " " + args("x"));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("corrupt screen journal record") != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(s.out("sh") + ".h5"));
  // A journal of another screen (different doses) is refused too.
  r = run_ergon("screen -q --shard 1/2 --out " + s.out("sh") + " " + args("x", 3));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("different screen") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(killed_and_restarted_ends_with_the_same_table) {
  const Scratch s;
  const int doses = 40;  // enough tasks (86 targets x 40 doses x 2) to kill the run midway
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --threads 2 --out " + s.out("whole") + " " + args("x", doses))
          .exit_code == 0);

  const std::string journal = s.out("killed") + ".journal";
  const pid_t child = fork();
  if (child == 0) {
    const std::string command = std::string(ergon::test::kErgonExecutable) +
                                " screen -q --threads 2 --out " + s.out("killed") + " " +
                                args("x", doses) + " >/dev/null 2>&1";
    execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (lines(journal) < 500 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  BOOST_TEST_REQUIRE(WIFSIGNALED(status), "the run finished before it could be killed");
  BOOST_TEST(!fs::exists(s.out("killed") + ".h5"));
  const auto before = lines(journal);
  BOOST_TEST_MESSAGE("killed with " << before << " journal lines");

  const auto resumed =
      run_ergon("screen --threads 2 --out " + s.out("killed") + " " + args("x", doses));
  BOOST_TEST_REQUIRE(resumed.exit_code == 0, resumed.err);
  BOOST_TEST(resumed.err.find("already in") != std::string::npos, resumed.err);
  BOOST_TEST(identical({s.out("whole"), s.out("killed")}));
  // Nothing twice: as many records as the uninterrupted run (one per task, plus the header).
  BOOST_TEST(lines(journal) == lines(s.out("whole") + ".journal"));
}

BOOST_AUTO_TEST_CASE(mpi_job_killed_and_restarted_ends_with_the_same_table) {
  if (!fs::exists("/usr/bin/mpirun")) {
    BOOST_TEST_MESSAGE("skipped: /usr/bin/mpirun not installed (apt-get install openmpi-bin)");
    return;
  }
  const Scratch s;
  const int doses = 40;
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --threads 2 --out " + s.out("whole") + " " + args("x", doses))
          .exit_code == 0);
  const std::string journal = s.out("killed") + ".journal";
  const std::string command = kMpirun + ergon::test::kErgonExecutable + " screen -q --out " +
                              s.out("killed") + " " + args("x", doses) + " >/dev/null 2>&1";
  const pid_t child = fork();
  if (child == 0) {
    setpgid(0, 0);  // mpirun and its ranks in one process group, killed together below
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(child, child);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (lines(journal) < 500 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // The whole job: mpirun, the shell, and the ranks (which need not share mpirun's group).
  kill(-child, SIGKILL);
  (void)std::system(("pkill -9 -f 'out " + s.out("killed") + " ' >/dev/null 2>&1").c_str());
  int status = 0;
  waitpid(child, &status, 0);
  BOOST_TEST_REQUIRE(!fs::exists(s.out("killed") + ".h5"),
                     "the job finished before it could be killed");
  const std::string resume = kMpirun + ergon::test::kErgonExecutable + " screen -q --out " +
                             s.out("killed") + " " + args("x", doses) + " > " +
                             s.out("resume.log") + " 2>&1";
  BOOST_TEST_REQUIRE(std::system(resume.c_str()) == 0, ergon::test::read_text(s.out("resume.log")));
  BOOST_TEST(identical({s.out("whole"), s.out("killed")}));
  BOOST_TEST(lines(journal) == lines(s.out("whole") + ".journal"));
}
