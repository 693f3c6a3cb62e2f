#include "engine/thermo/conditions.hpp"

#include <cmath>
#include <sstream>

#include "engine/core/error.hpp"

namespace ergon::thermo {

const CompartmentConditions& Conditions::of(const std::string& compartment) const {
  if (const auto it = compartments.find(compartment); it != compartments.end()) return it->second;
  // "C_c" and "c" name the same compartment (COBRApy strips the prefix).
  if (compartment.starts_with("C_"))
    if (const auto it = compartments.find(compartment.substr(2)); it != compartments.end())
      return it->second;
  return default_compartment;
}

namespace {
void check(const std::string& where, const CompartmentConditions& c) {
  const auto fail = [&](const char* what, double value) {
    std::ostringstream out;
    out << "thermodynamic conditions of " << where << ": " << what << " " << value
        << " is out of range";
    throw InputError(out.str());
  };
  if (!(c.pH >= 0.0 && c.pH <= 14.0)) fail("pH", c.pH);
  if (!(c.ionic_strength >= 0.0 && c.ionic_strength <= 0.5))
    fail("ionic strength (M, 0-0.5)", c.ionic_strength);
  if (!(c.pMg >= 0.0 && c.pMg <= 14.0)) fail("pMg", c.pMg);
  if (!std::isfinite(c.potential) || std::abs(c.potential) > 1.0)
    fail("electric potential (V)", c.potential);
}
}  // namespace

void validate(const Conditions& conditions) {
  if (!(conditions.temperature >= 273.15 && conditions.temperature <= 373.15)) {
    std::ostringstream out;
    out << "thermodynamic conditions: temperature " << conditions.temperature
        << " K is out of range (273.15-373.15)";
    throw InputError(out.str());
  }
  check("the default compartment", conditions.default_compartment);
  for (const auto& [id, c] : conditions.compartments) check("compartment '" + id + "'", c);
}

}  // namespace ergon::thermo
