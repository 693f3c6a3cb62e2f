#pragma once
// SBML import for simulation: any SBML Level 1 Version 2 to Level 3 Version 2 file (comp
// models flattened) becomes one immutable ergon::Model.

#include <filesystem>
#include <vector>

#include "engine/core/diagnostic.hpp"
#include "engine/core/model.hpp"

namespace ergon::sbml {

struct ImportedModel {
  Model model;
  std::vector<Diagnostic> diagnostics;  ///< libSBML's read-time findings (warnings and below)
};

struct ReadOptions {
  /// Run libSBML's consistency checks and refuse a model with errors. They cost more than
  /// the simulation for large models (quadratic in size); switch off only for trusted files.
  bool validate = true;
};

/// Reads `path` into a Model. Function definitions are inlined and kinetic-law local
/// parameters substituted by their values.
/// Throws InputError naming the file and element for unreadable or invalid files and for any
/// construct the engine cannot honour (it is refused, never silently ignored).
[[nodiscard]] ImportedModel read_model(const std::filesystem::path& path,
                                       const ReadOptions& options = {});

}  // namespace ergon::sbml
