#pragma once
// What `ergon info` reports about an SBML file: structure counts, fbc content and the
// findings of libSBML's consistency checks. Plain data; formatting is the caller's job.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/diagnostic.hpp"

namespace ergon::sbml {

struct FluxObjectiveTerm {
  std::string reaction;
  double coefficient = 0.0;
};

struct ObjectiveSummary {
  std::string id;
  std::string type;  ///< "maximize" or "minimize"
  bool active = false;
  std::vector<FluxObjectiveTerm> terms;
};

struct PackageUse {
  std::string name;  ///< e.g. "fbc", "comp"
  unsigned version = 0;
  bool required = false;
};

struct ModelSummary {
  std::string file;
  unsigned level = 0;
  unsigned version = 0;
  std::string model_id;
  std::string model_name;
  std::vector<PackageUse> packages;

  std::size_t compartments = 0;
  std::size_t species = 0;
  std::size_t reactions = 0;
  std::size_t parameters = 0;
  std::size_t assignment_rules = 0;
  std::size_t rate_rules = 0;
  std::size_t algebraic_rules = 0;
  std::size_t initial_assignments = 0;
  std::size_t constraints = 0;
  std::size_t events = 0;
  std::size_t function_definitions = 0;
  std::size_t unit_definitions = 0;

  // Constraint-based content: fbc v1/v2, or the legacy COBRA notes COBRApy also reads.
  bool has_fbc = false;
  unsigned fbc_version = 0;
  std::vector<ObjectiveSummary> objectives;
  std::size_t flux_bounds = 0;         ///< fbc v1 <fluxBound> elements
  std::size_t gene_products = 0;       ///< fbc v2 gene products, else distinct genes in notes GPRs
  std::size_t reactions_with_gpr = 0;  ///< fbc v2 geneProductAssociation or notes GENE_ASSOCIATION
  std::string gpr_source;              ///< "fbc", "notes" or "" when no GPRs
};

struct InspectOptions {
  bool consistency_checks = true;  ///< run libSBML's checkConsistency() after reading
  /// Units consistency: off by default because most published constraint-based models
  /// declare no units, and every species then yields warnings that bury real findings.
  bool unit_checks = false;
  bool practice_checks = false;  ///< libSBML's "modeling practice" advice (not validity)
};

struct Inspection {
  ModelSummary summary;
  std::vector<Diagnostic> diagnostics;  ///< in file order: read errors first, then checks
};

/// Reads and inspects an SBML file (Level 1-3; .gz/.bz2 accepted).
/// Throws InputError when the file cannot be read as an SBML model at all (missing,
/// directory, empty, not XML, not SBML, no model). Validation findings are returned as
/// diagnostics, not thrown: callers decide whether errors among them stop the run.
[[nodiscard]] Inspection inspect_sbml_file(const std::filesystem::path& path,
                                           const InspectOptions& options = {});

}  // namespace ergon::sbml
