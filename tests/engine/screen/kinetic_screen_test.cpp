// Kinetic screens on a Michaelis-Menten model with known answers: each task's rate readout is
// the closed-form inhibited rate, IC50s are the closed-form half-inhibiting concentrations,
// function readouts see the task's final values, and 1 or 2 threads give the same journal.
#define BOOST_TEST_MODULE kinetic_screen
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/screen/journal.hpp"
#include "engine/screen/screen_runner.hpp"
#include "engine/screen/screen_spec.hpp"
#include "engine/screen/screen_table.hpp"
#include "engine/screen/task_runner.hpp"
#include "support/kinetic_models.hpp"

namespace fs = std::filesystem;
using namespace ergon;
using namespace ergon::screen;
using namespace ergon::test;
using kinetic::InhibitionType;

namespace {

// michaelis_menten_model(), S's concentration being the condition's.
std::shared_ptr<const Model> mm_model() {
  return std::make_shared<const Model>(michaelis_menten_model());
}

// Two conditions: substrate at 1 (low) and 5 (high). Doses include each type's closed-form
// IC50 at S = 1, so the interpolated IC50 is exact there.
ScreenSpec spec(InhibitionType type) {
  ScreenSpec spec;
  spec.name = "mm";
  spec.kind = ModelKind::kinetic;
  const auto model = mm_model();
  spec.conditions.push_back({.name = "low",
                             .model_sha256 = "mm",
                             .kinetic_model = model,
                             .initial_values = {{"S", 1.0}}});
  spec.conditions.push_back({.name = "high",
                             .model_sha256 = "mm",
                             .kinetic_model = model,
                             .initial_values = {{"S", 5.0}}});
  spec.targets = {{TargetKind::reaction, "R", {}}};
  spec.doses = {0.1, kKi, 0.3, 0.6, 1.8};
  spec.kinetic = {.inhibition = type, .ki = kKi, .end = 1.0};
  spec.readouts = {{"rate", Readout::Kind::value, "R", nullptr, ""},
                   {"twice", Readout::Kind::function, "",
                    [](const ReadoutInput& in) {
                      for (std::size_t i = 0; i < in.ids.size(); ++i)
                        if (in.ids[i] == "R") return 2 * in.values[i];
                      return kNoValue;
                    },
                    "twice-v1"}};
  return spec;
}

// I giving half the uninhibited rate.
double ic50(InhibitionType type, double substrate) {
  switch (type) {
    case InhibitionType::competitive: return kKi * (1 + substrate / kKm);
    case InhibitionType::noncompetitive: return kKi;
    case InhibitionType::uncompetitive: return kKi * (1 + kKm / substrate);
  }
  return NAN;
}

}  // namespace

BOOST_AUTO_TEST_CASE(task_values_and_ic50_match_the_closed_forms) {
  for (const auto type : {InhibitionType::competitive, InhibitionType::noncompetitive,
                          InhibitionType::uncompetitive}) {
    BOOST_TEST_CONTEXT(kinetic::to_string(type)) {
      const auto sp = spec(type);
      validate(sp);
      TaskRunner runner(sp);
      std::map<std::size_t, TaskResult> done;
      for (const auto& task : enumerate_tasks(sp)) {
        const auto r = runner.run(task);
        BOOST_TEST_REQUIRE((r.status == TaskStatus::steady), to_string(r.status));
        const double substrate = task.condition == 0 ? 1.0 : 5.0;
        const double want = inhibited_rate(type, sp.doses[task.dose], substrate);
        BOOST_TEST(r.values[0] == want, boost::test_tools::tolerance(1e-12));
        BOOST_TEST(r.values[1] == 2 * r.values[0]);
        done.emplace(task.index, r);
      }
      BOOST_TEST(runner.baseline(1)[0] == inhibited_rate(type, 0, 5.0),
                 boost::test_tools::tolerance(1e-12));
      const auto table = make_table(sp, done, {runner.baseline(0), runner.baseline(1)});
      const auto scores = score(sp, table, 0, 0, 1);
      BOOST_TEST(scores[0].ic50[0] == ic50(type, 1.0), boost::test_tools::tolerance(1e-9));
      // Selectivity of "low" over "high": the largest difference of the closed-form
      // inhibitions over the doses.
      double best = -1;
      for (const double i : sp.doses) {
        best =
            std::max(best, (1 - inhibited_rate(type, i, 1.0) / inhibited_rate(type, 0, 1.0)) -
                               (1 - inhibited_rate(type, i, 5.0) / inhibited_rate(type, 0, 5.0)));
      }
      BOOST_TEST(scores[0].selectivity == best, boost::test_tools::tolerance(1e-9));
    }
  }
  // Competitive inhibition is overcome by substrate, uncompetitive favoured by it, so the
  // low-substrate condition is hit harder only by the competitive inhibitor.
  BOOST_TEST(ic50(InhibitionType::competitive, 1.0) < ic50(InhibitionType::competitive, 5.0));
  BOOST_TEST(ic50(InhibitionType::uncompetitive, 1.0) > ic50(InhibitionType::uncompetitive, 5.0));
}

