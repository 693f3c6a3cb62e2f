// The Lua layer in-process: each binding's happy path and its errors (wrong types, nil,
// closed objects, sandbox refusals), all reported with the script's file:line.
#define BOOST_TEST_MODULE scripting_lua_binding
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/error.hpp"
#include "scripting/lua/script_runner.hpp"
#include "support/scratch_directory.hpp"
#include "support/test_paths.hpp"

namespace fs = std::filesystem;
using ergon::scripting::run_script;
using ergon::scripting::RunOptions;

namespace {

struct Scratch : ergon::test::ScratchDirectory {
  Scratch() : ScratchDirectory("ergon_lua_") {}
};

struct Outcome {
  int code = -1;
  std::string errors;
};

Outcome run(const std::string& source, RunOptions options = {}) {
  std::ofstream("script.lua") << source;
  options.script = "script.lua";
  options.quiet = true;
  std::ostringstream errors;
  Outcome out;
  out.code = run_script(options, errors);
  out.errors = errors.str();
  return out;
}

void expect_error(const std::string& source, const std::string& fragment, RunOptions options = {}) {
  const auto out = run(source, std::move(options));
  BOOST_TEST(out.code == 1, source);
  BOOST_TEST(out.errors.find(fragment) != std::string::npos, out.errors);
  BOOST_TEST(out.errors.find("script.lua:") != std::string::npos, out.errors);
  BOOST_TEST(out.errors.find("stack traceback") != std::string::npos, out.errors);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lua, Scratch)

BOOST_AUTO_TEST_CASE(module_args_and_varargs) {
  RunOptions options;
  options.args = {"n=5", "label=x", "plain"};
  const auto out = run(R"(
    assert(require("ergon") == ergon)
    assert(type(ergon.version) == "string")
    assert(ergon.args.n == 5 and math.type(ergon.args.n) == "integer")
    assert(ergon.args.label == "x" and ergon.args[3] == "plain")
    assert(arg[0] == "script.lua" and arg[1] == "n=5")
    assert(select("#", ...) == 3)
  )",
                       options);
  BOOST_TEST(out.code == 0, out.errors);
}

BOOST_AUTO_TEST_CASE(h5_log_round_trip_and_errors) {
  BOOST_TEST(run(R"(
    local log = ergon.h5.open("a.h5")
    log:write("x", {1, 2, 3}, {units = "mM", n = 3, ok = true, tags = {"a", "b"}, v = {1.5, 2}})
    log:write("m", {{1, 2}, {3, 4}})
    log:write("t", {id = {"a", "b"}, value = {1, 2}, note = "scalar becomes attribute"})
    log:attrs("/", {experiment = "unit"})
    local s = log:stream("s", {"a"})
    s:append(0, {1}); s:append(1, {2})
    assert(s:rows() == 2)
    log:flush()
    assert(log:path() == "a.h5")
    log:close()
  )")
                 .code == 0);
  expect_error("ergon.h5.open(nil)", "ergon.h5.open: path must be a string, got nil");
  expect_error("ergon.h5.open('b.h5', 'x')", "mode must be");
  expect_error("local l = ergon.h5.open('c.h5'); l:write('x', 5)",
               "value must be a result or a table");
  expect_error("local l = ergon.h5.open('d.h5'); l.write('x', {1})", "call it with ':'");
  expect_error("local l = ergon.h5.open('e.h5'); l:write('x', {1}); l:write('x', {2})",
               "already exists");
  expect_error("local l = ergon.h5.open('f.h5'); l:write('x', {{1, 2}, {3}})", "differ in length");
  expect_error("local l = ergon.h5.open('g.h5'); l:write('x', {1, 'a'})", "must be a number");
  expect_error("local l = ergon.h5.open('h.h5'); l:write('x', {1}, {f = print})",
               "cannot be a function");
  expect_error("local l = ergon.h5.open('i.h5'); l:close(); l:write('x', {1})",
               "the log is closed");
  expect_error("local l = ergon.h5.open('j.h5'); l:attrs('nope', {a = 1})", "no such group");
  expect_error(
      "local l = ergon.h5.open('k.h5'); local s = l:stream('s', {'a', 'b'}); s:append(0, {1})",
      "2 columns");
}

BOOST_AUTO_TEST_CASE(progress_is_silent_off_terminal) {
  BOOST_TEST(run("local p = ergon.progress(3, 'x'); p:step(); p:update(3); p:done()").code == 0);
  expect_error("ergon.progress('many')", "total must be a number, got string");
  expect_error("ergon.progress(0/0)", "total must be a finite number >= 0");
}

