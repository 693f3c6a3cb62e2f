#pragma once
// A random mass-action network, reproducible from a seed: written as SBML for ergon and
// evaluated by a hand-written C++ right-hand side and Jacobian for the baseline.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ergon::bench {

struct MassActionNetwork {
  struct Reaction {
    std::vector<std::uint32_t> reactants;  ///< 0, 1 or 2 distinct species
    std::vector<std::uint32_t> products;   ///< 0, 1 or 2 distinct species
    double k = 0.0;                        ///< rate = k * product of reactant concentrations
  };
  std::size_t species = 0;
  std::vector<Reaction> reactions;
  std::vector<double> initial;  ///< concentrations (compartment of size 1: also amounts)
};

/// Inflows (5 % of species), outflows (20 %), then conversions A -> B, associations
/// A + B -> C and exchanges A + B -> C + D; rate constants log-uniform over four decades.
/// No reaction makes more molecules than it takes, so the state stays bounded.
[[nodiscard]] MassActionNetwork generate_network(std::size_t species, std::size_t reactions,
                                                 std::uint64_t seed);

/// SBML Level 3 Version 2: species X0.., reactions R0.. with global constants k0...
[[nodiscard]] std::string to_sbml(const MassActionNetwork& network, const std::string& id);

/// Hand-written RHS and sparse (CSC) Jacobian of the network, as one would code it directly:
/// flat reaction tables, no interpretation.
class MassActionRhs {
 public:
  explicit MassActionRhs(const MassActionNetwork& network);
  void rhs(const double* y, double* ydot) const;
  /// Fills `data` (CSC order of column_starts() / row_indices()) with dydot/dy.
  void jacobian(const double* y, double* data) const;
  [[nodiscard]] const std::vector<std::int64_t>& column_starts() const { return column_starts_; }
  [[nodiscard]] const std::vector<std::int64_t>& row_indices() const { return row_indices_; }

 private:
  std::size_t n_ = 0;
  std::vector<double> k_;
  std::vector<std::uint32_t> reactant_start_, reactants_;  // CSR over reactions
  std::vector<std::uint32_t> change_start_, change_species_;
  std::vector<double> change_coefficient_;
  // Jacobian: for each (reaction, reactant j, changed species i) the CSC slot of (i, j)
  std::vector<std::uint32_t> jac_start_;  // per reaction and reactant
  std::vector<std::int64_t> jac_slot_;
  std::vector<double> jac_coefficient_;
  std::vector<std::int64_t> column_starts_, row_indices_;
};

}  // namespace ergon::bench
