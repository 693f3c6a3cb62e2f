// `ergon fba | fva | deletions`: JSON shapes of docs/cli.md, exit codes and bad-input refusals.

#define BOOST_TEST_MODULE cli_fba
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
using ergon::test::run_ergon;
using Json = nlohmann::json;

namespace {
const fs::path kModels = fs::path(ergon::test::kSharedDir) / "models" / "fba";
const std::string kCore = (kModels / "e_coli_core.xml").string();

Json parse(const ergon::test::CommandResult& r) {
  BOOST_TEST_INFO("stderr: " << r.err);
  return Json::parse(r.out);
}

// A two-reaction fbc v2 model; `objective` and `extra_notes` vary per test.
fs::path write_tiny(const std::string& name, bool objective, const std::string& gpr_notes = "") {
  const fs::path path =
      fs::temp_directory_path() / ("ergon_cli_fba_" + std::to_string(::getpid()) + name + ".xml");
  std::ofstream out(path);
  const bool fbc = gpr_notes.empty();
  out << R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1")"
      << (fbc ? R"( xmlns:fbc="http://www.sbml.org/sbml/level3/version1/fbc/version2" fbc:required="false")"
              : "")
      << R"(>
  <model id="tiny")"
      << (fbc ? R"( fbc:strict="true")" : "") << R"(>
    <listOfCompartments><compartment id="c" constant="true"/></listOfCompartments>
    <listOfSpecies><species id="M_a" compartment="c" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>
    <listOfParameters>
      <parameter id="zero" value="0" constant="true"/><parameter id="ten" value="10" constant="true"/>
    </listOfParameters>
    <listOfReactions>
      <reaction id="R_in" reversible="false" fast="false")"
      << (fbc ? R"( fbc:lowerFluxBound="zero" fbc:upperFluxBound="ten")" : "") << R"(>
        )"
      << (fbc ? ""
              : "<notes><body xmlns=\"http://www.w3.org/1999/xhtml\"><p>GENE_ASSOCIATION: " +
                    gpr_notes + "</p></body></notes>")
      << R"(
        <listOfProducts><speciesReference species="M_a" stoichiometry="1" constant="true"/></listOfProducts>
      </reaction>
      <reaction id="R_out" reversible="false" fast="false")"
      << (fbc ? R"( fbc:lowerFluxBound="zero" fbc:upperFluxBound="ten")" : "") << R"(>
        <listOfReactants><speciesReference species="M_a" stoichiometry="1" constant="true"/></listOfReactants>
      </reaction>
    </listOfReactions>)";
  if (fbc && objective) {
    out << R"(
    <fbc:listOfObjectives fbc:activeObjective="obj">
      <fbc:objective fbc:id="obj" fbc:type="maximize">
        <fbc:listOfFluxObjectives><fbc:fluxObjective fbc:reaction="R_out" fbc:coefficient="1"/></fbc:listOfFluxObjectives>
      </fbc:objective>
    </fbc:listOfObjectives>)";
  }
  out << "\n  </model>\n</sbml>\n";
  return path;
}
}  // namespace

ERGON_TEST_MAIN_REQUIRING(kModels / "e_coli_core.xml", kModels / "mini.xml")

