// `ergon screen` on threads, as Slurm-array shards + `ergon merge`, on MPI ranks, and killed
// with SIGKILL (the whole job) and restarted: all give the same table, for flux-balance and
// kinetic screens and with Lua function readouts; corrupt or foreign journals are refused, not
// merged. (One MPI rank killed: mpi_rank_kill_test.cpp.)
#define BOOST_TEST_MODULE screen_modes
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

#include "screen/screen_test_support.hpp"
#include "support/test_main.hpp"

using ergon::test::run_ergon;
using namespace ergon::test::screen;

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

// Threads, shards + merge and (when installed) MPI ranks: the same table, bit for bit.
void all_modes_give_the_same_table(const std::string& spec, const std::string& extra) {
  const Scratch s;
  const auto spec_args = args("x", 4, spec, extra);
  for (const std::string threads : {"1", "2"}) {
    const auto r = run_ergon("screen -q --threads " + threads + " --out " + s.out("t" + threads) +
                             " " + spec_args);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  }
  for (int i = 1; i <= 3; ++i) {
    const auto r = run_ergon("screen -q --shard " + std::to_string(i) + "/3 --out " + s.out("sh") +
                             " " + spec_args);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  }
  const auto merged = run_ergon("merge -q --shards 3 --out " + s.out("sh") + " " + spec_args);
  BOOST_TEST_REQUIRE(merged.exit_code == 0, merged.err);
  std::vector<std::string> outs{s.out("t1"), s.out("t2"), s.out("sh")};
  if (fs::exists("/usr/bin/mpirun")) {
    const std::string command = kMpirun + ergon::test::kErgonExecutable + " screen -q --out " +
                                s.out("mpi") + " " + spec_args + " > " + s.out("mpi.log") + " 2>&1";
    BOOST_TEST_REQUIRE(std::system(command.c_str()) == 0, ergon::test::read_text(s.out("mpi.log")));
    outs.push_back(s.out("mpi"));
  }
  BOOST_TEST(identical(outs));
}

BOOST_AUTO_TEST_CASE(lua_function_readouts_give_the_same_table_in_every_mode) {
  all_modes_give_the_same_table(kSpec, "fn=1");
}

BOOST_AUTO_TEST_CASE(kinetic_screens_give_the_same_table_in_every_mode) {
  all_modes_give_the_same_table(kKineticSpec, "");
}

BOOST_AUTO_TEST_CASE(a_failing_readout_function_stops_the_screen_naming_it) {
  const Scratch s;
  const auto r = run_ergon("screen -q --threads 2 --out " + s.out("bad") + " " +
                           args("x", 4, kSpec, "fn=bad"));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("'broken': readout function failed") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("no such flux") != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(s.out("bad") + ".h5"));
}

BOOST_AUTO_TEST_CASE(a_kinetic_target_without_substrates_in_its_law_is_named) {
  const Scratch s;
  const auto r =
      run_ergon("screen -q --out " + s.out("glut") + " " + args("x", 4, kKineticSpec, "glut=1"));
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("'GLUT': no reactant appears in the rate law; name the substrates") !=
                 std::string::npos,
             r.err);
  BOOST_TEST(!fs::exists(s.out("glut") + ".journal"));
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

// The kinetic example (pathways/experiments/kinetic_drug_screen.lua) runs, and ranks the
// glycolytic enzymes first: a Warburg cell lives on glycolysis, so blocking HK or PFK lowers its
// ATP/ADP while a normal cell, respiring, barely notices; inhibitors of PDH and of the
// respiratory chain hit the normal cell instead (an IC50 in it, none in the Warburg cell).
BOOST_AUTO_TEST_CASE(kinetic_drug_screen_example_ranks_glycolysis_first) {
  const Scratch s;
  const auto r =
      run_ergon("run '" + kRoot + "/pathways/experiments/kinetic_drug_screen.lua' out='" +
                s.out("kds") + "' threads=2 top=12");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST_MESSAGE(r.out);
  std::istringstream lines_in(r.out);
  std::string line;
  std::map<std::string, std::vector<std::string>> row;  // target -> the printed columns
  std::vector<std::string> order;
  while (std::getline(lines_in, line)) {
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    if (w.size() < 2 || w[0] == "rank") continue;
    order.push_back(w[1]);
    row[w[1]] = w;
  }
  BOOST_TEST_REQUIRE(order.size() == 12U, r.out);
  BOOST_TEST(((order[0] == "HK" && order[1] == "PFK") || (order[0] == "PFK" && order[1] == "HK")),
             r.out);
  BOOST_TEST(std::stod(row["HK"][2]) > 0.3, r.out);  // selectivity
  for (const char* oxidative : {"PDH", "ANT"}) {
    // The row ends "> 100 mM x mM": no IC50 in the Warburg cell, x mM in the normal one.
    const auto& w = row[oxidative];
    BOOST_TEST(w[w.size() - 4] == "100", r.out);
    BOOST_TEST(std::stod(w[w.size() - 2]) < 1.0, r.out);
  }
  BOOST_TEST(fs::exists(s.out("kds") + ".h5"));
  BOOST_TEST(fs::exists(s.out("kds") + ".csv"));
}
