// neuro/examples/energy_starvation.lua.
// Kinetic supply (pathways/human_energy_kinetic.xml, the default): hypoxia at 2 s silences the
// active COBA network (≈ 2.6 × the model's resting demand, beyond what anaerobic glycolysis
// makes), not before the cut, and with the supply intact its firing stays put; the quiet CUBA
// network (≈ 0.8 ×) is carried by glycolysis and only slows.
// Built-in law: cutting it at 1 s silences CUBA. With the defaults (pool 1e10 ATP, consumption
// ≈ 1-3e9 ATP/s per neuron) ATP falls by ≈ 10 % in the first 0.5 s after the cut; K_ATP opening
// then pulls the effective rest of CUBA's neurons (1 mV above threshold) below threshold.
#define BOOST_TEST_MODULE neuro_energy_starvation
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
json run(const std::string& args) {
  const auto script =
      fs::path(ergon::test::kSourceDir) / "neuro" / "examples" / "energy_starvation.lua";
  const auto r = ergon::test::run_ergon("run " + script.string() + " " + args);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}
double mean(const json& a, std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t k = from; k < to; ++k) s += a[k].get<double>();
  return s / static_cast<double>(to - from);
}
}  // namespace

ERGON_TEST_MAIN_REQUIRING(fs::path(ergon::test::kSourceDir) / "neuro" / "examples")

BOOST_AUTO_TEST_CASE(kinetic_supply_hypoxia_silences_the_active_network_after_the_cut) {
  const auto d = run("n=4000 duration=6 cut=2 bin=0.1");  // COBA, hypoxia at 2 s
  BOOST_TEST(d["variant"] == "hypoxia");
  const auto& rate = d["rate_hz"];
  const auto& atp = d["mean_atp_e"];
  const auto& model_atp = d["model_atp_mm"];
  const double base = d["baseline_rate_hz"];
  BOOST_TEST(base > 15.0);
  // Before the cut: firing steady, the model's ATP within a few % of its rest (2.98 mM).
  BOOST_TEST(mean(rate, 2, 20) > 0.9 * base);
  BOOST_TEST(model_atp[19].get<double>() > 0.94 * 2.98);
  // After: the model's ATP falls (glycolysis cannot carry the demand), the pools with it;
  // firing holds while K_ATP builds up, halves 0.8-3 s after the cut and stops.
  BOOST_TEST(model_atp[30].get<double>() < 0.85 * model_atp[19].get<double>());
  for (std::size_t k = 21; k < 30; ++k) BOOST_TEST(atp[k].get<double>() < atp[k - 1].get<double>());
  const double half = d["half_rate_time_s"];
  BOOST_TEST(half >= 2.8);
  BOOST_TEST(half <= 5.0);
  BOOST_TEST(mean(rate, 50, 60) < 0.02 * base);
  // The trace of the model reports its ATP production (mM/s).
  BOOST_TEST(d["model_atp_production_mm_per_s"][10].get<double>() > 0.0);
}

BOOST_AUTO_TEST_CASE(kinetic_supply_intact_keeps_firing) {
  const auto d = run("n=4000 duration=6 cut=2 bin=0.1 intact=1");
  const auto& rate = d["rate_hz"];
  const double base = d["baseline_rate_hz"];
  BOOST_TEST(base > 15.0);
  BOOST_TEST(d["half_rate_time_s"].get<double>() == -1.0);
  for (std::size_t from = 20; from < 60; from += 10) {
    BOOST_TEST(mean(rate, from, from + 10) > 0.9 * base);
    BOOST_TEST(mean(rate, from, from + 10) < 1.1 * base);
  }
  BOOST_TEST(d["mean_atp_e"][59].get<double>() > 0.9e10);
}

BOOST_AUTO_TEST_CASE(kinetic_supply_hypoxia_only_slows_a_quiet_network) {
  const auto d = run("net=cuba n=4000 duration=6 cut=2 bin=0.1");
  const auto& rate = d["rate_hz"];
  const double base = d["baseline_rate_hz"];
  BOOST_TEST(base > 4.0);
  BOOST_TEST(mean(rate, 2, 20) > 0.9 * base);
  // Glycolysis carries CUBA's demand: ATP settles a few % lower and firing slows, not stops.
  const double late = mean(rate, 40, 60);
  BOOST_TEST(late < 0.95 * base);
  BOOST_TEST(late > 0.6 * base);
  BOOST_TEST(d["half_rate_time_s"].get<double>() == -1.0);
  BOOST_TEST(d["model_atp_mm"][59].get<double>() < d["model_atp_mm"][19].get<double>());
}

BOOST_AUTO_TEST_CASE(law_supply_cut_silences_the_network_after_the_cut) {
  const auto d = run("supply=law net=cuba n=4000 duration=3 cut=1 bin=0.1");
  const auto& rate = d["rate_hz"];
  const auto& atp = d["mean_atp_e"];
  const double base = d["baseline_rate_hz"];
  BOOST_TEST(base > 4.0);
  // Before the cut: firing and ATP steady.
  BOOST_TEST(mean(rate, 2, 10) > 0.8 * base);
  BOOST_TEST(atp[9].get<double>() > 0.98e10);
  // After: ATP falls monotonically, firing halves within 1 s and is gone by the end.
  for (std::size_t k = 11; k < 30; ++k) BOOST_TEST(atp[k].get<double>() < atp[k - 1].get<double>());
  const double half = d["half_rate_time_s"];
  BOOST_TEST(half >= 1.0);
  BOOST_TEST(half <= 2.0);
  BOOST_TEST(mean(rate, 25, 30) < 0.05 * base);
  // Energy report present and per-spike energy from Attwell & Laughlin: 3.84e8 ATP ≈ 34 pJ.
  BOOST_TEST(d["energy"]["joules_per_spike"].get<double>() == 3.44e-11,
             boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(law_supply_without_katp_the_slowing_pump_raises_firing) {
  const auto d = run("supply=law net=cuba n=4000 duration=3 cut=1 bin=0.1 katp=0");
  const auto& rate = d["rate_hz"];
  BOOST_TEST(mean(rate, 25, 30) > 1.2 * mean(rate, 2, 10));
}
