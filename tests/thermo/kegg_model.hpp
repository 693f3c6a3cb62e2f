#pragma once
// Test models written as KEGG equations ("C00002 + C00001 = C00008 + C00009"): one
// compartment, every metabolite annotated bqbiol:is kegg.compound, so engine/thermo matches it
// through the annotation path exactly as it would an SBML model's species.

#include <cstddef>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/constraint_model.hpp"

namespace ergon::test {

struct KeggReaction {
  std::string id;
  std::string equation;  ///< "[n] Cxxxxx + ... = [n] Cxxxxx + ..."
};

/// Parses one side of a KEGG equation into (compound, coefficient) pairs.
inline std::vector<std::pair<std::string, double>> kegg_side(const std::string& side) {
  std::vector<std::pair<std::string, double>> terms;
  std::istringstream in(side);
  std::string token;
  double coefficient = 1.0;
  while (in >> token) {
    if (token == "+") continue;
    if (token.size() == 6 && token[0] == 'C') {
      terms.emplace_back(token, coefficient);
      coefficient = 1.0;
    } else {
      coefficient = std::stod(token);
    }
  }
  return terms;
}

/// A model of the given reactions in compartment `compartment` (metabolite ids
/// "M_<kegg>_<compartment>"); flux bounds ±1000.
inline ConstraintModel kegg_model(const std::vector<KeggReaction>& reactions,
                                  const std::string& compartment = "c") {
  ConstraintModelData data;
  data.id = "kegg_equations";
  std::map<std::string, std::size_t> index;
  const auto metabolite = [&](const std::string& kegg) {
    const auto [it, added] = index.emplace(kegg, data.metabolites.size());
    if (added)
      data.metabolites.push_back({.id = "M_" + kegg + "_" + compartment,
                                  .name = kegg,
                                  .compartment = compartment,
                                  .annotations = {"http://identifiers.org/kegg.compound/" + kegg}});
    return it->second;
  };
  for (const auto& r : reactions) {
    const auto eq = r.equation.find(" = ");
    if (eq == std::string::npos) throw std::invalid_argument("no ' = ' in " + r.equation);
    std::map<std::size_t, double> net;
    for (const auto& [kegg, n] : kegg_side(r.equation.substr(0, eq))) net[metabolite(kegg)] -= n;
    for (const auto& [kegg, n] : kegg_side(r.equation.substr(eq + 3))) net[metabolite(kegg)] += n;
    FluxReaction reaction{.id = r.id, .name = r.id, .lower_bound = -1000, .upper_bound = 1000};
    for (const auto& [m, n] : net)
      if (n != 0.0) reaction.stoichiometry.push_back({.metabolite = m, .coefficient = n});
    data.reactions.push_back(std::move(reaction));
  }
  return ConstraintModel(std::move(data));
}

}  // namespace ergon::test
