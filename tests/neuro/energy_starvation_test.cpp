// neuro/examples/energy_starvation.lua: cutting the ATP supply at 1 s silences the CUBA
// network, and not before the cut. With the defaults (pool 1e10 ATP, consumption ≈ 1-3e9 ATP/s
// per neuron) ATP falls by ≈ 10 % in the first 0.5 s after the cut; K_ATP opening then pulls
// the effective rest of CUBA's neurons (1 mV above threshold) below threshold.
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

BOOST_AUTO_TEST_CASE(cutting_supply_silences_the_network_after_the_cut) {
  const auto d = run("n=4000 duration=3 cut=1 bin=0.1");
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

BOOST_AUTO_TEST_CASE(without_katp_the_slowing_pump_raises_firing) {
  const auto d = run("n=4000 duration=3 cut=1 bin=0.1 katp=0");
  const auto& rate = d["rate_hz"];
  BOOST_TEST(mean(rate, 25, 30) > 1.2 * mean(rate, 2, 10));
}
