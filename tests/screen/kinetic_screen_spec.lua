-- A kinetic test screen on ergon's kinetic energy model: warburg vs normal, every enzyme with
-- a reactant in its rate law, competitive inhibition at `doses` inhibitor concentrations
-- (0.05 .. mM), readouts ATP, oxidative ATP and a Lua function (ATP per glucose).
local root = ergon.args.root
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"
local base = ergon.load(root .. "/pathways/human_energy_kinetic.xml")
local doses = {}
local n = tonumber(ergon.args.doses) or 4
for i = 1, n do doses[i] = 0.05 * 4 ^ (i - 1) end
return ergon.screen{
  name = "kinetic_test_screen",
  out = ergon.args.out,
  conditions = {
    {name = "warburg", model = variants.apply_kinetic("warburg", base)},
    {name = "normal", model = variants.apply_kinetic("normal", base)},
  },
  -- GLUT's law reads external glucose, a parameter: competitive inhibition needs it named
  -- (glut=1 leaves it in, unnamed, to check the error).
  targets = {reactions = "all", filter = function(id) return id ~= "GLUT" or ergon.args.glut end},
  inhibition = {type = ergon.args.type or "competitive", ki = 0.1, substrates = {HK = {"glc"}}},
  doses = doses,
  readouts = {"atp", "J_ATP_ox",
              {name = "atp_per_glucose", fn = function(r) return r.values.J_ATP / r.rates.HK end}},
  score = {readout = "atp", a = "warburg", b = "normal"},
}
