#pragma once
// Firing statistics with the definitions of Brian2's benchmark (shared/neuro/RESULTS.md):
// window [start, end); mean rate over all neurons including silent ones; CV of inter-spike
// intervals per neuron (std/mean, ddof 0) over neurons with ≥ 3 spikes in the window.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "neuro/spike_record.hpp"

namespace ergon::neuro {

struct PopulationStatistics {
  std::string name;
  std::size_t neurons = 0;
  std::uint64_t spikes = 0;  ///< whole run
  double window_start_ms = 0;
  double window_end_ms = 0;
  double mean_rate_hz = 0;  ///< in the window
  double rate_sd_hz = 0;    ///< across neurons, ddof 0
  double median_rate_hz = 0;
  double fraction_silent = 0;  ///< no spike in the window
  std::size_t neurons_with_3_spikes = 0;
  double cv_isi_mean = 0;  ///< NaN when no neuron has ≥ 3 spikes
  double cv_isi_median = 0;
};

/// Per-neuron accumulators fed spike by spike (in time order per neuron), so statistics need
/// no stored spike trains.
class SpikeStatistics {
 public:
  SpikeStatistics(std::size_t neurons, std::int64_t window_start_step,
                  std::int64_t window_end_step);
  void add(std::uint32_t neuron, std::int64_t step) {
    ++total_[neuron];
    if (step < start_ || step >= end_) return;
    auto& n = count_[neuron];
    if (n > 0) {
      const double isi = static_cast<double>(step - last_[neuron]);
      sum_[neuron] += isi;
      sum2_[neuron] += isi * isi;
    }
    last_[neuron] = step;
    ++n;
  }
  /// Statistics of neurons [first, first + count).
  [[nodiscard]] PopulationStatistics summarise(const std::string& name, std::size_t first,
                                               std::size_t count, double dt_ms) const;

 private:
  std::int64_t start_, end_;
  std::vector<std::uint32_t> total_, count_;
  std::vector<std::int64_t> last_;
  std::vector<double> sum_, sum2_;
};

/// Statistics of neurons [first, first + count) of a record, window in ms.
[[nodiscard]] PopulationStatistics spike_statistics(const SpikeRecord& record,
                                                    const std::string& name, std::size_t first,
                                                    std::size_t count, double window_start_ms,
                                                    double window_end_ms);

}  // namespace ergon::neuro
