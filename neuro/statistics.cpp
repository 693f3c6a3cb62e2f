#include "neuro/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ergon::neuro {
namespace {
double median(std::vector<double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double hi = v[mid];
  if (v.size() % 2 == 1) return hi;
  return 0.5 * (hi + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}
}  // namespace

SpikeStatistics::SpikeStatistics(std::size_t neurons, std::int64_t window_start_step,
                                 std::int64_t window_end_step)
    : start_(window_start_step),
      end_(window_end_step),
      total_(neurons, 0),
      count_(neurons, 0),
      last_(neurons, 0),
      sum_(neurons, 0.0),
      sum2_(neurons, 0.0) {}

PopulationStatistics SpikeStatistics::summarise(const std::string& name, std::size_t first,
                                                std::size_t count, double dt_ms) const {
  PopulationStatistics s;
  s.name = name;
  s.neurons = count;
  s.window_start_ms = static_cast<double>(start_) * dt_ms;
  s.window_end_ms = static_cast<double>(end_) * dt_ms;
  const double window_s = (s.window_end_ms - s.window_start_ms) * 1e-3;
  std::vector<double> rates(count), cvs;
  double sum = 0, sum2 = 0;
  std::size_t silent = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t i = first + k;
    s.spikes += total_[i];
    const double r = window_s > 0 ? count_[i] / window_s : 0.0;
    rates[k] = r;
    sum += r;
    sum2 += r * r;
    if (count_[i] == 0) ++silent;
    if (count_[i] >= 3) {
      const double n = count_[i] - 1.0;
      const double mean = sum_[i] / n;
      const double var = std::max(0.0, sum2_[i] / n - mean * mean);
      cvs.push_back(std::sqrt(var) / mean);
    }
  }
  const double n = static_cast<double>(count);
  s.mean_rate_hz = count ? sum / n : 0.0;
  s.rate_sd_hz = count ? std::sqrt(std::max(0.0, sum2 / n - s.mean_rate_hz * s.mean_rate_hz)) : 0.0;
  s.median_rate_hz = median(rates);
  s.fraction_silent = count ? static_cast<double>(silent) / n : 0.0;
  s.neurons_with_3_spikes = cvs.size();
  double cv_sum = 0;
  for (const double c : cvs) cv_sum += c;
  s.cv_isi_mean = cvs.empty() ? std::numeric_limits<double>::quiet_NaN()
                              : cv_sum / static_cast<double>(cvs.size());
  s.cv_isi_median = median(cvs);
  return s;
}

PopulationStatistics spike_statistics(const SpikeRecord& record, const std::string& name,
                                      std::size_t first, std::size_t count, double window_start_ms,
                                      double window_end_ms) {
  const auto start = static_cast<std::int64_t>(std::llround(window_start_ms / record.dt_ms));
  const auto end = static_cast<std::int64_t>(std::llround(window_end_ms / record.dt_ms));
  SpikeStatistics acc(count, start, end);
  for (std::size_t k = 0; k < record.size(); ++k) {
    const auto i = record.neurons[k];
    if (i >= first && i < first + count)
      acc.add(static_cast<std::uint32_t>(i - first), record.steps[k]);
  }
  return acc.summarise(name, 0, count, record.dt_ms);
}

}  // namespace ergon::neuro
