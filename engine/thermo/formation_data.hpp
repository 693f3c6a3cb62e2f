#pragma once
// Species-level standard Gibbs energies of formation (Component Contribution 2013, Alberty 2006)
// keyed by KEGG compound id, and the map from model metabolites to those compounds.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/constraint_model.hpp"

namespace ergon::thermo {

/// One chemical species (protonation / Mg-binding state) of a compound.
struct SpeciesEnergy {
  int hydrogens = 0;              ///< nH
  int charge = 0;                 ///< z
  int magnesiums = 0;             ///< nMg
  double formation_energy = 0.0;  ///< ΔfG° at I = 0, 298.15 K, kJ/mol
  bool liquid = false;            ///< pure liquid (water): no ionic-strength term, activity 1
};

/// Everything known about one compound (a pseudoisomer group).
struct CompoundThermo {
  std::string kegg_id;  ///< e.g. "C00002"
  std::string name;
  std::string source;  ///< data source of `species`, e.g. "CC2013"
  std::vector<SpeciesEnergy> species;
  std::string formula;                ///< of one species, for element balance; may be empty
  std::optional<int> formula_charge;  ///< charge of the species `formula` describes
  std::string estimate_type;          ///< "RC" (in the CC training set), "GC", "E0-derived", ...
};

/// Which rows of a species file to use.
struct FormationDataOptions {
  /// Sources in order of preference: a compound takes its species from the first source that
  /// has any for it. {"CC2013"} alone is the Component Contribution data; {"Alberty2006"} the
  /// Mg-aware tables. Mixing is only sound for self-contained couples (cytochrome c).
  std::vector<std::string> sources{"CC2013"};
};

/// Immutable table of compounds. Built by read_formation_data or, for tests, from values.
class FormationData {
 public:
  FormationData() = default;
  explicit FormationData(std::vector<CompoundThermo> compounds,
                         const std::map<std::string, std::string>& bigg_to_kegg = {});

  /// nullptr when the compound is unknown or has no species.
  [[nodiscard]] const CompoundThermo* find(std::string_view kegg_id) const;
  /// KEGG id of a BiGG metabolite id without compartment ("atp", "glc__D"), if mapped.
  [[nodiscard]] std::optional<std::string> kegg_of_bigg(std::string_view bigg_id) const;
  [[nodiscard]] const std::map<std::string, CompoundThermo, std::less<>>& compounds() const {
    return compounds_;
  }
  /// A copy that also matches model metabolites by their own id (with or without the SBML
  /// "M_" prefix) through `metabolite_to_kegg`, before any other route: for models whose
  /// species carry no usable annotation (Human-GEM's SBML; its metabolites table has KEGG ids).
  [[nodiscard]] FormationData with_metabolite_map(
      const std::map<std::string, std::string>& metabolite_to_kegg) const;
  /// KEGG id of a model metabolite id through the metabolite map, if mapped.
  [[nodiscard]] std::optional<std::string> kegg_of_metabolite(std::string_view id) const;

 private:
  std::map<std::string, CompoundThermo, std::less<>> compounds_;
  std::map<std::string, std::string, std::less<>> bigg_to_kegg_;
  std::map<std::string, std::string, std::less<>> metabolite_to_kegg_;
};

/// Reads a metabolite id → KEGG id map from a TSV with a header, taking the columns named
/// `id_column` and `kegg_column` (double quotes around fields are removed; rows with no KEGG
/// id are skipped). E.g. Human-GEM's metabolites table: columns "mets" and "metKEGGID".
/// Throws InputError naming the file and the missing column.
[[nodiscard]] std::map<std::string, std::string> read_metabolite_map(
    const std::filesystem::path& path, const std::string& id_column = "id",
    const std::string& kegg_column = "kegg_id");

/// Reads `species_tsv` (columns kegg_id, source, nH, charge, nMg, dfG0_kJ_per_mol, phase; the
/// layout of datasets/thermo_formation_species.tsv and ../shared/thermo/formation_species.tsv)
/// and, when given, `compounds_tsv` (kegg_id, name, bigg_ids, formula, formula_charge,
/// estimate_type; datasets/thermo_compounds.tsv). Gas-phase rows are skipped (aqueous 1 M
/// standard state), as are solid rows. Throws InputError naming file and line for a malformed row.
[[nodiscard]] FormationData read_formation_data(const std::filesystem::path& species_tsv,
                                                const std::filesystem::path& compounds_tsv = {},
                                                const FormationDataOptions& options = {});

/// How a model metabolite was matched to a compound.
struct CompoundMatch {
  std::string kegg_id;  ///< empty when unmatched
  std::string via;      ///< "bigg-map", "annotation kegg.compound", "annotation bigg.metabolite"
};

/// The compound of a model metabolite, tried in this order: the metabolite map, if the data
/// carry one (with_metabolite_map; via "id-map"); the BiGG id of the metabolite's
/// id (COBRApy form with the "_<compartment>" suffix removed) through the data's curated BiGG
/// map; its bqbiol:is kegg.compound annotations (the first one the data has); its
/// bigg.metabolite annotations through the map. MetaNetX and ChEBI annotations are recognised
/// but the data carry no map for them, so they match nothing.
[[nodiscard]] CompoundMatch match_compound(const FluxMetabolite& metabolite,
                                           const FormationData& data);

}  // namespace ergon::thermo
