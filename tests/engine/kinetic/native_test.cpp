// The native tier (engine/kinetic/detail/native_code.*) against the bytecode: every instruction
// through both tiers on awkward operands (signed zeros, NaN, infinities, relation overrides),
// whole runs of models with piecewise, math functions, events and Teusink 2000 compared bit
// for bit, the fallback without a compiler, and a damaged cache entry being rebuilt.
#define BOOST_TEST_MODULE kinetic_native
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include "engine/kinetic/compiled_model.hpp"
#include "engine/kinetic/detail/native_code.hpp"
#include "engine/kinetic/integrator.hpp"
#include "engine/kinetic/program.hpp"
#include "engine/sbml/model_reader.hpp"
#include "support/kinetic_models.hpp"
#include "support/test_paths.hpp"

using namespace ergon;
using namespace ergon::test;
using kinetic::Code;
using kinetic::Instruction;
using kinetic::Program;
namespace fs = std::filesystem;

namespace {

// Every test case gets its own empty cache directory.
struct CacheDirectory {
  fs::path dir = fs::temp_directory_path() / ("ergon_native_test_" + std::to_string(::getpid()));
  CacheDirectory() {
    fs::remove_all(dir);
    ::setenv("ERGON_CACHE_DIR", dir.c_str(), 1);
    ::unsetenv("ERGON_CC");
    ::unsetenv("ERGON_NATIVE");
  }
  ~CacheDirectory() { fs::remove_all(dir); }
  [[nodiscard]] std::vector<fs::path> objects() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".so") out.push_back(e.path());
    }
    return out;
  }
};

// With two NaN operands of different payloads, IEEE 754 leaves open which payload an addition
// or product keeps; x86 keeps the first operand's, and for a commutative operator the C compiler
// may order the operands either way (as it may for the bytecode). Then only NaN-ness is compared.
bool same_nan(double a, double b) {
  return std::isnan(a) == std::isnan(b);
}

bool same(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b) &&
           kinetic::is_undefined_piecewise_value(a) == kinetic::is_undefined_piecewise_value(b);
  }
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void require_identical(const kinetic::Trajectory& a, const kinetic::Trajectory& b) {
  BOOST_TEST_REQUIRE(a.ok());
  BOOST_TEST_REQUIRE(b.ok());
  BOOST_TEST(a.steps == b.steps);
  BOOST_TEST(a.events_executed == b.events_executed);
  BOOST_TEST_REQUIRE(a.values.size() == b.values.size());
  BOOST_TEST(a.times == b.times);
  std::size_t differing = 0;
  for (std::size_t k = 0; k < a.values.size(); ++k)
    differing += same(a.values[k], b.values[k]) ? 0 : 1;
  BOOST_TEST(differing == 0u);
}

