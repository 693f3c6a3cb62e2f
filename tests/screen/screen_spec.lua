-- A test screen on ergon's energy model: warburg vs normal, all enzymes, `doses` doses.
-- fn=1 adds a Lua function readout (lactate per glucose from the task's fluxes); fn=bad one
-- that raises an error.
local root = ergon.args.root
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"
local base = ergon.load(root .. "/pathways/human_energy_metabolism.xml")
local reference = variants.reference_state(base)
local doses = {}
local n = tonumber(ergon.args.doses) or 4
for i = 1, n do doses[i] = i / n end
local readouts = {"objective", "R_EX_lac__L_e", "R_EX_o2_e"}
if ergon.args.fn == "1" then
  -- Garbage Models holding live LPs (GLPK keeps one environment per thread): they must be
  -- finalised on this thread, never by a collection that a readout call on a task thread runs.
  for _ = 1, 20 do base:clone():fba() end
  readouts[#readouts + 1] = {name = "lactate_per_glucose", fn = function(r)
    return r.fluxes.R_EX_lac__L_e / -r.fluxes.R_EX_glc__D_e
  end}
elseif ergon.args.fn == "bad" then
  readouts[#readouts + 1] = {name = "broken", fn = function(r) error("no such flux") end}
end
return ergon.screen{
  name = "test_screen",
  out = ergon.args.out,
  conditions = {
    {name = "warburg", model = variants.apply("warburg", base, {}, reference)},
    {name = "normal", model = variants.apply("normal", base, {}, reference)},
  },
  targets = {reactions = "all"},
  doses = doses,
  readouts = readouts,
}
