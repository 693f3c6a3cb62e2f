#include "engine/io/thermo_log.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace ergon::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using ColumnValues = std::variant<std::vector<double>, std::vector<std::string>>;

// A table group: the columns in order, each a 1-D dataset of one length.
class Table {
 public:
  void add(std::string name, std::vector<double> values) {
    columns_.emplace_back(std::move(name), std::move(values));
  }
  void add(std::string name, std::vector<std::string> values) {
    columns_.emplace_back(std::move(name), std::move(values));
  }
  /// A column of `value(row)` over `rows` (numbers or strings; flags as 0/1).
  template <class Rows, class Value>
  void add(std::string name, const Rows& rows, Value value) {
    using T = std::conditional_t<std::is_convertible_v<decltype(value(*rows.begin())), std::string>,
                                 std::string, double>;
    std::vector<T> column;
    column.reserve(rows.size());
    for (const auto& row : rows) column.push_back(static_cast<T>(value(row)));
    add(std::move(name), std::move(column));
  }

  void write(ResultLog& log, const std::string& group, const std::string& kind,
             Attributes attributes) const {
    std::vector<std::string> names;
    names.reserve(columns_.size());
    for (const auto& [n, v] : columns_) names.push_back(n);
    attributes.emplace_back("columns", names);
    log.create_group(group, kind, attributes);
    for (const auto& [n, v] : columns_) {
      std::string path = group;
      path += '/';
      path += n;
      if (const auto* numbers = std::get_if<std::vector<double>>(&v))
        log.write_numbers(path, *numbers, {numbers->size()});
      else
        log.write_strings(path, std::get<std::vector<std::string>>(v));
    }
  }

 private:
  std::vector<std::pair<std::string, ColumnValues>> columns_;
};

double value_or_nan(const std::optional<double>& x) {
  return x ? *x : kNaN;
}

std::vector<std::string> reaction_ids(const ConstraintModel& model) {
  std::vector<std::string> ids;
  ids.reserve(model.reactions().size());
  for (const auto& r : model.reactions()) ids.push_back(r.id);
  return ids;
}

Attributes with(Attributes a, const thermo::Conditions& conditions) {
  for (auto& kv : conditions_attributes(conditions)) a.push_back(std::move(kv));
  return a;
}

}  // namespace

Attributes conditions_attributes(const thermo::Conditions& conditions) {
  const auto& d = conditions.default_compartment;
  Attributes a{{"units", std::string("kJ/mol; concentrations M")},
               {"temperature_K", conditions.temperature},
               {"pH", d.pH},
               {"ionic_strength_M", d.ionic_strength},
               {"pMg", d.pMg},
               {"potential_V", d.potential}};
  if (!conditions.compartments.empty()) {
    std::vector<std::string> ids;
    std::vector<double> ph;
    std::vector<double> ionic;
    std::vector<double> p_mg;
    std::vector<double> potential;
    for (const auto& [id, c] : conditions.compartments) {
      ids.push_back(id);
      ph.push_back(c.pH);
      ionic.push_back(c.ionic_strength);
      p_mg.push_back(c.pMg);
      potential.push_back(c.potential);
    }
    a.emplace_back("compartments", ids);
    a.emplace_back("compartment_pH", ph);
    a.emplace_back("compartment_ionic_strength_M", ionic);
    a.emplace_back("compartment_pMg", p_mg);
    a.emplace_back("compartment_potential_V", potential);
  }
  return a;
}

void write_reaction_energies(ResultLog& log, const std::string& name, const ConstraintModel& model,
                             const std::vector<thermo::ReactionEnergy>& energies,
                             const thermo::Conditions& conditions) {
  using E = thermo::ReactionEnergy;
  Table t;
  t.add("reaction", reaction_ids(model));
  t.add("drG_prime0", energies, [](const E& e) { return value_or_nan(e.standard); });
  t.add("uncertainty", energies, [](const E& e) { return e.standard ? e.uncertainty : kNaN; });
  t.add("membrane", energies, [](const E& e) { return e.membrane; });
  t.add("imbalance", energies, [](const E& e) { return e.imbalance; });
  t.add("missing", energies, [](const E& e) {
    std::string m;
    for (const auto& id : e.missing) m += (m.empty() ? "" : ",") + id;
    return m;
  });
  t.write(log, name, "thermo_drg", with({{"model_id", model.id()}}, conditions));
}