BOOST_AUTO_TEST_CASE(uncaught_errors_exit_1_with_traceback) {
  expect_error("local function f() error('my failure') end\nf()", "my failure");
}

BOOST_AUTO_TEST_CASE(unreadable_or_invalid_scripts_are_input_errors) {
  std::ofstream("bad.lua") << "x = = 1";
  std::ostringstream sink;
  BOOST_CHECK_THROW(run_script({.script = "bad.lua"}, sink), ergon::InputError);
  BOOST_CHECK_THROW(run_script({.script = "missing.lua"}, sink), ergon::InputError);
  BOOST_CHECK_THROW(run_script({.script = "."}, sink), ergon::InputError);
}

BOOST_AUTO_TEST_CASE(sandbox_removes_escapes_and_confines_writes) {
  const RunOptions sandboxed{.sandbox = true};
  BOOST_TEST(run(R"(
    assert(os.execute == nil and io.popen == nil and package.loadlib == nil)
    local f = assert(io.open("inside.txt", "w")); f:write("ok"); f:close()
    assert(io.open("inside.txt", "r")):close()
    local l = ergon.h5.open("inside.h5"); l:close()
  )",
                 sandboxed)
                 .code == 0);
  expect_error("io.open('/tmp/ergon_escape.txt', 'w')", "sandbox", sandboxed);
  expect_error("io.open('../escape.txt', 'a')", "sandbox", sandboxed);
  expect_error("ergon.h5.open('/tmp/ergon_escape.h5')", "sandbox", sandboxed);
  expect_error("os.remove('/tmp/whatever')", "sandbox", sandboxed);
  expect_error("assert(load(string.dump(function() end)))", "binary", sandboxed);
  // Outside the sandbox nothing is removed.
  BOOST_TEST(run("assert(os.execute ~= nil and io.popen ~= nil)").code == 0);
  // --allow-write adds a root.
  RunOptions allowed{.sandbox = true, .allow_write = {fs::temp_directory_path()}};
  BOOST_TEST(run("local f = assert(io.open((os.getenv('TMPDIR') or '/tmp') .. "
                 "'/ergon_allowed.txt', 'w')); f:close()",
                 allowed)
                 .code == 0);
  fs::remove(fs::temp_directory_path() / "ergon_allowed.txt");
}

// A one-reaction model as SBML text: S -> P at rate k*S in a unit compartment.
const char* const kDecayModel = R"lua(
local sbml = [[<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="decay"><listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
  <listOfSpecies><species id="S" compartment="c" initialConcentration="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
  <species id="P" compartment="c" initialConcentration="0" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
  <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
  <listOfReactions><reaction id="R" reversible="false">
  <listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
  <listOfProducts><speciesReference species="P" stoichiometry="1" constant="true"/></listOfProducts>
  <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>k</ci><ci>S</ci></apply></math></kineticLaw>
  </reaction></listOfReactions></model></sbml>]]
local m = ergon.load(sbml)
)lua";

