-- mtdna_heteroplasmy(h): a fraction h of mtDNA copies carries a mutation that disables the
-- complexes with mtDNA-encoded subunits (I, III, IV, V: MT-ND*, MT-CYB, MT-CO*, MT-ATP6/8).
-- Functional capacity of each is (1 - h) times its maximal capacity, and the maximal capacity
-- exceeds the normal flux by a reserve factor (default 2.5): the biochemical threshold effect,
-- where flux holds until the reserve is used up (Rossignol et al. 2003 Biochem J 370:751).
-- With reserve 2.5 the threshold sits at h = 1 - 1/2.5 = 0.6, matching the ~50-60 % mutant
-- load above which most cells show dysfunction (Newcastle Mitochondrial Research; reference
-- facts sec. 6). Below it little changes; above it ATP production falls steeply.
local complexes = {"R_NADH2_u10m", "R_CYOR_u10m", "R_CYOOm", "R_ATPS4mi"}
return {
  name = "mtdna_heteroplasmy",
  summary = "mtDNA-encoded complexes at (1 - h) x reserve x normal flux (threshold effect)",
  sources = {"Rossignol et al. 2003 Biochem J 370:751", "Newcastle Mitochondrial Research (heteroplasmy threshold)"},
  complexes = complexes,
  edits = function(m, params, ctx)
    local h = params.h or 0.0
    assert(type(h) == "number" and h >= 0 and h <= 1, "mtdna_heteroplasmy: h must be in [0, 1]")
    local reserve = params.reserve or 2.5
    for _, r in ipairs(complexes) do
      m:bounds(r, 0, (1 - h) * reserve * ctx.level(r))
    end
  end,
  -- Kinetic model: complexes I, III, IV (the lumped chain) and V at the wild-type fraction 1 - h.
  -- No reserve factor: the threshold comes out of the model's spare respiratory capacity.
  kinetic_edits = function(m, params)
    local h = params.h or 0.0
    assert(type(h) == "number" and h >= 0 and h <= 1, "mtdna_heteroplasmy: h must be in [0, 1]")
    m:set("f_mt", 1 - h)
  end,
}
