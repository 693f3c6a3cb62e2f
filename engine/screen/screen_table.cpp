#include "engine/screen/screen_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "engine/core/error.hpp"

namespace ergon::screen {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Inhibition of a readout: 1 - value / baseline. An infeasible or failed flux-balance task
// counts as complete inhibition (the cell cannot meet its constraints); a kinetic task that
// failed or did not settle leaves it undefined, as does a non-positive baseline.
double inhibition(double value, const std::string& status, double baseline) {
  if (!(baseline > 0.0)) return kNaN;
  if (status == "optimal" || status == "steady")
    return std::isnan(value) ? kNaN : 1.0 - value / baseline;
  for (int s = 0; s <= static_cast<int>(TaskStatus::numerical_failure); ++s) {
    if (status == to_string(static_cast<TaskStatus>(s))) return 1.0;
  }
  return kNaN;
}

// Smallest dose reaching 50 % inhibition, linearly interpolated from (0, 0).
double ic50(const std::vector<double>& doses, const std::vector<double>& inhibitions) {
  std::vector<std::size_t> order(doses.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto i, auto j) { return doses[i] < doses[j]; });
  double x0 = 0.0;
  double y0 = 0.0;
  for (const auto i : order) {
    const double x1 = doses[i];
    const double y1 = inhibitions[i];
    if (std::isnan(y1)) return kNaN;
    if (y1 >= 0.5) return y1 == y0 ? x1 : x0 + (0.5 - y0) * (x1 - x0) / (y1 - y0);
    x0 = x1;
    y0 = y1;
  }
  return kNaN;
}

std::string number(double v) {
  if (std::isnan(v)) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

}  // namespace

ScreenTable make_table(const ScreenSpec& spec, const std::map<std::size_t, TaskResult>& done,
                       std::vector<std::vector<double>> baseline) {
  const auto tasks = enumerate_tasks(spec);
  std::size_t missing = 0;
  for (const auto& task : tasks) missing += done.contains(task.index) ? 0 : 1;
  if (missing > 0) {
    throw InputError("screen '" + spec.name + "': " + std::to_string(missing) + " of " +
                     std::to_string(tasks.size()) +
                     " tasks have no result (run the missing shards, or resume the run)");
  }
  ScreenTable table;
  table.values.assign(spec.readouts.size(), {});
  table.baseline = std::move(baseline);
  for (const auto& task : tasks) {
    const auto& r = done.at(task.index);
    table.condition.push_back(spec.conditions[task.condition].name);
    table.target.push_back(spec.targets[task.target].id);
    table.target_kind.emplace_back(spec.targets[task.target].kind == TargetKind::gene ? "gene"
                                                                                      : "reaction");
    table.dose.push_back(spec.doses[task.dose]);
    table.status.emplace_back(to_string(r.status));
    for (std::size_t k = 0; k < spec.readouts.size(); ++k) table.values[k].push_back(r.values[k]);
  }
  return table;
}

std::vector<TargetScore> score(const ScreenSpec& spec, const ScreenTable& table,
                               std::size_t readout, std::size_t a, std::size_t b) {
  const std::size_t nc = spec.conditions.size();
  const std::size_t nd = spec.doses.size();
  std::vector<TargetScore> scores;
  for (std::size_t t = 0; t < spec.targets.size(); ++t) {
    TargetScore s{
        .target = spec.targets[t].id,
        .kind = spec.targets[t].kind == TargetKind::gene ? "gene" : "reaction",
        .ic50 = {},
        .inhibition = std::vector<std::vector<double>>(nc, std::vector<double>(nd, kNaN))};
    for (std::size_t d = 0; d < nd; ++d) {
      for (std::size_t c = 0; c < nc; ++c) {
        const std::size_t row = (t * nd + d) * nc + c;  // enumerate_tasks order
        s.inhibition[c][d] =
            inhibition(table.values[readout][row], table.status[row], table.baseline[c][readout]);
      }
    }
    for (std::size_t c = 0; c < nc; ++c) s.ic50.push_back(ic50(spec.doses, s.inhibition[c]));
    s.selectivity = -std::numeric_limits<double>::infinity();
    for (std::size_t d = 0; d < nd; ++d) {
      const double diff = a == b ? s.inhibition[a][d] : s.inhibition[a][d] - s.inhibition[b][d];
      if (!std::isnan(diff) && diff > s.selectivity) {
        s.selectivity = diff;
        s.best_dose = spec.doses[d];
      }
    }
    if (std::isinf(s.selectivity)) s.selectivity = kNaN;
    scores.push_back(std::move(s));
  }
  std::stable_sort(scores.begin(), scores.end(), [a](const TargetScore& x, const TargetScore& y) {
    const double sx = std::isnan(x.selectivity) ? -1e300 : x.selectivity;
    const double sy = std::isnan(y.selectivity) ? -1e300 : y.selectivity;
    if (sx != sy) return sx > sy;
    const double ix = std::isnan(x.ic50[a]) ? 1e300 : x.ic50[a];
    const double iy = std::isnan(y.ic50[a]) ? 1e300 : y.ic50[a];
    if (ix != iy) return ix < iy;
    return x.target < y.target;
  });
  return scores;
}

std::string ranked_csv(const ScreenSpec& spec, const std::vector<TargetScore>& scores,
                       std::size_t a, std::size_t b) {
  const auto& na = spec.conditions[a].name;
  const auto& nb = spec.conditions[b].name;
  std::string csv = "rank,target,kind,selectivity,best_dose,inhibition_" + na + ",inhibition_" +
                    nb + ",ic50_" + na + ",ic50_" + nb + "\n";
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const auto& s = scores[i];
    const auto d = static_cast<std::size_t>(
        std::find(spec.doses.begin(), spec.doses.end(), s.best_dose) - spec.doses.begin());
    const bool has_dose = d < spec.doses.size() && !std::isnan(s.selectivity);
    csv += std::to_string(i + 1) + "," + s.target + "," + s.kind + "," + number(s.selectivity) +
           "," + (has_dose ? number(s.best_dose) : "") + "," +
           (has_dose ? number(s.inhibition[a][d]) : "") + "," +
           (has_dose ? number(s.inhibition[b][d]) : "") + "," + number(s.ic50[a]) + "," +
           number(s.ic50[b]) + "\n";
  }
  return csv;
}

}  // namespace ergon::screen
