#define BOOST_TEST_MODULE cli_info
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_main.hpp"

namespace fs = std::filesystem;
using ergon::test::run_ergon;

namespace {
const fs::path kCobra = ergon::test::kCobraDataDir;

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

ERGON_TEST_MAIN_REQUIRING(kCobra / "e_coli_core.xml")

BOOST_AUTO_TEST_CASE(version_names_commit_and_libraries) {
  const auto r = run_ergon("--version");
  BOOST_TEST(r.exit_code == 0);
  for (const char* name : {"ergon ", "commit", "SUNDIALS", "libSBML", "GLPK", "HDF5", "Lua"}) {
    BOOST_TEST(r.out.find(name) != std::string::npos, name);
  }
}

BOOST_AUTO_TEST_CASE(help_documents_exit_codes) {
  const auto r = run_ergon("--help");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.out.find("Exit codes") != std::string::npos);
  BOOST_TEST(r.out.find("info") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
  BOOST_TEST(run_ergon("").exit_code == 2);
  BOOST_TEST(run_ergon("info").exit_code == 2);
  BOOST_TEST(run_ergon("info --no-such-flag x.xml").exit_code == 2);
}

BOOST_AUTO_TEST_CASE(info_e_coli_core_text_and_json) {
  const auto text = run_ergon("info " + (kCobra / "e_coli_core.xml").string());
  BOOST_TEST(text.exit_code == 0);
  BOOST_TEST(text.err.empty());
  BOOST_TEST(text.out.find("reactions             95") != std::string::npos, text.out);

  const auto json = run_ergon("info --json " + (kCobra / "e_coli_core.xml").string());
  BOOST_TEST_REQUIRE(json.exit_code == 0);
  const auto j = nlohmann::json::parse(json.out);
  BOOST_TEST(j["counts"]["reactions"].get<int>() == 95);
  BOOST_TEST(j["counts"]["species"].get<int>() == 72);
  BOOST_TEST(j["fbc"]["gene_products"].get<int>() == 137);
  BOOST_TEST(j["fbc"]["objectives"][0]["terms"][0]["reaction"].get<std::string>() ==
             "R_BIOMASS_Ecoli_core_w_GAM");
}

// The conserved moieties of the E. coli core network: NAD(H), NADP(H), the adenylates,
// CoA (free, acetyl-, succinyl-) and ubiquinone(-ol); 72 species, rank 67.
BOOST_AUTO_TEST_CASE(info_reports_conservation_laws) {
  const auto file = (kCobra / "e_coli_core.xml").string();
  const auto text = run_ergon("info --no-checks " + file);
  BOOST_TEST(text.exit_code == 0);
  BOOST_TEST(text.out.find("conservation laws: 5 (stoichiometric matrix 72 species x 95 "
                           "reactions, rank 67)") != std::string::npos,
             text.out);
  BOOST_TEST(text.out.find("M_adp_c + M_amp_c + M_atp_c = constant") != std::string::npos,
             text.out);

  const auto json = run_ergon("info --no-checks --json " + file);
  BOOST_TEST_REQUIRE(json.exit_code == 0);
  const auto c = nlohmann::json::parse(json.out)["conservation"];
  BOOST_TEST(c["rank"].get<int>() == 67);
  BOOST_TEST_REQUIRE(c["laws"].size() == 5U);
  std::vector<std::string> dependent;
  for (const auto& law : c["laws"]) dependent.push_back(law["dependent"].get<std::string>());
  std::sort(dependent.begin(), dependent.end());
  BOOST_TEST((std::adjacent_find(dependent.begin(), dependent.end()) == dependent.end()));
  BOOST_TEST(c["laws"][0]["terms"][0]["coefficient"].get<int>() == 1);
}

BOOST_AUTO_TEST_CASE(bad_inputs_exit_2_with_one_line_on_stderr) {
  const fs::path dir = fs::temp_directory_path() / ("ergon_cli_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir / "folder.xml");
  std::ofstream(dir / "empty.xml");
  std::ofstream(dir / "binary.xml", std::ios::binary) << std::string("\0\1\2\3garbage", 11);
  std::ofstream(dir / "truncated.xml")
      << "<?xml version=\"1.0\"?>\n<sbml level=\"3\" version=\"1\"><model id=\"m\">";
  std::ofstream(dir / "html.xml") << "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html/>\n";

  std::vector<fs::path> bad{dir / "missing.xml", dir / "folder.xml",    dir / "empty.xml",
                            dir / "binary.xml",  dir / "truncated.xml", dir / "html.xml"};
  for (const char* name : {"invalid0.xml", "invalid1.xml", "invalid2.xml"})
    bad.push_back(kCobra / name);

  for (const auto& path : bad) {
    const auto r = run_ergon("info '" + path.string() + "'");
    BOOST_TEST(r.exit_code == 2, path << ": exit " << r.exit_code);
    BOOST_TEST(line_count(r.err) == 1U, path << ": stderr was: " << r.err);
    BOOST_TEST(r.err.find(path.filename().string()) != std::string::npos, r.err);
  }
  fs::remove_all(dir);
}
