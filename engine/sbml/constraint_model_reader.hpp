#pragma once
// SBML -> ConstraintModel, reading what COBRApy 0.26 reads, with the same defaults.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/constraint_model.hpp"
#include "engine/core/constraint_model_cache.hpp"
#include "engine/core/diagnostic.hpp"

namespace ergon::sbml {

struct ConstraintReadOptions {
  /// fbc objective to use (its SBML id); empty = the active objective, as COBRApy does.
  std::string objective;
  /// Bounds for reactions that declare none (COBRApy's `config.bounds`), mmol/gDW/h.
  double default_lower_bound = -1000.0;
  double default_upper_bound = 1000.0;
};

struct ConstraintModelFile {
  ConstraintModel model;
  std::vector<Diagnostic> diagnostics;  ///< read-time findings and import warnings
  std::vector<std::string> objectives;  ///< ids of all fbc objectives in the file
};

/// Reads an SBML file (plain, .gz, .bz2) as a constraint-based model:
///  - fbc v2: flux bounds from parameters, active objective (max/min), gene products and
///    geneProductAssociation trees; groups give reaction subsystems;
///  - fbc v1: converted to v2 with libSBML's converter first (FluxBound elements), as COBRApy;
///  - no fbc (COBRA Toolbox L2 style): bounds and objective from the kinetic-law parameters
///    LOWER_BOUND / UPPER_BOUND / OBJECTIVE_COEFFICIENT, GPRs and subsystems from the notes
///    (GENE_ASSOCIATION / GENE ASSOCIATION, SUBSYSTEM), genes from the GPR tokens.
/// Missing bounds become the defaults in `options`. Species with boundaryCondition="true" get an
/// exchange reaction "EX_<species id without M_>" with default bounds, first in the list, as
/// COBRApy adds. Ids stay as in the file.
/// Throws InputError (file and element id) for unreadable files, a failed fbc conversion, a
/// non-constant or unknown bound parameter, unset stoichiometry, malformed GPR notes,
/// lb > ub, an unknown objective id or objective reaction.
[[nodiscard]] ConstraintModelFile read_constraint_model(const std::filesystem::path& path,
                                                        const ConstraintReadOptions& options = {});

/// How read_constraint_model_cached uses the model cache (engine/core/constraint_model_cache.hpp).
struct ModelCacheOptions {
  bool enabled = true;              ///< false: always parse, never touch the cache (--no-cache)
  std::filesystem::path directory;  ///< empty: default_cache_directory()
  /// Called after a fresh parse, before the entry is written: the warm start to keep with the
  /// model (the simplex basis at its reference optimum). Not called on a hit or when disabled.
  std::function<SolverWarmStart(const ConstraintModel&)> warm_start;
};

enum class CacheOutcome {
  disabled,    ///< cache not used
  hit,         ///< model read from the cache
  stored,      ///< parsed, and the entry written
  not_stored,  ///< parsed; the entry could not be written (a warning diagnostic says why)
};

struct CachedModelFile {
  ConstraintModelFile file;
  SolverWarmStart warm_start;  ///< empty when none is known
  CacheOutcome cache = CacheOutcome::disabled;
  std::string cache_note;  ///< why an existing entry was not used ("" when none was there)
};

/// read_constraint_model through the cache, keyed by the SHA-256 of the file's bytes and the
/// reader options: a hit skips libSBML entirely. A stale, corrupt or foreign entry is ignored
/// and rewritten; an unwritable cache adds a warning diagnostic ("model-cache") and never
/// fails the read. Errors in the file itself throw as read_constraint_model does.
[[nodiscard]] CachedModelFile read_constraint_model_cached(
    const std::filesystem::path& path, const ConstraintReadOptions& options = {},
    const ModelCacheOptions& cache = {});

}  // namespace ergon::sbml
