#pragma once
// The constraint-based view of a metabolic model: what flux-balance analyses need, nothing else.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/gpr.hpp"

namespace ergon {

enum class ObjectiveSense { maximize, minimize };

struct StoichiometryTerm {
  std::size_t metabolite = 0;  ///< index into ConstraintModelData::metabolites
  double coefficient = 0.0;    ///< < 0 consumed, > 0 produced (per unit of flux)
};

struct FluxReaction {
  std::string id;  ///< SBML id, e.g. "R_PGI"
  std::string name;
  double lower_bound = 0.0;  ///< mmol/gDW/h (model units); may be -inf
  double upper_bound = 0.0;  ///< may be +inf
  double objective_coefficient = 0.0;
  std::vector<StoichiometryTerm> stoichiometry;  ///< one column of S, metabolites unique
  Gpr gpr;                                       ///< gene ids refer to ConstraintModelData::genes
  std::string subsystem;
};

struct FluxMetabolite {
  std::string id;  ///< SBML species id, e.g. "M_glc__D_e"
  std::string name;
  std::string compartment;
  std::string formula;        ///< fbc:chemicalFormula, empty when the file gives none
  std::optional<int> charge;  ///< fbc:charge, unset when the file gives none
  /// Identifiers the species `bqbiol:is` (or `bqbiol:isVersionOf`) as resource URIs, e.g.
  /// "http://identifiers.org/kegg.compound/C00002", in file order.
  std::vector<std::string> annotations;
};

struct FluxGene {
  std::string id;  ///< SBML gene-product id (e.g. "G_b0001") or the notes token
  std::string name;
};

/// Plain data from which a ConstraintModel is built (and validated).
struct ConstraintModelData {
  std::string id;
  std::string name;
  std::vector<FluxMetabolite> metabolites;
  std::vector<FluxReaction> reactions;
  std::vector<FluxGene> genes;
  ObjectiveSense sense = ObjectiveSense::maximize;
};

/// The COBRApy form of an SBML id: `prefix` ("R_", "M_", "G_") clipped when present and
/// `__NN__` escapes decoded to the character with code NN ("R_DM_atp__40__c__41__" -> "DM_atp(c)").
[[nodiscard]] std::string cobra_id(std::string_view sbml_id, std::string_view prefix);

/// Immutable constraint-based model: metabolites × reactions stoichiometry, flux bounds,
/// a linear objective, genes and GPR rules. Construction validates the data and throws
/// InputError naming the element at fault (duplicate id, lb > ub, NaN bound, unknown metabolite
/// index, GPR referring to an undeclared gene).
class ConstraintModel {
 public:
  explicit ConstraintModel(ConstraintModelData data);

  [[nodiscard]] const ConstraintModelData& data() const noexcept { return data_; }
  [[nodiscard]] const std::string& id() const noexcept { return data_.id; }
  [[nodiscard]] const std::vector<FluxReaction>& reactions() const noexcept {
    return data_.reactions;
  }
  [[nodiscard]] const std::vector<FluxMetabolite>& metabolites() const noexcept {
    return data_.metabolites;
  }
  [[nodiscard]] const std::vector<FluxGene>& genes() const noexcept { return data_.genes; }
  [[nodiscard]] ObjectiveSense sense() const noexcept { return data_.sense; }
  [[nodiscard]] bool has_objective() const noexcept;

  /// Index of a reaction given its SBML id or, when unambiguous, its COBRApy form.
  /// find_* return nullopt when unknown; *_index throw InputError naming the id (and, for an
  /// ambiguous COBRApy-form id, the candidates).
  [[nodiscard]] std::optional<std::size_t> find_reaction(std::string_view id) const;
  [[nodiscard]] std::size_t reaction_index(std::string_view id) const;
  [[nodiscard]] std::optional<std::size_t> find_gene(std::string_view id) const;
  [[nodiscard]] std::size_t gene_index(std::string_view id) const;
  [[nodiscard]] std::optional<std::size_t> find_metabolite(std::string_view id) const;
  [[nodiscard]] std::size_t metabolite_index(std::string_view id) const;

  /// Reactions whose GPR mentions gene `gene` (sorted indices).
  [[nodiscard]] const std::vector<std::size_t>& reactions_of_gene(std::size_t gene) const {
    return gene_reactions_.at(gene);
  }

  /// Reactions that lose all capacity when every gene in `knocked_out` (gene indices) is
  /// deleted, i.e. whose GPR no longer holds (COBRApy's Gene.knock_out applied to each).
  [[nodiscard]] std::vector<std::size_t> reactions_disabled_by(
      const std::vector<std::size_t>& knocked_out) const;

  /// Boundary reactions as COBRApy's `Reaction.boundary`: exactly one metabolite.
  [[nodiscard]] std::vector<std::size_t> boundary_reactions() const;

  /// Exchange reactions, close to COBRApy's `model.exchanges`: boundary reactions of the
  /// external compartment, which is the compartment named "e"/"extracellular" (case-insensitive,
  /// "C_" prefix ignored) if there is exactly one, else the one most boundary reactions touch.
  /// (COBRApy also consults SBO terms and a longer name list.)
  [[nodiscard]] std::vector<std::size_t> exchange_reactions() const;

 private:
  struct Index {
    std::unordered_map<std::string, std::size_t> exact;
    std::unordered_map<std::string, std::vector<std::size_t>> cobra;
  };
  [[nodiscard]] static std::optional<std::size_t> find(const Index& index, std::string_view id,
                                                       const char* what);
  [[nodiscard]] static std::size_t require(const Index& index, std::string_view id,
                                           const char* what);

  ConstraintModelData data_;
  Index reaction_ids_;
  Index gene_ids_;
  Index metabolite_ids_;
  std::vector<std::vector<std::size_t>> gene_reactions_;
};

}  // namespace ergon
