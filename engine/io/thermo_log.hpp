#pragma once
// HDF5 layouts of engine/thermo's results (docs/hdf5-schema.md, "Thermodynamics"). Every result
// is a group laid out as a `table` (one 1-D dataset per column, attribute `columns` in order)
// so generic readers work, with its own `kind` (thermo_drg, thermo_mdf, thermo_tfa,
// thermo_tva, thermo_check, thermo_state) and the conditions as attributes. NaN in a numeric
// column means "no value" (no data, not solved); a `note` column says why where it can.

#include <string>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/io/result_log.hpp"
#include "engine/thermo/conditions.hpp"
#include "engine/thermo/mdf.hpp"
#include "engine/thermo/rate_law_check.hpp"
#include "engine/thermo/reaction_energy.hpp"
#include "engine/thermo/state_energetics.hpp"
#include "engine/thermo/tfa.hpp"

namespace ergon::io {

/// Attributes describing `conditions`: temperature_K, the default compartment's pH,
/// ionic_strength_M, pMg, potential_V, and per listed compartment the arrays
/// compartments / compartment_pH / compartment_ionic_strength_M / compartment_pMg /
/// compartment_potential_V.
[[nodiscard]] Attributes conditions_attributes(const thermo::Conditions& conditions);

void write_reaction_energies(ResultLog& log, const std::string& name, const ConstraintModel& model,
                             const std::vector<thermo::ReactionEnergy>& energies,
                             const thermo::Conditions& conditions);

/// Group `name` with a table of the mode's reactions and a subgroup `concentrations`.
void write_mdf(ResultLog& log, const std::string& name, const ConstraintModel& model,
               const thermo::MdfResult& result, const thermo::Conditions& conditions);

/// Group `name` (reactions), subgroups `concentrations` and `conflicts`.
void write_tfa(ResultLog& log, const std::string& name, const ConstraintModel& model,
               const thermo::TfaResult& result, const thermo::Conditions& conditions);

/// Group `name` (reactions: flux and ΔrG' ranges), subgroup `concentrations`.
void write_tva(ResultLog& log, const std::string& name, const ConstraintModel& model,
               const thermo::TvaResult& result, const thermo::Conditions& conditions);

void write_rate_law_check(ResultLog& log, const std::string& name,
                          const std::vector<thermo::RateLawEquilibrium>& rows,
                          const thermo::Conditions& conditions, double concentration_unit);

/// Group `name` (reactions), subgroup `compartments`.
void write_state_energetics(ResultLog& log, const std::string& name,
                            const thermo::StateEnergetics& state,
                            const thermo::Conditions& conditions);

}  // namespace ergon::io
