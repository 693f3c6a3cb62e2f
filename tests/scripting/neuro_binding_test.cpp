// ergon.neuro in-process: a small network end to end, and the errors a script can make, each
// reported with the script's file:line.
#define BOOST_TEST_MODULE scripting_neuro_binding
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "scripting/lua/script_runner.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using ergon::scripting::run_script;
using ergon::scripting::RunOptions;

namespace {

struct Scratch : ergon::test::ScratchDirectory {
  Scratch() : ScratchDirectory("ergon_neuro_lua_") {}
};

std::pair<int, std::string> run(const std::string& source) {
  const Scratch scratch;
  std::ofstream("script.lua") << source;
  RunOptions options;
  options.script = "script.lua";
  options.quiet = true;
  std::ostringstream errors;
  const int code = run_script(options, errors);
  return {code, errors.str()};
}

void expect_error(const std::string& source, const std::string& fragment) {
  const auto [code, errors] = run(source);
  BOOST_TEST(code == 1, source);
  BOOST_TEST(errors.find(fragment) != std::string::npos, errors);
  BOOST_TEST(errors.find("script.lua:") != std::string::npos, errors);
}

const std::string kNet = R"(
local net = ergon.neuro.network{dt = 0.1, seed = 2}
net:population{name = "E", n = 400, model = "lif", init = {v_min = -60, v_max = -50}}
)";

}  // namespace

BOOST_AUTO_TEST_CASE(a_network_runs_and_reports) {
  const auto [code, errors] = run(kNet + R"(
net:population{name = "P", n = 50, model = "poisson", rate = 20}
net:population{name = "S", n = 2, model = "spikes", times = {1.0, 2.0}, indices = {0, 1}}
assert(net:connect{source = "E", target = "E", p = 0.1, weight = 1.0} > 0)
assert(net:connect{source = "P", target = "E", indegree = 5, weight = 0.5, delay = 1, delay_max = 2,
                   stdp = {rule = "multiplicative", w_max = 1}} == 2000)
net:connect{source = "S", target = "E", p = 1, receptor = "inh", weight = -1}
local r = net:run{duration = 200, energy = {supply = {cut_at = 100}}, trace = {0}}
local s = r:stats()
assert(s.populations.E.mean_rate_hz > 0 and s.populations.P.spikes > 0)
assert(s.bytes_per_synapse <= 12)
local t, n = r:spikes()
assert(#t == #n and #t > 0)
local e = r:energy()
assert(e.atp.total > 0 and e.hardware.TrueNorth.joules > 0)
local tr = r:atp_trace()
assert(#tr.time == 200 and #tr.columns == 2 and #tr.values[1] == 2)
assert(#net:weights(1) == 2000)
assert(net:info().neurons == 452)
)");
  BOOST_TEST(code == 0, errors);
}

// The kinetic supply from Lua: a model by path or as a Model, variants by name or as an edited
// clone, the metabolic trace.
BOOST_AUTO_TEST_CASE(a_kinetic_supply_runs_from_lua) {
  const std::string path =
      (fs::path(ergon::test::kSourceDir) / "pathways" / "human_energy_kinetic.xml").string();
  const auto [code, errors] = run(kNet + "local path = '" + path + "'\n" + R"(
local kin = ergon.load(path)
local r = net:run{duration = 50, energy = {supply = {model = kin, variant = "hypoxia",
                  variant_params = {o2_level = 0}, variant_at = 20, settle = 500, step = 1}}}
local mt = r:metabolic_trace()
assert(#mt.time == 50 and #mt.values == 50 and #mt.values[1] == 4)
assert(mt.columns[1] == "atp" and mt.columns[2] == "k_load" and mt.columns[4] == "J_ATP")
assert(mt.values[50][1] > 2 and mt.values[50][1] < 3)
local r2 = net:run{duration = 5, energy = {supply = {model = path, production = false}}}
assert(#r2:metabolic_trace().columns == 3)
local anoxic = kin:clone()
anoxic:set("o2", 0)
net:run{duration = 5, energy = {supply = {model = kin, variant = anoxic, variant_at = 2}}}
assert(net:run{duration = 5, energy = {}}:metabolic_trace() == nil)
)");
  BOOST_TEST(code == 0, errors);
  const std::string supply = "net:run{duration = 5, energy = {supply = {model = '" + path + "', ";
  expect_error(kNet + supply + "load = 'k_lod'}}}", "k_lod");
  expect_error(kNet + supply + "varaint = 'hypoxia'}}}", "unknown option 'varaint'");
  expect_error(kNet + supply + "variant = 'hypoxya'}}}", "unknown variant 'hypoxya'");
  expect_error(kNet + supply + "load_kind = 'linear'}}}", "load_kind must be");
}

BOOST_AUTO_TEST_CASE(mistakes_are_reported_with_the_script_line) {
  expect_error(kNet + "net:population{name = 'X', n = 1, model = 'lif', tau_mm = 3}",
               "unknown option 'tau_mm'");
  expect_error(kNet + "net:population{name = 'X', n = 1, model = 'glif'}", "unknown model 'glif'");
  expect_error(kNet + "net:population{name = 'E', n = 1}", "already used");
  expect_error(kNet + "net:connect{source = 'E', target = 'E', weight = 1}", "exactly one of p");
  expect_error(kNet + "net:connect{source = 'E', target = 'E', p = 0.1, receptor = 'gaba'}",
               "receptor must be");
  expect_error(kNet + "net:connect{source = 'E', target = 'nobody', p = 0.1}",
               "no population named 'nobody'");
  expect_error(kNet + "net:run{duration = -5}", "duration must be");
  expect_error(kNet + "net:run{energy = {supply = {cut = 3}}}", "unknown option 'cut'");
  expect_error(kNet + "net:run{threads = 0}", "threads must be");
  expect_error(kNet + "net.run({})", "expected a ergon.neuro.Network");
}
