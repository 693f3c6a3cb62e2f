#include "engine/thermo/formation_data.hpp"

#include <cmath>
#include <set>

#include "engine/core/error.hpp"
#include "engine/thermo/detail/tsv.hpp"

namespace ergon::thermo {

FormationData::FormationData(std::vector<CompoundThermo> compounds,
                             const std::map<std::string, std::string>& bigg_to_kegg) {
  for (auto& c : compounds) {
    std::string id = c.kegg_id;
    compounds_.insert_or_assign(std::move(id), std::move(c));
  }
  for (const auto& [bigg, kegg] : bigg_to_kegg) bigg_to_kegg_.emplace(bigg, kegg);
}

const CompoundThermo* FormationData::find(std::string_view kegg_id) const {
  const auto it = compounds_.find(kegg_id);
  if (it == compounds_.end() || it->second.species.empty()) return nullptr;
  return &it->second;
}

std::optional<std::string> FormationData::kegg_of_bigg(std::string_view bigg_id) const {
  const auto it = bigg_to_kegg_.find(bigg_id);
  if (it == bigg_to_kegg_.end()) return std::nullopt;
  return it->second;
}

FormationData read_formation_data(const std::filesystem::path& species_tsv,
                                  const std::filesystem::path& compounds_tsv,
                                  const FormationDataOptions& options) {
  if (options.sources.empty()) throw InputError("formation data: no source selected");
  const detail::TsvTable species(species_tsv);
  const auto c_kegg = species.column("kegg_id");
  const auto c_source = species.column("source");
  const auto c_nh = species.column("nH");
  const auto c_charge = species.column("charge");
  const auto c_nmg = species.column("nMg");
  const auto c_dfg = species.column("dfG0_kJ_per_mol");
  const auto c_phase = species.column("phase");

  // kegg -> source -> species
  std::map<std::string, std::map<std::string, std::vector<SpeciesEnergy>>> by_source;
  const auto integer = [&](std::size_t r, std::size_t c) {
    const double v = species.number(r, c);
    if (v != std::round(v))
      throw InputError({.file = species.file(), .line = species.line(r)},
                       "species count or charge is not an integer");
    return static_cast<int>(v);
  };
  for (std::size_t r = 0; r < species.rows(); ++r) {
    const std::string& phase = species.at(r, c_phase);
    // Values are for the aqueous 1 M standard state: gas and solid rows are another one.
    if (phase == "gas" || phase == "solid") continue;
    if (phase != "aqueous" && phase != "liquid")
      throw InputError({.file = species.file(), .line = species.line(r)},
                       "unknown phase '" + phase + "'");
    const std::string& kegg = species.at(r, c_kegg);
    if (kegg.empty())
      throw InputError({.file = species.file(), .line = species.line(r)}, "empty kegg_id");
    by_source[kegg][species.at(r, c_source)].push_back(
        {.hydrogens = integer(r, c_nh),
         .charge = integer(r, c_charge),
         .magnesiums = integer(r, c_nmg),
         .formation_energy = species.number(r, c_dfg),
         .liquid = phase == "liquid"});
  }

  std::map<std::string, CompoundThermo> compounds;
  for (auto& [kegg, sources] : by_source) {
    for (const auto& wanted : options.sources) {
      const auto it = sources.find(wanted);
      if (it == sources.end()) continue;
      compounds[kegg] = {.kegg_id = kegg, .source = wanted, .species = std::move(it->second)};
      break;
    }
  }

  std::map<std::string, std::string> bigg_to_kegg;
  if (!compounds_tsv.empty()) {
    const detail::TsvTable table(compounds_tsv);
    const auto k = table.column("kegg_id");
    const auto name = table.column("name");
    const auto bigg = table.column("bigg_ids");
    const auto formula = table.column("formula");
    const auto charge = table.column("formula_charge");
    const auto estimate = table.column("estimate_type");
    for (std::size_t r = 0; r < table.rows(); ++r) {
      const std::string& kegg = table.at(r, k);
      auto& c = compounds[kegg];  // a compound without species stays known by name (no value)
      c.kegg_id = kegg;
      c.name = table.at(r, name);
      c.formula = table.at(r, formula);
      if (const double z = table.number(r, charge, true); !std::isnan(z))
        c.formula_charge = static_cast<int>(z);
      c.estimate_type = table.at(r, estimate);
      const std::string& ids = table.at(r, bigg);
      std::size_t start = 0;
      while (start < ids.size()) {
        const auto semi = ids.find(';', start);
        const std::string id = ids.substr(start, semi == std::string::npos ? semi : semi - start);
        if (!id.empty()) bigg_to_kegg.emplace(id, kegg);
        if (semi == std::string::npos) break;
        start = semi + 1;
      }
    }
  }
  std::vector<CompoundThermo> list;
  list.reserve(compounds.size());
  for (auto& [kegg, c] : compounds) list.push_back(std::move(c));
  return FormationData(std::move(list), bigg_to_kegg);
}

namespace {

// The identifier after a known collection prefix in an annotation URI, e.g. "C00002" from
// "http://identifiers.org/kegg.compound/C00002" or "urn:miriam:kegg.compound:C00002".
std::optional<std::string> identifier_in(std::string_view uri, std::string_view collection) {
  const auto at = uri.find(collection);
  if (at == std::string_view::npos) return std::nullopt;
  auto rest = uri.substr(at + collection.size());
  if (rest.empty() || (rest.front() != '/' && rest.front() != ':')) return std::nullopt;
  rest.remove_prefix(1);
  if (rest.starts_with("M_")) rest.remove_prefix(2);  // some BiGG annotations keep the prefix
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

std::string bigg_id_of(const FluxMetabolite& m) {
  std::string id = cobra_id(m.id, "M_");
  std::string compartment = m.compartment;
  if (compartment.starts_with("C_")) compartment.erase(0, 2);
  const std::string suffix = "_" + compartment;
  if (!compartment.empty() && id.size() > suffix.size() && id.ends_with(suffix))
    id.erase(id.size() - suffix.size());
  return id;
}

}  // namespace

FormationData FormationData::with_metabolite_map(
    const std::map<std::string, std::string>& metabolite_to_kegg) const {
  FormationData copy = *this;
  for (const auto& [id, kegg] : metabolite_to_kegg) copy.metabolite_to_kegg_[id] = kegg;
  return copy;
}

std::optional<std::string> FormationData::kegg_of_metabolite(std::string_view id) const {
  if (metabolite_to_kegg_.empty()) return std::nullopt;
  if (const auto it = metabolite_to_kegg_.find(id); it != metabolite_to_kegg_.end())
    return it->second;
  if (id.starts_with("M_"))
    if (const auto it = metabolite_to_kegg_.find(id.substr(2)); it != metabolite_to_kegg_.end())
      return it->second;
  return std::nullopt;
}

std::map<std::string, std::string> read_metabolite_map(const std::filesystem::path& path,
                                                       const std::string& id_column,
                                                       const std::string& kegg_column) {
  const detail::TsvTable table(path);
  const auto id = table.column(id_column);
  const auto kegg = table.column(kegg_column);
  const auto unquoted = [](std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
  };
  std::map<std::string, std::string> map;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    auto key = unquoted(table.at(r, id));
    auto value = unquoted(table.at(r, kegg));
    if (!key.empty() && !value.empty()) map[std::move(key)] = std::move(value);
  }
  return map;
}

CompoundMatch match_compound(const FluxMetabolite& metabolite, const FormationData& data) {
  if (const auto kegg = data.kegg_of_metabolite(metabolite.id); kegg && data.find(*kegg) != nullptr)
    return {*kegg, "id-map"};
  if (const auto kegg = data.kegg_of_bigg(bigg_id_of(metabolite))) return {*kegg, "bigg-map"};
  for (const auto& uri : metabolite.annotations)
    if (const auto id = identifier_in(uri, "kegg.compound"); id && data.find(*id) != nullptr)
      return {*id, "annotation kegg.compound"};
  for (const auto& uri : metabolite.annotations)
    if (const auto id = identifier_in(uri, "bigg.metabolite"))
      if (const auto kegg = data.kegg_of_bigg(*id)) return {*kegg, "annotation bigg.metabolite"};
  return {};
}

}  // namespace ergon::thermo
