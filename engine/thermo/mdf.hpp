#pragma once
// Max-min driving force (Noor et al. 2014 PLoS Comput Biol 10:e1003483): the largest B such
// that every reaction of a flux mode has −ΔrG' ≥ B for some metabolite concentrations within
// bounds. An LP in ln c and B, solved through engine/fba's plain-LP interface (GLPK).

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/fba/solver_types.hpp"
#include "engine/thermo/conditions.hpp"
#include "engine/thermo/formation_data.hpp"

namespace ergon::thermo {

/// Concentration range of one metabolite, M. lower == upper fixes it.
struct ConcentrationRange {
  double lower = 1e-6;
  double upper = 1e-2;
};

/// Concentration bounds: a default, per KEGG compound (any compartment), per model
/// metabolite id (wins over the compound).
struct ConcentrationBounds {
  ConcentrationRange default_range{};  ///< Noor et al. 2014: 1 µM – 10 mM
  std::map<std::string, ConcentrationRange> by_compound;
  std::map<std::string, ConcentrationRange> by_metabolite;

  [[nodiscard]] ConcentrationRange of(const std::string& metabolite_id,
                                      const std::string& kegg_id) const;
};

/// Reads the layout of datasets/thermo_mdf_bounds.tsv (kegg_id, c_min_M, c_max_M; the row with
/// kegg_id "*" is the default). Throws InputError naming file and line for min > max or a
/// value that is not > 0.
[[nodiscard]] ConcentrationBounds read_concentration_bounds(const std::filesystem::path& path);

/// Throws InputError naming the metabolite or compound whose range has min > max or min <= 0.
void validate(const ConcentrationBounds& bounds);

struct MdfOptions {
  Conditions conditions{};
  ConcentrationBounds bounds{};
  /// |flux| at or below this is "not in the mode".
  double flux_tolerance = 1e-9;
  /// Leave reactions without ΔrG'° (lumped or unknown metabolites) out of the LP and list
  /// them in `MdfResult::excluded`, instead of returning status missing_data.
  bool exclude_missing = false;
  fba::SolverOptions solver{};
};

enum class MdfStatus {
  optimal,
  missing_data,   ///< a reaction of the mode has no ΔrG'°: `excluded` names them
  empty_mode,     ///< no reaction with a ΔrG'° carries flux
  solver_failed,  ///< the LP did not solve (status in `lp_status`)
};

[[nodiscard]] const char* to_string(MdfStatus status) noexcept;

struct MdfReaction {
  std::size_t reaction = 0;  ///< model index
  int direction = 1;         ///< +1 forward, −1 reverse (sign of the flux)
  double standard = 0.0;     ///< ΔrG'° as written, kJ/mol
  double gibbs = 0.0;        ///< ΔrG' as written at the optimal concentrations, kJ/mol
  double shadow_price =
      0.0;  ///< MDF gained per kJ/mol this step is made more favourable, ≥ 0; sums to 1
  bool bottleneck = false;  ///< shadow price > 0: the step limits the MDF
};

struct MdfConcentration {
  std::size_t metabolite = 0;
  double concentration = 0.0;  ///< M, at the optimum
  ConcentrationRange range{};
};

struct MdfResult {
  MdfStatus status = MdfStatus::solver_failed;
  fba::Status lp_status = fba::Status::numerical_failure;
  double driving_force = 0.0;  ///< MDF, kJ/mol (negative: infeasible within the bounds)
  std::vector<MdfReaction> reactions;
  std::vector<MdfConcentration> concentrations;
  std::vector<std::string> excluded;  ///< reaction ids left out (no ΔrG'°)
};

/// MDF of the flux mode `fluxes` (one value per reaction of `model`; boundary reactions are
/// ignored). Throws InputError for a wrong-sized flux vector, bad conditions or bounds.
[[nodiscard]] MdfResult max_min_driving_force(const ConstraintModel& model,
                                              const FormationData& data,
                                              const std::vector<double>& fluxes,
                                              const MdfOptions& options);

}  // namespace ergon::thermo