// A model touching piecewise, math functions, an assignment rule, a compartment of size != 1
// and an event whose relation is also read by a rate (so root overrides reach the RHS).
Model mixed_model() {
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.7});
  m.species.push_back({.id = "A", .compartment = "c", .initial_concentration = 2.0});
  m.species.push_back({.id = "B", .compartment = "c", .initial_concentration = 0.1});
  m.parameters.push_back({.id = "k", .value = 0.8});
  m.parameters.push_back({.id = "u", .value = 0.0, .constant = false});
  m.parameters.push_back({.id = "g", .value = 0.0, .constant = false});
  m.rules.push_back(
      {.kind = RuleKind::assignment,
       .variable = "g",
       .math = f(Op::plus, {f(Op::sin, {time_symbol()}), f(Op::exp, {f(Op::negate, {s("B")})}),
                            f(Op::root, {n(3.0), f(Op::minus, {s("A"), n(1.0)})}),
                            f(Op::log, {n(10.0), f(Op::plus, {s("A"), n(1.0)})})})});
  // A -> B, rate piecewise in A with a relation that is also an event trigger
  m.reactions.push_back(
      {.id = "r1",
       .reactants = {{.species = "A", .stoichiometry = 1.0}},
       .products = {{.species = "B", .stoichiometry = 1.0}},
       .rate = f(Op::times, {s("c"),
                             f(Op::piecewise,
                               {f(Op::times, {s("k"), s("A")}), f(Op::gt, {s("A"), n(1.0)}),
                                f(Op::times, {n(0.5), s("k"), f(Op::power, {s("A"), n(2.0)})})}),
                             f(Op::plus, {n(1.0), f(Op::abs, {f(Op::tanh, {s("g")})})})})});
  m.reactions.push_back({.id = "r2",
                         .reactants = {{.species = "B", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {s("c"), s("B"), f(Op::plus, {n(0.1), s("u")})})});
  m.events.push_back({.id = "switch",
                      .trigger = f(Op::leq, {s("A"), n(1.0)}),
                      .assignments = {{.variable = "u", .math = n(0.3)}}});
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_instruction_matches_the_bytecode) {
  CacheDirectory cache;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> operands = {
      0.0,  -0.0,  1.0,     -1.0,     0.5, -2.5, 3.0, 2.0,
      7.25, 1e300, -1e-300, 4.9e-324, inf, -inf, nan, kinetic::undefined_piecewise_value()};
  struct Case {
    std::string name;
    Program program;
    int operands = 0;  ///< v[0..operands) vary over `operands`
    bool stores = false;
  };
  std::vector<Case> cases;
  std::set<Code> covered;
  auto add = [&](Program p, int count, bool stores = false) {
    for (const auto& i : p.code) covered.insert(i.code);
    p.max_stack = 8;
    cases.push_back({"f" + std::to_string(cases.size()), std::move(p), count, stores});
  };
  auto load = [](std::uint32_t a) { return Instruction{.code = Code::load, .a = a}; };
  const Code last = Code::load_divide_slot;
  for (int c = 0; c <= static_cast<int>(last); ++c) {
    const auto code = static_cast<Code>(c);
    switch (code) {
      case Code::constant:
        for (const double x : operands) add({.code = {{.code = code, .value = x}}}, 0);
        break;
      case Code::load: add({.code = {load(0)}}, 1); break;
      case Code::jump:
      case Code::jump_if_false:
        // piecewise(v2, v0 < v1, v3): the compiler's shape
        add({.code = {load(0),
                      load(1),
                      {.code = Code::lt, .a = 0},
                      {.code = Code::jump_if_false, .a = 6},
                      load(2),
                      {.code = Code::jump, .a = 7},
                      load(3)}},
            2);
        break;
      case Code::store:
        add({.code = {load(0),
                      load(1),
                      {.code = Code::add, .a = 2},
                      {.code = Code::store, .a = 5},
                      load(1),
                      {.code = Code::store, .a = 6}}},
            2, true);
        break;
      case Code::rate_of:
      case Code::delay: break;  // refused (below)
      case Code::add:
      case Code::multiply:
      case Code::logical_and:
      case Code::logical_or:
      case Code::logical_xor:
      case Code::max:
      case Code::min:
        for (std::uint32_t k = (code == Code::max || code == Code::min) ? 1 : 0; k <= 4; ++k) {
          Program p;
          for (std::uint32_t a = 0; a < k; ++a) p.code.push_back(load(a));
          p.code.push_back({.code = code, .a = k});
          add(p, static_cast<int>(std::min<std::uint32_t>(k, 2)));  // v2, v3 fixed
        }
        break;
      case Code::subtract:
      case Code::divide:
      case Code::power:
      case Code::root:
      case Code::log:
      case Code::rem:
      case Code::quotient:
      case Code::implies: add({.code = {load(0), load(1), {.code = code}}}, 2); break;
      case Code::eq:
      case Code::neq:
      case Code::lt:
      case Code::leq:
      case Code::gt:
      case Code::geq:
        add({.code = {load(0), load(1), {.code = code, .a = kinetic::kNoRelation}}}, 2);
        add({.code = {load(0), load(1), {.code = code, .a = 0}}}, 2);  // with overrides
        break;
      case Code::add_slot:
      case Code::subtract_slot:
      case Code::multiply_slot:
      case Code::divide_slot: add({.code = {load(0), {.code = code, .a = 1}}}, 2); break;
      case Code::add_constant:
      case Code::subtract_constant:
      case Code::multiply_constant:
      case Code::divide_constant:
      case Code::load_add_constant:
      case Code::load_subtract_constant:
      case Code::load_multiply_constant:
      case Code::load_divide_constant:
        for (const double x : {0.3, -0.0, inf, nan}) {
          if (c >= static_cast<int>(Code::load_add_constant)) {
            add({.code = {{.code = code, .a = 0, .value = x}}}, 1);
          } else {
            add({.code = {load(0), {.code = code, .value = x}}}, 1);
          }
        }
        break;
      case Code::load_add_slot:
      case Code::load_subtract_slot:
      case Code::load_multiply_slot:
      case Code::load_divide_slot: add({.code = {{.code = code, .a = 0, .b = 1}}}, 2); break;
      default: add({.code = {load(0), {.code = code}}}, 1); break;  // unary
    }
  }
  // every instruction the bytecode has is tested, except the two the native tier refuses
  BOOST_TEST(covered.size() == static_cast<std::size_t>(last) + 1 - 2);
  kinetic::detail::NativeSource source;
  for (const auto& c : cases) {
    std::string why;
    if (c.stores) {
      BOOST_TEST_REQUIRE(source.add_store_function(c.name, c.program, why), why);
    } else {
      std::string body;
      BOOST_TEST_REQUIRE(source.emit_expression(c.program, "r", body, why), why);
      source.append("double " + c.name +
                    "(double* v, const signed char* ov) {\n  double r;\n  (void)ov;\n" + body +
                    "  return r;\n}\n");
    }
  }
  for (const Code refused : {Code::delay, Code::rate_of}) {
    kinetic::detail::NativeSource other;
    std::string why;
    Program p{.code = {{.code = Code::constant, .value = 1.0}, {.code = refused}}};
    BOOST_TEST(!other.add_store_function("g", p, why));
    BOOST_TEST(!why.empty());
  }
  const auto build = kinetic::detail::build_native_library(source.text());
  BOOST_TEST_REQUIRE(build.library != nullptr, build.note);
  std::size_t compared = 0, mismatches = 0;
  const std::int8_t override_values[] = {1, -1, 0};
  for (const auto& c : cases) {
    void* symbol = build.library->symbol(c.name.c_str());
    BOOST_TEST_REQUIRE(symbol != nullptr);
    const std::size_t count = c.operands;
    const std::size_t combinations = count == 0   ? 1
                                     : count == 1 ? operands.size()
                                                  : operands.size() * operands.size();
    for (std::size_t k = 0; k < combinations; ++k) {
      for (const std::int8_t o : override_values) {
        std::vector<double> v = {0.0, 0.0, 0.25, -4.0, 0.0, 0.0, 0.0, 0.0};
        if (count >= 1) v[0] = operands[k % operands.size()];
        if (count >= 2) v[1] = operands[k / operands.size()];
        if (count == 2 && k % 3 == 0) v[1] = v[0] * (1.0 + 1e-12);  // nearly equal: overrides apply
        auto w = v;
        kinetic::EvalHooks hooks;
        const std::int8_t ov[1] = {o};
        hooks.overrides = ov;
        const signed char* native_ov = ov;
        if (o == 0) {  // and without an override array at all
          hooks.overrides = nullptr;
          native_ov = nullptr;
        }
        ++compared;
        if (c.stores) {
          const bool two_nans = std::isnan(v[0]) && std::isnan(v[1]);  // v0 + v1 (see same_nan)
          c.program.run(v.data(), &hooks);
          reinterpret_cast<void (*)(double*, const signed char*)>(symbol)(w.data(), native_ov);
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (two_nans ? !same_nan(v[i], w[i]) : !same(v[i], w[i])) {
              ++mismatches;
              BOOST_TEST_MESSAGE(c.name << " slot " << i << ": bytecode " << v[i] << ", native "
                                        << w[i]);
            }
          }
        } else {
          const double expected = c.program.evaluate(v.data(), &hooks);
          const double got = reinterpret_cast<double (*)(double*, const signed char*)>(symbol)(
              w.data(), native_ov);
          int nan_inputs = 0;
          for (std::size_t i = 0; i < 4; ++i) nan_inputs += std::isnan(v[i]) ? 1 : 0;
          for (const auto& i : c.program.code) nan_inputs += std::isnan(i.value) ? 1 : 0;
          if (nan_inputs >= 2 ? !same_nan(expected, got) : !same(expected, got)) {
            ++mismatches;
            BOOST_TEST_MESSAGE(c.name << " code " << static_cast<int>(c.program.code.back().code)
                                      << " v0=" << v[0] << " v1=" << v[1] << ": bytecode "
                                      << expected << ", native " << got);
          }
        }
      }
    }
  }
  BOOST_TEST(compared > 5000u);
  BOOST_TEST(mismatches == 0u);
}

