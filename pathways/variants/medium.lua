-- Media for the stoichiometric model (pathways/human_energy_metabolism.xml), in mmol/gDW/h.
-- Uptake is a negative exchange flux. The glucose uptake of 1 is a normalisation (yields are
-- per glucose), not a measured rate.
local M = {}

local free = {"R_EX_co2_e", "R_EX_h2o_e", "R_EX_h_e", "R_EX_pi_e"}
local secretion_only = {"R_EX_lac__L_e", "R_EX_nh4_e"}

-- Reference medium: glucose 1, oxygen unlimited, no other carbon source. Pyruvate efflux is
-- closed: cells release the glycolytic end product as lactate (blood lactate/pyruvate molar
-- ratio ~10-20 in health, higher in mitochondrial disease: Debray et al. 2007 Clin Chem
-- 53:916), and without this bound FBA would export pyruvate and oxidise the cytosolic NADH
-- through the shuttles instead, which no cell does at scale.
function M.reference(m)
  for _, r in ipairs(free) do m:bounds(r, -1000, 1000) end
  for _, r in ipairs(secretion_only) do m:bounds(r, 0, 1000) end
  m:bounds("R_EX_glc__D_e", -1, 0)
  m:bounds("R_EX_o2_e", -1000, 0)
  m:bounds("R_EX_gln__L_e", 0, 0)
  m:bounds("R_EX_hdca_e", 0, 0)
  m:bounds("R_EX_pyr_e", 0, 0)
  m:bounds("R_EX_eaa_e", 0, 0)
end

-- Proliferation medium (for the growth objective): adds glutamine and essential amino acids,
-- the two nitrogen sources cultured cells take up besides glucose. Uptake caps are scenario
-- values relative to glucose (glutamine is the second most consumed nutrient of cultured
-- cancer cells: DeBerardinis et al. 2007 PNAS 104:19345).
function M.proliferation(m)
  m:bounds("R_EX_gln__L_e", -0.3, 0)
  m:bounds("R_EX_eaa_e", -0.1, 0)
end

return M
