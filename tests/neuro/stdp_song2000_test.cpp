// neuro/examples/stdp_song2000.lua reproduces the qualitative result of Song, Miller & Abbott
// (2000): additive STDP with slightly dominant depression splits 1000 input weights into a
// bimodal distribution and regulates the post rate down to ~10-20 Hz.
#define BOOST_TEST_MODULE neuro_stdp_song2000
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;

ERGON_TEST_MAIN_REQUIRING(fs::path(ergon::test::kSourceDir) / "neuro" / "examples")

BOOST_AUTO_TEST_CASE(weights_become_bimodal_and_the_rate_is_regulated) {
  const auto script =
      fs::path(ergon::test::kSourceDir) / "neuro" / "examples" / "stdp_song2000.lua";
  const auto r = ergon::test::run_ergon("run " + script.string() + " duration=2000 seed=2");
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto d = nlohmann::json::parse(r.out);
  BOOST_TEST(d["fraction_below_0_1_wmax"].get<double>() > 0.2);
  BOOST_TEST(d["fraction_above_0_9_wmax"].get<double>() > 0.2);
  double middle = 0;  // bins 0.3-0.7 w_max
  for (int b = 3; b < 7; ++b) middle += d["weight_histogram_10_bins"][b].get<double>() / 1000;
  BOOST_TEST(middle < 0.15);
  BOOST_TEST(d["rate_first_10s_hz"].get<double>() > 100.0);
  BOOST_TEST(d["rate_last_10s_hz"].get<double>() > 5.0);
  BOOST_TEST(d["rate_last_10s_hz"].get<double>() < 30.0);
}
