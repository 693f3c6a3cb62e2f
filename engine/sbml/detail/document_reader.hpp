#pragma once
// libSBML-facing reading: the only place that turns a path into an SBMLDocument.

#include <sbml/SBMLTypes.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "engine/core/diagnostic.hpp"

namespace ergon::sbml::detail {

struct DocumentDeleter {
  void operator()(SBMLDocument* document) const noexcept { delete document; }
};
using DocumentPtr = std::unique_ptr<SBMLDocument, DocumentDeleter>;

/// Reads `path`; appends libSBML's read-time findings to `diagnostics`.
/// Throws InputError (naming the file, and the line where known) when the result holds no
/// model: missing file, directory, empty or binary file, malformed XML, non-SBML XML.
[[nodiscard]] DocumentPtr read_document(const std::filesystem::path& path,
                                        std::vector<Diagnostic>& diagnostics);

/// Runs libSBML's consistency checks (units and modeling-practice groups optional) and
/// appends the new findings.
void check_consistency(SBMLDocument& document, bool unit_checks, bool practice_checks,
                       std::vector<Diagnostic>& diagnostics);

/// One-line diagnostic from a libSBML error (the "Reference: ..." lines are dropped).
[[nodiscard]] Diagnostic to_diagnostic(const SBMLError& error);

}  // namespace ergon::sbml::detail
