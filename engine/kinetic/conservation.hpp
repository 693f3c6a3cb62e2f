#pragma once
// Conservation laws (conserved moieties) from the stoichiometry: integer vectors c with
// c^T N = 0, where N is the stoichiometric matrix of the species reactions change. Along any
// trajectory sum_k c_k * amount_k then stays at its initial value (until an event assigns one
// of the species), so one species per law is a function of the others.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/model.hpp"

namespace ergon::kinetic {

/// sum over terms of coefficient × amount(species) is constant while only reactions act.
struct ConservationLaw {
  /// (species id, coefficient); coefficients are coprime integers, the dependent species'
  /// coefficient is positive. Ordered as the species in the model.
  std::vector<std::pair<std::string, std::int64_t>> terms;
  /// The species this law determines when dependent species are eliminated: each law's
  /// dependent species appears in no other law.
  std::string dependent;
};

struct ConservationAnalysis {
  /// Species whose amounts reactions change (non-constant, not on the boundary, not set by a
  /// rule): the rows of the stoichiometric matrix, in model order.
  std::vector<std::string> species;
  /// Species left out of every law, each with the reason (its amount obeys no fixed
  /// stoichiometry: variable or non-rational stoichiometry, a conversion factor).
  std::vector<std::pair<std::string, std::string>> excluded;
  std::size_t reactions = 0;  ///< columns of the stoichiometric matrix
  std::size_t rank = 0;       ///< rank of the stoichiometric matrix (of the included species)
  /// A basis of the left null space, one law per dependent species: laws.size() equals
  /// species.size() - excluded.size() - rank.
  std::vector<ConservationLaw> laws;
};

/// Conservation laws of `model`'s reaction network, by fraction-free (Bareiss-style) integer
/// elimination on [N | I], so the coefficients are exact integers, then reduced so each law's
/// dependent species is in no other law. Stoichiometries must be rational with denominators
/// up to 10^6 (others make the reaction's species excluded). When the exact integers would
/// overflow 64 bits, reactions whose stoichiometries need a common denominator above 1000
/// (biomass reactions) are left out, their species excluded with that reason; throws
/// ComputationError if it still overflows.
[[nodiscard]] ConservationAnalysis conservation_laws(const Model& model);

/// "A + 2 B + C" for reports.
[[nodiscard]] std::string to_string(const ConservationLaw& law);

}  // namespace ergon::kinetic
