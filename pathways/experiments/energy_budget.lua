-- The energy budget of a human cell and what changes in cancer and mitochondrial disease:
-- every variant of pathways/variants/ run through the stoichiometric model of
-- pathways/human_energy_metabolism.xml and through the kinetic model of
-- pathways/human_energy_kinetic.xml, compared in tables and logged to one HDF5 file.
--
--   ergon run pathways/experiments/energy_budget.lua [out=energy_budget.h5] [model=other.xml]
--                                                    [kinetic_model=other_kinetic.xml]
--
-- Per variant: maximal ATP production (ATP demand maximised, pFBA), ATP per glucose taken up,
-- lactate secretion, O2 uptake, and for the proliferating variants the maximal growth on a
-- medium with glutamine and essential amino acids. Then the heteroplasmy threshold curve.
-- Kinetic model, per variant at the resting load: steady-state ATP production (= demand), ATP
-- per glucose, lactate secretion, O2 use, ATP/ADP, membrane potential; then its load sweep and
-- its heteroplasmy threshold curve. Kinetic rates are mM/s per cytosolic volume.
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

-- The kinetic model: every variant at the resting load.
local kbase = ergon.load(ergon.args.kinetic_model or (root .. "/pathways/human_energy_kinetic.xml"))
local kcols = {"variant", "atp_rate", "atp_per_glucose", "glucose_uptake", "lactate", "o2_uptake",
               "lactate_fraction", "atp_adp", "dpsi", "oxidative_fraction", "pyruvate", "lactate_pyruvate", "steady",
               "dG_ATP", "energy_charge", "dG_ATP_matrix"}
