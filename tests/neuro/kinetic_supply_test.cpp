// The kinetic ATP supply on a toy model with known answers: ATP made at a constant rate v and
// used by the load k·ATP. At rest [ATP]₀ = v/k; with v cut, the model's ATP falls by exactly
// the load, so the pools must lose exactly what the neurons consumed.
#define BOOST_TEST_MODULE neuro_kinetic_supply
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "engine/core/error.hpp"
#include "engine/kinetic/compiled_model.hpp"
#include "neuro/energy/kinetic_supply.hpp"
#include "test_networks.hpp"

using namespace ergon;
using namespace ergon::neuro;
namespace tt = boost::test_tools;

namespace {

Expression sym(const char* id) {
  return Expression::symbol(id);
}

// atp: made at v (mM/s), used by the load: k_load·atp (rate constant; [ATP]₀ = 0.03 / 0.015
// = 2 mM) or k_load itself (flux; 0.03 mM/s, [ATP]₀ = its initial 2 mM). J₀ = 0.03 mM/s.
std::shared_ptr<const kinetic::CompiledModel> toy_model(LoadKind kind) {
  const bool flux = kind == LoadKind::flux;
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back({.id = "atp", .compartment = "c", .initial_concentration = 2.0});
  m.parameters.push_back({.id = "v", .value = 0.03});
  m.parameters.push_back({.id = "k_load", .value = flux ? 0.03 : 0.015});
  m.reactions.push_back({.id = "PROD",
                         .products = {{.species = "atp", .stoichiometry = 1.0}},
                         .rate = Expression::call(Op::times, {sym("c"), sym("v")})});
  auto load = flux ? Expression::call(Op::times, {sym("c"), sym("k_load")})
                   : Expression::call(Op::times, {sym("c"), sym("k_load"), sym("atp")});
  m.reactions.push_back({.id = "ATPASE",
                         .reactants = {{.species = "atp", .stoichiometry = 1.0}},
                         .rate = std::move(load)});
  return kinetic::CompiledModel::compile(m);
}

KineticSupplyOptions toy_options(LoadKind kind = LoadKind::rate_constant) {
  KineticSupplyOptions o;
  o.model = toy_model(kind);
  o.load_kind = kind;
  o.production_id = "PROD";
  o.settle_s = 10.0;
  o.pool_atp = 1e10;
  o.reference_demand_per_s = 3e9;
  o.rtol = 1e-10;
  o.atol = 1e-14;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(scaling_matches_the_resting_rate_and_the_pool) {
  KineticSupply s(toy_options());
  BOOST_TEST(s.pool_per_neuron() == 1e10, tt::tolerance(1e-9));
  BOOST_TEST(s.mm_per_atp() == 2.0 / 1e10, tt::tolerance(1e-12));
  // ATP turnover: model 2 / 0.03 = 66.7 s, neuron 1e10 / 3e9 = 3.33 s.
  BOOST_TEST(s.time_scale() == 20.0, tt::tolerance(1e-12));
  // At the reference demand the model stays at rest.
  for (int k = 0; k < 100; ++k) s.step(k * 1.0, 1e-3, 3e9);
  BOOST_TEST(s.pool_per_neuron() == 1e10, tt::tolerance(1e-7));
  // No demand: the pool gains what the resting production makes, 3e9 ATP/s per neuron.
  const double before = s.pool_per_neuron();
  s.step(100.0, 1e-3, 0.0);
  BOOST_TEST(s.pool_per_neuron() - before == 3e6, tt::tolerance(1e-5));
  std::vector<double> row;
  s.append_trace_row(row);
  BOOST_TEST(s.columns() == (std::vector<std::string>{"atp", "k_load", "demand", "PROD"}));
  BOOST_TEST(row.at(1) == 0.0);  // the load of the last step
  BOOST_TEST(row.at(3) == 0.03, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(with_production_cut_pools_lose_what_neurons_consume) {
  for (const auto kind : {LoadKind::rate_constant, LoadKind::flux}) {
    auto o = toy_options(kind);
    o.perturb_at_ms = 5.0;
    o.perturbation = {{"v", 0.0}};
    KineticSupply s(o);
    BOOST_TEST(s.time_scale() == 20.0, tt::tolerance(1e-12));
    for (int k = 0; k < 5; ++k) s.step(k * 1.0, 1e-3, 2e9);
    const double at_cut = s.pool_per_neuron();
    BOOST_TEST(at_cut == 1e10 + 5 * 1e6, tt::tolerance(1e-7));  // 5 ms at 1e9 ATP/s spare
    for (int k = 5; k < 105; ++k) s.step(k * 1.0, 1e-3, 2e9);
    // 100 ms at 2e9 ATP/s: 2e8 ATP, and the model makes none. The rate-constant load is set
    // from [ATP] at the start of each step (exact for the flux load).
    BOOST_TEST(at_cut - s.pool_per_neuron() == 2e8,
               tt::tolerance(kind == LoadKind::flux ? 1e-7 : 1e-3));
  }
}

BOOST_AUTO_TEST_CASE(a_network_on_the_kinetic_supply_keeps_its_pools_at_the_model_level) {
  auto net = test::cuba(1000, 3);
  EnergyOptions e{.enabled = true};
  auto k = toy_options();
  k.perturb_at_ms = 200.0;
  k.perturbation = {{"v", 0.0}};
  e.kinetic_supply = k;
  e.feedback.enabled = false;
  const auto r = simulate(net, {.duration_ms = 400, .energy = e});
  BOOST_REQUIRE(r.energy.has_value());
  const auto& mt = r.metabolic_trace;
  BOOST_TEST(mt.columns == (std::vector<std::string>{"atp", "k_load", "demand", "PROD"}));
  BOOST_REQUIRE(mt.time_ms.size() == 400u);
  BOOST_TEST(mt.time_ms.front() == 1.0);
  const auto& tr = r.atp_trace;
  const std::size_t w = tr.columns.size();
  // Every pool is the model's ATP in molecules: the E mean equals it row by row.
  for (std::size_t row = 0; row < 400; row += 37)
    BOOST_TEST(tr.values[row * w] == mt.values[row * 4] / (2.0 / 1e10), tt::tolerance(1e-9));
  // From the cut on, production is zero: the pools lost what the network consumed then.
  const double pool_at_cut = tr.values[199 * w];
  const double pool_end = tr.values[399 * w];
  BOOST_TEST(pool_at_cut > pool_end);
  // Consumption over the second half: the whole run's minus the first half's, which a run
  // of 200 ms reproduces (same seed, same network, no feedback).
  auto net2 = test::cuba(1000, 3);
  const auto half = simulate(net2, {.duration_ms = 200, .energy = e});
  const double consumed = r.energy->atp.total() - half.energy->atp.total();
  BOOST_TEST((pool_at_cut - pool_end) * 1000 == consumed, tt::tolerance(2e-3));
}

BOOST_AUTO_TEST_CASE(bad_ids_and_options_are_input_errors_naming_them) {
  const auto fails_naming = [](KineticSupplyOptions o, const std::string& id) {
    try {
      KineticSupply s(o);
    } catch (const InputError& e) {
      return std::string(e.what()).find(id) != std::string::npos;
    }
    return false;
  };
  auto o = toy_options();
  o.load_id = "k_lod";
  BOOST_TEST(fails_naming(o, "k_lod"));
  o = toy_options();
  o.atp_id = "ATP";
  BOOST_TEST(fails_naming(o, "ATP"));
  o = toy_options();
  o.perturbation = {{"o2", 0.0}};
  BOOST_TEST(fails_naming(o, "o2"));
  o = toy_options();
  o.pool_atp = 0;
  BOOST_TEST(fails_naming(o, "pool_atp"));
  o = toy_options();
  o.model = nullptr;
  BOOST_TEST(fails_naming(o, "model"));
}
