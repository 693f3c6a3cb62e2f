-- Expected phenotypes of the variants (issue "Pathways", point 4), each against a published
-- finding cited in the variant's file and pathways/README.md.
local root = ergon.args.root
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"
local base = ergon.load(root .. "/pathways/human_energy_metabolism.xml")
local reference = variants.reference_state(base)

local function run(name, params)
  local r = variants.apply(name, base, params, reference):pfba()
  assert(r.ok, name .. ": " .. r.status)
  local glc = -r.fluxes.R_EX_glc__D_e
  return {atp = r.objective, per_glucose = r.objective / glc, lactate = r.fluxes.R_EX_lac__L_e or 0,
          lactate_carbon = (r.fluxes.R_EX_lac__L_e or 0) / (2 * glc), o2 = -(r.fluxes.R_EX_o2_e or 0)}
end

local normal = run("normal")
assert(math.abs(normal.per_glucose - 31.5) < 1e-6 and normal.lactate < 1e-9)

-- Warburg: most glucose carbon leaves as lactate (>85 %: reference facts sec. 5) while O2 use drops.
local w = run("warburg")
assert(w.lactate_carbon > 0.85, "warburg lactate carbon fraction " .. w.lactate_carbon)
assert(w.o2 < normal.o2, "warburg O2 use " .. w.o2 .. " not below normal " .. normal.o2)

-- Hypoxia forces fermentation.
local h = run("hypoxia")
assert(h.lactate_carbon > 0.5 and h.per_glucose < normal.per_glucose)

-- Complex I, complex IV and PDH deficiencies lower the ATP yield and raise lactate.
for _, name in ipairs({"complex_I_deficiency", "complex_IV_deficiency", "pdh_deficiency"}) do
  local d = run(name)
  assert(d.per_glucose < normal.per_glucose - 1, name .. " ATP per glucose " .. d.per_glucose)
  assert(d.lactate > normal.lactate + 0.1, name .. " lactate " .. d.lactate)
end

-- Heteroplasmy: a threshold curve — little loss below ~60 % mutant load, steep loss above.
local function relative(hv) return run("mtdna_heteroplasmy", {h = hv}).atp / normal.atp end
assert(relative(0.3) > 0.99 and relative(0.55) > 0.99, "loss below the threshold")
local r70, r90 = relative(0.7), relative(0.9)
assert(r70 < 0.9 and r90 < 0.5 and r90 < r70, string.format("above the threshold: %.2f, %.2f", r70, r90))
assert(relative(1.0) < 0.1, "no mtDNA-encoded complexes: glycolysis only")
print("variant phenotype checks passed")