BOOST_AUTO_TEST_CASE(literals_read_back_exactly) {
  for (const double x : {0.1, -0.0, 1e-310, 6.02214179e23, 1.0 / 3.0}) {
    const auto text = kinetic::detail::c_literal(x);
    double back = 0.0;
    BOOST_TEST_REQUIRE(std::sscanf(text.c_str(), "(%la)", &back) == 1);
    BOOST_TEST(same(back, x), text);
  }
  BOOST_TEST(kinetic::detail::c_literal(kinetic::undefined_piecewise_value()) ==
             "ergon_bits(0x7ff8000000000badULL)");
}

BOOST_AUTO_TEST_CASE(native_runs_equal_bytecode_runs) {
  CacheDirectory cache;
  const Model m = mixed_model();
  const kinetic::SimulationOptions options{.end = 10, .intervals = 50, .rtol = 1e-8};
  auto native_options = options;
  native_options.native = true;
  const auto bytecode = kinetic::simulate(m, options);
  const auto native = kinetic::simulate(m, native_options);
  BOOST_TEST(!bytecode.native);
  BOOST_TEST(native.native, (native.warnings.empty() ? "" : native.warnings.front()));
  BOOST_TEST(native.events_executed == 1);
  require_identical(bytecode, native);
  // the RHS and Jacobian at points of the run, through the reuse API
  const auto compiled = kinetic::CompiledModel::compile(m);
  const auto compiled_native = kinetic::CompiledModel::compile(m, {.native = true});
  BOOST_TEST_REQUIRE(compiled_native->native());
  kinetic::Integrator a(compiled, {.rtol = 1e-8}), b(compiled_native, {.rtol = 1e-8});
  for (const double t : {0.5, 2.0, 7.0}) {
    a.advance_to(t);
    b.advance_to(t);
    const auto y = a.state();
    const std::size_t size = y.size();
    std::vector<double> da(size), db(size), ja(size * size), jb(size * size);
    a.rhs(t, y, da);
    b.rhs(t, y, db);
    for (std::size_t i = 0; i < size; ++i) BOOST_TEST(same(da[i], db[i]));
    BOOST_TEST_REQUIRE(a.jacobian(t, y, ja));
    BOOST_TEST_REQUIRE(b.jacobian(t, y, jb));
    for (std::size_t i = 0; i < size * size; ++i) BOOST_TEST(same(ja[i], jb[i]));
  }
}

