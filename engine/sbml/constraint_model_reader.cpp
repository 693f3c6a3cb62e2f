#include "engine/sbml/constraint_model_reader.hpp"

#include <sbml/SBMLTypes.h>
#include <sbml/conversion/ConversionProperties.h>
#include <sbml/packages/fbc/common/FbcExtensionTypes.h>
#include <sbml/packages/groups/common/GroupsExtensionTypes.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <map>
#include <sstream>
#include <unordered_map>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/sbml/detail/document_reader.hpp"
#include "engine/sbml/detail/gpr_notes.hpp"

namespace ergon::sbml {
namespace {

// Resources of the element's bqbiol:is and bqbiol:isVersionOf terms (what the species is), in
// file order; other qualifiers (hasPart, isHomologTo, ...) do not identify the species itself.
std::vector<std::string> identity_resources(const SBase& element) {
  std::vector<std::string> resources;
  for (unsigned i = 0; i < element.getNumCVTerms(); ++i) {
    // libSBML has no const getCVTerm; it does not modify the element.
    const CVTerm* term =
        const_cast<SBase&>(element).getCVTerm(i);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    if (term == nullptr || term->getQualifierType() != BIOLOGICAL_QUALIFIER) continue;
    const auto qualifier = term->getBiologicalQualifierType();
    if (qualifier != BQB_IS && qualifier != BQB_IS_VERSION_OF) continue;
    for (unsigned j = 0; j < term->getNumResources(); ++j)
      resources.push_back(term->getResourceURI(j));
  }
  return resources;
}

struct Context {
  std::string file;
  std::vector<Diagnostic>* diagnostics = nullptr;

