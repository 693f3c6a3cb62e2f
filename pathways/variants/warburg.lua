-- warburg: aerobic glycolysis of proliferating cancer cells.
--  * glucose uptake raised 5x (FDG-PET shows several-fold higher uptake in tumours than in
--    normal tissue; Warburg 1956 Science 123:309 for the phenomenon; the factor is a scenario
--    value, see pathways/README.md);
--  * PDH capacity cut to 10 % of normal by PDK1 phosphorylation of PDHA1 (Kim et al. 2006
--    Cell Metab 3:177; Papandreou et al. 2006 Cell Metab 3:187);
--  * the NADH shuttles' mitochondrial carriers (AGC, GPD2) stay at the normal cell's capacity:
--    they do not scale with the raised glycolytic flux, so the extra cytosolic NADH is
--    reoxidised by LDHA (a scenario assumption: mitochondrial content is not raised 5x);
--  * LDHA fully available (lactate export open); PKM2's low activity does not limit flux here
--    (in FBA it only matters with a capacity bound, set by params.pk_capacity if given).
-- Expected phenotype: >85 % of glucose carbon leaves as lactate while oxygen use drops
-- (Vander Heiden, Cantley & Thompson 2009 Science 324:1029; reference facts sec. 5).
return {
  name = "warburg",
  summary = "glucose uptake x5, PDH at 10 % (PDK1), NADH shuttles at normal capacity",
  sources = {"Warburg 1956 Science 123:309", "Kim et al. 2006 Cell Metab 3:177",
             "Papandreou et al. 2006 Cell Metab 3:187", "Vander Heiden et al. 2009 Science 324:1029"},
  edits = function(m, params, ctx)
    local uptake = params.glucose_uptake or 5
    local pdh = params.pdh_fraction or 0.10
    m:bounds("R_EX_glc__D_e", -uptake, 0)
    m:bounds("R_PDH", 0, pdh * ctx.level("R_PDH"))
    m:bounds("R_ASPGLUm", 0, ctx.level("R_ASPGLUm"))
    m:bounds("R_G3PD2m", 0, ctx.level("R_G3PD2m"))
    if params.pk_capacity then m:bounds("R_PYK", 0, params.pk_capacity) end
  end,
  -- Kinetic model: hexokinase and PFK capacities x glucose_uptake (HK2 and PFKFB3/PFK
  -- induction; the same scenario factor as the uptake bound above), active PDH at pdh_fraction.
  kinetic_edits = function(m, params)
    local uptake = params.glucose_uptake or 5
    m:set("V_hk", uptake * m:get("V_hk"))
    m:set("V_pfk", uptake * m:get("V_pfk"))
    m:set("f_pdh", params.pdh_fraction or 0.10)
  end,
}
