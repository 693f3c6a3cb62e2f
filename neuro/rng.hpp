#pragma once
// Seeded pseudo-random numbers for connectivity, initial states and Poisson inputs.
// xoshiro256++ (Blackman & Vigna 2021, ACM TOMS 47:36) seeded through splitmix64, so that
// nearby seeds give unrelated streams; fast enough that drawing connectivity with geometric
// skipping costs far less than the simulation.

#include <cmath>
#include <cstdint>
#include <limits>

namespace ergon::neuro {

class Rng {
 public:
  /// `stream` separates independent uses of one seed (projection k, population k, ...).
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t x = seed ^ (0x9E3779B97F4A7C15ULL * (stream + 1));
    for (auto& s : s_) s = splitmix64(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform integer in [0, n) (Lemire's multiply-shift; the bias is < n / 2^64).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using U128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<U128>(next()) * n) >> 64);
  }

  /// Standard normal (Marsaglia polar method).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0, v = 0, s = 0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

  /// Number of failures before the next success of Bernoulli(p) trials, p in (0, 1]:
  /// the gap to skip when drawing a Bernoulli(p) subset without visiting every candidate.
  std::uint64_t geometric_gap(double log1m_p) {
    const double u = 1.0 - uniform();  // (0, 1]
    const double g = std::floor(std::log(u) / log1m_p);
    return g >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(g);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t s_[4]{};
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace ergon::neuro