BOOST_AUTO_TEST_CASE(second_compile_comes_from_the_cache) {
  CacheDirectory cache;
  const Model m = mixed_model();
  const auto first = kinetic::CompiledModel::compile(m, {.native = true});
  BOOST_TEST_REQUIRE(first->native());
  BOOST_TEST(first->native_from_cache() == false);
  const auto second = kinetic::CompiledModel::compile(m, {.native = true});
  BOOST_TEST(second->native());
  BOOST_TEST(second->native_from_cache() == true);
  BOOST_TEST(cache.objects().size() == 1u);
}

BOOST_AUTO_TEST_CASE(without_a_compiler_the_bytecode_runs) {
  CacheDirectory cache;
  ::setenv("ERGON_CC", "/nonexistent/cc", 1);
  const Model m = mixed_model();
  const kinetic::SimulationOptions options{.end = 10, .intervals = 50, .rtol = 1e-8};
  auto native_options = options;
  native_options.native = true;
  const auto native = kinetic::simulate(m, native_options);
  ::unsetenv("ERGON_CC");
  BOOST_TEST(!native.native);
  BOOST_TEST_REQUIRE(!native.warnings.empty());
  BOOST_TEST(native.warnings.front().find("ERGON_CC") != std::string::npos,
             native.warnings.front());
  require_identical(kinetic::simulate(m, options), native);
}

BOOST_AUTO_TEST_CASE(a_compiler_error_falls_back_to_the_bytecode) {
  CacheDirectory cache;
  ::setenv("ERGON_CC", "/bin/false", 1);
  const auto compiled = kinetic::CompiledModel::compile(mixed_model(), {.native = true});
  ::unsetenv("ERGON_CC");
  BOOST_TEST(!compiled->native());
  BOOST_TEST(compiled->native_note().find("failed") != std::string::npos, compiled->native_note());
  BOOST_TEST(kinetic::simulate(*compiled, {.end = 1}).ok());
}

BOOST_AUTO_TEST_CASE(a_damaged_cache_entry_is_rebuilt) {
  CacheDirectory cache;
  const Model m = mixed_model();
  BOOST_TEST_REQUIRE(kinetic::CompiledModel::compile(m, {.native = true})->native());
  const auto objects = cache.objects();
  BOOST_TEST_REQUIRE(objects.size() == 1u);
  for (const char* damage : {"not an ELF file", ""}) {
    std::ofstream(objects[0], std::ios::binary | std::ios::trunc) << damage;
    const auto again = kinetic::CompiledModel::compile(m, {.native = true});
    BOOST_TEST(again->native(), again->native_note());
    BOOST_TEST(!again->native_from_cache());
    BOOST_TEST(fs::file_size(objects[0]) > 1000u);
  }
}

