-- Energy starvation: the CUBA network with an ATP budget; at cut= s the ATP supply stops
-- (or drops to scale=). As ATP falls, K_ATP channels open (hyperpolarising, shunting) and the
-- Na+/K+ pump slows (depolarising); with the default feedback the K_ATP effect wins and the
-- network falls silent. Prints JSON: firing rate and mean ATP per bin, the time the rate first
-- falls below half its pre-cut level, and the energy report.
--   ergon run neuro/examples/energy_starvation.lua n=4000 duration=3 cut=1 seed=1
--       [scale=0] [katp=2] [pump_mv=4] [bin=0.1] [log=out.h5]
local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
package.path = here .. "?.lua;" .. package.path
local networks = require("benchmark_networks")
local json = require("json")

local a = ergon.args
local args = networks.arguments()
if a.duration == nil then args.duration = 3.0 end
local cut = a.cut or 1.0
local bin = a.bin or 0.1
local net = networks.build("cuba", args)
local log = a.log and ergon.h5.open(a.log, "w") or nil
local result = net:run{
  duration = args.duration * 1000, threads = args.threads,
  energy = {
    supply = {cut_at = cut * 1000, cut_scale = a.scale or 0},
    feedback = {katp_g_max_rel = a.katp or 2.0, pump_max_mv = a.pump_mv or 4.0},
  },
  trace = {0, args.n - 1},
}

-- Population rate (all neurons) and mean ATP (E) per bin.
local times, _ = result:spikes()
local nbins = math.floor(args.duration / bin + 0.5)
local counts = {}
for b = 1, nbins do counts[b] = 0 end
for _, t in ipairs(times) do
  local b = math.floor(t / 1000 / bin) + 1
  if b <= nbins then counts[b] = counts[b] + 1 end
end
local rate = {}
for b = 1, nbins do rate[b] = counts[b] / (args.n * bin) end
local trace = result:atp_trace()
local atp = {}
for b = 1, nbins do atp[b] = 0 end
local per_bin = {}
for r, t in ipairs(trace.time) do
  local b = math.floor((t - 1e-9) / 1000 / bin) + 1
  if b <= nbins then
    atp[b] = atp[b] + trace.values[r][1]
    per_bin[b] = (per_bin[b] or 0) + 1
  end
end
for b = 1, nbins do atp[b] = atp[b] / math.max(per_bin[b] or 1, 1) end

-- Baseline: the bins between 0.2 s (after the start-up transient) and the cut.
local base, nb = 0, 0
for b = 1, nbins do
  local t0 = (b - 1) * bin
  if t0 >= 0.2 and t0 + bin <= cut + 1e-9 then base, nb = base + rate[b], nb + 1 end
end
base = nb > 0 and base / nb or 0
local half_time = nil
for b = 1, nbins do
  local t0 = (b - 1) * bin
  if t0 >= cut - 1e-9 and rate[b] < 0.5 * base then half_time = t0; break end
end
local energy = result:energy()
if log then
  log:write("starvation", result, {cut_s = cut, cut_scale = a.scale or 0})
  log:close()
end
print(json.encode{
  n = args.n, duration_s = args.duration, cut_s = cut, bin_s = bin, seed = args.seed,
  baseline_rate_hz = base, rate_hz = rate, mean_atp_e = atp,
  atp_initial = 1e10, half_rate_time_s = half_time or -1,  -- -1: never halved
  energy = energy,
  stats = result:stats().populations,
})
