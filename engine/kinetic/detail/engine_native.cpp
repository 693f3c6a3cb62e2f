// The native tier of an engine: its RHS (rhs_program_ followed by compute_rates), its fused
// derived values and its Jacobian partials as generated C, built and loaded by native_code.cpp.
// Each function falls back to the bytecode on its own; a note says why the RHS did.

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "engine/kinetic/detail/engine.hpp"

namespace ergon::kinetic::detail {

bool Engine::native_requested(const SimulationOptions& options) {
  if (options.native) return true;
  const char* v = std::getenv("ERGON_NATIVE");
  return v != nullptr && std::string_view(v) != "" && std::string_view(v) != "0";
}

void Engine::build_native() {
  native_rhs_ = nullptr;
  native_derived_ = nullptr;
  native_jacobian_ = nullptr;
  native_note_.clear();
  if (!rhs_program_ready_) {
    native_note_ = "native code not used: the model's RHS needs Newton iterations or rateOf";
    return;
  }
  NativeSource source;
  std::string why;
  // The RHS: rhs_program_'s stores, then each state's rate exactly as compute_rates forms it
  // (in functions of a few hundred states, for the compiler's sake; see add_store_function).
  bool rhs_ok = source.add_store_function("ergon_rhs_derived", rhs_program_, why);
  constexpr std::size_t kStatesPerFunction = 100;
  std::string rhs =
      "void ergon_rhs(double* v, double* ydot, const signed char* ov) {\n"
      "  ergon_rhs_derived(v, ov);\n";
  for (std::size_t first = 0; first < states_.size() && rhs_ok; first += kStatesPerFunction) {
    const std::string part = "ergon_rates" + std::to_string(first / kStatesPerFunction);
    std::string body;
    for (std::size_t i = first; i < std::min(states_.size(), first + kStatesPerFunction) && rhs_ok;
         ++i) {
      const auto& v = states_[i];
      body += "  {\n  double rate = 0.0;\n";
      if (v.by_rate_rule) {
        rhs_ok = source.emit_expression(v.rate_rule, "rate", body, why);
      } else {
        for (const auto& term : v.terms) {
          body += "  rate += " + c_literal(term.sign) + " * v[" +
                  std::to_string(term.stoichiometry) + "] * v[" + std::to_string(term.rate) +
                  "];\n";
        }
        if (v.conversion != kNone) body += "  rate *= v[" + std::to_string(v.conversion) + "];\n";
      }
      body += "  ydot[" + std::to_string(i) + "] = rate;\n  }\n";
    }
    source.append("__attribute__((noinline)) static void " + part +
                  "(double* v, double* ydot, const signed char* ov) {\n  (void)ov;\n" + body +
                  "}\n");
    rhs += "  " + part + "(v, ydot, ov);\n";
  }
  if (!rhs_ok) {
    native_note_ = "native code not used: the RHS has " + why;
    return;
  }
  source.append(rhs + "}\n");
  const bool derived_ok = derived_program_count_ == derived_.size() &&
                          source.add_store_function("ergon_derived", derived_program_, why);
  const bool jacobian_ok =
      jacobian_available_ && source.add_store_function("ergon_jacobian", jacobian_program_, why);
  NativeBuild build = build_native_library(source.text());
  native_from_cache_ = build.from_cache;
  native_compile_seconds_ = build.compile_seconds;
  if (!build.library) {
    native_note_ = "native code not used: " + build.note;
    return;
  }
  native_rhs_ = reinterpret_cast<NativeRhsFunction>(build.library->symbol("ergon_rhs"));
  if (derived_ok)
    native_derived_ =
        reinterpret_cast<NativeStoresFunction>(build.library->symbol("ergon_derived"));
  if (jacobian_ok) {
    native_jacobian_ =
        reinterpret_cast<NativeStoresFunction>(build.library->symbol("ergon_jacobian"));
  }
  if (native_rhs_ == nullptr) {
    native_derived_ = nullptr;
    native_jacobian_ = nullptr;
    native_note_ = "native code not used: ergon_rhs missing from the built object";
    return;
  }
  native_library_ = std::move(build.library);
}

}  // namespace ergon::kinetic::detail
