#pragma once
// Product yield per substrate and production envelopes.

#include <cstddef>
#include <vector>

#include "engine/fba/fba.hpp"

namespace ergon::fba {

struct YieldResult {
  Status status = Status::numerical_failure;  ///< unbounded: product without substrate uptake
  double yield = kNaN;           ///< max v_product / (-v_substrate), mol product per mol substrate
  double product_flux = kNaN;    ///< at the maximising solution, mmol/gDW/h
  double substrate_flux = kNaN;  ///< at the maximising solution (< 0: uptake)
  std::vector<double> fluxes;
  int iterations = 0;  ///< Dinkelbach steps
  SolverStats stats;
};

/// Maximum yield of `product` per `substrate` taken up (substrate flux < 0, as exchange
/// reactions uptake) under the current bounds: the linear-fractional program
/// max v_p / (-v_s) solved by Dinkelbach's iteration (max v_p + λ v_s, λ updated to the ratio)
/// on the live LP, each step warm-started. The objective is ignored (constrain growth with
/// bounds if needed) and restored afterwards.
[[nodiscard]] YieldResult maximum_yield(FluxBalance& balance, std::size_t product,
                                        std::size_t substrate);

struct EnvelopePoint {
  double objective = kNaN;  ///< value the model objective is fixed at
  double minimum = kNaN;    ///< product flux range there; NaN where the LP failed
  double maximum = kNaN;
};

/// Production envelope as COBRApy's `production_envelope` with the model objective on the x axis:
/// `points` evenly spaced objective values from its minimum to its maximum, and at each the
/// range of the product flux.
[[nodiscard]] std::vector<EnvelopePoint> production_envelope(FluxBalance& balance,
                                                             std::size_t product,
                                                             std::size_t points = 20);

}  // namespace ergon::fba
