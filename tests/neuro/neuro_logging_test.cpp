// Spikes, the energy report and ATP traces written to HDF5 from Lua, read back with h5py:
// streamed spike rows match the run's count and order, the energy report's categories sum to
// its total, and the ATP trace and the kinetic supply's metabolic trace have one row per
// metabolic step.
#define BOOST_TEST_MODULE neuro_logging
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
const fs::path kPython = "/usr/bin/python3";
const fs::path kExamples = fs::path(ergon::test::kSourceDir) / "neuro" / "examples";

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("ergon_neuro_log_" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
};

// Runs a Python snippet with the file as sys.argv[1]; returns its exit code.
int python(const std::string& code, const fs::path& file) {
  const auto script = file.string() + ".py";
  std::ofstream(script) << "import h5py, numpy, sys\nf = h5py.File(sys.argv[1], 'r')\n" << code;
  return std::system((kPython.string() + " " + script + " " + file.string()).c_str());
}
}  // namespace

ERGON_TEST_MAIN_REQUIRING(kPython)

BOOST_AUTO_TEST_CASE(streamed_spikes_are_all_in_the_file) {
  const Scratch s;
  const auto file = s.dir / "cuba.h5";
  const auto r = ergon::test::run_ergon("run " + (kExamples / "cuba.lua").string() +
                                        " n=1000 duration=0.5 seed=3 log=" + file.string());
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto spikes = json::parse(r.out)["spikes"].get<long>();
  BOOST_REQUIRE(spikes > 100);
  const std::string check =
      "g = f['cuba/spikes']\n"
      "assert g.attrs['kind'] == 'spikes'\n"
      "t = g['time'][:]; n = g['values'][:, 0]\n"
      "assert len(t) == " +
      std::to_string(spikes) +
      ", len(t)\n"
      "assert (numpy.diff(t) >= 0).all() and t.max() < 0.5\n"
      "assert (n >= 0).all() and (n < 1000).all()\n"
      "assert f['cuba/run'].attrs['kind'] == 'spikes'\n"
      "assert f['cuba/run'].attrs['spike_count'] == len(t)\n"
      "assert f['cuba/run/statistics/E'].attrs['kind'] == 'spike_statistics'\n";
  BOOST_TEST(python(check, file) == 0);
}

BOOST_AUTO_TEST_CASE(energy_report_atp_and_metabolic_traces_are_written) {
  const Scratch s;
  const auto file = s.dir / "starve.h5";
  const auto r = ergon::test::run_ergon("run " + (kExamples / "energy_starvation.lua").string() +
                                        " n=1000 duration=0.4 cut=0.2 log=" + file.string());
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const std::string check =
      "e = f['starvation/energy'].attrs\n"
      "assert e['kind'] == 'energy_report'\n"
      "parts = sum(e['atp_' + k] for k in ['spikes', 'postsynaptic', 'presynaptic', 'recycling', "
      "'resting'])\n"
      "assert abs(parts - e['atp_total']) < 1e-9 * e['atp_total']\n"
      "assert e['joules_total'] > 0 and e['hardware_joules:TrueNorth'] > 0\n"
      "assert abs(e['hardware_joules_per_synaptic_op:GPU'] - 640.9e-12) < 1e-18\n"
      "assert 'Horowitz 2014' in e['hardware_source:GPU']\n"
      "assert 'unverified' in e['hardware_source:Loihi']\n"
      "tr = f['starvation/atp_trace']\n"
      "assert tr.attrs['kind'] == 'atp_trace'\n"
      "assert tr['values'].shape == (400, 4), tr['values'].shape\n"
      "assert len(f['starvation/times']) == len(f['starvation/neurons']) > 0\n"
      "mt = f['starvation/metabolic_trace']\n"
      "assert mt.attrs['kind'] == 'metabolic_trace'\n"
      "cols = [c.decode() if isinstance(c, bytes) else c for c in mt['columns'][:]]\n"
      "assert cols == ['atp', 'k_load', 'demand', 'J_ATP'], cols\n"
      "v = mt['values'][:]\n"
      "assert v.shape == (400, 4), v.shape\n"
      "assert (mt['time_ms'][:] == tr['time_ms'][:]).all()\n"
      "assert (v[:, 0] > 2.0).all() and (v[:, 0] < 3.0).all()  # [ATP], mM\n"
      "assert (v[:, 1] >= 0).all() and (v[:, 3] > 0).all()\n";
  BOOST_TEST(python(check, file) == 0);
}
