#include "engine/sbml/model_summary.hpp"

#include <sbml/SBMLTypes.h>
#include <sbml/packages/fbc/common/FbcExtensionTypes.h>

#include <set>

#include "engine/sbml/detail/document_reader.hpp"
#include "engine/sbml/detail/gpr_notes.hpp"

namespace ergon::sbml {
namespace {

void count_rules(const Model& model, ModelSummary& out) {
  for (unsigned i = 0; i < model.getNumRules(); ++i) {
    const Rule* rule = model.getRule(i);
    if (rule->isAlgebraic()) {
      ++out.algebraic_rules;
    } else if (rule->isRate()) {
      ++out.rate_rules;
    } else {
      ++out.assignment_rules;
    }
  }
}

// Non-const: libSBML 5.19 declares Objective::getType() without const.
void summarize_fbc(Model& model, ModelSummary& out) {
  auto* fbc = dynamic_cast<FbcModelPlugin*>(model.getPlugin("fbc"));
  if (fbc != nullptr) {
    out.has_fbc = true;
    out.fbc_version = fbc->getPackageVersion();
    const std::string active = fbc->getActiveObjectiveId();
    for (unsigned i = 0; i < fbc->getNumObjectives(); ++i) {
      Objective* objective = fbc->getObjective(i);
      ObjectiveSummary summary{.id = objective->getId(),
                               .type = objective->getType(),
                               .active = objective->getId() == active,
                               .terms = {}};
      for (unsigned j = 0; j < objective->getNumFluxObjectives(); ++j) {
        const FluxObjective* term = objective->getFluxObjective(j);
        summary.terms.push_back({term->getReaction(), term->getCoefficient()});
      }
      out.objectives.push_back(std::move(summary));
    }
    out.flux_bounds = fbc->getNumFluxBounds();
    out.gene_products = fbc->getNumGeneProducts();
  }

  std::set<std::string> notes_genes;
  std::size_t fbc_gprs = 0;
  std::size_t notes_gprs = 0;
  for (unsigned i = 0; i < model.getNumReactions(); ++i) {
    const Reaction* reaction = model.getReaction(i);
    const auto* plugin = dynamic_cast<const FbcReactionPlugin*>(reaction->getPlugin("fbc"));
    if (plugin != nullptr && plugin->isSetGeneProductAssociation()) {
      ++fbc_gprs;
      continue;
    }
    if (!reaction->isSetNotes()) continue;
    const auto gpr = detail::notes_value(reaction->getNotesString(), "GENE_ASSOCIATION");
    if (gpr && !gpr->empty()) {
      ++notes_gprs;
      for (auto& gene : detail::gpr_gene_ids(*gpr)) notes_genes.insert(std::move(gene));
    }
  }
  out.reactions_with_gpr = fbc_gprs + notes_gprs;
  if (fbc_gprs > 0) {
    out.gpr_source = "fbc";
  } else if (notes_gprs > 0) {
    out.gpr_source = "notes";
    if (out.gene_products == 0) out.gene_products = notes_genes.size();
  }
}

}  // namespace

Inspection inspect_sbml_file(const std::filesystem::path& path, const InspectOptions& options) {
  Inspection result;
  auto document = detail::read_document(path, result.diagnostics);
  if (options.consistency_checks) {
    detail::check_consistency(*document, options.unit_checks, options.practice_checks,
                              result.diagnostics);
  }

  ModelSummary& s = result.summary;
  s.file = path.string();
  s.level = document->getLevel();
  s.version = document->getVersion();
  for (unsigned i = 0; i < document->getNumPlugins(); ++i) {
    const SBasePlugin* plugin = document->getPlugin(i);
    const std::string name = plugin->getPackageName();
    // libSBML attaches its internal L3V2 math extension to every L3V2 document as a "package";
    // no file declares it, so it is not reported.
    if (!document->isPackageEnabled(name) || name == "l3v2extendedmath") continue;
    s.packages.push_back({name, plugin->getPackageVersion(), document->getPackageRequired(name)});
  }

  Model& model = *document->getModel();
  s.model_id = model.getId();
  s.model_name = model.getName();
  s.compartments = model.getNumCompartments();
  s.species = model.getNumSpecies();
  s.reactions = model.getNumReactions();
  s.parameters = model.getNumParameters();
  s.initial_assignments = model.getNumInitialAssignments();
  s.constraints = model.getNumConstraints();
  s.events = model.getNumEvents();
  s.function_definitions = model.getNumFunctionDefinitions();
  s.unit_definitions = model.getNumUnitDefinitions();
  count_rules(model, s);
  summarize_fbc(model, s);
  return result;
}

}  // namespace ergon::sbml
