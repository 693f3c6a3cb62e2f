#include "engine/core/constraint_model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine/core/error.hpp"

namespace ergon {

std::string cobra_id(std::string_view sbml_id, std::string_view prefix) {
  if (sbml_id.substr(0, prefix.size()) == prefix) sbml_id.remove_prefix(prefix.size());
  std::string out;
  out.reserve(sbml_id.size());
  for (std::size_t i = 0; i < sbml_id.size();) {
    // "__NN__" with NN decimal digits, as COBRApy's pattern r"__(\d+)__".
    if (sbml_id.compare(i, 2, "__") == 0) {
      std::size_t j = i + 2;
      while (j < sbml_id.size() && std::isdigit(static_cast<unsigned char>(sbml_id[j])) != 0) ++j;
      if (j > i + 2 && sbml_id.compare(j, 2, "__") == 0) {
        const int code = std::stoi(std::string(sbml_id.substr(i + 2, j - i - 2)));
        if (code > 0 && code < 128) {
          out += static_cast<char>(code);
          i = j + 2;
          continue;
        }
      }
    }
    out += sbml_id[i++];
  }
  return out;
}

namespace {

template <class Item>
void index_ids(const std::vector<Item>& items, const char* what, const char* prefix, auto& index) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].id.empty())
      throw InputError(std::string(what) + " number " + std::to_string(i + 1) + " has no id");
    if (!index.exact.emplace(items[i].id, i).second) {
      throw InputError({.element_id = items[i].id}, std::string("duplicate ") + what + " id");
    }
    auto& same = index.cobra[cobra_id(items[i].id, prefix)];
    same.push_back(i);
  }
}

}  // namespace

ConstraintModel::ConstraintModel(ConstraintModelData data) : data_(std::move(data)) {
  index_ids(data_.reactions, "reaction", "R_", reaction_ids_);
  index_ids(data_.metabolites, "metabolite", "M_", metabolite_ids_);
  index_ids(data_.genes, "gene", "G_", gene_ids_);
  gene_reactions_.resize(data_.genes.size());
  for (std::size_t r = 0; r < data_.reactions.size(); ++r) {
    auto& reaction = data_.reactions[r];
    const InputLocation where{.element_id = reaction.id};
    if (std::isnan(reaction.lower_bound) || std::isnan(reaction.upper_bound)) {
      throw InputError(where, "flux bound is NaN");
    }
    if (reaction.lower_bound > reaction.upper_bound) {
      throw InputError(where, "lower flux bound " + std::to_string(reaction.lower_bound) +
                                  " exceeds upper bound " + std::to_string(reaction.upper_bound));
    }
    if (!std::isfinite(reaction.objective_coefficient)) {
      throw InputError(where, "objective coefficient is not finite");
    }
    for (const auto& term : reaction.stoichiometry) {
      if (term.metabolite >= data_.metabolites.size()) {
        throw InputError(where, "stoichiometry refers to metabolite number " +
                                    std::to_string(term.metabolite + 1) + ", which does not exist");
      }
      if (!std::isfinite(term.coefficient))
        throw InputError(where, "stoichiometric coefficient is not finite");
    }
    for (const auto& gene : reaction.gpr.genes()) {
      const auto g = gene_ids_.exact.find(gene);
      if (g == gene_ids_.exact.end()) {
        throw InputError(where, "gene-reaction rule refers to undeclared gene '" + gene + "'");
      }
      gene_reactions_[g->second].push_back(r);
    }
  }
}

bool ConstraintModel::has_objective() const noexcept {
  return std::any_of(data_.reactions.begin(), data_.reactions.end(),
                     [](const FluxReaction& r) { return r.objective_coefficient != 0.0; });
}

std::optional<std::size_t> ConstraintModel::find(const Index& index, std::string_view id,
                                                 const char* what) {
  const auto exact = index.exact.find(std::string(id));
  if (exact != index.exact.end()) return exact->second;
  const auto cobra = index.cobra.find(std::string(id));
  if (cobra == index.cobra.end()) return std::nullopt;
  if (cobra->second.size() > 1) {
    throw InputError({.element_id = std::string(id)},
                     std::string("ambiguous ") + what + " id: it matches " +
                         std::to_string(cobra->second.size()) +
                         " ids once the prefix is dropped; use the SBML id");
  }
  return cobra->second.front();
}

std::size_t ConstraintModel::require(const Index& index, std::string_view id, const char* what) {
  const auto found = find(index, id, what);
  if (!found)
    throw InputError({.element_id = std::string(id)}, std::string("unknown ") + what + " id");
  return *found;
}

std::optional<std::size_t> ConstraintModel::find_reaction(std::string_view id) const {
  return find(reaction_ids_, id, "reaction");
}
std::size_t ConstraintModel::reaction_index(std::string_view id) const {
  return require(reaction_ids_, id, "reaction");
}
std::optional<std::size_t> ConstraintModel::find_gene(std::string_view id) const {
  return find(gene_ids_, id, "gene");
}
std::size_t ConstraintModel::gene_index(std::string_view id) const {
  return require(gene_ids_, id, "gene");
}
std::optional<std::size_t> ConstraintModel::find_metabolite(std::string_view id) const {
  return find(metabolite_ids_, id, "metabolite");
}
std::size_t ConstraintModel::metabolite_index(std::string_view id) const {
  return require(metabolite_ids_, id, "metabolite");
}

std::vector<std::size_t> ConstraintModel::reactions_disabled_by(
    const std::vector<std::size_t>& knocked_out) const {
  std::vector<std::size_t> candidates;
  for (const auto g : knocked_out) {
    const auto& rs = gene_reactions_.at(g);
    candidates.insert(candidates.end(), rs.begin(), rs.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const auto is_out = [&](const std::string& gene) {
    return std::any_of(knocked_out.begin(), knocked_out.end(),
                       [&](std::size_t g) { return data_.genes[g].id == gene; });
  };
  std::vector<std::size_t> disabled;
  for (const auto r : candidates) {
    if (!data_.reactions[r].gpr.holds_without(is_out)) disabled.push_back(r);
  }
  return disabled;
}

std::vector<std::size_t> ConstraintModel::boundary_reactions() const {
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < data_.reactions.size(); ++r) {
    if (data_.reactions[r].stoichiometry.size() == 1) out.push_back(r);
  }
  return out;
}

std::vector<std::size_t> ConstraintModel::exchange_reactions() const {
  const auto boundary = boundary_reactions();
  auto compartment_of = [&](std::size_t r) -> const std::string& {
    return data_.metabolites[data_.reactions[r].stoichiometry.front().metabolite].compartment;
  };
  std::vector<std::string> named;
  for (const auto& m : data_.metabolites) {
    std::string id = cobra_id(m.compartment, "C_");
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if ((id == "e" || id == "extracellular") &&
        std::find(named.begin(), named.end(), m.compartment) == named.end()) {
      named.push_back(m.compartment);
    }
  }
  std::string external;
  if (named.size() == 1) {
    external = named.front();
  } else {
    std::unordered_map<std::string, std::size_t> count;
    for (const auto r : boundary) ++count[compartment_of(r)];
    std::size_t most = 0;
    for (const auto& [c, k] : count) {
      if (k > most || (k == most && c < external)) {
        most = k;
        external = c;
      }
    }
  }
  std::vector<std::size_t> out;
  for (const auto r : boundary) {
    if (compartment_of(r) == external) out.push_back(r);
  }
  return out;
}

}  // namespace ergon