BOOST_AUTO_TEST_CASE(delay_stays_on_the_bytecode_with_a_note) {
  CacheDirectory cache;
  Model m;
  m.parameters.push_back({.id = "x", .value = 1.0, .constant = false});
  m.rules.push_back({.kind = RuleKind::rate,
                     .variable = "x",
                     .math = f(Op::negate, {f(Op::delay, {s("x"), n(0.5)})})});
  const auto t = kinetic::simulate(m, {.end = 2, .intervals = 4, .native = true});
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST(!t.native);
  BOOST_TEST_REQUIRE(!t.warnings.empty());
  BOOST_TEST(t.warnings.front().find("delay") != std::string::npos, t.warnings.front());
  require_identical(kinetic::simulate(m, {.end = 2, .intervals = 4}), t);
}

BOOST_AUTO_TEST_CASE(teusink_runs_with_varied_parameters_are_identical) {
  const fs::path file = fs::path(test::kSharedDir) / "models/kinetic/teusink2000_glycolysis.xml";
  if (!fs::exists(file)) {
    BOOST_TEST_MESSAGE("skipped: " << file << " not found");
    return;
  }
  CacheDirectory cache;
  const auto imported = sbml::read_model(file);
  const auto compiled = kinetic::CompiledModel::compile(imported.model);
  const auto compiled_native = kinetic::CompiledModel::compile(imported.model, {.native = true});
  BOOST_TEST_REQUIRE(compiled_native->native(), compiled_native->native_note());
  kinetic::SimulationOptions options{.end = 100, .intervals = 1000, .rtol = 1e-6, .atol = 1e-12};
  for (int run = 0; run < 3; ++run) {
    options.initial_values.clear();
    int k = 0;
    for (const auto& p : imported.model.parameters)
      options.initial_values.emplace_back(p.id, p.value * (1.0 + 0.05 * ((run + k++) % 5 - 2)));
    require_identical(kinetic::simulate(*compiled, options),
                      kinetic::simulate(*compiled_native, options));
  }
}

BOOST_AUTO_TEST_CASE(an_unusable_cache_directory_falls_back_to_the_bytecode) {
  CacheDirectory cache;
  fs::create_directories(cache.dir);
  const fs::path file = cache.dir / "a-file";
  std::ofstream(file) << "x";
  ::setenv("ERGON_CACHE_DIR", (file / "below").c_str(), 1);  // a directory below a file
  const auto compiled = kinetic::CompiledModel::compile(mixed_model(), {.native = true});
  BOOST_TEST(!compiled->native());
  BOOST_TEST(compiled->native_note().find("cache directory") != std::string::npos,
             compiled->native_note());
  BOOST_TEST(kinetic::simulate(*compiled, {.end = 1}).ok());
}

BOOST_AUTO_TEST_CASE(conserved_moiety_elimination_runs_natively_with_the_same_result) {
  CacheDirectory cache;
  Model m;
  m.compartments.push_back({.id = "c", .size = 1.0});
  m.species.push_back({.id = "A", .compartment = "c", .initial_concentration = 2.0});
  m.species.push_back({.id = "B", .compartment = "c", .initial_concentration = 0.5});
  m.parameters.push_back({.id = "k1", .value = 0.7});
  m.parameters.push_back({.id = "k2", .value = 0.2});
  m.reactions.push_back({.id = "f",
                         .reactants = {{.species = "A", .stoichiometry = 1.0}},
                         .products = {{.species = "B", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {s("k1"), s("A")})});
  m.reactions.push_back({.id = "b",
                         .reactants = {{.species = "B", .stoichiometry = 1.0}},
                         .products = {{.species = "A", .stoichiometry = 1.0}},
                         .rate = f(Op::times, {s("k2"), s("B")})});
  kinetic::SimulationOptions options{.end = 5, .intervals = 10, .eliminate_conserved = true};
  const auto bytecode = kinetic::simulate(m, options);
  options.native = true;
  const auto native = kinetic::simulate(m, options);
  BOOST_TEST(native.native);
  BOOST_TEST(native.eliminated_species == 1u);
  require_identical(bytecode, native);
}