BOOST_AUTO_TEST_CASE(threads_give_the_same_journal_and_the_fingerprint_sees_kinetic_settings) {
  const auto sp = spec(InhibitionType::competitive);
  const auto tasks = enumerate_tasks(sp);
  std::vector<std::map<std::size_t, TaskResult>> runs;
  for (const std::size_t threads : {1U, 2U}) {
    const fs::path path = fs::temp_directory_path() /
                          ("ergon_kscreen_" + std::to_string(::getpid()) + std::to_string(threads));
    fs::remove(path);
    auto journal = Journal::open(path, fingerprint(sp), tasks.size(), sp.readouts.size());
    BOOST_TEST(run_tasks(sp, tasks, journal, {.threads = threads, .progress = nullptr}) ==
               tasks.size());
    runs.push_back(read_journal(path).done);
    fs::remove(path);
  }
  BOOST_TEST_REQUIRE(runs[0].size() == tasks.size());
  for (const auto& [index, r] : runs[0]) {
    BOOST_TEST((r.status == runs[1].at(index).status));
    BOOST_TEST(r.values == runs[1].at(index).values);  // bit for bit
  }
  auto other = sp;
  other.kinetic.ki = 0.3;
  BOOST_TEST(fingerprint(other) != fingerprint(sp));
  other = sp;
  other.kinetic.inhibition = InhibitionType::uncompetitive;
  BOOST_TEST(fingerprint(other) != fingerprint(sp));
  other = sp;
  other.conditions[0].initial_values[0].second = 2.0;
  BOOST_TEST(fingerprint(other) != fingerprint(sp));
  other = sp;
  other.readouts[1].function_fingerprint = "twice-v2";
  BOOST_TEST(fingerprint(other) != fingerprint(sp));
}

BOOST_AUTO_TEST_CASE(bad_kinetic_specs_are_refused_naming_the_element) {
  auto sp = spec(InhibitionType::competitive);
  sp.doses.push_back(-1);
  BOOST_CHECK_THROW(validate(sp), InputError);
  sp = spec(InhibitionType::competitive);
  sp.readouts.push_back({"nothing", Readout::Kind::value, "nothing", nullptr, ""});
  BOOST_CHECK_THROW(validate(sp), InputError);
  sp = spec(InhibitionType::competitive);
  sp.readouts.push_back({"objective", Readout::Kind::objective, "", nullptr, ""});
  BOOST_CHECK_THROW(validate(sp), InputError);
  sp = spec(InhibitionType::competitive);
  sp.targets = {{TargetKind::gene, "G1", {}}};
  BOOST_CHECK_THROW(validate(sp), InputError);
  sp = spec(InhibitionType::competitive);
  sp.targets[0].substrates = {"P"};  // not in the law
  try {
    validate(sp);
    BOOST_FAIL("a substrate absent from the law was accepted");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("'P'") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_kinetic_task_that_does_not_settle_is_not_steady_and_not_scored) {
  // P accumulates linearly: reading it, the second half of the run changes it by ~50 %.
  auto sp = spec(InhibitionType::competitive);
  sp.readouts = {{"P", Readout::Kind::value, "P", nullptr, ""}};
  TaskRunner runner(sp);
  const auto r = runner.run(enumerate_tasks(sp)[0]);
  BOOST_TEST((r.status == TaskStatus::not_steady));
  BOOST_TEST(std::isnan(runner.baseline(0)[0]));
  BOOST_TEST(!succeeded(TaskStatus::not_steady));
}
