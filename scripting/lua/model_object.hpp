#pragma once
// The Model object behind Lua's `ergon.load`: an SBML source shared by clones, plus the edits
// made to this object (initial values for simulation; bounds and objective for flux analyses).
// Engine models are imported once per source; the live LP is built once per object.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "engine/core/constraint_model.hpp"
#include "engine/core/error.hpp"
#include "engine/core/model.hpp"
#include "engine/fba/flux_balance.hpp"

namespace ergon::scripting {

struct ModelSource {
  std::string text;            ///< the SBML document
  std::string sha256;          ///< of `text`
  std::string label;           ///< the path given, or "<string>"
  std::filesystem::path path;  ///< readable file with `text` (a private temporary for strings)
  bool temporary = false;
  std::shared_ptr<const Model> kinetic;                ///< imported on first use
  std::shared_ptr<const ConstraintModel> constraints;  ///< imported on first use (model cache)
  fba::SimplexBasis constraint_basis;                  ///< optimal basis of `constraints` as read

  ModelSource() = default;
  ModelSource(const ModelSource&) = delete;
  ModelSource& operator=(const ModelSource&) = delete;
  ~ModelSource();

  /// Reads a file, or takes SBML text (an argument starting with '<'). Throws InputError.
  [[nodiscard]] static std::shared_ptr<ModelSource> load(const std::string& path_or_text);
  [[nodiscard]] const Model& kinetic_model();
  [[nodiscard]] const ConstraintModel& constraint_model();

  /// Runs a reader on `path`; for SBML given as text, errors name "<string>" instead of the
  /// private temporary file.
  template <typename Read>
  auto read(Read read_file) const -> decltype(read_file(path));
};

template <typename Read>
auto ModelSource::read(Read read_file) const -> decltype(read_file(path)) {
  try {
    return read_file(path);
  } catch (const InputError& e) {
    if (!temporary) throw;
    std::string message = e.what();
    for (auto at = message.find(path.string()); at != std::string::npos;
         at = message.find(path.string())) {
      message.replace(at, path.string().size(), label);
    }
    throw InputError(message);
  }
}

struct FluxEdits {
  std::map<std::size_t, fba::FluxBounds> bounds;  ///< reaction index -> bounds
  std::optional<std::pair<std::size_t, ObjectiveSense>> objective;
  std::shared_ptr<fba::FluxBalance> balance;  ///< live LP with the edits applied; per object
};

struct LuaModel {
  static constexpr const char* kLuaType = "ergon.Model";
  std::shared_ptr<ModelSource> source;
  std::map<std::string, double> values;  ///< m:set overrides of initial values
  FluxEdits flux;

  /// A copy with the same edits and its own (lazily rebuilt) LP.
  [[nodiscard]] LuaModel clone() const {
    LuaModel copy{source, values, flux};
    copy.flux.balance.reset();
    return copy;
  }
};

}  // namespace ergon::scripting
