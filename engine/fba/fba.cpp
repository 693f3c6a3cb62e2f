#include "engine/fba/fba.hpp"

namespace ergon::fba {

FbaResult fba(FluxBalance& balance) {
  const SolverStats before = balance.stats();
  FbaResult result;
  result.status = balance.solve();
  if (result.status == Status::optimal) {
    result.objective = balance.objective_value();
    result.fluxes = balance.fluxes();
  }
  result.stats = balance.stats() - before;
  return result;
}

}  // namespace ergon::fba
