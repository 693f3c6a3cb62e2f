-- Checks of pathways/human_energy_metabolism.xml (issue "Pathways", point 1), run by
-- tests/pathways/pathways_test.cpp. Expected values: Hinkle 2005 BBA 1706:1 (P/O 2.5 / 1.5),
-- textbook yields (2 ATP anaerobic; 106 per palmitate); see pathways/README.md.
local root = ergon.args.root
local m0 = ergon.load(root .. "/pathways/human_energy_metabolism.xml")

local function medium(m, uptakes, o2)
  for _, r in ipairs({"R_EX_glc__D_e", "R_EX_gln__L_e", "R_EX_hdca_e", "R_EX_eaa_e"}) do m:bounds(r, 0, 0) end
  for _, r in ipairs({"R_EX_lac__L_e", "R_EX_pyr_e", "R_EX_nh4_e"}) do m:bounds(r, 0, 1000) end
  for _, r in ipairs({"R_EX_co2_e", "R_EX_h2o_e", "R_EX_h_e", "R_EX_pi_e"}) do m:bounds(r, -1000, 1000) end
  for r, v in pairs(uptakes) do m:bounds(r, -v, 0) end
  m:bounds("R_EX_o2_e", o2 and -1000 or 0, 0)
  m:objective("R_ATPM", "max")
  return m
end

local function close(a, b, tol, what)
  assert(a and math.abs(a - b) <= tol, string.format("%s: %s, expected %g ± %g", what, tostring(a), b, tol))
end

-- Aerobic glucose: 29-33 with both shuttles (the malate-aspartate shuttle is used: 31.5).
local aerobic = medium(m0:clone(), {R_EX_glc__D_e = 1}, true)
local atp = aerobic:fba().objective
assert(atp >= 29 and atp <= 33, "aerobic ATP per glucose " .. atp)
close(atp, 31.5, 1e-6, "aerobic ATP per glucose, malate-aspartate shuttle")
-- The P/O ratio emerges: ATP over 2 x O2 taken up.
local p = aerobic:pfba()
close(p.objective / (2 * -p.fluxes.R_EX_o2_e), 31.5 / 12, 1e-6, "P/O")
-- Glycerol-3-phosphate shuttle only.
local g3p = aerobic:clone(); g3p:knockout{reactions = {"R_ASPGLUm"}}
close(g3p:fba().objective, 30, 1e-6, "aerobic ATP per glucose, glycerol-3-phosphate shuttle")
-- Anaerobic: exactly 2.
close(medium(m0:clone(), {R_EX_glc__D_e = 1}, false):fba().objective, 2, 1e-9, "anaerobic ATP per glucose")
-- Palmitate: 106.
close(medium(m0:clone(), {R_EX_hdca_e = 1}, true):fba().objective, 106, 1e-6, "ATP per palmitate")
-- No ATP from nothing, with and without oxygen.
for _, o2 in ipairs({true, false}) do
  local r = medium(m0:clone(), {}, o2):fba()
  assert(r.ok and math.abs(r.objective) < 1e-9, "ATP with closed exchanges: " .. tostring(r.objective))
end
-- No thermodynamically infeasible cycle is needed: loopless FBA reaches the same optimum.
close(aerobic:fba{loopless = true}.objective, atp, 1e-6, "loopless aerobic ATP")
local glutamine = medium(m0:clone(), {R_EX_glc__D_e = 1, R_EX_gln__L_e = 1}, true)
close(glutamine:fba{loopless = true}.objective, glutamine:fba().objective, 1e-6, "loopless ATP with glutamine")
print("energy model checks passed")
