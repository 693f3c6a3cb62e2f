#include "engine/screen/screen_spec.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"

namespace ergon::screen {

static_assert(static_cast<int>(TaskStatus::numerical_failure) ==
              static_cast<int>(fba::Status::numerical_failure));
static_assert(static_cast<int>(TaskStatus::infeasible) ==
              static_cast<int>(fba::Status::infeasible));

const char* to_string(TaskStatus status) noexcept {
  switch (status) {
    case TaskStatus::optimal:
    case TaskStatus::infeasible:
    case TaskStatus::unbounded:
    case TaskStatus::iteration_limit:
    case TaskStatus::time_limit:
    case TaskStatus::numerical_failure: return fba::to_string(static_cast<fba::Status>(status));
    case TaskStatus::steady: return "steady";
    case TaskStatus::not_steady: return "not_steady";
    case TaskStatus::too_much_work: return "too_much_work";
    case TaskStatus::solver_failure: return "solver_failure";
    case TaskStatus::time_budget: return "time_budget";
    case TaskStatus::event_cascade: return "event_cascade";
    case TaskStatus::undefined_value: return "undefined_value";
  }
  return "?";
}

bool succeeded(TaskStatus status) noexcept {
  return status == TaskStatus::optimal || status == TaskStatus::steady;
}

std::vector<Task> enumerate_tasks(const ScreenSpec& spec) {
  std::vector<Task> tasks;
  tasks.reserve(spec.targets.size() * spec.doses.size() * spec.conditions.size());
  for (std::size_t t = 0; t < spec.targets.size(); ++t) {
    for (std::size_t d = 0; d < spec.doses.size(); ++d) {
      for (std::size_t c = 0; c < spec.conditions.size(); ++c) {
        tasks.push_back({tasks.size(), c, t, d});
      }
    }
  }
  return tasks;
}

std::vector<Task> shard_tasks(const std::vector<Task>& tasks, std::size_t shard,
                              std::size_t shards) {
  if (shards == 0 || shard >= shards) {
    throw InputError("shard " + std::to_string(shard + 1) + "/" + std::to_string(shards) +
                     " does not exist");
  }
  std::vector<Task> out;
  for (const auto& task : tasks) {
    if (task.index % shards == shard) out.push_back(task);
  }
  return out;
}

std::string fingerprint(const ScreenSpec& spec) {
  std::ostringstream text;
  text.precision(17);
  // Flux-balance screens keep the text they always had (journals stay valid); what only kinetic
  // screens and function readouts have is added when present.
  if (spec.kind == ModelKind::kinetic) {
    const auto& k = spec.kinetic;
    text << "kinetic " << kinetic::to_string(k.inhibition) << ' ' << k.ki << ' ' << k.end << ' '
         << k.rtol << ' ' << k.atol << ' ' << k.steady_tolerance << '\n';
  }
  for (const auto& c : spec.conditions) {
    text << "condition " << c.name << ' ' << c.model_sha256 << '\n';
    for (const auto& [id, v] : c.initial_values) text << "  set " << id << ' ' << v << '\n';
    for (const auto& [r, b] : c.bounds)
      text << "  bounds " << r << ' ' << b.lower << ' ' << b.upper << '\n';
    if (c.objective)
      text << "  objective " << c.objective->first << ' ' << static_cast<int>(c.objective->second)
           << '\n';
  }
  for (const auto& t : spec.targets) {
    text << "target " << static_cast<int>(t.kind) << ' ' << t.id << '\n';
    for (const auto& s : t.substrates) text << "  substrate " << s << '\n';
  }
  for (const auto d : spec.doses) text << "dose " << d << '\n';
  for (const auto& r : spec.readouts) {
    text << "readout " << r.name << ' ' << static_cast<int>(r.kind) << ' ' << r.id << '\n';
    if (r.kind == Readout::Kind::function) text << "  code " << r.function_fingerprint << '\n';
  }
  return sha256_hex(text.str());
}

namespace {

bool has_id(const Model& model, const std::string& id) {
  const auto is = [&](const auto& list) {
    return std::any_of(list.begin(), list.end(), [&](const auto& e) { return e.id == id; });
  };
  return is(model.species) || is(model.compartments) || is(model.parameters) || is(model.reactions);
}

void validate_flux_balance(const ScreenSpec& spec) {
  for (const auto d : spec.doses) {
    if (!(d >= 0.0 && d <= 1.0)) {
      throw InputError("screen '" + spec.name + "': dose " + std::to_string(d) +
                       " is outside [0, 1]");
    }
  }
  for (const auto& c : spec.conditions) {
    if (!c.model) throw InputError({.element_id = c.name}, "condition has no flux-balance model");
    if (!c.model->has_objective() && !c.objective) {
      throw InputError({.element_id = c.name}, "condition's model has no objective");
    }
    for (const auto& t : spec.targets) {
      (void)(t.kind == TargetKind::gene ? c.model->gene_index(t.id)
                                        : c.model->reaction_index(t.id));
    }
    for (const auto& r : spec.readouts) {
      if (r.kind == Readout::Kind::flux) (void)c.model->reaction_index(r.id);
      if (r.kind == Readout::Kind::value) {
        throw InputError({.element_id = r.name},
                         "a flux-balance screen reads the objective, fluxes or functions");
      }
    }
  }
}

void validate_kinetic(const ScreenSpec& spec) {
  const auto& k = spec.kinetic;
  for (const auto d : spec.doses) {
    if (!(std::isfinite(d) && d >= 0.0)) {
      throw InputError("screen '" + spec.name + "': inhibitor concentration " + std::to_string(d) +
                       " must be finite and >= 0");
    }
  }
  if (!(std::isfinite(k.ki) && k.ki > 0.0))
    throw InputError("screen '" + spec.name + "': Ki must be finite and > 0");
  if (!(k.end > 0.0) || !std::isfinite(k.end))
    throw InputError("screen '" + spec.name + "': the end time must be finite and > 0");
  if (!(k.rtol > 0.0) || !(k.atol > 0.0) || !(k.steady_tolerance >= 0.0))
    throw InputError("screen '" + spec.name +
                     "': rtol and atol must be > 0, the steady "
                     "tolerance >= 0");
  for (const auto& c : spec.conditions) {
    if (!c.kinetic_model)
      throw InputError({.element_id = c.name}, "condition has no kinetic model");
    const Model& model = *c.kinetic_model;
    for (const auto& [id, v] : c.initial_values) {
      if (!has_id(model, id) || !std::isfinite(v))
        throw InputError({.element_id = id}, "condition '" + c.name + "' sets an unknown id");
    }
    for (const auto& t : spec.targets) {
      if (t.kind != TargetKind::reaction)
        throw InputError({.element_id = t.id}, "a kinetic screen targets reactions, not genes");
      // Inhibiting once checks the reaction, its law and its substrates.
      (void)kinetic::inhibit(model, t.id,
                             {.type = k.inhibition,
                              .inhibitor_concentration = k.ki,
                              .ki = k.ki,
                              .substrates = t.substrates});
    }
    for (const auto& r : spec.readouts) {
      if (r.kind == Readout::Kind::objective || r.kind == Readout::Kind::flux) {
        throw InputError({.element_id = r.name},
                         "a kinetic screen reads model ids (species, parameters, reaction "
                         "rates) or functions, not objectives or fluxes");
      }
      if (r.kind == Readout::Kind::value && !has_id(model, r.id)) {
        throw InputError(
            {.element_id = r.id},
            "readout is no species, compartment, parameter or reaction of condition '" + c.name +
                "'");
      }
    }
  }
}

}  // namespace

void validate(const ScreenSpec& spec) {
  if (spec.conditions.empty()) throw InputError("screen '" + spec.name + "': no conditions");
  if (spec.targets.empty()) throw InputError("screen '" + spec.name + "': no targets");
  if (spec.doses.empty()) throw InputError("screen '" + spec.name + "': no doses");
  if (spec.readouts.empty()) throw InputError("screen '" + spec.name + "': no readouts");
  for (const auto& r : spec.readouts) {
    if (r.kind == Readout::Kind::function && !r.function)
      throw InputError({.element_id = r.name}, "function readout without a function");
  }
  if (spec.kind == ModelKind::kinetic) {
    validate_kinetic(spec);
  } else {
    validate_flux_balance(spec);
  }
}

}  // namespace ergon::screen
