#include "engine/screen/screen_spec.hpp"

#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"

namespace ergon::screen {

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
  for (const auto& c : spec.conditions) {
    text << "condition " << c.name << ' ' << c.model_sha256 << '\n';
    for (const auto& [r, b] : c.bounds)
      text << "  bounds " << r << ' ' << b.lower << ' ' << b.upper << '\n';
    if (c.objective)
      text << "  objective " << c.objective->first << ' ' << static_cast<int>(c.objective->second)
           << '\n';
  }
  for (const auto& t : spec.targets)
    text << "target " << static_cast<int>(t.kind) << ' ' << t.id << '\n';
  for (const auto d : spec.doses) text << "dose " << d << '\n';
  for (const auto& r : spec.readouts) {
    text << "readout " << r.name << ' ' << static_cast<int>(r.kind) << ' ' << r.reaction << '\n';
  }
  return sha256_hex(text.str());
}

void validate(const ScreenSpec& spec) {
  if (spec.conditions.empty()) throw InputError("screen '" + spec.name + "': no conditions");
  if (spec.targets.empty()) throw InputError("screen '" + spec.name + "': no targets");
  if (spec.doses.empty()) throw InputError("screen '" + spec.name + "': no doses");
  if (spec.readouts.empty()) throw InputError("screen '" + spec.name + "': no readouts");
  for (const auto d : spec.doses) {
    if (!(d >= 0.0 && d <= 1.0)) {
      throw InputError("screen '" + spec.name + "': dose " + std::to_string(d) +
                       " is outside [0, 1]");
    }
  }
  for (const auto& c : spec.conditions) {
    if (!c.model) throw InputError({.element_id = c.name}, "condition has no model");
    if (!c.model->has_objective() && !c.objective) {
      throw InputError({.element_id = c.name}, "condition's model has no objective");
    }
    for (const auto& t : spec.targets) {
      (void)(t.kind == TargetKind::gene ? c.model->gene_index(t.id)
                                        : c.model->reaction_index(t.id));
    }
    for (const auto& r : spec.readouts) {
      if (r.kind == Readout::Kind::flux) (void)c.model->reaction_index(r.reaction);
    }
  }
}

}  // namespace ergon::screen