  [[noreturn]] void fail(const std::string& id, const std::string& what) const {
    throw InputError({.file = file, .element_id = id}, what);
  }
  void warn(const std::string& code, const std::string& message) const {
    diagnostics->push_back({.severity = Severity::warning,
                            .code = code,
                            .category = "fbc import",
                            .message = message});
  }
};

void convert_fbc_v1(SBMLDocument& document, const Context& ctx) {
  auto* plugin = document.getPlugin("fbc");
  if (plugin == nullptr || plugin->getPackageVersion() != 1) return;
  ctx.warn("fbc-v1", "fbc version 1 converted to version 2 (as COBRApy does)");
  ConversionProperties properties;
  properties.addOption("convert fbc v1 to fbc v2", true, "Convert FBC-v1 model to FBC-v2");
  if (document.convert(properties) != LIBSBML_OPERATION_SUCCESS) {
    ctx.fail("", "conversion of SBML fbc v1 to fbc v2 failed");
  }
}

// SBML semantics: a flux bound parameter or a stoichiometry set by an initialAssignment has
// the assigned value (the SBML Test Suite's FBC cases 01617-01629 check this; COBRApy ignores
// initial assignments). libSBML's converter evaluates them in dependency order and replaces
// them by values; an initialAssignment without math leaves the declared value.
void expand_initial_assignments(SBMLDocument& document, const Context& ctx) {
  Model* model = document.getModel();
  if (model == nullptr) return;
  // L3V2 allows an initialAssignment without math: it assigns nothing (the converter would fail).
  for (unsigned i = model->getNumInitialAssignments(); i-- > 0;) {
    if (!model->getInitialAssignment(i)->isSetMath()) delete model->removeInitialAssignment(i);
  }
  if (model->getNumInitialAssignments() == 0) return;
  ConversionProperties properties;
  properties.addOption("expandInitialAssignments", true, "Expand initial assignments");
  if (document.convert(properties) != LIBSBML_OPERATION_SUCCESS) {
    ctx.fail("",
             "the initial assignments cannot be evaluated to values (libSBML's converter failed)");
  }
  ctx.warn("initial-assignments",
           "initial assignments evaluated to values (bounds, stoichiometries)");
}

Gpr to_gpr(const FbcAssociation* association, const Context& ctx, const std::string& reaction) {
  if (association == nullptr) return {};
  if (const auto* ref = dynamic_cast<const GeneProductRef*>(association))
    return Gpr::gene(ref->getGeneProduct());
  const auto* list = dynamic_cast<const FbcAnd*>(association);
  const auto* any = dynamic_cast<const FbcOr*>(association);
  std::vector<Gpr> operands;
  const ListOfFbcAssociations* children = list != nullptr  ? list->getListOfAssociations()
                                          : any != nullptr ? any->getListOfAssociations()
                                                           : nullptr;
  if (children == nullptr) ctx.fail(reaction, "unsupported element in geneProductAssociation");
  for (unsigned i = 0; i < children->size(); ++i)
    operands.push_back(to_gpr(children->get(i), ctx, reaction));
  return list != nullptr ? Gpr::all_of(std::move(operands)) : Gpr::any_of(std::move(operands));
}

std::optional<std::string> notes_gpr(const SBase& element) {
  if (!element.isSetNotes()) return std::nullopt;
  const std::string notes = const_cast<SBase&>(element).getNotesString();
  auto value = detail::notes_value(notes, "GENE_ASSOCIATION");
  if (!value || value->empty()) return std::nullopt;
  return value;
}

double bound_parameter(const Model& model, const std::string& id, const std::string& reaction,
                       const Context& ctx) {
  const Parameter* p = model.getParameter(id);
  if (p == nullptr) ctx.fail(reaction, "flux bound refers to unknown parameter '" + id + "'");
  if (!p->getConstant() || !p->isSetValue()) {
    ctx.fail(reaction, "flux bound parameter '" + id + "' is not a constant with a value");
  }
  return p->getValue();
}

}  // namespace

ConstraintModelFile read_constraint_model(const std::filesystem::path& path,
                                          const ConstraintReadOptions& options) {
  std::vector<Diagnostic> diagnostics;
  const Context ctx{.file = path.string(), .diagnostics = &diagnostics};
  auto document = detail::read_document(path, diagnostics);
  convert_fbc_v1(*document, ctx);
  expand_initial_assignments(*document, ctx);
  Model& model = *document->getModel();
  auto* fbc = dynamic_cast<FbcModelPlugin*>(model.getPlugin("fbc"));
  if (fbc == nullptr)
    ctx.warn(
        "no-fbc",
        "model has no fbc package: bounds, objective and GPRs come from kinetic laws and notes");

  ConstraintModelData data;
  data.id = model.getId();
  data.name = model.getName();

  std::unordered_map<std::string, std::size_t> species_index;
  std::vector<std::size_t> boundary_species;
  for (unsigned i = 0; i < model.getNumSpecies(); ++i) {
    const Species* s = model.getSpecies(i);
    species_index.emplace(s->getId(), data.metabolites.size());
    if (s->getBoundaryCondition()) boundary_species.push_back(data.metabolites.size());
    FluxMetabolite metabolite{
        .id = s->getId(), .name = s->getName(), .compartment = s->getCompartment()};
    if (const auto* sfbc = dynamic_cast<const FbcSpeciesPlugin*>(s->getPlugin("fbc"))) {
      if (sfbc->isSetChemicalFormula()) metabolite.formula = sfbc->getChemicalFormula();
      if (sfbc->isSetCharge()) metabolite.charge = sfbc->getCharge();
    }
    metabolite.annotations = identity_resources(*s);
    data.metabolites.push_back(std::move(metabolite));
  }
  // COBRApy adds one exchange per boundary species before the file's reactions.
  for (const auto m : boundary_species) {
    const std::string id = "EX_" + cobra_id(data.metabolites[m].id, "M_");
    ctx.warn("boundary-exchange", "added exchange reaction '" + id + "' for boundary species '" +
                                      data.metabolites[m].id + "' (as COBRApy)");
    data.reactions.push_back({.id = id,
                              .name = id,
                              .lower_bound = options.default_lower_bound,
                              .upper_bound = options.default_upper_bound,
                              .stoichiometry = {{m, -1.0}}});
  }

  std::unordered_map<std::string, std::size_t> gene_index;
  if (fbc != nullptr) {
    for (unsigned i = 0; i < fbc->getNumGeneProducts(); ++i) {
      const GeneProduct* gp = fbc->getGeneProduct(i);
      gene_index.emplace(gp->getId(), data.genes.size());
      data.genes.push_back({.id = gp->getId(), .name = gp->getName()});
    }
  }

  std::unordered_map<std::string, std::size_t> reaction_index;
  for (unsigned i = 0; i < model.getNumReactions(); ++i) {
    const Reaction* sbml_reaction = model.getReaction(i);
    FluxReaction reaction{.id = sbml_reaction->getId(), .name = sbml_reaction->getName()};
    const auto& rid = reaction.id;
    bool has_lb = false;
    bool has_ub = false;
    const auto* rfbc = dynamic_cast<const FbcReactionPlugin*>(sbml_reaction->getPlugin("fbc"));
    if (fbc != nullptr && rfbc != nullptr) {
      if (rfbc->isSetLowerFluxBound()) {
        reaction.lower_bound = bound_parameter(model, rfbc->getLowerFluxBound(), rid, ctx);
        has_lb = true;
      }
      if (rfbc->isSetUpperFluxBound()) {
        reaction.upper_bound = bound_parameter(model, rfbc->getUpperFluxBound(), rid, ctx);
        has_ub = true;
      }
      if (rfbc->isSetGeneProductAssociation()) {
        reaction.gpr = to_gpr(rfbc->getGeneProductAssociation()->getAssociation(), ctx, rid);
      }
    } else {
      if (sbml_reaction->isSetKineticLaw()) {
        const KineticLaw* law = sbml_reaction->getKineticLaw();
        auto local = [&](const char* name) -> const SBase* {
          if (const auto* p = law->getLocalParameter(name)) return p;
          return law->getParameter(name);
        };
        auto value = [](const SBase* p) {
          if (const auto* lp = dynamic_cast<const LocalParameter*>(p)) return lp->getValue();
          return dynamic_cast<const Parameter*>(p)->getValue();
        };
        if (const auto* p = local("LOWER_BOUND")) {
          reaction.lower_bound = value(p);
          has_lb = true;
        }
        if (const auto* p = local("UPPER_BOUND")) {
          reaction.upper_bound = value(p);
          has_ub = true;
        }
        if (const auto* p = local("OBJECTIVE_COEFFICIENT"))
          reaction.objective_coefficient = value(p);
      }
      if (const auto text = notes_gpr(*sbml_reaction)) {
        try {
          reaction.gpr = Gpr::parse(*text);
        } catch (const InputError& e) {
          ctx.fail(rid, e.what());
        }
        for (const auto& gene : reaction.gpr.genes()) {
          if (gene_index.emplace(gene, data.genes.size()).second)
            data.genes.push_back({.id = gene, .name = gene});
        }
      }
    }
    if (!has_lb) reaction.lower_bound = options.default_lower_bound;
    if (!has_ub) reaction.upper_bound = options.default_upper_bound;
    if (!has_lb || !has_ub) {
      ctx.warn("missing-bound", "reaction '" + rid + "' has no " + (!has_lb ? "lower" : "upper") +
                                    " flux bound; set to the default (as COBRApy)");
    }

    std::map<std::size_t, double> coefficients;
    auto add_refs = [&](const ListOf* refs, double sign) {
      for (unsigned k = 0; k < refs->size(); ++k) {
        const auto* ref = dynamic_cast<const SpeciesReference*>(refs->get(k));
        const auto s = species_index.find(ref->getSpecies());
        if (s == species_index.end())
          ctx.fail(rid, "refers to unknown species '" + ref->getSpecies() + "'");
        if (ref->getLevel() >= 3 && !ref->isSetStoichiometry()) {
          ctx.fail(rid, "stoichiometry of species '" + ref->getSpecies() + "' is not set");
        }
        coefficients[s->second] += sign * ref->getStoichiometry();
      }
    };
    add_refs(sbml_reaction->getListOfReactants(), -1.0);
    add_refs(sbml_reaction->getListOfProducts(), +1.0);
    // Keep the species order of the file, as the stoichiometry column is order-free anyway.
    for (const auto& [m, c] : coefficients) {
      if (c != 0.0) reaction.stoichiometry.push_back({m, c});
    }
    if (sbml_reaction->isSetNotes()) {
      if (auto subsystem = detail::notes_value(
              const_cast<Reaction*>(sbml_reaction)->getNotesString(), "SUBSYSTEM")) {
        reaction.subsystem = *subsystem;
      }
    }
    reaction_index.emplace(rid, data.reactions.size());
    data.reactions.push_back(std::move(reaction));
  }

  std::vector<std::string> ids;
  if (fbc != nullptr) {
    for (unsigned i = 0; i < fbc->getNumObjectives(); ++i)
      ids.push_back(fbc->getObjective(i)->getId());
    const std::string chosen =
        options.objective.empty() ? fbc->getActiveObjectiveId() : options.objective;
    if (!chosen.empty()) {
      Objective* objective = fbc->getObjective(chosen);
      if (objective == nullptr) ctx.fail(chosen, "no such fbc objective in the file");
      data.sense = objective->getType() == std::string("minimize") ? ObjectiveSense::minimize
                                                                   : ObjectiveSense::maximize;
      for (unsigned j = 0; j < objective->getNumFluxObjectives(); ++j) {
        const FluxObjective* term = objective->getFluxObjective(j);
        const auto r = reaction_index.find(term->getReaction());
        if (r == reaction_index.end())
          ctx.fail(term->getReaction(), "objective reaction not found");
        data.reactions[r->second].objective_coefficient = term->getCoefficient();
      }
    }
    auto* groups = dynamic_cast<GroupsModelPlugin*>(model.getPlugin("groups"));
    if (groups != nullptr) {
      for (unsigned g = 0; g < groups->getNumGroups(); ++g) {
        const Group* group = groups->getGroup(g);
        for (unsigned k = 0; k < group->getNumMembers(); ++k) {
          const auto r = reaction_index.find(group->getMember(k)->getIdRef());
          if (r != reaction_index.end()) data.reactions[r->second].subsystem = group->getName();
        }
      }
    }
  } else if (!options.objective.empty()) {
    ctx.fail(options.objective, "the file has no fbc objectives to choose from");
  }
  try {
    ConstraintModelFile out{
        .model = ConstraintModel(std::move(data)), .diagnostics = {}, .objectives = std::move(ids)};
    out.diagnostics = std::move(diagnostics);
    return out;
  } catch (const InputError& e) {
    throw InputError({.file = ctx.file, .element_id = e.where().element_id}, e.reason());
  }
}

CachedModelFile read_constraint_model_cached(const std::filesystem::path& path,
                                             const ConstraintReadOptions& options,
                                             const ModelCacheOptions& cache) {
  const auto parse = [&] {
    return CachedModelFile{read_constraint_model(path, options), {}, CacheOutcome::disabled, {}};
  };
  if (!cache.enabled || !cache_enabled_by_environment()) return parse();
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return parse();  // the reader names the problem with the file
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string source = sha256_hex(bytes);
  std::ostringstream variant;
  variant << std::setprecision(17) << "constraint-model objective=" << options.objective
          << " lb=" << options.default_lower_bound << " ub=" << options.default_upper_bound;
  const ConstraintModelCache store(cache.directory.empty() ? default_cache_directory()
                                                           : cache.directory);
  std::string why;
  if (auto entry = store.load(source, variant.str(), why)) {
    return {{std::move(entry->model), std::move(entry->diagnostics), std::move(entry->objectives)},
            std::move(entry->warm_start),
            CacheOutcome::hit,
            {}};
  }
  auto out = parse();
  if (why != "no entry") out.cache_note = why;
  if (cache.warm_start) out.warm_start = cache.warm_start(out.file.model);
  std::string warning;
  const CachedConstraintModel entry{out.file.model, out.file.diagnostics, out.file.objectives,
                                    out.warm_start};
  if (store.store(entry, source, variant.str(), warning)) {
    out.cache = CacheOutcome::stored;
  } else {
    out.cache = CacheOutcome::not_stored;
    out.file.diagnostics.push_back(
        {.severity = Severity::warning,
         .code = "model-cache",
         .category = "environment",
         .line = 0,
         .message = "model cache not written (" + warning + "); reading continues uncached"});
  }
  return out;
}

}  // namespace ergon::sbml
