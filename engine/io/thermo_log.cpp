#include "engine/io/thermo_log.hpp"

#include <cmath>
#include <limits>
#include <optional>
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
  std::vector<double> standard;
  std::vector<double> uncertainty;
  std::vector<double> membrane;
  std::vector<std::string> imbalance;
  std::vector<std::string> missing;
  for (const auto& e : energies) {
    standard.push_back(value_or_nan(e.standard));
    uncertainty.push_back(e.standard ? e.uncertainty : kNaN);
    membrane.push_back(e.membrane);
    imbalance.push_back(e.imbalance);
    std::string m;
    for (const auto& id : e.missing) m += (m.empty() ? "" : ",") + id;
    missing.push_back(m);
  }
  Table t;
  t.add("reaction", reaction_ids(model));
  t.add("drG_prime0", std::move(standard));
  t.add("uncertainty", std::move(uncertainty));
  t.add("membrane", std::move(membrane));
  t.add("imbalance", std::move(imbalance));
  t.add("missing", std::move(missing));
  t.write(log, name, "thermo_drg", with({{"model_id", model.id()}}, conditions));
}

void write_mdf(ResultLog& log, const std::string& name, const ConstraintModel& model,
               const thermo::MdfResult& result, const thermo::Conditions& conditions) {
  Table t;
  std::vector<std::string> ids;
  std::vector<double> direction;
  std::vector<double> standard;
  std::vector<double> gibbs;
  std::vector<double> price;
  std::vector<double> bottleneck;
  for (const auto& r : result.reactions) {
    ids.push_back(model.reactions()[r.reaction].id);
    direction.push_back(r.direction);
    standard.push_back(r.standard);
    gibbs.push_back(r.gibbs);
    price.push_back(r.shadow_price);
    bottleneck.push_back(r.bottleneck ? 1.0 : 0.0);
  }
  t.add("reaction", std::move(ids));
  t.add("direction", std::move(direction));
  t.add("drG_prime0", std::move(standard));
  t.add("drG_prime", std::move(gibbs));
  t.add("shadow_price", std::move(price));
  t.add("bottleneck", std::move(bottleneck));
  t.write(log, name, "thermo_mdf",
          with({{"model_id", model.id()},
                {"status", std::string(thermo::to_string(result.status))},
                {"mdf", result.status == thermo::MdfStatus::optimal ? result.driving_force : kNaN},
                {"excluded", result.excluded}},
               conditions));
  Table c;
  std::vector<std::string> metabolites;
  std::vector<double> value;
  std::vector<double> low;
  std::vector<double> high;
  for (const auto& m : result.concentrations) {
    metabolites.push_back(model.metabolites()[m.metabolite].id);
    value.push_back(m.concentration);
    low.push_back(m.range.lower);
    high.push_back(m.range.upper);
  }
  c.add("metabolite", std::move(metabolites));
  c.add("concentration", std::move(value));
  c.add("lower", std::move(low));
  c.add("upper", std::move(high));
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
  std::vector<std::string> ids;
  std::vector<std::string> kind;
  std::vector<double> implied;
  std::vector<double> implied_standard;
  std::vector<double> data_standard;
  std::vector<double> uncertainty;
  std::vector<double> difference;
  std::vector<double> disagrees;
  std::vector<double> state_dependent;
  std::vector<std::string> note;
  for (const auto& r : rows) {
    ids.push_back(r.reaction_id);
    kind.emplace_back(thermo::to_string(r.kind));
    implied.push_back(r.state_dependent ? kNaN : value_or_nan(r.implied_constant));
    implied_standard.push_back(value_or_nan(r.implied_standard));
    data_standard.push_back(value_or_nan(r.data_standard));
    uncertainty.push_back(r.data_standard ? r.uncertainty : kNaN);
    difference.push_back(value_or_nan(r.difference));
    disagrees.push_back(r.disagrees ? 1.0 : 0.0);
    state_dependent.push_back(r.state_dependent ? 1.0 : 0.0);
    note.push_back(r.note);
  }
  Table t;
  t.add("reaction", std::move(ids));
  t.add("kind", std::move(kind));
  t.add("implied_K", std::move(implied));
  t.add("implied_drG_prime0", std::move(implied_standard));
  t.add("data_drG_prime0", std::move(data_standard));
  t.add("uncertainty", std::move(uncertainty));
  t.add("difference", std::move(difference));
  t.add("disagrees", std::move(disagrees));
  t.add("state_dependent", std::move(state_dependent));
  t.add("note", std::move(note));
  t.write(log, name, "thermo_check",
          with({{"concentration_unit_M", concentration_unit}}, conditions));
}

void write_state_energetics(ResultLog& log, const std::string& name,
                            const thermo::StateEnergetics& state,
                            const thermo::Conditions& conditions) {
  std::vector<std::string> ids;
  std::vector<double> standard;
  std::vector<double> gibbs;
  std::vector<double> ratio;
  std::vector<double> near;
  std::vector<std::string> note;
  for (const auto& r : state.reactions) {
    ids.push_back(r.reaction_id);
    standard.push_back(value_or_nan(r.standard));
    gibbs.push_back(value_or_nan(r.gibbs));
    ratio.push_back(value_or_nan(r.disequilibrium));
    near.push_back(r.near_equilibrium ? 1.0 : 0.0);
    note.push_back(r.note);
  }
  Table t;
  t.add("reaction", std::move(ids));
  t.add("drG_prime0", std::move(standard));
  t.add("drG_prime", std::move(gibbs));
  t.add("disequilibrium", std::move(ratio));
  t.add("near_equilibrium", std::move(near));
  t.add("note", std::move(note));
  t.write(log, name, "thermo_state", conditions_attributes(conditions));
  std::vector<std::string> compartments;
  std::vector<double> atp;
  std::vector<double> charge;
  std::vector<double> ph;
  std::vector<double> potential;
  std::vector<std::string> notes;
  for (const auto& k : state.compartments) {
    compartments.push_back(k.compartment);
    atp.push_back(value_or_nan(k.atp_hydrolysis));
    charge.push_back(value_or_nan(k.energy_charge));
    ph.push_back(k.pH);
    potential.push_back(k.potential);
    notes.push_back(k.note);
  }
  Table c;
  c.add("compartment", std::move(compartments));
  c.add("dG_ATP", std::move(atp));
  c.add("energy_charge", std::move(charge));
  c.add("pH", std::move(ph));
  c.add("potential_V", std::move(potential));
  c.add("note", std::move(notes));
  c.write(log, name + "/compartments", "table", {});
}

}  // namespace ergon::io
