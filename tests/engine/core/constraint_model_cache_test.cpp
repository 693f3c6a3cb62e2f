// The model cache's binary form: round trip, and every way an entry must be refused (other
// build, other source, other reader options, truncation, a flipped byte, foreign files).

#define BOOST_TEST_MODULE core_constraint_model_cache
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/core/build_info.hpp"
#include "engine/core/constraint_model_cache.hpp"

using namespace ergon;
namespace fs = std::filesystem;

namespace {

CachedConstraintModel sample() {
  ConstraintModelData d;
  d.id = "toy";
  d.name = "a toy";
  d.sense = ObjectiveSense::minimize;
  d.metabolites = {{.id = "M_A", .name = "A", .compartment = "c"},
                   {.id = "M_B", .name = "B", .compartment = "e"}};
  d.genes = {{.id = "G_g1", .name = "one"}, {.id = "G_g2"}, {.id = "G_g3"}};
  d.reactions = {
      {.id = "R_in",
       .name = "in",
       .lower_bound = -INFINITY,
       .upper_bound = 10,
       .stoichiometry = {{0, 1.0}}},
      {.id = "R_conv",
       .lower_bound = 0.25,
       .upper_bound = INFINITY,
       .objective_coefficient = 1.5,
       .stoichiometry = {{0, -1.0}, {1, 2.0 / 3.0}},
       .gpr = Gpr::parse("G_g1 or (G_g2 and G_g3)"),
       .subsystem = "Glycolysis"},
  };
  return {ConstraintModel(std::move(d)),
          {{.severity = Severity::warning,
            .code = "no-fbc",
            .category = "import",
            .line = 7,
            .message = "m"}},
          {"obj1", "obj2"},
          {{1, 2, 3}, {5, 1}}};
}

const std::string kSource(64, 'a');
const std::string kVariant = "objective= lb=-1000 ub=1000";

struct TemporaryDirectory {
  fs::path dir = fs::temp_directory_path() / ("ergon_cache_test_" + std::to_string(::getpid()));
  TemporaryDirectory() { fs::create_directories(dir); }
  ~TemporaryDirectory() {
    std::error_code ignored;
    fs::permissions(dir, fs::perms::owner_all, ignored);
    fs::remove_all(dir, ignored);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_entry_decodes_to_the_same_model) {
  const auto entry = sample();
  std::string why;
  const auto back =
      decode_cache_entry(encode_cache_entry(entry, kSource, kVariant), kSource, kVariant, why);
  BOOST_TEST_REQUIRE(back.has_value(), why);
  const auto& a = entry.model.data();
  const auto& b = back->model.data();
  BOOST_TEST(b.id == a.id);
  BOOST_TEST(b.name == a.name);
  BOOST_TEST((b.sense == ObjectiveSense::minimize));
  BOOST_TEST_REQUIRE(b.reactions.size() == a.reactions.size());
  for (std::size_t r = 0; r < a.reactions.size(); ++r) {
    BOOST_TEST(b.reactions[r].id == a.reactions[r].id);
    BOOST_TEST(b.reactions[r].lower_bound ==
               a.reactions[r].lower_bound);  // bit-exact, infinities too
    BOOST_TEST(b.reactions[r].upper_bound == a.reactions[r].upper_bound);
    BOOST_TEST(b.reactions[r].objective_coefficient == a.reactions[r].objective_coefficient);
    BOOST_TEST((b.reactions[r].gpr == a.reactions[r].gpr));
    BOOST_TEST(b.reactions[r].subsystem == a.reactions[r].subsystem);
    BOOST_TEST_REQUIRE(b.reactions[r].stoichiometry.size() == a.reactions[r].stoichiometry.size());
    for (std::size_t k = 0; k < a.reactions[r].stoichiometry.size(); ++k) {
      BOOST_TEST(b.reactions[r].stoichiometry[k].metabolite ==
                 a.reactions[r].stoichiometry[k].metabolite);
      BOOST_TEST(b.reactions[r].stoichiometry[k].coefficient ==
                 a.reactions[r].stoichiometry[k].coefficient);
    }
  }
  BOOST_TEST(b.metabolites[1].compartment == "e");
  BOOST_TEST(b.genes[0].name == "one");
  BOOST_TEST(back->model.reactions_of_gene(2).size() == 1U);  // indices rebuilt
  BOOST_TEST(back->diagnostics.at(0).line == 7U);
  BOOST_TEST(back->diagnostics.at(0).code == "no-fbc");
  BOOST_TEST(back->objectives == entry.objectives);
  BOOST_TEST(back->warm_start.rows == entry.warm_start.rows);
  BOOST_TEST(back->warm_start.columns == entry.warm_start.columns);
}

BOOST_AUTO_TEST_CASE(other_source_or_options_are_refused) {
  const auto bytes = encode_cache_entry(sample(), kSource, kVariant);
  std::string why;
  BOOST_TEST(!decode_cache_entry(bytes, std::string(64, 'b'), kVariant, why).has_value());
  BOOST_TEST(why == "written for another source file");
  BOOST_TEST(!decode_cache_entry(bytes, kSource, "objective=x lb=-1000 ub=1000", why).has_value());
  BOOST_TEST(why == "written with other reader options");
}

BOOST_AUTO_TEST_CASE(another_ergon_build_is_refused) {
  auto bytes = encode_cache_entry(sample(), kSource, kVariant);
  // The build identity follows magic (8 bytes), format (4) and its length (8).
  const std::string identity = std::string(version()) + '+' + std::string(git_commit());
  BOOST_TEST_REQUIRE(bytes.substr(20, identity.size()) == identity);
  bytes[20] = bytes[20] == '9' ? '8' : '9';  // e.g. "0.1.0" -> "9.1.0"
  std::string why;
  BOOST_TEST(!decode_cache_entry(bytes, kSource, kVariant, why).has_value());
  BOOST_TEST(why.find("written by ergon") == 0U, why);
}

BOOST_AUTO_TEST_CASE(truncated_and_corrupt_entries_are_refused) {
  const auto bytes = encode_cache_entry(sample(), kSource, kVariant);
  std::string why;
  // Every proper prefix is refused, whatever field it cuts.
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    BOOST_TEST(!decode_cache_entry(bytes.substr(0, n), kSource, kVariant, why).has_value(), n);
  }
  // One flipped bit anywhere in the payload fails the checksum.
  for (std::size_t at = bytes.size() - 1; at > bytes.size() - 150; at -= 13) {
    auto flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    BOOST_TEST(!decode_cache_entry(flipped, kSource, kVariant, why).has_value(), at);
  }
  BOOST_TEST(
      !decode_cache_entry("<?xml version='1.0'?><sbml/>", kSource, kVariant, why).has_value());
  BOOST_TEST(why == "not an ergon model cache file");
}

BOOST_AUTO_TEST_CASE(a_directory_stores_loads_and_rejects_damage) {
  TemporaryDirectory tmp;
  const ConstraintModelCache cache(tmp.dir / "nested");
  std::string why;
  BOOST_TEST(!cache.load(kSource, kVariant, why).has_value());
  BOOST_TEST(why == "no entry");
  std::string warning;
  BOOST_TEST_REQUIRE(cache.store(sample(), kSource, kVariant, warning), warning);
  BOOST_TEST(cache.load(kSource, kVariant, why).has_value());
  // No temporary files are left next to the entry.
  BOOST_TEST(std::distance(fs::directory_iterator(cache.directory()), fs::directory_iterator()) ==
             1);

  const auto path = cache.entry_path(kSource, kVariant);
  fs::resize_file(path, fs::file_size(path) - 3);
  BOOST_TEST(!cache.load(kSource, kVariant, why).has_value());
  BOOST_TEST(why.find("truncated") == 0U, why);
  BOOST_TEST_REQUIRE(cache.store(sample(), kSource, kVariant, warning), warning);  // rewritten
  BOOST_TEST(cache.load(kSource, kVariant, why).has_value());
}

BOOST_AUTO_TEST_CASE(an_unwritable_directory_is_a_warning_not_an_error) {
  // A directory below a regular file cannot be made, even by root (who ignores permission bits).
  TemporaryDirectory tmp;
  std::ofstream(tmp.dir / "file") << "x";
  const ConstraintModelCache cache(tmp.dir / "file" / "cache");
  std::string warning;
  BOOST_TEST(!cache.store(sample(), kSource, kVariant, warning));
  BOOST_TEST(warning.find("cannot create cache directory") == 0U, warning);
  std::string why;
  BOOST_TEST(!cache.load(kSource, kVariant, why).has_value());
}
