#pragma once
// Thermodynamics-based flux-balance analysis (TFA/TMFA, Henry et al. 2007 Biophys J 92:1792)
// and thermodynamic variability analysis: FBA plus log-concentration variables and, per
// internal reaction with a ΔrG'°, forward/reverse binaries so that a carried flux has ΔrG' < 0
// in its direction. A MILP solved through engine/fba's plain-problem interface (GLPK).
//
// Per reaction r with data (ΔG_r in kJ/mol, x_i = ln c_i, e_r the error of ΔrG'°):
//   ΔG_r = ΔrG'°_r + e_r + RT Σ_i S_ir x_i,        |e_r| ≤ k·σ_r
//   v_r ≤ U⁺_r f_r,  v_r ≥ L⁻_r b_r,  f_r + b_r ≤ 1  (f, b binary; U⁺ = max(U,0), L⁻ = min(L,0))
//   ΔG_r ≤ −ε + M_r (1 − f_r),  ΔG_r ≥ ε − M_r (1 − b_r)
// with M_r the largest |ΔG_r| the concentration and error bounds allow (interval arithmetic),
// so the big-M is as tight as the bounds. No thermodynamic constraint (and listed with the
// reason): boundary reactions; reactions without a ΔrG'° (unknown metabolites); unbalanced
// ones, whose ΔrG'° means nothing (lumped biomass: e_coli_core's would get +3,809 kJ/mol);
// and transport of water or H+ alone with no potential difference, whose ΔrG' is zero by
// construction (activity 1, pH-buffered) and which would otherwise be blocked.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/fba/solver_types.hpp"
#include "engine/thermo/conditions.hpp"
#include "engine/thermo/formation_data.hpp"
#include "engine/thermo/mdf.hpp"

namespace ergon::thermo {

struct TfaOptions {
  Conditions conditions{};
  ConcentrationBounds bounds{};  ///< default 1 µM – 10 mM (Noor et al. 2014)
  /// ΔrG'° may move by this many of its 1σ uncertainties (0: fixed at the estimate).
  double uncertainty_sigmas = 2.0;
  /// A carried flux needs ΔrG' ≤ −ε in its direction, kJ/mol.
  double epsilon = 1e-3;
  /// Bound used for a flux bound that is infinite, mmol/gDW/h.
  double infinite_flux = 1000.0;
  /// |flux| at or below this counts as zero in results.
  double flux_tolerance = 1e-9;
  /// Per MILP; GLPK's branch-and-cut stops there with its incumbent (status time_limit).
  fba::SolverOptions solver{.time_limit_seconds = 600.0};
};

enum class TfaStatus {
  optimal,
  /// FBA is feasible but not with the thermodynamic constraints: `conflicts` names the
  /// reactions whose ΔrG' must change sign against their flux (least total violation).
  thermodynamically_infeasible,
  infeasible,  ///< the flux bounds alone admit no steady state
  unbounded,
  time_limit,     ///< best integer solution so far (values filled when one exists)
  solver_failed,  ///< see lp_status
};

[[nodiscard]] const char* to_string(TfaStatus status) noexcept;

/// An internal reaction TFA leaves without a thermodynamic constraint, and why.
struct UnconstrainedReaction {
  std::string reaction_id;
  std::string reason;  ///< "no drG'0 for M1,M2", "unbalanced: O +7", "zero by construction"
};

/// A reaction whose thermodynamic constraint must be violated for a steady state to exist.
struct TfaConflict {
  std::string reaction_id;
  double violation = 0.0;  ///< kJ/mol by which ΔrG' is on the wrong side of ∓ε
  double flux = 0.0;       ///< the flux it carries in the least-violation solution
};

struct TfaResult {
  TfaStatus status = TfaStatus::solver_failed;
  fba::Status lp_status = fba::Status::numerical_failure;
  double objective = 0.0;
  std::vector<double> fluxes;                ///< per reaction (empty unless solved)
  std::vector<std::optional<double>> gibbs;  ///< ΔrG' per reaction at the solution, kJ/mol
  std::vector<std::optional<double>> concentrations;  ///< per metabolite, M (water, H+: unset)
  std::vector<std::size_t> constrained;  ///< reactions with the thermodynamic constraint
  std::vector<UnconstrainedReaction> unconstrained;  ///< internal, without the constraint
  std::vector<TfaConflict> conflicts;                ///< when thermodynamically_infeasible
  std::size_t binaries = 0;                          ///< binary columns of the MILP
  fba::SolverStats stats;
};

/// Thermodynamic FBA of `model` with its own bounds and objective. Throws InputError for bad
/// conditions or concentration bounds (min > max names the metabolite), or a model without an
/// objective.
[[nodiscard]] TfaResult thermodynamic_fba(const ConstraintModel& model, const FormationData& data,
                                          const TfaOptions& options);

struct TvaOptions {
  TfaOptions tfa{};
  /// The objective is held at ≥ this fraction of the TFA optimum (≤ for minimisation).
  double fraction_of_optimum = 1.0;
  bool fluxes = true;          ///< ranges of every flux
  bool gibbs = true;           ///< ranges of ΔrG' of the constrained reactions
  bool concentrations = true;  ///< ranges of the metabolites' concentrations
};

struct ValueRange {
  double minimum = 0.0;
  double maximum = 0.0;
};

struct TvaResult {
  TfaStatus status = TfaStatus::solver_failed;            ///< of the TFA; the ranges need optimal
  double objective = 0.0;                                 ///< TFA optimum
  std::vector<std::optional<ValueRange>> fluxes;          ///< per reaction
  std::vector<std::optional<ValueRange>> gibbs;           ///< per reaction, kJ/mol
  std::vector<std::optional<ValueRange>> concentrations;  ///< per metabolite, M
  std::size_t milps = 0;   ///< MILPs solved (the TFA, then two per range)
  std::size_t failed = 0;  ///< ranges left unset because an end did not solve to optimality
  double seconds = 0.0;
};

/// Thermodynamic variability analysis: the TFA optimum, then the range of every flux, ΔrG'
/// and concentration over the TFA solutions within `fraction_of_optimum` of it.
[[nodiscard]] TvaResult thermodynamic_variability(const ConstraintModel& model,
                                                  const FormationData& data,
                                                  const TvaOptions& options);

}  // namespace ergon::thermo
