#pragma once
// RAII owners of the SUNDIALS C handles the kinetic engine uses, and the one return-code
// check. Private to engine/kinetic.

#include <cvodes/cvodes.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <memory>
#include <string>

namespace ergon::kinetic::detail {

/// Throws InternalError when a SUNDIALS set-up call fails (`what` names the call).
/// Integration failures are statuses, handled by the caller, not through this helper.
void check_sundials(int flag, const char* what);

struct ContextDeleter {
  void operator()(SUNContext c) const noexcept { SUNContext_Free(&c); }
};
using Context = std::unique_ptr<std::remove_pointer_t<SUNContext>, ContextDeleter>;

struct VectorDeleter {
  void operator()(N_Vector v) const noexcept { N_VDestroy(v); }
};
using Vector = std::unique_ptr<std::remove_pointer_t<N_Vector>, VectorDeleter>;

struct MatrixDeleter {
  void operator()(SUNMatrix m) const noexcept { SUNMatDestroy(m); }
};
using Matrix = std::unique_ptr<std::remove_pointer_t<SUNMatrix>, MatrixDeleter>;

struct LinearSolverDeleter {
  void operator()(SUNLinearSolver s) const noexcept { SUNLinSolFree(s); }
};
using LinearSolver = std::unique_ptr<std::remove_pointer_t<SUNLinearSolver>, LinearSolverDeleter>;

struct CvodeDeleter {
  void operator()(void* mem) const noexcept { CVodeFree(&mem); }
};
using CvodeMemory = std::unique_ptr<void, CvodeDeleter>;

[[nodiscard]] Context make_context();

}  // namespace ergon::kinetic::detail
