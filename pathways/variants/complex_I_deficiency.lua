-- complex_I_deficiency (e.g. Leigh syndrome with NDUFS/ND mutations): complex I capacity at
-- a residual fraction of normal (default 30 %; residual activities of 20-50 % of control are
-- typical in patient muscle and fibroblasts — a scenario value, see pathways/README.md).
-- Complex I deficiency is the most frequent childhood mitochondrial disorder (Fassone &
-- Rahman 2012 J Med Genet 49:578). Expected: lower ATP per glucose, raised lactate.
return {
  name = "complex_I_deficiency",
  summary = "complex I (NADH:ubiquinone oxidoreductase) at 30 % of normal capacity",
  sources = {"Fassone & Rahman 2012 J Med Genet 49:578", "GeneReviews NBK1173 (Leigh syndrome)"},
  edits = function(m, params, ctx)
    m:bounds("R_NADH2_u10m", 0, (params.residual or 0.30) * ctx.level("R_NADH2_u10m"))
  end,
  -- Kinetic model: the lumped respiratory chain's capacity scaled by complex I's residual
  -- activity (the chain is one rate law, so complex I and IV defects act alike there).
  kinetic_edits = function(m, params)
    m:set("f_ci", params.residual or 0.30)
  end,
}
