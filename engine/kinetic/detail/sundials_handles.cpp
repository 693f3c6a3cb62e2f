#include "engine/kinetic/detail/sundials_handles.hpp"

#include "engine/core/error.hpp"

namespace ergon::kinetic::detail {

void check_sundials(int flag, const char* what) {
  if (flag < 0)
    throw InternalError(std::string(what) + " failed with SUNDIALS flag " + std::to_string(flag));
}

Context make_context() {
  SUNContext context = nullptr;
  check_sundials(SUNContext_Create(nullptr, &context), "SUNContext_Create");
  return Context(context);
}

}  // namespace ergon::kinetic::detail
