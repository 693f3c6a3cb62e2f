-- Which enzyme, blocked by a competitive inhibitor, drains a Warburg (cancer) cell's ATP but
-- spares a normal cell? The kinetic model pathways/human_energy_kinetic.xml in its `warburg`
-- and `normal` variants (pathways/README.md); every enzyme and carrier gets a competitive
-- inhibitor (Ki 0.1 mM) at concentrations 0.01-100 mM, each task simulated to its steady state
-- (20 000 s, checked). The score is the fall of the cytosolic ATP concentration.
--
--   ergon run pathways/experiments/kinetic_drug_screen.lua        (threads=N for N threads)
--   ergon screen pathways/experiments/kinetic_drug_screen.lua --threads 2
--   mpirun -n 4 ergon screen pathways/experiments/kinetic_drug_screen.lua
--
-- Writes kinetic_drug_screen.h5 (one row per target x concentration x condition) and
-- kinetic_drug_screen.csv (ranked).
local ergon = require "ergon"
local root = arg[0]:match("^(.*)/pathways/experiments/") or "."
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"

local base = ergon.load(ergon.args.model or (root .. "/pathways/human_energy_kinetic.xml"))

-- The site each inhibitor competes at: the carbon substrate (as 2-deoxyglucose at hexokinase,
-- oxamate at LDH) or, for the carriers and the respiratory chain, the carried species. Without
-- this the inhibitor would compete with every reactant of the law (ATP at HK, too).
local site = {HK = {"glc"}, PFK = {"g6p"}, LGLY = {"fbp"}, PK = {"pep"}, LDH = {"pyr"},
              MCT = {"lac"}, AK = {"amp"}, MAS = {"nadh"}, PDH = {"pyr"}, RES = {"nadh_m"},
              SYN = {"adp_m"}, ANT = {"adp"}}

local scores = ergon.screen{
  name = "kinetic_drug_screen",
  out = ergon.args.out or "kinetic_drug_screen",
  threads = ergon.args.threads or 1,
  conditions = {
    {name = "warburg", model = variants.apply_kinetic("warburg", base)},
    {name = "normal", model = variants.apply_kinetic("normal", base)},
  },
  -- GLUT's law reads external glucose, a parameter, not a reactant; ATPASE is the load.
  targets = {reactions = "all", filter = function(id) return site[id] ~= nil end},
  inhibition = {type = ergon.args.type or "competitive", ki = 0.1, substrates = site},
  doses = {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100},                -- inhibitor, mM
  simulation = {t_end = 20000, steady_tolerance = 1e-3},
  readouts = {"atp", "atp_adp", "J_ATP_ox",
              -- ATP made per glucose taken up: a Lua function of the task's final state
              {name = "atp_per_glucose", fn = function(r) return r.values.J_ATP / r.rates.GLUT end}},
  score = {readout = ergon.args.readout or "atp_adp", a = "warburg", b = "normal"},
}
if not scores then return end  -- a shard or an MPI worker rank: rank 0 / `ergon merge` report

local top = tonumber(ergon.args.top) or 8
local function mm(x) return x == x and string.format("%.2f mM", x) or "> 100 mM" end
print(string.format("%-4s %-7s %11s %10s %14s %14s", "rank", "target", "selectivity", "at",
                    "IC50 warburg", "IC50 normal"))
for i = 1, math.min(top, #scores) do
  local s = scores[i]
  print(string.format("%-4d %-7s %11.2f %7.2f mM %14s %14s", i, s.target, s.selectivity,
                      s.best_dose, mm(s.ic50.warburg), mm(s.ic50.normal)))
end