-- Thermodynamics of each kinetic state (ergon.thermo.state, docs/thermo.md): the phosphorylation
-- potential dG'_ATP = dG'0 + RT ln([ADP][Pi]/[ATP]) in the cytosol (pH 7.2) and the matrix (pH
-- 7.8, the human model's conditions), I 0.25 M, pMg 3, with Alberty's (2006) Mg-binding species;
-- the state's ATP, ADP and AMP, mM -> M. The model holds Pi constant and has no matrix Pi: the
-- cytosolic constant stands for both. The matrix potential is the state's dpsi.
local function state_thermo(s, km)
  local c = {C00009 = km:get("pi") * 1e-3}
  for _, id in ipairs({"atp", "adp", "amp", "atp_m", "adp_m"}) do c[id] = s[id] * 1e-3 end
  return ergon.thermo.state(km, c, {data = root .. "/datasets", sources = {"Alberty2006"}, pH = 7.2,
                                    ionic_strength = 0.25, pMg = 3,
                                    compartments = {m = {pH = 7.8, pMg = 3, potential = -s.dpsi * 1e-3}}})
end
local phosphorylation = {}
local krows = {}
for _, c in ipairs(kcols) do krows[c] = {} end
print(string.format("\nkinetic model (rates in mM/s):\n%-22s %8s %8s %8s %8s %8s %8s %8s %7s %6s", "variant", "ATP",
                    "ATP/glc", "glc in", "lactate", "O2 in", "lac C %", "ATP/ADP", "dpsi", "L/P"))
for _, name in ipairs(variants.names) do
  local params = name == "mtdna_heteroplasmy" and {h = 0.8} or {}
  local label = name == "mtdna_heteroplasmy" and "mtdna_heteroplasmy(0.8)" or name
  local km = variants.apply_kinetic(name, kbase, params)
  local s = variants.kinetic_steady_state(km)
  assert(s.ok, label .. ": kinetic simulation failed: " .. tostring(s.message))
  log:write("variants/" .. name .. "/kinetic", s.result, {variant = name, steady = s.steady})
  local th = state_thermo(s, km)
  local dG_ATP, dG_ATP_m = th.compartments.c.atp_hydrolysis, th.compartments.m.atp_hydrolysis
  local energy_charge = th.compartments.c.energy_charge
  phosphorylation[#phosphorylation + 1] = string.format("%-22s %8.1f %8.1f %8.3f %7.1f", label, dG_ATP,
                                                        dG_ATP_m, energy_charge, s.dpsi)
  local row = {label, s.atp_rate, s.atp_per_glucose, s.glucose_uptake, s.lactate, s.o2_uptake,
               100 * s.lactate_fraction, s.atp_adp, s.dpsi, s.oxidative_fraction, s.pyr, s.lac_pyr, s.steady and 1 or 0,
               dG_ATP, energy_charge, dG_ATP_m}
  for i, c in ipairs(kcols) do krows[c][#krows[c] + 1] = row[i] end
  print(string.format("%-22s %8.4f %8.2f %8.5f %8.5f %8.5f %8.1f %8.1f %7.1f %6.1f%s", row[1], row[2], row[3],
                      row[4], row[5], row[6], row[7], row[8], row[9], s.lac_pyr, s.steady and "" or "  (not steady)"))
end
print(string.format("\nphosphorylation potential (kJ/mol; cytosol pH 7.2, matrix pH 7.8; I 0.25 M, pMg 3):\n"
                    .. "%-22s %8s %8s %8s %7s", "variant", "cytosol", "matrix", "charge", "dpsi"))
print(table.concat(phosphorylation, "\n"))
log:write("kinetic_summary", krows, {
  units = "rates mM/s per cytosolic volume; ATP/glc mol/mol; lactate_fraction % of glucose carbon; dpsi mV; "
          .. "pyruvate mM; lactate_pyruvate cytosolic ratio; steady 1/0; dG_ATP kJ/mol (cytosol, pH 7.2, "
          .. "I 0.25 M, pMg 3); energy_charge (ATP + ADP/2)/(ATP + ADP + AMP), cytosol; dG_ATP_matrix kJ/mol "
          .. "(matrix, pH 7.8, I 0.25 M, pMg 3, Pi as the cytosol's)",
  k_load = kbase:get("k_load")})

-- Load sweep: ATP production against the demand rate constant.
local sweep = {k_load = {}, atp_rate = {}, atp_ox = {}, atp_glyc = {}, atp_adp = {}, dpsi = {}, lactate = {}}
for _, k in ipairs({0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.085, 0.1}) do
  local m = kbase:clone(); m:set("k_load", k)
  local s = variants.kinetic_steady_state(m)
  for key, v in pairs({k_load = k, atp_rate = s.atp_rate, atp_ox = s.J_ATP_ox, atp_glyc = s.J_ATP_glyc,
                       atp_adp = s.atp_adp, dpsi = s.dpsi, lactate = s.lactate}) do
    sweep[key][#sweep[key] + 1] = v
  end
end
log:write("kinetic_load_sweep", sweep, {units = "k_load 1/s; rates mM/s; dpsi mV"})
print(string.format("load sweep: ATP production %.4f (k = 0.005) .. max %.4f mM/s", sweep.atp_rate[1],
                    math.max(table.unpack(sweep.atp_rate))))

-- Threshold curve in the kinetic model: oxidative ATP production against mtDNA mutant load.
local kcurve = {h = {}, atp_ox = {}, relative = {}, o2_uptake = {}, atp_adp = {}, lactate_fraction = {}}
local normal_ox
io.write("kinetic heteroplasmy h:  ")
for i = 0, 20 do
  local h = i / 20
  local s = variants.kinetic_steady_state(variants.apply_kinetic("mtdna_heteroplasmy", kbase, {h = h}))
  normal_ox = normal_ox or s.J_ATP_ox
  for key, v in pairs({h = h, atp_ox = s.J_ATP_ox, relative = s.J_ATP_ox / normal_ox, o2_uptake = s.o2_uptake,
                       atp_adp = s.atp_adp, lactate_fraction = s.lactate_fraction}) do
    kcurve[key][#kcurve[key] + 1] = v
  end
  if i % 4 == 0 then io.write(string.format("%.1f:%3.0f%%  ", h, math.max(0, 100 * s.J_ATP_ox / normal_ox))) end
end
print()
log:write("kinetic_heteroplasmy_threshold", kcurve, {note = "oxidative ATP production relative to h = 0"})
log:close()
print(string.format("\nlogged to %s", out))
