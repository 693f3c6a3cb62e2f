-- Energy starvation: a network whose neurons spend ATP, fed by a metabolic model; at cut= s
-- the supply is cut, ATP falls, K_ATP channels open (hyperpolarising, shunting) and the Na+/K+
-- pump slows (depolarising); with the default feedback the K_ATP effect wins and firing falls.
--
-- supply=kinetic (default): the kinetic model of glycolysis + oxidative phosphorylation
-- (pathways/human_energy_kinetic.xml) supplies the ATP, with the network's demand as its load;
-- at the cut a variant of pathways/variants is applied to the running model: `hypoxia`
-- (default; o2_level= fraction of normoxic O2, the variant's default 1 %) or a mitochondrial
-- defect (complex_I_deficiency, complex_IV_deficiency, pdh_deficiency with residual=;
-- mtdna_heteroplasmy with h=). intact=1 runs the same network without the cut (the control).
-- supply=law: the built-in supply law, switched to scale= (default 0) at the cut.
--
-- net=coba (default): Brette et al. 2007's COBA network, ≈ 20 Hz, ≈ 2.6 × the reference
-- demand of the kinetic model; net=cuba: CUBA, ≈ 5.6 Hz, ≈ 0.8 × (docs/neuro.md).
-- Prints JSON: firing rate and mean ATP per bin (and the model's [ATP] and production for the
-- kinetic supply), the time the rate first falls below half its pre-cut level, the report.
--   ergon run neuro/examples/energy_starvation.lua [supply=kinetic] [net=coba] [variant=hypoxia]
--       [o2_level=0.01] [residual=] [h=] [intact=1] [cut=2] [duration=6] [n=4000] [seed=1]
--       [bin=0.1] [katp=2] [pump_mv=4] [log=out.h5]
--   ergon run neuro/examples/energy_starvation.lua supply=law net=cuba cut=1 duration=3 [scale=0]
local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
package.path = here .. "?.lua;" .. package.path
local networks = require("benchmark_networks")
local json = require("json")

local a = ergon.args
local kinetic = (a.supply or "kinetic") == "kinetic"
if not kinetic and a.supply ~= "law" then
  error("argument supply=" .. tostring(a.supply) .. ": expected kinetic or law", 0)
end
local args = networks.arguments()
if a.duration == nil then args.duration = kinetic and 6.0 or 3.0 end
local cut = tonumber(a.cut or (kinetic and 2.0 or 1.0))
local bin = tonumber(a.bin or 0.1)
local intact = tostring(a.intact) == "1" or tostring(a.intact) == "true"
local net_name = a.net or "coba"
local net = networks.build(net_name, args)
local log = a.log and ergon.h5.open(a.log, "w") or nil

local supply
if kinetic then
  supply = {model = here .. "../../pathways/human_energy_kinetic.xml"}
  if not intact then
    supply.variant = a.variant or "hypoxia"
    supply.variant_params = {o2_level = tonumber(a.o2_level), residual = tonumber(a.residual),
                             h = tonumber(a.h)}
    supply.variant_at = cut * 1000
  end
else
  supply = {cut_at = intact and -1 or cut * 1000, cut_scale = tonumber(a.scale or 0)}
end
local result = net:run{
  duration = args.duration * 1000, threads = args.threads,
  energy = {
    supply = supply,
    feedback = {katp_g_max_rel = tonumber(a.katp or 2.0), pump_max_mv = tonumber(a.pump_mv or 4.0)},
  },
  trace = {0, args.n - 1},
}

-- Per-bin means of a trace column (rows at the end of each metabolic step).
local nbins = math.floor(args.duration / bin + 0.5)
local function binned(trace, column)
  local sum, count = {}, {}
  for b = 1, nbins do sum[b], count[b] = 0, 0 end
  for r, t in ipairs(trace.time) do
    local b = math.floor((t - 1e-9) / 1000 / bin) + 1
    if b <= nbins then sum[b], count[b] = sum[b] + trace.values[r][column], count[b] + 1 end
  end
  for b = 1, nbins do sum[b] = sum[b] / math.max(count[b], 1) end
  return sum
end

-- Population rate (all neurons) and mean ATP (E) per bin.
local times, _ = result:spikes()
local counts = {}
for b = 1, nbins do counts[b] = 0 end
for _, t in ipairs(times) do
  local b = math.floor(t / 1000 / bin) + 1
  if b <= nbins then counts[b] = counts[b] + 1 end
end
local rate = {}
for b = 1, nbins do rate[b] = counts[b] / (args.n * bin) end
local trace = result:atp_trace()
local atp = binned(trace, 1)
local metabolic = result:metabolic_trace()
local model_atp, model_production
if metabolic then
  model_atp = binned(metabolic, 1)
  model_production = binned(metabolic, 4)
end

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
  log:write("starvation", result, {cut_s = cut, supply = kinetic and "kinetic" or "law",
                                   network = net_name, variant = (kinetic and not intact) and supply.variant or "none"})
  log:close()
end
print(json.encode{
  n = args.n, network = net_name, supply = kinetic and "kinetic" or "law", intact = intact,
  variant = (kinetic and not intact) and supply.variant or nil,
  duration_s = args.duration, cut_s = cut, bin_s = bin, seed = args.seed,
  baseline_rate_hz = base, rate_hz = rate, mean_atp_e = atp,
  atp_initial = 1e10, half_rate_time_s = half_time or -1,  -- -1: never halved
  model_atp_mm = model_atp, model_atp_production_mm_per_s = model_production,
  energy = energy,
  stats = result:stats().populations,
})