BOOST_AUTO_TEST_CASE(model_load_edit_simulate) {
  const auto out = run(std::string(kDecayModel) + R"(
    assert(m:info().id == "decay" and m:info().species == 2)
    assert(#m:species() == 2 and m:reactions()[1] == "R" and m:parameters()[1] == "k")
    assert(m:get("k") == 0.5 and m:get("S") == 4)
    local fast = m:clone(); fast:set("k", 1.0)
    assert(m:get("k") == 0.5 and fast:get("k") == 1.0)
    local r = fast:simulate{t_end = 2, points = 21, selections = {"S"}}
    assert(r.ok and r.status == "success" and #r.time == 21 and #r:names() == 1)
    assert(math.abs(r.S[21] - 4 * math.exp(-2)) < 1e-6)
    assert(math.abs(r:at(1.05).S - 0.5 * (r.S[11] + r.S[12])) < 1e-12)
    local log = ergon.h5.open("m.h5"); log:write("fast", r); log:close()
  )");
  BOOST_TEST(out.code == 0, out.errors);
}

BOOST_AUTO_TEST_CASE(model_errors_name_what_is_wrong) {
  const std::string m = kDecayModel;
  expect_error("ergon.load('missing.xml')", "missing.xml: no such file");
  expect_error("ergon.load(42)", "ergon.load: path or SBML text must be a string, got number");
  expect_error("ergon.load('<notsbml/>'):simulate()", "not a readable SBML model");
  expect_error("ergon.load('  <'):info()", "<string>:1: not a readable SBML model");
  expect_error("ergon.load('')", "ergon.load: empty path");
  expect_error(m + "m:get('nope')", "'nope': no compartment, species or parameter");
  expect_error(m + "m:set('nope', 1)", "'nope': no compartment, species or parameter");
  expect_error(m + "m:set('k', 'fast')", "value must be a number, got string");
  expect_error(m + "m:set('k', 0/0)", "must be finite");
  expect_error(m + "m:simulate{points = 1}", "points must be an integer >= 2");
  expect_error(m + "m:simulate{t_start = 5, t_end = 1}", "t_end must be greater than t_start");
  expect_error(m + "m:simulate{rtol = -1}", "rtol and atol must be > 0");
  expect_error(m + "m:simulate{selections = {'X'}}", "'X': unknown id in selections");
  expect_error(m + "m:simulate{t_end = 'long'}", "option 't_end' must be a number, got string");
  expect_error(m + "local r = m:simulate{t_end = 1}; local x = r.nope",
               "no column or field 'nope'");
  expect_error(m + "local r = m:simulate{t_end = 1}; r:at(5)", "outside the simulated time span");
  expect_error(m + "m.simulate({})", "call it with ':'");
  expect_error(m + "m:simulate{log = ergon.h5.open('s.h5')}", "streaming to a log needs name");
  expect_error(m + "m:simulate{log = 5, name = 'x'}", "expected a ergon.Log");
}

std::string energy_model() {
  return "local m = ergon.load('" + std::string(ergon::test::kSourceDir) +
         "/pathways/human_energy_metabolism.xml')\n";
}

BOOST_AUTO_TEST_CASE(flux_analyses_on_the_energy_model) {
  const auto out = run(energy_model() + R"(
    local ids, sense = m:objective()
    assert(ids[1] == "R_ATPM" and sense == "max")
    local r = m:fba()
    assert(r.kind == "fba" and r.ok and math.abs(r.objective - 31.5) < 1e-6)
    assert(math.abs(r.fluxes.R_ATPM - 31.5) < 1e-6)
    local anaerobic = m:clone()
    local lb, ub = anaerobic:bounds("EX_o2_e", 0, nil)   -- COBRApy form of the id accepted
    assert(lb == 0 and ub == 1000)
    assert(math.abs(anaerobic:fba().objective - 2) < 1e-6)
    assert(math.abs(m:fba().objective - 31.5) < 1e-6, "the base model is unchanged")
    local p = m:pfba{fraction = 1.0}
    assert(p.kind == "pfba" and p.total_flux > p.objective)
    local v = m:fva{fraction = 1.0, reactions = {"R_PDH"}}
    assert(#v.ids == 1 and math.abs(v.minimum.R_PDH - 2) < 1e-6 and math.abs(v.ranges.R_PDH[2] - 2) < 1e-6)
    local d = m:deletions{reactions = true, targets = {"R_ATPS4mi", "R_HEX1"}}
    assert(d.kind == "deletions" and #d.ids == 2)
    assert(math.abs(d.growth.R_ATPS4mi - 2) < 1e-6, "no ATP synthase: glycolysis only")
    assert(d.statuses.R_HEX1 == "optimal" and math.abs(d.growth.R_HEX1) < 1e-9, "no hexokinase: no ATP from glucose")
    local closed = m:clone():knockout{genes = {"MT_ND1"}}
    assert(#closed == 1 and closed[1] == "R_NADH2_u10m")
    local y = m:yield{product = "R_ATPM", substrate = "R_EX_glc__D_e"}
    assert(y.kind == "yield" and math.abs(y.yield - 31.5) < 1e-6)
    m:objective("R_BIOMASS_prolif", "max")
    assert(m:objective()[1] == "R_BIOMASS_prolif")
  )");
  BOOST_TEST(out.code == 0, out.errors);
}

BOOST_AUTO_TEST_CASE(flux_errors_name_the_id) {
  const std::string m = energy_model();
  expect_error(m + "m:bounds('R_NOPE')", "'R_NOPE': unknown reaction");
  expect_error(m + "m:bounds('R_PDH', 5, 1)", "R_PDH");
  expect_error(m + "m:bounds('R_PDH', 'x', 1)", "lower bound must be a number");
  expect_error(m + "m:objective('R_PDH', 'up')", "sense must be \"max\" or \"min\"");
  expect_error(m + "m:knockout{genes = {'NOPE'}}", "'NOPE': unknown gene");
  expect_error(m + "m:knockout(5)", "targets must be a table");
  expect_error(m + "m:pfba{fraction = 2}", "fraction must be in [0, 1]");
  expect_error(m + "m:deletions{}", "exactly one of genes = true or reactions = true");
  expect_error(m + "m:yield{product = 'R_ATPM'}", "needs product = rxn and substrate = rxn");
  expect_error(m + "local r = m:fba(); local x = r.minimum", "a fba result has no field 'minimum'");
}

// Every option table refuses a key it does not know, naming it and the accepted keys: a
// misspelt tolerance must not run silently with the default.
BOOST_AUTO_TEST_CASE(unknown_option_keys_are_refused_with_the_accepted_ones) {
  const std::string k = kDecayModel;
  expect_error(k + "m:simulate{rtoll = 1}",
               "Model:simulate: unknown options key 'rtoll' (accepted: t_start, t_end, points, "
               "rtol, atol, selections, log, name)");
  expect_error(k + "m:simulate{1, 2}", "Model:simulate: unknown options key [1]");
  const std::string m = energy_model();
  expect_error(m + "m:fba{looples = true}", "Model:fba: unknown options key 'looples'");
  expect_error(m + "m:pfba{fractoin = 1}", "Model:pfba: unknown options key 'fractoin'");
  expect_error(m + "m:fva{thread = 2}",
               "unknown options key 'thread' (accepted: fraction, loopless, threads, reactions)");
  expect_error(m + "m:deletions{genes = true, doubel = true}", "unknown options key 'doubel'");
  expect_error(m + "m:knockout{gene = {'MT_ND1'}}", "Model:knockout: unknown targets key 'gene'");
  expect_error(m + "m:yield{product = 'R_ATPM', substrat = 'R_EX_glc__D_e'}",
               "unknown options key 'substrat'");
  expect_error("ergon.neuro.network{sed = 1}", "ergon.neuro.network: unknown options key 'sed'");
  const std::string screen = m + "ergon.screen{conditions = {{name = 'a', model = m}}, ";
  expect_error(screen + "targets = {reactions = 'all'}, dose = {1}}", "unknown spec key 'dose'");
  expect_error(screen + "targets = {reaction = 'all'}}", "unknown targets key 'reaction'");
  expect_error(m + "ergon.screen{conditions = {{name = 'a', modle = m}}, targets = {}}",
               "unknown conditions[i] key 'modle'");
}

// ergon.thermo translates tables to engine/thermo and back; the numbers themselves are checked in
// tests/thermo. Hand check (R_UCP): H+ into the matrix (pH 7.8, −0.16 V) from the IMS (pH 7.2, 0 V)
// is −RT ln10·0.6 + F·(−0.16) = −18.86 kJ/mol.
BOOST_AUTO_TEST_CASE(thermo_functions_return_plain_tables) {
  const std::string data = std::string(ergon::test::kSourceDir) + "/datasets";
  const std::string kinetic =
      std::string(ergon::test::kSourceDir) + "/pathways/human_energy_kinetic.xml";
  const auto out =
      run(energy_model() + "local data = '" + data + "'\nlocal kinetic = '" + kinetic + "'\n" + R"(
    local e = ergon.thermo.drg(m, {data = data, pH = 7.2, compartments = {m = {pH = 7.8, potential = -0.16}}})
    assert(math.abs(e.R_UCP.standard - (-18.86)) < 0.01, e.R_UCP.standard)
    assert(e.R_UCP.transport and e.R_FAS160.imbalance:find("O %+7"))
    assert(e.R_PROTS.standard == nil and #e.R_PROTS.missing == 2)
    local g = ergon.thermo.gibbs(m, "R_ATPM", {M_atp_c = 5e-3, M_adp_c = 5e-4, M_pi_c = 5e-3},
                                 {data = data, sources = {"Alberty2006"}, pH = 7.0, pMg = 3})
    assert(math.abs(g - (-32.4 + 2.479 * math.log(5e-4))) < 0.1, g)
    local r = ergon.thermo.mdf(m, {R_HEX1 = 1, R_PGI = 1}, {data = data})
    assert(r.status == "optimal" and #r.reactions == 2 and r.mdf > 0 and r.concentrations.M_g6p_c)
    local missing = ergon.thermo.mdf(m, {R_PROTS = 1}, {data = data})
    assert(missing.status == "missing_data" and missing.excluded[1] == "R_PROTS" and missing.mdf == nil)
    -- TFA takes the Model's edits: with ATPM forced to 10 and ATP held at 1e-10 M against
    -- 10 mM ADP and Pi, ATP hydrolysis runs uphill, and the conflict names R_ATPM.
    local human = {data = data, sigmas = 0, compartments = {c = {pH = 7.2}, i = {pH = 7.2},
                   e = {pH = 7.4}, m = {pH = 7.8, potential = -0.16}}}
    local t = ergon.thermo.tfa(m, human)
    assert(t.status == "optimal" and math.abs(t.objective - m:fba().objective) < 1e-6, t.status)
    assert(t.fluxes.R_ATPM > 0 and t.gibbs.R_ATPM < 0 and t.unconstrained.R_FAS160)
    local v = ergon.thermo.tva(m, {data = data, sigmas = 0, fraction = 0.5,
                                   compartments = human.compartments})
    assert(v.status == "optimal" and v.failed == 0 and v.fluxes.R_ATPM[1] <= v.fluxes.R_ATPM[2])
    m:bounds("R_ATPM", 10, 10)
    human.concentrations = {M_atp_c = {1e-10, 1e-10}, M_adp_c = {1e-2, 1e-2}, M_pi_c = {1e-2, 1e-2}}
    local bad = ergon.thermo.tfa(m, human)
    assert(bad.status == "thermodynamically_infeasible" and bad.conflicts[1].id == "R_ATPM",
           bad.status)
    assert(bad.objective == nil)
    -- A state: ΔG'_ATP per compartment equals ΔrG' of the hydrolysis reaction in it.
    local st = ergon.thermo.state(m, {M_atp_c = 5e-3, M_adp_c = 5e-4, M_amp_c = 5e-5, C00009 = 5e-3},
                                  {data = data, sources = {"Alberty2006"}, pH = 7.0, pMg = 3})
    assert(math.abs(st.compartments.c.atp_hydrolysis - st.reactions.R_ATPM.gibbs) < 1e-9)
    assert(math.abs(st.compartments.c.energy_charge - 5.25 / 5.55) < 1e-12)
    assert(st.reactions.R_ATPM.disequilibrium < 1 and not st.reactions.R_ATPM.near_equilibrium)
    assert(st.reactions.R_PGI.gibbs == nil and st.reactions.R_PGI.note:find("no concentration"))
    -- Results go to an HDF5 log as groups with `log` and `name`.
    local log = ergon.h5.open("thermo_log_test.h5", "w")
    ergon.thermo.state(m, {M_atp_c = 5e-3, M_adp_c = 5e-4, M_amp_c = 5e-5, C00009 = 5e-3},
                       {data = data, log = log, name = "state"})
    ergon.thermo.drg(m, {data = data, log = log, name = "energies"})
    log:close()
    local ok, err = pcall(ergon.thermo.drg, m, {data = data, name = "x"})
    assert(not ok and err:find("name needs log"), err)
    -- The rate-law check reads the kinetic model with its m:set edits.
    local km = ergon.load(kinetic)
    local c = ergon.thermo.check(km, {data = data, compartments = {c = {pH = 7.2}}})
    assert(c.LDH.kind == "reversible" and math.abs(c.LDH.implied_K - km:get("Keq_ldh")) < 1e-6 * c.LDH.implied_K)
    assert(c.LDH.difference and c.HK.kind == "irreversible")
    km:set("Keq_ldh", 100)
    assert(math.abs(ergon.thermo.check(km, {data = data}).LDH.implied_K - 100) < 1e-6)
    local bad_unit = pcall(ergon.thermo.check, km, {data = data, unit = "furlong"})
    assert(not bad_unit)
  )");
  BOOST_TEST(out.code == 0, out.errors);
  const std::string m = energy_model();
  expect_error(m + "ergon.thermo.drg(m, {ph = 7})", "ergon.thermo.drg: unknown options key 'ph'");
  expect_error(m + "ergon.thermo.drg(m, {data = '" + data + "', pH = 15})",
               "pH 15 is out of range");
  expect_error(m + "ergon.thermo.gibbs(m, 'R_ATPM', {M_atp_c = 1e-3}, {data = '" + data + "'})",
               "concentration must be > 0 M");
  expect_error(m + "ergon.thermo.mdf(m, {R_HEX1 = 1}, {data = '" + data +
                   "', concentrations = {M_glc__D_c = {1e-2, 1e-3}}})",
               "min 0.01 M > max 0.001 M");
  expect_error(m + "ergon.thermo.tfa(m, {sigma = 1})",
               "ergon.thermo.tfa: unknown options key 'sigma'");
  expect_error(m + "ergon.thermo.tva(m, {data = '" + data + "', fraction = 3})",
               "fraction_of_optimum must lie in [0, 1]");
  expect_error(m + "ergon.thermo.state(m, {M_nothing = 1}, {data = '" + data + "'})",
               "'M_nothing' is neither a metabolite of the model nor a KEGG compound");
  expect_error(m + "ergon.thermo.state(m, {M_atp_c = -1}, {data = '" + data + "'})",
               "negative concentration");
}

BOOST_AUTO_TEST_SUITE_END()
