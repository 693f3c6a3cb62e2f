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
  -- Kinetic model: intracellular O2 at o2_level of normoxic (default 1 %, ~0.8 uM, well below
  -- the apparent Km of cellular respiration of 5 uM); the FBA bound o2_fraction caps uptake
  -- instead, so the two parameters differ in meaning.
  kinetic_edits = function(m, params)
    m:set("o2", (params.o2_level or 0.01) * m:get("o2"))
  end,
}
