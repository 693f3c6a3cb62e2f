#include "mass_action_network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>

namespace ergon::bench {

MassActionNetwork generate_network(std::size_t species, std::size_t reactions, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(species - 1));
  std::uniform_real_distribution<double> decades(-2.0, 2.0);
  std::uniform_real_distribution<double> level(0.1, 1.0);
  auto distinct = [&](std::size_t count) {
    std::vector<std::uint32_t> out;
    while (out.size() < count) {
      const auto s = pick(rng);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    return out;
  };
  MassActionNetwork net;
  net.species = species;
  const std::size_t inflows = species / 20;
  const std::size_t outflows = species / 5;
  for (std::size_t r = 0; r < reactions; ++r) {
    MassActionNetwork::Reaction reaction;
    reaction.k = std::pow(10.0, decades(rng));
    if (r < inflows) {
      reaction.products = distinct(1);
    } else if (r < inflows + outflows) {
      reaction.reactants = distinct(1);
    } else {
      const double kind = static_cast<double>(r - inflows - outflows) /
                          static_cast<double>(reactions - inflows - outflows);
      if (kind < 0.45) {
        const auto s = distinct(2);
        reaction.reactants = {s[0]};
        reaction.products = {s[1]};
      } else if (kind < 0.80) {
        const auto s = distinct(3);
        reaction.reactants = {s[0], s[1]};
        reaction.products = {s[2]};
      } else {
        const auto s = distinct(4);
        reaction.reactants = {s[0], s[1]};
        reaction.products = {s[2], s[3]};
      }
    }
    net.reactions.push_back(std::move(reaction));
  }
  net.initial.resize(species);
  for (auto& y : net.initial) y = level(rng);
  net.initial[0] = 1.0;  // largest initial value 1: ergon's atol scaling leaves atol as given
  return net;
}

std::string to_sbml(const MassActionNetwork& net, const std::string& id) {
  std::string out;
  char buffer[256];
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      "<sbml xmlns=\"http://www.sbml.org/sbml/level3/version2/core\" level=\"3\" version=\"2\">\n";
  out += "<model id=\"" + id + "\">\n<listOfCompartments>\n";
  out += "<compartment id=\"cell\" spatialDimensions=\"3\" size=\"1\" constant=\"true\"/>\n";
  out += "</listOfCompartments>\n<listOfSpecies>\n";
  for (std::size_t s = 0; s < net.species; ++s) {
    std::snprintf(buffer, sizeof buffer,
                  "<species id=\"X%zu\" compartment=\"cell\" initialConcentration=\"%.17g\" "
                  "hasOnlySubstanceUnits=\"false\" boundaryCondition=\"false\" "
                  "constant=\"false\"/>\n",
                  s, net.initial[s]);
    out += buffer;
  }
  out += "</listOfSpecies>\n<listOfParameters>\n";
  for (std::size_t r = 0; r < net.reactions.size(); ++r) {
    std::snprintf(buffer, sizeof buffer,
                  "<parameter id=\"k%zu\" value=\"%.17g\" constant=\"true\"/>\n", r,
                  net.reactions[r].k);
    out += buffer;
  }
  out += "</listOfParameters>\n<listOfReactions>\n";
  auto references = [&](const char* list, const std::vector<std::uint32_t>& species) {
    if (species.empty()) return;
    out += std::string("<") + list + ">";
    for (const auto s : species) {
      out += "<speciesReference species=\"X" + std::to_string(s) +
             "\" stoichiometry=\"1\" constant=\"true\"/>";
    }
    out += std::string("</") + list + ">\n";
  };
  for (std::size_t r = 0; r < net.reactions.size(); ++r) {
    const auto& reaction = net.reactions[r];
    out += "<reaction id=\"R" + std::to_string(r) + "\" reversible=\"false\">\n";
    references("listOfReactants", reaction.reactants);
    references("listOfProducts", reaction.products);
    out += "<kineticLaw><math xmlns=\"http://www.w3.org/1998/Math/MathML\">";
    if (reaction.reactants.empty()) {
      out += "<ci>k" + std::to_string(r) + "</ci>";
    } else {
      out += "<apply><times/><ci>k" + std::to_string(r) + "</ci>";
      for (const auto s : reaction.reactants) out += "<ci>X" + std::to_string(s) + "</ci>";
      out += "</apply>";
    }
    out += "</math></kineticLaw>\n</reaction>\n";
  }
  out += "</listOfReactions>\n</model>\n</sbml>\n";
  return out;
}

MassActionRhs::MassActionRhs(const MassActionNetwork& net) : n_(net.species) {
  std::vector<std::set<std::int64_t>> columns(n_);
  reactant_start_.push_back(0);
  change_start_.push_back(0);
  for (const auto& reaction : net.reactions) {
    k_.push_back(reaction.k);
    for (const auto s : reaction.reactants) reactants_.push_back(s);
    reactant_start_.push_back(static_cast<std::uint32_t>(reactants_.size()));
    std::map<std::uint32_t, double> change;
    for (const auto s : reaction.reactants) change[s] -= 1.0;
    for (const auto s : reaction.products) change[s] += 1.0;
    for (const auto& [s, c] : change) {
      if (c == 0.0) continue;
      change_species_.push_back(s);
      change_coefficient_.push_back(c);
      for (const auto j : reaction.reactants) columns[j].insert(s);
    }
    change_start_.push_back(static_cast<std::uint32_t>(change_species_.size()));
  }
  column_starts_.push_back(0);
  for (std::size_t j = 0; j < n_; ++j) {
    columns[j].insert(static_cast<std::int64_t>(j));  // the diagonal, for I - gamma J
    for (const auto i : columns[j]) row_indices_.push_back(i);
    column_starts_.push_back(static_cast<std::int64_t>(row_indices_.size()));
  }
  auto slot = [&](std::int64_t i, std::uint32_t j) {
    const auto first = row_indices_.begin() + column_starts_[j];
    const auto last = row_indices_.begin() + column_starts_[j + 1];
    return static_cast<std::int64_t>(std::lower_bound(first, last, i) - row_indices_.begin());
  };
  jac_start_.push_back(0);
  for (std::size_t r = 0; r < net.reactions.size(); ++r) {
    for (auto a = reactant_start_[r]; a < reactant_start_[r + 1]; ++a) {
      for (auto c = change_start_[r]; c < change_start_[r + 1]; ++c) {
        jac_slot_.push_back(slot(change_species_[c], reactants_[a]));
        jac_coefficient_.push_back(change_coefficient_[c]);
      }
      jac_start_.push_back(static_cast<std::uint32_t>(jac_slot_.size()));
    }
  }
}

void MassActionRhs::rhs(const double* y, double* ydot) const {
  std::fill(ydot, ydot + n_, 0.0);
  const std::size_t m = k_.size();
  for (std::size_t r = 0; r < m; ++r) {
    double rate = k_[r];
    for (auto a = reactant_start_[r]; a < reactant_start_[r + 1]; ++a) rate *= y[reactants_[a]];
    for (auto c = change_start_[r]; c < change_start_[r + 1]; ++c)
      ydot[change_species_[c]] += change_coefficient_[c] * rate;
  }
}

void MassActionRhs::jacobian(const double* y, double* data) const {
  std::fill(data, data + row_indices_.size(), 0.0);
  const std::size_t m = k_.size();
  std::size_t entry = 0;
  for (std::size_t r = 0; r < m; ++r) {
    for (auto a = reactant_start_[r]; a < reactant_start_[r + 1]; ++a, ++entry) {
      double partial = k_[r];  // d rate / d y[reactant a]: k times the other reactants
      for (auto b = reactant_start_[r]; b < reactant_start_[r + 1]; ++b) {
        if (b != a) partial *= y[reactants_[b]];
      }
      for (auto e = jac_start_[entry]; e < jac_start_[entry + 1]; ++e)
        data[jac_slot_[e]] += jac_coefficient_[e] * partial;
    }
  }
}

}  // namespace ergon::bench
