#include "engine/sbml/detail/document_reader.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/core/error.hpp"

namespace ergon::sbml::detail {
namespace {

Severity to_severity(const SBMLError& error) {
  if (error.isFatal()) return Severity::fatal;
  if (error.isError()) return Severity::error;
  if (error.isWarning()) return Severity::warning;
  return Severity::info;
}

std::string collapse_whitespace(const std::string& text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// libSBML messages are "<rule description>\n[Reference: L3V1 Section x\n] <specific finding>\n".
// The finding names the element; the short message names the rule. Keep those two and drop
// the long description and the section reference.
std::string one_line_message(const SBMLError& error) {
  std::istringstream lines(error.getMessage());
  std::string description;
  std::getline(lines, description);
  std::string finding;
  for (std::string line; std::getline(lines, line);) {
    if (collapse_whitespace(line).starts_with("Reference:")) continue;
    finding += line + ' ';
  }
  finding = collapse_whitespace(finding);
  // Without a separate finding the description is all there is: keep it whole.
  if (finding.empty()) return collapse_whitespace(description);
  const std::string rule = collapse_whitespace(error.getShortMessage());
  return rule.empty() ? finding : rule + ": " + finding;
}

bool looks_binary(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char buffer[512];
  in.read(buffer, sizeof buffer);
  const auto n = in.gcount();
  for (std::streamsize i = 0; i < n; ++i) {
    if (buffer[i] == '\0') return true;
  }
  return false;
}

bool is_compressed(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  return ext == ".gz" || ext == ".bz2" || ext == ".zip";
}

void check_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  const InputLocation where{.file = path.string()};
  if (ec || !std::filesystem::exists(status)) throw InputError(where, "no such file");
  if (std::filesystem::is_directory(status))
    throw InputError(where, "is a directory, not an SBML file");
  if (!std::filesystem::is_regular_file(status)) throw InputError(where, "is not a regular file");
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw InputError(where, "cannot be opened for reading (permission denied?)");
  if (std::filesystem::file_size(path, ec) == 0) throw InputError(where, "file is empty");
  if (!is_compressed(path) && looks_binary(path)) {
    throw InputError(where, "binary file, not SBML (XML) text");
  }
}

}  // namespace

Diagnostic to_diagnostic(const SBMLError& error) {
  return Diagnostic{.severity = to_severity(error),
                    .code = "sbml-" + std::to_string(error.getErrorId()),
                    .category = error.getCategoryAsString(),
                    .line = error.getLine(),
                    .message = one_line_message(error)};
}

DocumentPtr read_document(const std::filesystem::path& path, std::vector<Diagnostic>& diagnostics) {
  check_file(path);
  DocumentPtr document(readSBMLFromFile(path.string().c_str()));
  if (!document) throw InputError({.file = path.string()}, "libSBML returned no document");

  for (unsigned i = 0; i < document->getNumErrors(); ++i) {
    diagnostics.push_back(to_diagnostic(*document->getError(i)));
  }
  if (document->getModel() != nullptr) return document;

  // No model: report the first hard error, which says why (malformed XML, not SBML ...).
  for (unsigned i = 0; i < document->getNumErrors(); ++i) {
    const SBMLError& error = *document->getError(i);
    if (!error.isError() && !error.isFatal()) continue;
    const std::string short_message = collapse_whitespace(error.getShortMessage());
    throw InputError({.file = path.string(), .line = error.getLine()},
                     "not a readable SBML model: " +
                         (short_message.empty() ? one_line_message(error) : short_message));
  }
  throw InputError({.file = path.string()}, "SBML document contains no <model> element");
}

void check_consistency(SBMLDocument& document, bool unit_checks, bool practice_checks,
                       std::vector<Diagnostic>& diagnostics) {
  document.setConsistencyChecks(LIBSBML_CAT_UNITS_CONSISTENCY, unit_checks);
  document.setConsistencyChecks(LIBSBML_CAT_MODELING_PRACTICE, practice_checks);
  const unsigned before = document.getNumErrors();
  document.checkConsistency();
  for (unsigned i = before; i < document.getNumErrors(); ++i) {
    diagnostics.push_back(to_diagnostic(*document.getError(i)));
  }
}

}  // namespace ergon::sbml::detail
