-- The energy budget of a human cell and what changes in cancer and mitochondrial disease:
-- every variant of pathways/variants/ run through the stoichiometric model of
-- pathways/human_energy_metabolism.xml, compared in one table and logged to HDF5.
--
--   ergon run pathways/experiments/energy_budget.lua [out=energy_budget.h5] [model=other.xml]
--
-- Per variant: maximal ATP production (ATP demand maximised, pFBA), ATP per glucose taken up,
-- lactate secretion, O2 uptake, and for the proliferating variants the maximal growth on a
-- medium with glutamine and essential amino acids. Then the heteroplasmy threshold curve.
local ergon = require "ergon"
local root = arg[0]:match("^(.*)/pathways/experiments/") or "."
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"

local out = ergon.args.out or "energy_budget.h5"
local base = ergon.load(ergon.args.model or (root .. "/pathways/human_energy_metabolism.xml"))
local reference = variants.reference_state(base)
local log = ergon.h5.open(out, "w")
log:attrs("/", {experiment = "energy_budget", model = base:info().id})

local function flux(r, id) return r.fluxes[id] or 0 end

local rows = {variant = {}, atp_rate = {}, atp_per_glucose = {}, glucose_uptake = {}, lactate = {},
              o2_uptake = {}, lactate_fraction = {}, growth = {}}
print(string.format("%-22s %9s %9s %9s %9s %9s %9s %9s", "variant", "ATP", "ATP/glc", "glc in", "lactate",
                    "O2 in", "lac C %", "growth"))
for _, name in ipairs(variants.names) do
  local params = name == "mtdna_heteroplasmy" and {h = 0.8} or {}
  local label = name == "mtdna_heteroplasmy" and "mtdna_heteroplasmy(0.8)" or name
  local m = variants.apply(name, base, params, reference)
  local r = m:pfba()
  log:write("variants/" .. name .. "/atp_max", r, {variant = name, summary = variants.load(name).summary})
  local glucose = -flux(r, "R_EX_glc__D_e")
  local atp = r.objective or 0/0
  local lactate = flux(r, "R_EX_lac__L_e")
  local growth = 0/0
  if name == "normal" or name == "warburg" then
    local g = m:clone()
    variants.medium.proliferation(g)
    g:objective("R_BIOMASS_prolif", "max")
    local gr = g:fba()
    log:write("variants/" .. name .. "/growth", gr, {variant = name})
    growth = gr.objective or 0/0
  end
  local row = {label, atp, atp / glucose, glucose, lactate, -flux(r, "R_EX_o2_e"), 100 * lactate / (2 * glucose), growth}
  for i, key in ipairs({"variant", "atp_rate", "atp_per_glucose", "glucose_uptake", "lactate", "o2_uptake",
                        "lactate_fraction", "growth"}) do
    rows[key][#rows[key] + 1] = row[i]
  end
  print(string.format("%-22s %9.2f %9.2f %9.2f %9.2f %9.2f %9.1f %9s", row[1], row[2], row[3], row[4], row[5], row[6],
                      row[7], growth == growth and string.format("%.4f", growth) or "-"))
end
log:write("summary", rows, {units = "mmol/gDW/h; ATP/glc in mol/mol; lac C % = lactate carbon / glucose carbon"})

-- Threshold curve: ATP production against mtDNA mutant load.
local curve = {h = {}, atp_rate = {}, relative = {}}
local normal_atp
io.write("\nheteroplasmy h:  ")
for i = 0, 20 do
  local h = i / 20
  local r = variants.apply("mtdna_heteroplasmy", base, {h = h}, reference):fba()
  normal_atp = normal_atp or r.objective
  curve.h[#curve.h + 1] = h
  curve.atp_rate[#curve.atp_rate + 1] = r.objective
  curve.relative[#curve.relative + 1] = r.objective / normal_atp
  if i % 4 == 0 then io.write(string.format("%.1f:%3.0f%%  ", h, 100 * r.objective / normal_atp)) end
end
print()
log:write("heteroplasmy_threshold", curve, {reserve = 2.5, note = "ATP production relative to h = 0"})
log:close()
print(string.format("\nlogged to %s", out))