void write_mdf(ResultLog& log, const std::string& name, const ConstraintModel& model,
               const thermo::MdfResult& result, const thermo::Conditions& conditions) {
  using R = thermo::MdfReaction;
  Table t;
  t.add("reaction", result.reactions, [&](const R& r) { return model.reactions()[r.reaction].id; });
  t.add("direction", result.reactions, [](const R& r) { return r.direction; });
  t.add("drG_prime0", result.reactions, [](const R& r) { return r.standard; });
  t.add("drG_prime", result.reactions, [](const R& r) { return r.gibbs; });
  t.add("shadow_price", result.reactions, [](const R& r) { return r.shadow_price; });
  t.add("bottleneck", result.reactions, [](const R& r) { return r.bottleneck ? 1.0 : 0.0; });
  t.write(log, name, "thermo_mdf",
          with({{"model_id", model.id()},
                {"status", std::string(thermo::to_string(result.status))},
                {"mdf", result.status == thermo::MdfStatus::optimal ? result.driving_force : kNaN},
                {"excluded", result.excluded}},
               conditions));
  using C = thermo::MdfConcentration;
  Table c;
  c.add("metabolite", result.concentrations,
        [&](const C& m) { return model.metabolites()[m.metabolite].id; });
  c.add("concentration", result.concentrations, [](const C& m) { return m.concentration; });
  c.add("lower", result.concentrations, [](const C& m) { return m.range.lower; });
  c.add("upper", result.concentrations, [](const C& m) { return m.range.upper; });
  c.write(log, name + "/concentrations", "table", {});
}

void write_tfa(ResultLog& log, const std::string& name, const ConstraintModel& model,
               const thermo::TfaResult& result, const thermo::Conditions& conditions) {
  const bool solved = !result.fluxes.empty();
  const std::size_t n = model.reactions().size();
  std::vector<double> flux(n, kNaN);
  std::vector<double> gibbs(n, kNaN);
  std::vector<std::string> constraint(n, "boundary");
  for (const auto r : result.constrained) constraint[r] = "constrained";
  for (const auto& u : result.unconstrained)
    if (const auto r = model.find_reaction(u.reaction_id)) constraint[*r] = u.reason;
  if (solved)
    for (std::size_t r = 0; r < n; ++r) {
      flux[r] = result.fluxes[r];
      gibbs[r] = value_or_nan(result.gibbs[r]);
    }
  Table t;
  t.add("reaction", reaction_ids(model));
  t.add("flux", std::move(flux));
  t.add("drG_prime", std::move(gibbs));
  t.add("constraint", std::move(constraint));
  t.write(log, name, "thermo_tfa",
          with({{"model_id", model.id()},
                {"status", std::string(thermo::to_string(result.status))},
                {"objective", solved ? result.objective : kNaN},
                {"binaries", static_cast<std::int64_t>(result.binaries)},
                {"solver_seconds", result.stats.seconds}},
               conditions));
  Table c;
  std::vector<std::string> metabolites;
  std::vector<double> value;
  if (solved)
    for (std::size_t m = 0; m < model.metabolites().size(); ++m)
      if (result.concentrations[m]) {
        metabolites.push_back(model.metabolites()[m].id);
        value.push_back(*result.concentrations[m]);
      }
  c.add("metabolite", std::move(metabolites));
  c.add("concentration", std::move(value));
  c.write(log, name + "/concentrations", "table", {});
  Table k;
  std::vector<std::string> ids;
  std::vector<double> violation;
  std::vector<double> conflict_flux;
  for (const auto& x : result.conflicts) {
    ids.push_back(x.reaction_id);
    violation.push_back(x.violation);
    conflict_flux.push_back(x.flux);
  }
  k.add("reaction", std::move(ids));
  k.add("violation", std::move(violation));
  k.add("flux", std::move(conflict_flux));
  k.write(log, name + "/conflicts", "table", {});
}

