-- normal: a differentiated cell on the reference medium, no edits. Its pFBA fluxes define the
-- 100 % capacity of the enzymes that other variants scale.
return {
  name = "normal",
  summary = "reference medium (glucose 1, O2 free), all enzymes at full capacity",
  sources = {},
  edits = function(m, params, ctx) end,
  kinetic_edits = function(m, params) end,
}
