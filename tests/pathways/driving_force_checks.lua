-- Max-min driving force (issue 15, point 2) of the human model's flux distributions: glycolysis
-- with lactate fermentation, and the whole oxidation (every chemical step the distribution
-- uses; transport steps are left out because the cofactor table fixes ATP, Pi, ... at one
-- value in every compartment, which makes their passive transport a zero-force step), for
-- the normal and the Warburg cell. Conditions: cytosol and IMS pH 7.2, outside 7.4, matrix 7.8
-- at -160 mV; the default bounds of datasets/thermo_mdf_bounds.tsv (Noor et al. 2014).
-- Checks of consistency (they follow from the LP, not from a measurement): a mode with more
-- steps cannot have more driving force; the MDF does not depend on the flux magnitudes.
-- The numbers are printed, and documented in docs/thermo.md.
local root = ergon.args.root
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"
local base = ergon.load(root .. "/pathways/human_energy_metabolism.xml")
local reference = variants.reference_state(base)
local data = root .. "/datasets"
local compartments = {c = {pH = 7.2}, i = {pH = 7.2}, e = {pH = 7.4}, m = {pH = 7.8, potential = -0.16}}
local options = {data = data, bounds = data .. "/thermo_mdf_bounds.tsv", pH = 7.2,
                 compartments = compartments, exclude_missing = true}
local energies = ergon.thermo.drg(base, {data = data, compartments = compartments})
local glycolysis = {R_HEX1 = true, R_PGI = true, R_PFK = true, R_FBA = true, R_TPI = true,
                    R_GAPD = true, R_PGK = true, R_PGM = true, R_ENO = true, R_PYK = true,
                    R_LDH_L = true}

local function bottlenecks(r)
  local ids = {}
  for _, s in ipairs(r.reactions) do if s.bottleneck then ids[#ids + 1] = s.id end end
  return table.concat(ids, ",")
end

local function modes(fluxes)
  local glyc, chemistry = {}, {}
  for id, v in pairs(fluxes) do
    if math.abs(v) > 1e-9 then
      if glycolysis[id] then glyc[id] = v end
      local e = energies[id]
      if e and not e.transport and not e.boundary then chemistry[id] = v end
    end
  end
  return glyc, chemistry
end

local tolerance = 1e-7
for _, name in ipairs({"normal", "warburg"}) do
  local m = variants.apply(name, base, {}, reference)
  local r = m:pfba()
  assert(r.ok, name .. ": " .. r.status)
  local glyc, chemistry = modes(r.fluxes)
  local g = ergon.thermo.mdf(m, glyc, options)
  local w = ergon.thermo.mdf(m, chemistry, options)
  assert(g.status == "optimal" and w.status == "optimal", name .. ": " .. g.status .. " " .. w.status)
  print(string.format("%-8s glycolysis%s MDF %.2f kJ/mol (bottlenecks %s); oxidation, %d steps, MDF %.2f (%s)%s",
                      name, glyc.R_LDH_L and " + LDH" or "", g.mdf, bottlenecks(g), #w.reactions, w.mdf,
                      bottlenecks(w), #w.excluded > 0 and ("; no data: " .. table.concat(w.excluded, ",")) or ""))
  assert(w.mdf <= g.mdf + tolerance, name .. ": more steps, more force")
  local scaled = {}
  for id, v in pairs(chemistry) do scaled[id] = 5 * v end
  assert(math.abs(ergon.thermo.mdf(m, scaled, options).mdf - w.mdf) < tolerance, name .. ": scale")
end
