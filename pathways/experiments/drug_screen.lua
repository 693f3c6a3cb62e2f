-- Which enzyme, partly inhibited, starves a Warburg (cancer) cell of ATP but spares a normal
-- cell? Every enzyme and carrier of pathways/human_energy_metabolism.xml is inhibited over a
-- dose series in both variants; the readout is the maximal ATP production rate.
--
--   ergon run pathways/experiments/drug_screen.lua            (threads=N to use N threads)
--   ergon screen pathways/experiments/drug_screen.lua --threads 2
--   ergon screen pathways/experiments/drug_screen.lua --shard 1/4   ...   ergon merge ... --shards 4
--
-- Writes drug_screen.h5 (one row per target x dose x condition) and drug_screen.csv (ranked).
local ergon = require "ergon"
local root = arg[0]:match("^(.*)/pathways/experiments/") or "."
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"

local base = ergon.load(ergon.args.model or (root .. "/pathways/human_energy_metabolism.xml"))
local reference = variants.reference_state(base)

local scores = ergon.screen{
  name = "drug_screen",
  out = ergon.args.out or "drug_screen",
  threads = ergon.args.threads or 1,
  conditions = {
    {name = "warburg", model = variants.apply("warburg", base, {}, reference)},
    {name = "normal", model = variants.apply("normal", base, {}, reference)},
  },
  targets = {reactions = "all", filter = function(id)        -- enzymes and carriers, not the
    return id ~= "R_ATPM" and id ~= "R_BIOMASS_prolif" and not id:match("^R_EX_")  -- ATP demand
  end},
  doses = {0.25, 0.5, 0.75, 0.9, 1.0},                        -- fraction of capacity removed
  readouts = {"objective", "R_EX_lac__L_e"},                  -- max ATP production; lactate
  score = {readout = "objective", a = "warburg", b = "normal"},
}
if not scores then return end  -- a shard: only its journal was written

local top = tonumber(ergon.args.top) or 10
print(string.format("%-4s %-14s %11s %9s %13s %13s", "rank", "target", "selectivity", "at dose", "IC50 warburg", "IC50 normal"))
for i = 1, math.min(top, #scores) do
  local s = scores[i]
  local function ic(x) return x == x and string.format("%.2f", x) or ">1" end
  print(string.format("%-4d %-14s %11.2f %9.2f %13s %13s", i, s.target, s.selectivity, s.best_dose,
                      ic(s.ic50.warburg), ic(s.ic50.normal)))
end
