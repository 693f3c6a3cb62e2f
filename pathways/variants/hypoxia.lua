-- hypoxia: oxygen supply limited to a fraction of the normal cell's consumption (default 10 %,
-- a severe-hypoxia scenario). Expected phenotype: respiration falls and glycolysis with lactate
-- secretion carries the ATP demand (the Pasteur effect; Semenza 2012 Cell 148:399).
return {
  name = "hypoxia",
  summary = "O2 uptake capped at 10 % of normal consumption",
  sources = {"Semenza 2012 Cell 148:399"},
  edits = function(m, params, ctx)
    local fraction = params.o2_fraction or 0.10
    m:bounds("R_EX_o2_e", -fraction * ctx.level("R_EX_o2_e"), 0)   -- uptake is a negative flux
  end,
}
