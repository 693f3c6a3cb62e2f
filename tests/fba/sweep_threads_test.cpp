// FVA and deletion sweeps give bit-identical answers on 1, 2 and 3 threads (small blocks, so
// that every thread gets several and in an order that differs from the serial one).

#define BOOST_TEST_MODULE fba_sweep_threads
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <map>

#include "engine/fba/analyses.hpp"
#include "engine/sbml/constraint_model_reader.hpp"
#include "support/test_main.hpp"

using namespace ergon;
namespace fs = std::filesystem;

namespace {

const fs::path kModels = fs::path(test::kSharedDir) / "models" / "fba";

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

const ConstraintModel& model(const std::string& file) {
  static std::map<std::string, ConstraintModel> loaded;
  auto it = loaded.find(file);
  if (it == loaded.end())
    it = loaded.emplace(file, sbml::read_constraint_model(kModels / file).model).first;
  return it->second;
}

fba::FvaResult fva_on(const std::string& file, double fraction, std::size_t threads,
                      std::size_t reactions) {
  fba::FluxBalance balance(model(file));
  std::vector<std::size_t> chosen;
  for (std::size_t r = 0; r < std::min(reactions, balance.model().reactions().size()); ++r)
    chosen.push_back(r);
  return fba::fva(
      balance,
      {.fraction_of_optimum = fraction, .reactions = chosen, .threads = threads, .block_size = 37});
}

void check_same(const fba::FvaResult& a, const fba::FvaResult& b, const std::string& what) {
  BOOST_TEST_REQUIRE(a.reactions == b.reactions);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.reactions.size(); ++i) {
    if (!same_bits(a.minimum[i], b.minimum[i]) || !same_bits(a.maximum[i], b.maximum[i]) ||
        a.minimum_status[i] != b.minimum_status[i] || a.maximum_status[i] != b.maximum_status[i]) {
      if (++differ <= 3)
        BOOST_ERROR(what << ": entry " << i << " [" << a.minimum[i] << ", " << a.maximum[i]
                         << "] vs [" << b.minimum[i] << ", " << b.maximum[i] << "]");
    }
  }
  BOOST_TEST(differ == 0U, what);
}

fba::DeletionResult deletions_on(const std::string& file, bool pairs, fba::DeletionMethod method,
                                 std::size_t threads) {
  fba::FluxBalance balance(model(file));
  return fba::deletions(balance,
                        {.method = method, .pairs = pairs, .threads = threads, .block_size = 5});
}

void check_same(const fba::DeletionResult& a, const fba::DeletionResult& b,
                const std::string& what) {
  BOOST_TEST_REQUIRE(a.deletions.size() == b.deletions.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.deletions.size(); ++i) {
    const auto& x = a.deletions[i];
    const auto& y = b.deletions[i];
    if (x.targets != y.targets || !same_bits(x.growth, y.growth) || x.status != y.status) {
      if (++differ <= 3)
        BOOST_ERROR(what << ": deletion " << i << ' ' << x.growth << " vs " << y.growth);
    }
  }
  BOOST_TEST(differ == 0U, what);
  BOOST_TEST(same_bits(a.reference_objective, b.reference_objective));
}

}  // namespace

ERGON_TEST_MAIN_REQUIRING(kModels / "e_coli_core.xml", kModels / "iJO1366.xml.gz")

BOOST_AUTO_TEST_CASE(fva_is_identical_on_any_number_of_threads) {
  for (const double fraction : {1.0, 0.9}) {
    const auto serial = fva_on("e_coli_core.xml", fraction, 1, 10000);
    BOOST_TEST(serial.stats.lp_solves > 10U);
    check_same(serial, fva_on("e_coli_core.xml", fraction, 2, 10000), "e_coli_core 2 threads");
    check_same(serial, fva_on("e_coli_core.xml", fraction, 3, 10000), "e_coli_core 3 threads");
  }
  // A genome-scale model, where warm starts and the learned bounds matter most.
  const auto serial = fva_on("iJO1366.xml.gz", 0.9, 1, 400);
  check_same(serial, fva_on("iJO1366.xml.gz", 0.9, 2, 400), "iJO1366 2 threads");
}

BOOST_AUTO_TEST_CASE(deletions_are_identical_on_any_number_of_threads) {
  const auto singles = deletions_on("e_coli_core.xml", false, fba::DeletionMethod::fba, 1);
  BOOST_TEST(singles.stats.lp_solves > 10U);
  check_same(singles, deletions_on("e_coli_core.xml", false, fba::DeletionMethod::fba, 2),
             "single");
  const auto pairs = deletions_on("e_coli_core.xml", true, fba::DeletionMethod::fba, 1);
  check_same(pairs, deletions_on("e_coli_core.xml", true, fba::DeletionMethod::fba, 2), "double");
  check_same(pairs, deletions_on("e_coli_core.xml", true, fba::DeletionMethod::fba, 3),
             "double, 3 threads");
  const auto moma = deletions_on("e_coli_core.xml", false, fba::DeletionMethod::linear_moma, 1);
  check_same(moma, deletions_on("e_coli_core.xml", false, fba::DeletionMethod::linear_moma, 2),
             "linear MOMA");
  const auto genome = deletions_on("iJO1366.xml.gz", false, fba::DeletionMethod::fba, 1);
  check_same(genome, deletions_on("iJO1366.xml.gz", false, fba::DeletionMethod::fba, 2),
             "iJO1366 single");
}
