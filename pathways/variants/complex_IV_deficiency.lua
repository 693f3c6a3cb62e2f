-- complex_IV_deficiency (e.g. SURF1 Leigh syndrome): cytochrome c oxidase at 32 % of normal,
-- the mean residual COX activity in fibroblasts of 17 SURF1 patients (Wedatilake et al. 2013
-- Orphanet J Rare Dis 8:96). Expected: lower ATP per glucose, raised lactate (blood lactate
-- raised in 31/38 SURF1 patients, same source).
return {
  name = "complex_IV_deficiency",
  summary = "complex IV (cytochrome c oxidase) at 32 % of normal capacity (SURF1 fibroblast mean)",
  sources = {"Wedatilake et al. 2013 Orphanet J Rare Dis 8:96"},
  edits = function(m, params, ctx)
    m:bounds("R_CYOOm", 0, (params.residual or 0.32) * ctx.level("R_CYOOm"))
  end,
  -- Kinetic model: the lumped respiratory chain's capacity scaled by complex IV's residual activity.
  kinetic_edits = function(m, params)
    m:set("f_civ", params.residual or 0.32)
  end,
}
