#define BOOST_TEST_MODULE engine_screen
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>
#include <fstream>

#include "engine/core/error.hpp"
#include "engine/screen/journal.hpp"
#include "engine/screen/screen_spec.hpp"
#include "engine/screen/screen_table.hpp"

namespace fs = std::filesystem;
using namespace ergon::screen;

namespace {
ScreenSpec toy_spec(std::size_t conditions, std::size_t targets, std::vector<double> doses) {
  ScreenSpec spec;
  spec.name = "toy";
  for (std::size_t c = 0; c < conditions; ++c)
    spec.conditions.push_back({.name = "c" + std::to_string(c)});
  for (std::size_t t = 0; t < targets; ++t)
    spec.targets.push_back({TargetKind::reaction, "R" + std::to_string(t)});
  spec.doses = std::move(doses);
  return spec;
}
}  // namespace

BOOST_AUTO_TEST_CASE(tasks_are_numbered_target_major_and_shards_partition_them) {
  const auto spec = toy_spec(2, 3, {0.5, 1.0});
  const auto tasks = enumerate_tasks(spec);
  BOOST_TEST(tasks.size() == 12U);
  BOOST_TEST(tasks[1].condition == 1U);
  BOOST_TEST(tasks[2].dose == 1U);
  BOOST_TEST(tasks[4].target == 1U);
  std::vector<int> seen(tasks.size(), 0);
  for (std::size_t s = 0; s < 5; ++s) {
    for (const auto& t : shard_tasks(tasks, s, 5)) ++seen[t.index];
  }
  BOOST_TEST(std::count(seen.begin(), seen.end(), 1) == 12);
  BOOST_CHECK_THROW((void)shard_tasks(tasks, 5, 5), ergon::InputError);
}

BOOST_AUTO_TEST_CASE(fingerprint_changes_with_what_decides_results) {
  auto a = toy_spec(2, 3, {0.5, 1.0});
  auto b = a;
  BOOST_TEST(fingerprint(a) == fingerprint(b));
  b.doses[0] = 0.25;
  BOOST_TEST(fingerprint(a) != fingerprint(b));
  b = a;
  b.conditions[0].model_sha256 = "other";
  BOOST_TEST(fingerprint(a) != fingerprint(b));
}

BOOST_AUTO_TEST_CASE(journal_round_trip_resume_and_torn_record) {
  const fs::path path = fs::temp_directory_path() / ("ergon_journal_" + std::to_string(::getpid()));
  fs::remove(path);
  {
    auto j = Journal::open(path, "fp", 10, 2);
    j.append({.index = 3, .status = TaskStatus::optimal, .values = {1.5, -0.25}});
    j.append({.index = 7, .status = TaskStatus::infeasible, .values = {NAN, NAN}});
  }
  std::ofstream(path, std::ios::app) << "9 0 1.0 2";  // a record cut off by a killed writer
  {
    auto j = Journal::open(path, "fp", 10, 2);
    BOOST_TEST(j.done().size() == 2U);
    BOOST_TEST(j.done().at(3).values[1] == -0.25);
    BOOST_TEST(std::isnan(j.done().at(7).values[0]));
    j.append({.index = 9, .status = TaskStatus::optimal, .values = {1, 2}});
  }
  BOOST_TEST(read_journal(path).done.size() == 3U);
  BOOST_CHECK_THROW((void)Journal::open(path, "other", 10, 2), ergon::InputError);
  fs::remove(path);
}

BOOST_AUTO_TEST_CASE(ic50_is_interpolated_and_selectivity_ranks) {
  auto spec = toy_spec(2, 2, {0.25, 0.5, 0.75, 1.0});
  spec.readouts = {{"objective", Readout::Kind::objective, "", nullptr, ""}};
  ScreenTable table;
  table.values.assign(1, {});
  table.baseline = {{10.0}, {10.0}};
  // R0 halves condition 0 at dose 0.5 and leaves condition 1 alone; R1 hits both equally.
  const double r0[2][4] = {{8, 5, 2, 0}, {10, 10, 10, 10}};
  const double r1[2][4] = {{9, 8, 7, 6}, {9, 8, 7, 6}};
  for (std::size_t t = 0; t < 2; ++t) {
    for (std::size_t d = 0; d < 4; ++d) {
      for (std::size_t c = 0; c < 2; ++c) {
        table.values[0].push_back(t == 0 ? r0[c][d] : r1[c][d]);
        table.status.emplace_back("optimal");
      }
    }
  }
  const auto scores = score(spec, table, 0, 0, 1);
  BOOST_TEST(scores[0].target == "R0");
  BOOST_TEST(std::abs(scores[0].ic50[0] - 0.5) < 1e-12);
  BOOST_TEST(std::isnan(scores[0].ic50[1]));
  BOOST_TEST(std::abs(scores[0].selectivity - 1.0) < 1e-12);
  BOOST_TEST(std::abs(scores[1].selectivity) < 1e-12);
  BOOST_TEST(ranked_csv(spec, scores, 0, 1).find("1,R0,reaction,1,1,1,0,0.5,") !=
             std::string::npos);
}
