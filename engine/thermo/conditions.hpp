#pragma once
// Physical conditions of a thermodynamic calculation: temperature and, per compartment, pH,
// ionic strength, pMg and electric potential.

#include <map>
#include <string>

namespace ergon::thermo {

/// Gas constant, kJ/(mol·K) (CODATA 2018).
inline constexpr double gas_constant = 8.314462618e-3;
/// Faraday constant, kJ/(mol·V) (CODATA 2018).
inline constexpr double faraday = 96.48533212;
/// Temperature of the formation data, K.
inline constexpr double standard_temperature = 298.15;

/// Conditions inside one compartment.
struct CompartmentConditions {
  double pH = 7.0;
  double ionic_strength = 0.25;  ///< M; the extended Debye–Hückel form holds to about 0.35 M
  double pMg = 14.0;             ///< −log10 [Mg²⁺]; 14 means "no magnesium binding"
  double potential = 0.0;        ///< electric potential, V, relative to any common reference
};

/// Conditions of a whole model: temperature, and the conditions per compartment id (an SBML
/// compartment id such as "c" or "C_c"); compartments not listed take `default_compartment`.
struct Conditions {
  double temperature = standard_temperature;  ///< K
  CompartmentConditions default_compartment{};
  std::map<std::string, CompartmentConditions> compartments;

  [[nodiscard]] const CompartmentConditions& of(const std::string& compartment) const;
};

/// Throws InputError naming the compartment and the value when a condition is out of range
/// (pH outside 0–14, ionic strength outside 0–0.5 M, pMg < 0, T outside 273–373 K, a NaN).
void validate(const Conditions& conditions);

/// RT in kJ/mol at `temperature` K.
[[nodiscard]] inline double rt(double temperature) noexcept {
  return gas_constant * temperature;
}

}  // namespace ergon::thermo