void write_tva(ResultLog& log, const std::string& name, const ConstraintModel& model,
               const thermo::TvaResult& result, const thermo::Conditions& conditions) {
  const auto split = [](const std::vector<std::optional<thermo::ValueRange>>& ranges,
                        std::size_t size) {
    std::pair<std::vector<double>, std::vector<double>> out{std::vector<double>(size, kNaN),
                                                            std::vector<double>(size, kNaN)};
    for (std::size_t i = 0; i < ranges.size() && i < size; ++i)
      if (ranges[i]) {
        out.first[i] = ranges[i]->minimum;
        out.second[i] = ranges[i]->maximum;
      }
    return out;
  };
  const std::size_t n = model.reactions().size();
  auto [flux_min, flux_max] = split(result.fluxes, n);
  auto [gibbs_min, gibbs_max] = split(result.gibbs, n);
  Table t;
  t.add("reaction", reaction_ids(model));
  t.add("flux_min", std::move(flux_min));
  t.add("flux_max", std::move(flux_max));
  t.add("drG_prime_min", std::move(gibbs_min));
  t.add("drG_prime_max", std::move(gibbs_max));
  t.write(log, name, "thermo_tva",
          with({{"model_id", model.id()},
                {"status", std::string(thermo::to_string(result.status))},
                {"objective", result.objective},
                {"milps", static_cast<std::int64_t>(result.milps)},
                {"failed", static_cast<std::int64_t>(result.failed)}},
               conditions));
  const std::size_t m = model.metabolites().size();
  auto [c_min, c_max] = split(result.concentrations, m);
  std::vector<std::string> ids;
  std::vector<double> lo;
  std::vector<double> hi;
  for (std::size_t i = 0; i < m; ++i)
    if (!std::isnan(c_min[i])) {
      ids.push_back(model.metabolites()[i].id);
      lo.push_back(c_min[i]);
      hi.push_back(c_max[i]);
    }
  Table c;
  c.add("metabolite", std::move(ids));
  c.add("concentration_min", std::move(lo));
  c.add("concentration_max", std::move(hi));
  c.write(log, name + "/concentrations", "table", {});
}

void write_rate_law_check(ResultLog& log, const std::string& name,
                          const std::vector<thermo::RateLawEquilibrium>& rows,
                          const thermo::Conditions& conditions, double concentration_unit) {
  using R = thermo::RateLawEquilibrium;
  Table t;
  t.add("reaction", rows, [](const R& r) { return r.reaction_id; });
  t.add("kind", rows, [](const R& r) { return std::string(thermo::to_string(r.kind)); });
  t.add("implied_K", rows,
        [](const R& r) { return r.state_dependent ? kNaN : value_or_nan(r.implied_constant); });
  t.add("implied_drG_prime0", rows, [](const R& r) { return value_or_nan(r.implied_standard); });
  t.add("data_drG_prime0", rows, [](const R& r) { return value_or_nan(r.data_standard); });
  t.add("uncertainty", rows, [](const R& r) { return r.data_standard ? r.uncertainty : kNaN; });
  t.add("difference", rows, [](const R& r) { return value_or_nan(r.difference); });
  t.add("disagrees", rows, [](const R& r) { return r.disagrees ? 1.0 : 0.0; });
  t.add("state_dependent", rows, [](const R& r) { return r.state_dependent ? 1.0 : 0.0; });
  t.add("note", rows, [](const R& r) { return r.note; });
  t.write(log, name, "thermo_check",
          with({{"concentration_unit_M", concentration_unit}}, conditions));
}

void write_state_energetics(ResultLog& log, const std::string& name,
                            const thermo::StateEnergetics& state,
                            const thermo::Conditions& conditions) {
  using R = thermo::ReactionStateEnergy;
  Table t;
  t.add("reaction", state.reactions, [](const R& r) { return r.reaction_id; });
  t.add("drG_prime0", state.reactions, [](const R& r) { return value_or_nan(r.standard); });
  t.add("drG_prime", state.reactions, [](const R& r) { return value_or_nan(r.gibbs); });
  t.add("disequilibrium", state.reactions,
        [](const R& r) { return value_or_nan(r.disequilibrium); });
  t.add("near_equilibrium", state.reactions,
        [](const R& r) { return r.near_equilibrium ? 1.0 : 0.0; });
  t.add("note", state.reactions, [](const R& r) { return r.note; });
  t.write(log, name, "thermo_state", conditions_attributes(conditions));
  using K = thermo::CompartmentEnergetics;
  Table c;
  c.add("compartment", state.compartments, [](const K& k) { return k.compartment; });
  c.add("dG_ATP", state.compartments, [](const K& k) { return value_or_nan(k.atp_hydrolysis); });
  c.add("energy_charge", state.compartments,
        [](const K& k) { return value_or_nan(k.energy_charge); });
  c.add("pH", state.compartments, [](const K& k) { return k.pH; });
  c.add("potential_V", state.compartments, [](const K& k) { return k.potential; });
  c.add("note", state.compartments, [](const K& k) { return k.note; });
  c.write(log, name + "/compartments", "table", {});
}

}  // namespace ergon::io
