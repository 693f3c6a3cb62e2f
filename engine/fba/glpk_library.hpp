#pragma once
#include <string>

namespace ergon::fba {

/// Version of the GLPK this build links.
[[nodiscard]] std::string glpk_version();

/// Frees this thread's GLPK environment (GLPK keeps one per thread). Call it at the end of a
/// worker thread that used FluxBalance objects, after all of them are destroyed; never on a
/// thread whose LPs are still alive.
void release_thread_solver();

}  // namespace ergon::fba