BOOST_AUTO_TEST_CASE(fba_json_has_status_objective_and_all_fluxes) {
  const auto r = run_ergon("fba --json " + kCore);
  BOOST_TEST(r.exit_code == 0);
  const auto j = parse(r);
  BOOST_TEST(j["status"] == "optimal");
  BOOST_TEST(j["objective"].get<double>() == 0.8739215069684307,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(j["fluxes"].size() == 95U);
  BOOST_TEST(j["fluxes"].contains("R_PGI"));  // ids as in the file
}

BOOST_AUTO_TEST_CASE(pfba_knockout_and_bound_edits) {
  auto j = parse(run_ergon("fba --pfba --json " + kCore));
  BOOST_TEST(j["total_flux"].get<double>() == 518.4220855176071,
             boost::test_tools::tolerance(1e-9));
  // COBRApy-form ids are accepted; a glucose limit of 5 roughly halves growth.
  j = parse(run_ergon("fba --json --bound EX_glc__D_e=-5:1000 " + kCore));
  BOOST_TEST(j["objective"].get<double>() < 0.5);
  j = parse(run_ergon("fba --json --objective ATPM --knockout b1723 " + kCore));
  BOOST_TEST(j["status"] == "optimal");
}

// COBRApy 0.26.2: model.medium = {...the same...}; model.slim_optimize() == 0.373507970329531.
BOOST_AUTO_TEST_CASE(medium_closes_unlisted_uptakes) {
  const auto j =
      parse(run_ergon("fba --json --medium "
                      "EX_glc__D_e=5,EX_o2_e=10,EX_nh4_e=1000,EX_pi_e=1000,EX_h2o_e=1000,EX_h_e="
                      "1000,EX_co2_e=1000 " +
                      kCore));
  BOOST_TEST(j["objective"].get<double>() == 0.373507970329531, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(run_ergon("fba --medium EX_glc__D_e " + kCore).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(infeasible_model_reports_status_and_exits_1) {
  const auto r = run_ergon("fba --json " + (kModels / "mini.xml").string());
  BOOST_TEST(r.exit_code == 1);
  const auto j = parse(r);
  BOOST_TEST(j["status"] == "infeasible");
  BOOST_TEST(j["objective"].is_null());
}

BOOST_AUTO_TEST_CASE(fva_json_maps_reactions_to_ranges) {
  const auto j = parse(run_ergon("fva --json --fraction 0.9 --reactions PGI,R_PFK " + kCore));
  BOOST_TEST(j["ranges"].size() == 2U);
  BOOST_TEST(j["ranges"]["R_PGI"][0].get<double>() == -14.2990392541,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(j["ranges"]["R_PGI"][1].get<double>() == 9.83876148196,
             boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(deletions_json_has_growth_and_status_maps) {
  auto j = parse(run_ergon("deletions --genes --json " + kCore));
  BOOST_TEST(j["growth"].size() == 137U);
  BOOST_TEST(j["status"].size() == 137U);
  std::size_t lethal = 0;
  for (const auto& [id, g] : j["growth"].items()) {
    BOOST_TEST(g.is_null() == (j["status"][id] != "optimal"), id);
    lethal += g.is_null() ? 1 : 0;
  }
  BOOST_TEST(lethal == 2U);                 // as COBRApy
  BOOST_TEST(j["essential"].size() == 7U);  // COBRApy's find_essential_genes
  j = parse(run_ergon("deletions --genes --double --only b0008,b1779 --json " + kCore));
  BOOST_TEST(j["growth"].contains("G_b0008,G_b1779"));
  BOOST_TEST(j["growth"].size() == 3U);
}

// COBRApy 0.26.2: single_gene_deletion(model, method="linear moma") gives b0116 0.655154485013.
BOOST_AUTO_TEST_CASE(linear_moma_from_the_command_line) {
  auto j = parse(run_ergon("fba --moma --knockout b0116 --json " + kCore));
  BOOST_TEST(j["analysis"] == "linear_moma");
  BOOST_TEST(j["objective"].get<double>() == 0.655154485013, boost::test_tools::tolerance(1e-9));
  j = parse(run_ergon("deletions --genes --moma --only b0116,b0008 --json " + kCore));
  BOOST_TEST(j["method"] == "linear_moma");
  BOOST_TEST(j["growth"]["G_b0116"].get<double>() == 0.655154485013,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(run_ergon("fba --moma --pfba " + kCore).exit_code == 2);
}

// Envelope values from COBRApy 0.26.2: production_envelope(model, ["BIOMASS_Ecoli_core_w_GAM"],
// objective="EX_ac_e", points=5).
BOOST_AUTO_TEST_CASE(yield_and_production_envelope) {
  const auto j = parse(
      run_ergon("yield --json --product EX_ac_e --substrate EX_glc__D_e --envelope 5 " + kCore));
  BOOST_TEST(j["status"] == "optimal");
  BOOST_TEST(j["yield"].get<double>() == 2.0, boost::test_tools::tolerance(1e-9));
  const std::vector<double> growth{0.0, 0.218480, 0.436961, 0.655441, 0.873922};
  const std::vector<double> maximum{20.0, 16.679426, 13.358852, 9.191725, 0.0};
  BOOST_REQUIRE(j["envelope"].size() == 5U);
  for (std::size_t k = 0; k < 5; ++k) {
    BOOST_TEST(std::abs(j["envelope"][k]["objective"].get<double>() - growth[k]) < 1e-6);
    BOOST_TEST(std::abs(j["envelope"][k]["maximum"].get<double>() - maximum[k]) < 1e-6);
    BOOST_TEST(std::abs(j["envelope"][k]["minimum"].get<double>()) < 1e-6);
  }
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_naming_the_id) {
  struct Case {
    std::string args;
    std::string named;
  };
  const std::vector<Case> cases{
      {"fba --objective NOPE " + kCore, "NOPE"},
      {"fba --bound PGI=5:1 " + kCore, "R_PGI"},
      {"fba --bound PGI=x:1 " + kCore, "PGI=x:1"},
      {"fba --knockout b9999 " + kCore, "b9999"},
      {"fva --reactions XYZ " + kCore, "XYZ"},
      {"deletions --genes --only nope " + kCore, "nope"},
      {"deletions " + kCore, "--genes"},
      {"yield --product EX_ac_e --substrate NOPE " + kCore, "NOPE"},
      {"fba " + write_tiny("noobj", false).string(), "no objective"},
      {"fba " + write_tiny("badgpr", true, "(g1 and g2").string(), "(g1 and g2"},
  };
  for (const auto& c : cases) {
    const auto r = run_ergon(c.args);
    BOOST_TEST(r.exit_code == 2, c.args);
    BOOST_TEST(r.err.find(c.named) != std::string::npos, c.args << " -> " << r.err);
  }
  // With an objective chosen on the command line the objective-less model is fine.
  BOOST_TEST(run_ergon("fba --objective R_out " + write_tiny("noobj2", false).string()).exit_code ==
             0);
}

// The model cache (docs/fba.md): a hit gives the same answers as the run that wrote it; an
// edited file, a damaged entry or an unwritable directory never gives a stale or failed run.
BOOST_AUTO_TEST_CASE(model_cache_hits_invalidates_and_degrades_gracefully) {
  const fs::path dir =
      fs::temp_directory_path() / ("ergon_cli_cache_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path cache = dir / "cache";
  ::setenv("ERGON_CACHE_DIR", cache.c_str(), 1);
  const fs::path core = dir / "core.xml";
  fs::copy_file(kCore, core);
  auto without_run_details = [](Json j) {
    j.erase("stats");
    j.erase("seconds");
    j.erase("model_cache");
    return j;
  };

  for (const std::string command :
       {"fba --json ", "fva --reactions PGI,ACONTa,GLUDy --fraction 0.9 --json ",
        "deletions --genes --only b1241,b0351,b4025 --json "}) {
    fs::remove_all(cache);
    const auto first = parse(run_ergon(command + core.string()));
    const auto second = parse(run_ergon(command + core.string()));
    BOOST_TEST(first["model_cache"] == "stored", command);
    BOOST_TEST(second["model_cache"] == "hit", command);
    BOOST_TEST(without_run_details(first) == without_run_details(second),
               command);  // bit-identical numbers
  }
  const auto cold = parse(run_ergon("fba --json --no-cache " + core.string()));
  BOOST_TEST(cold["model_cache"] == "disabled");
  BOOST_TEST(cold["objective"].get<double>() == 0.8739215069684307,
             boost::test_tools::tolerance(1e-9));

  // Any change to the file's bytes is a different key; a changed bound gives the new answer.
  const fs::path tiny = write_tiny("cache", true);
  BOOST_TEST(parse(run_ergon("fba --json " + tiny.string()))["objective"] == 10.0);
  const auto hit = parse(run_ergon("fba --json " + tiny.string()));
  BOOST_TEST(hit["model_cache"] == "hit");
  BOOST_TEST(hit["objective"] == 10.0);
  {
    std::string text = ergon::test::read_text(tiny);
    text.replace(text.find(R"(id="ten" value="10")"), 19, R"(id="ten" value="5" )");
    std::ofstream(tiny) << text;
  }
  const auto edited = parse(run_ergon("fba --json " + tiny.string()));
  BOOST_TEST(edited["model_cache"] == "stored");
  BOOST_TEST(edited["objective"] == 5.0);

  // A truncated and a scribbled-over entry are detected and rebuilt.
  for (const bool truncate : {true, false}) {
    for (const auto& entry : fs::directory_iterator(cache)) {
      if (truncate) {
        fs::resize_file(entry.path(), fs::file_size(entry.path()) / 2);
      } else {
        std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(fs::file_size(entry.path()) - 100));
        f << "garbage";
      }
    }
    const auto rebuilt = parse(run_ergon("fba --json " + tiny.string()));
    BOOST_TEST(rebuilt["model_cache"] == "stored", truncate);
    BOOST_TEST(rebuilt["objective"] == 5.0);
    BOOST_TEST(parse(run_ergon("fba --json " + tiny.string()))["model_cache"] == "hit");
  }

  // ergon.load in Lua reads through the same cache (screens load their models this way).
  fs::remove_all(cache);
  const fs::path script = dir / "load.lua";
  std::ofstream(script) << "local m = ergon.load('" << core.string()
                        << "')\nprint(string.format('%.17g', m:fba().objective))\n";
  const auto lua_first = run_ergon("run --quiet " + script.string());
  BOOST_TEST(lua_first.exit_code == 0, lua_first.err);
  BOOST_TEST_REQUIRE(std::distance(fs::directory_iterator(cache), fs::directory_iterator()) == 1);
  const fs::path entry = fs::directory_iterator(cache)->path();
  const auto written = fs::last_write_time(entry);
  const auto lua_second = run_ergon("run --quiet " + script.string());
  BOOST_TEST(lua_second.out == lua_first.out);
  BOOST_TEST((fs::last_write_time(entry) == written));  // a hit: the entry was not rewritten
  BOOST_TEST(std::stod(lua_first.out) == 0.8739215069684307, boost::test_tools::tolerance(1e-9));

  // An unwritable cache directory: a warning, and the answer.
  std::ofstream(dir / "plain_file") << "x";
  ::setenv("ERGON_CACHE_DIR", (dir / "plain_file" / "cache").c_str(), 1);
  const auto unwritable = run_ergon("fba " + tiny.string());
  BOOST_TEST(unwritable.exit_code == 0);
  BOOST_TEST(unwritable.err.find("model cache not written") != std::string::npos, unwritable.err);
  const auto unwritable_json = parse(run_ergon("fba --json " + tiny.string()));
  BOOST_TEST(unwritable_json["model_cache"] == "not_stored");
  BOOST_TEST(unwritable_json["objective"] == 5.0);
  ::unsetenv("ERGON_CACHE_DIR");
  fs::remove_all(dir);
}
