-- ergon's variant library: each variant is a named, documented list of edits applied to a
-- base model through the model-edit API (m:bounds, m:knockout, m:set), never a copied model.
--
--   package.path = "<repo>/pathways/?.lua;<repo>/pathways/?/init.lua;" .. package.path
--   local variants = require "variants"
--   local m = variants.apply("warburg", base)          -- a new Model; `base` is untouched
--   local h = variants.apply("mtdna_heteroplasmy", base, {h = 0.7})
--
-- The same variants run through the kinetic model (pathways/human_energy_kinetic.xml):
--
--   local k = variants.apply_kinetic("pdh_deficiency", kbase)   -- parameters scaled via m:set
--   local s = variants.kinetic_steady_state(k)                  -- s.atp_rate, s.atp_adp, s.dpsi ...
--
-- A variant module returns {name, summary, sources = {...}, edits = function(m, params, ctx),
-- kinetic_edits = function(m, params)}.
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

-- Returns a clone of the kinetic model `base` with the variant's kinetic edits applied.
function M.apply_kinetic(name, base, params)
  local variant = M.load(name)
  assert(variant.kinetic_edits, "variant '" .. name .. "' has no kinetic_edits")
  local m = base:clone()
  variant.kinetic_edits(m, params or {})
  return m
end

-- Reported quantities of the kinetic model (species, and the J_* rates defined by assignment
-- rules, mM/s per cytosolic volume unless the README says otherwise).
M.kinetic_selections = {"atp", "adp", "amp", "atp_m", "adp_m", "nadh", "nad", "nadh_m", "nad_m", "pyr", "lac", "dpsi",
                        "J_GLUT", "J_MCT", "J_PDH", "J_O2", "J_ATP", "J_ATP_glyc", "J_ATP_ox", "atp_adp"}

-- Integrates `m` to t_end (default 20000 s: the normal cell settles within ~500 s, but the
-- pyruvate pool of low-PDH variants takes hours of model time) and returns the state there
-- with derived quantities (`result` is the 3-point time course, for logging). `steady` is true
-- when the ATP, lactate and O2 rates changed by less than 1e-3 (relative) over the second half
-- of the run.
-- A failed integration is not an error: `ok` is false and `status`/`message` say why.
function M.kinetic_steady_state(m, opts)
  opts = opts or {}
  local t_end = opts.t_end or 20000
  local r = m:simulate{t_end = t_end, points = 3, rtol = opts.rtol or 1e-8, atol = opts.atol or 1e-10,
                       selections = M.kinetic_selections}
  if not r.ok then return {ok = false, status = r.status, message = r.message} end
  local s = {ok = true, status = r.status, result = r}
  for _, id in ipairs(M.kinetic_selections) do s[id] = r[id][3] end
  local drift = 0
  for _, id in ipairs({"J_ATP", "J_MCT", "J_O2"}) do
    drift = math.max(drift, math.abs(r[id][3] - r[id][2]) / math.max(math.abs(r[id][3]), 1e-9))
  end
  s.steady, s.drift = drift < 1e-3, drift
  s.atp_rate = s.J_ATP                       -- ATP production = ATP demand at steady state
  s.glucose_uptake = s.J_GLUT
  s.lactate = s.J_MCT                         -- secretion (negative: uptake)
  s.o2_uptake = s.J_O2
  s.atp_per_glucose = s.J_ATP / s.J_GLUT
  s.lactate_fraction = s.J_MCT / (2 * s.J_GLUT)   -- lactate carbon / glucose carbon
  s.oxidative_fraction = s.J_ATP_ox / s.J_ATP
  s.lac_pyr = s.lac / s.pyr                   -- cytosolic lactate/pyruvate (a cytosolic redox readout)
  return s
end

return M
