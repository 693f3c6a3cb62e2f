#pragma once
// Legacy COBRA notes, as COBRApy reads them: <p>GENE_ASSOCIATION: b0001 and b0002</p>.

#include <optional>
#include <string>
#include <vector>

namespace ergon::sbml::detail {

/// The value of a "KEY: value" paragraph in an XHTML notes string (key matched as COBRApy
/// does: case-sensitive, with '_' or ' ' between words). nullopt when absent.
[[nodiscard]] std::optional<std::string> notes_value(const std::string& notes_xhtml,
                                                     const std::string& key);

/// Gene identifiers in a GPR string ("(b1 and b2) or b3" -> b1, b2, b3), in order of first use.
[[nodiscard]] std::vector<std::string> gpr_gene_ids(const std::string& gpr);

}  // namespace ergon::sbml::detail
