// One MPI rank (a worker, or rank 0 which keeps the journal) SIGKILLed midway through a
// 2-rank screen: the job ends non-zero with Open MPI naming the dead rank and leaves no table;
// the same command then completes it with the uninterrupted run's table, each task once.
#define BOOST_TEST_MODULE screen_mpi_rank_kill
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <thread>
#include <utility>

#include "screen/screen_test_support.hpp"
#include "support/test_main.hpp"

using ergon::test::run_ergon;
using namespace ergon::test::screen;

ERGON_TEST_MAIN_REQUIRING(kPython)

namespace {

// The MPI ranks (pid, rank) of `ergon` processes whose command line holds `needle`: Open MPI
// gives each rank OMPI_COMM_WORLD_RANK in its environment; mpirun and the shell have none.
std::vector<std::pair<pid_t, int>> mpi_ranks(const std::string& needle) {
  std::vector<std::pair<pid_t, int>> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ergon::test::read_text(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(needle) == std::string::npos ||
        cmdline.find(ergon::test::kErgonExecutable) != 0) {
      continue;
    }
    std::string environ = ergon::test::read_text(entry.path() / "environ");
    const std::string key = std::string(1, '\0') + "OMPI_COMM_WORLD_RANK=";
    environ.insert(0, 1, '\0');
    const auto at = environ.find(key);
    if (at == std::string::npos) continue;
    out.emplace_back(static_cast<pid_t>(std::stol(name)),
                     std::stoi(environ.substr(at + key.size())));
  }
  return out;
}

// Waits for `child` up to `seconds`; nullopt if it is still running then.
std::optional<int> wait_for(pid_t child, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == child) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

// SIGKILLs MPI rank `victim` of a 2-rank screen midway: the job must end with a non-zero exit
// and no table; the same command then resumes and ends with the uninterrupted run's table,
// with every task journaled exactly once.
void one_rank_killed_and_restarted(int victim) {
  const Scratch s;
  const int doses = 40;
  BOOST_TEST_REQUIRE(
      run_ergon("screen -q --threads 2 --out " + s.out("whole") + " " + args("x", doses))
          .exit_code == 0);
  const std::string killed = s.out("rank" + std::to_string(victim));
  const std::string journal = killed + ".journal";
  const std::string command = kMpirun + ergon::test::kErgonExecutable + " screen -q --out " +
                              killed + " " + args("x", doses);
  const pid_t child = fork();
  if (child == 0) {
    setpgid(0, 0);
    execl("/bin/sh", "sh", "-c", (command + " >" + killed + ".kill.log 2>&1").c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(child, child);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::vector<std::pair<pid_t, int>> ranks;
  while (std::chrono::steady_clock::now() < deadline &&
         (lines(journal) < 500 || ranks.size() < 2)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (ranks.size() < 2) ranks = mpi_ranks("--out " + killed + " ");
  }
  BOOST_TEST_REQUIRE(ranks.size() == 2U, "did not find both MPI ranks");
  const auto target = std::find_if(ranks.begin(), ranks.end(),
                                   [victim](const auto& r) { return r.second == victim; });
  BOOST_TEST_REQUIRE((target != ranks.end()));
  BOOST_TEST_MESSAGE("SIGKILL to rank " << victim << " at " << lines(journal) << " journal lines");
  kill(target->first, SIGKILL);
  const auto status = wait_for(child, 60);
  if (!status) kill(-child, SIGKILL);  // mpirun hung: clean up before failing
  BOOST_TEST_REQUIRE(status.has_value(), "mpirun did not end after a rank was killed");
  const auto log = ergon::test::read_text(killed + ".kill.log");
  BOOST_TEST_MESSAGE("mpirun: " << (WIFEXITED(*status) ? "exit " : "signal ")
                                << (WIFEXITED(*status) ? WEXITSTATUS(*status) : WTERMSIG(*status))
                                << "\n"
                                << log);
  BOOST_TEST(!(WIFEXITED(*status) && WEXITSTATUS(*status) == 0),
             "the job reported success after losing a rank");
  // Open MPI says which rank died and how ("... exited on signal 9 (Killed)").
  BOOST_TEST(log.find("signal 9") != std::string::npos, log);
  BOOST_TEST(mpi_ranks("--out " + killed + " ").empty(), "a rank outlived the job");
  BOOST_TEST_REQUIRE(!fs::exists(killed + ".h5"), "the job finished before it could be killed");
  BOOST_TEST(!fs::exists(killed + ".csv"));
  const auto before = lines(journal);

  const auto resume = command + " > " + killed + ".log 2>&1";
  BOOST_TEST_REQUIRE(std::system(resume.c_str()) == 0, ergon::test::read_text(killed + ".log"));
  BOOST_TEST(identical({s.out("whole"), killed}));
  BOOST_TEST(lines(journal) == lines(s.out("whole") + ".journal"));
  BOOST_TEST(before > 1U);
}

}  // namespace

BOOST_AUTO_TEST_CASE(mpi_worker_rank_killed_and_restarted_ends_with_the_same_table) {
  if (!fs::exists("/usr/bin/mpirun")) {
    BOOST_TEST_MESSAGE("skipped: /usr/bin/mpirun not installed (apt-get install openmpi-bin)");
    return;
  }
  one_rank_killed_and_restarted(1);
}

BOOST_AUTO_TEST_CASE(mpi_rank_0_killed_and_restarted_ends_with_the_same_table) {
  if (!fs::exists("/usr/bin/mpirun")) {
    BOOST_TEST_MESSAGE("skipped: /usr/bin/mpirun not installed (apt-get install openmpi-bin)");
    return;
  }
  one_rank_killed_and_restarted(0);
}
