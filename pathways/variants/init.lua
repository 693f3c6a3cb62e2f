-- ergon's variant library: each variant is a named, documented list of edits applied to a
-- base model through the model-edit API (m:bounds, m:knockout, m:set), never a copied model.
--
--   package.path = "<repo>/pathways/?.lua;<repo>/pathways/?/init.lua;" .. package.path
--   local variants = require "variants"
--   local m = variants.apply("warburg", base)          -- a new Model; `base` is untouched
--   local h = variants.apply("mtdna_heteroplasmy", base, {h = 0.7})
--
-- A variant module returns {name, summary, sources = {...}, edits = function(m, params, ctx)}.
-- `ctx.reference` holds the normal cell's fluxes (see reference_state), which variants use to
-- express a capacity as a fraction of normal.

local M = {}

M.names = {"normal", "warburg", "hypoxia", "complex_I_deficiency", "complex_IV_deficiency",
           "pdh_deficiency", "mtdna_heteroplasmy"}

local medium = require "variants.medium"
M.medium = medium

-- Fluxes of the normal cell on the reference medium at maximal ATP production (pFBA), used
-- as the 100 % level of enzyme capacities.
function M.reference_state(base)
  local m = base:clone()
  medium.reference(m)
  local r = m:pfba()
  assert(r.ok, "reference state: " .. r.status)
  return r.fluxes
end

function M.load(name)
  local ok, variant = pcall(require, "variants." .. name)
  if not ok then error("unknown variant '" .. tostring(name) .. "' (known: " .. table.concat(M.names, ", ") .. ")", 2) end
  return variant
end

-- Returns a clone of `base` with the reference medium and the variant's edits applied.
function M.apply(name, base, params, reference)
  local variant = M.load(name)
  local m = base:clone()
  medium.reference(m)
  reference = reference or M.reference_state(base)
  -- level(id): the normal cell's flux through `id`, as a non-negative capacity (mmol/gDW/h;
  -- solver round-off below 1e-9 counts as zero).
  local function level(id)
    local v = math.abs(reference[id] or 0)
    return v < 1e-9 and 0 or v
  end
  variant.edits(m, params or {}, {reference = reference, level = level})
  return m
end

return M
