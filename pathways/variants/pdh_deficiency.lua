-- pdh_deficiency (PDHA1 mutations): PDH complex at a residual fraction of normal (default
-- 20 %, a scenario value: no measured distribution is in our reference facts). Pyruvate then
-- accumulates and is reduced to lactate; ATP per glucose falls (Patel et al. 2012 Mol Genet
-- Metab 105:34 review the disorder).
return {
  name = "pdh_deficiency",
  summary = "pyruvate dehydrogenase complex at 20 % of normal capacity",
  sources = {"Patel et al. 2012 Mol Genet Metab 105:34"},
  edits = function(m, params, ctx)
    m:bounds("R_PDH", 0, (params.residual or 0.20) * ctx.level("R_PDH"))
  end,
  -- Kinetic model: pyruvate oxidation capacity scaled by PDH's residual activity.
  kinetic_edits = function(m, params)
    m:set("f_pdh", params.residual or 0.20)
  end,
}
