-- The variants through the kinetic model (issue "Pathways", points 3-4): the same published
-- phenotypes as variant_phenotypes.lua checks on the stoichiometric model, each variant applied
-- as parameter edits (variants/<name>.lua, kinetic_edits) to pathways/human_energy_kinetic.xml.
local root = ergon.args.root
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"
local base = ergon.load(root .. "/pathways/human_energy_kinetic.xml")

local function run(name, params)
  local s = variants.kinetic_steady_state(variants.apply_kinetic(name, base, params))
  assert(s.ok and s.steady, name .. ": no steady state (" .. tostring(s.status) .. ", drift " .. tostring(s.drift) .. ")")
  return s
end

local normal = run("normal")

-- Warburg: most glucose carbon leaves as lactate (>85 %: reference facts sec. 5) while O2 use drops.
local w = run("warburg")
assert(w.lactate_fraction > 0.85, "warburg lactate carbon fraction " .. w.lactate_fraction)
assert(w.o2_uptake < normal.o2_uptake, "warburg O2 use " .. w.o2_uptake .. " not below normal " .. normal.o2_uptake)
assert(w.glucose_uptake > 3 * normal.glucose_uptake, "warburg glucose uptake " .. w.glucose_uptake)

-- Hypoxia forces fermentation: lactate carries the glucose carbon, the yield falls towards 2.
local h = run("hypoxia")
assert(h.lactate_fraction > 0.5 and h.atp_per_glucose < normal.atp_per_glucose - 1,
       string.format("hypoxia: lactate carbon %.2f, ATP/glucose %.2f", h.lactate_fraction, h.atp_per_glucose))
assert(h.o2_uptake < 0.5 * normal.o2_uptake, "hypoxia O2 use " .. h.o2_uptake)

-- Complex I, complex IV and PDH deficiencies lower the ATP yield and raise lactate; the
-- lactate/pyruvate ratio tells them apart as in patients (Debray et al. 2007 Clin Chem 53:916
-- [unverified here]): raised (> 25) in respiratory-chain defects, where NADH backs up into the
-- cytosol; normal or low with raised pyruvate in PDH deficiency.
assert(normal.lac_pyr > 10 and normal.lac_pyr < 25, "normal lactate/pyruvate " .. normal.lac_pyr)
for _, name in ipairs({"complex_I_deficiency", "complex_IV_deficiency", "pdh_deficiency"}) do
  local d = run(name)
  assert(d.atp_per_glucose < normal.atp_per_glucose - 1, name .. " ATP per glucose " .. d.atp_per_glucose)
  assert(d.lactate > 3 * normal.lactate, name .. " lactate secretion " .. d.lactate .. " vs " .. normal.lactate)
  assert(d.atp_adp < normal.atp_adp, name .. " ATP/ADP " .. d.atp_adp)
  if name == "pdh_deficiency" then
    assert(d.pyr > 3 * normal.pyr, "pdh_deficiency pyruvate " .. d.pyr .. " vs " .. normal.pyr)
    assert(d.lac_pyr < normal.lac_pyr, "pdh_deficiency lactate/pyruvate " .. d.lac_pyr)
  else
    assert(d.lac_pyr > 25 and d.lac_pyr > 1.5 * normal.lac_pyr, name .. " lactate/pyruvate " .. d.lac_pyr)
  end
end

-- Heteroplasmy: a threshold curve of oxidative ATP production against the mutant load h,
-- little loss below ~50-60 % (Rossignol et al. 2003; Newcastle), steep loss above.
local function relative(hv) return run("mtdna_heteroplasmy", {h = hv}).J_ATP_ox / normal.J_ATP_ox end
local previous = 1 + 1e-9
for i = 0, 10 do
  local r = relative(i / 10)
  assert(r <= previous, "oxidative ATP falls monotonically with h")
  previous = r
end
-- Below the threshold (~50-60 % mutant load, Newcastle) the loss stays small.
assert(relative(0.4) > 0.98 and relative(0.5) > 0.93,
       string.format("loss below the threshold: %.3f, %.3f", relative(0.4), relative(0.5)))
local r70, r90 = relative(0.7), relative(0.9)
assert(r70 < 0.8 and r90 < 0.3, string.format("above the threshold: %.2f, %.2f", r70, r90))
local full = run("mtdna_heteroplasmy", {h = 1})
assert(math.abs(full.atp_per_glucose - 2) < 0.01, "no mtDNA-encoded complexes: glycolysis only, 2 ATP/glucose")
print("kinetic variant phenotype checks passed")
