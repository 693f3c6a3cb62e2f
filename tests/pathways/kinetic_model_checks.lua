-- The kinetic model pathways/human_energy_kinetic.xml (issue "Pathways", point 2): a steady
-- state with physiological ATP/ADP and membrane potential, conserved pools, the anaerobic yield
-- of glycolysis, and a load sweep in which the ATP flux rises with the load until supply
-- saturates while ATP/ADP falls. Targets and their sources: pathways/README.md.
local root = ergon.args.root
package.path = root .. "/pathways/?.lua;" .. root .. "/pathways/?/init.lua;" .. package.path
local variants = require "variants"
local base = ergon.load(root .. "/pathways/human_energy_kinetic.xml")

local function steady(m)
  local s = variants.kinetic_steady_state(m)
  assert(s.ok, "simulation failed: " .. tostring(s.status) .. " " .. tostring(s.message))
  assert(s.steady, "no steady state (drift " .. tostring(s.drift) .. ")")
  return s
end

local function fmt(s)
  return string.format("ATP/ADP %.1f, dpsi %.1f mV, ATP %.4f mM/s", s.atp_adp, s.dpsi, s.atp_rate)
end

-- Resting state: free cytosolic ATP/ADP of order 100 (Wu et al. 2007 resting muscle 119;
-- Shestov et al. 2014 165), membrane potential 150-180 mV (Wu et al. 2007: 167 mV), cytosolic
-- NAD+/NADH in the hundreds (Williamson et al. 1967: ~700), lactate a minor fate of glucose.
local s = steady(base)
assert(s.atp_adp > 50 and s.atp_adp < 300, "resting ATP/ADP: " .. fmt(s))
assert(s.dpsi > 150 and s.dpsi < 180, "resting potential: " .. fmt(s))
assert(s.nad / s.nadh > 100, "cytosolic NAD+/NADH " .. s.nad / s.nadh)
assert(s.lactate_fraction < 0.3, "resting lactate carbon fraction " .. s.lactate_fraction)
assert(s.oxidative_fraction > 0.8, "resting oxidative ATP fraction " .. s.oxidative_fraction)
assert(s.atp_per_glucose > 20, "resting ATP per glucose " .. s.atp_per_glucose)
-- Conserved moieties: the cytosolic adenine pool (3 mM) and the matrix NAD pool (2.97 mM).
assert(math.abs(s.atp + s.adp + s.amp - 3.0) < 1e-6, "adenine pool " .. s.atp + s.adp + s.amp)
assert(math.abs(s.nadh_m + s.nad_m - 2.97) < 1e-6, "matrix NAD pool " .. s.nadh_m + s.nad_m)
-- Steady state: ATP production equals the demand k_load * ATP.
assert(math.abs(s.atp_rate - base:get("k_load") * s.atp) < 1e-6 * s.atp_rate, "ATP balance")

-- The same steady state from other starting states (energy-depleted; over-reduced matrix at
-- high potential; piled-up intermediates): no second, ATP-depleted attractor at rest.
for _, start in ipairs({{atp = 1.5, adp = 1.0, amp = 0.5, dpsi = 100},
                        {atp = 2.99, adp = 0.01, dpsi = 190, nadh_m = 2.77, nad_m = 0.2},
                        {pyr = 2, g6p = 2, fbp = 1}}) do
  local m = base:clone()
  for id, v in pairs(start) do m:set(id, v) end
  local o = steady(m)
  assert(math.abs(o.atp_rate - s.atp_rate) < 1e-6 * s.atp_rate and math.abs(o.atp_adp - s.atp_adp) < 1e-3 * s.atp_adp,
         "another steady state: " .. fmt(o))
end

-- Without functional mitochondria (f_mt = 0) glycolysis alone yields 2 ATP per glucose.
local g = base:clone(); g:set("f_mt", 0)
local gs = steady(g)
assert(math.abs(gs.atp_per_glucose - 2) < 0.01, "anaerobic glycolysis yield " .. gs.atp_per_glucose)
assert(gs.lactate_fraction > 0.99, "anaerobic lactate fraction " .. gs.lactate_fraction)

-- Load sweep: ATP production rises with the load while ATP/ADP and the potential fall, until the
-- mitochondrial supply (respiratory chain fed by PDH and the NADH shuttle) and glycolysis
-- saturate; beyond that ATP/ADP collapses and the flux sags (ATP runs out for HK and PFK).
local loads = {0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.07, 0.1}
local sweep = {}
for i, k in ipairs(loads) do
  local m = base:clone(); m:set("k_load", k)
  sweep[i] = steady(m)
end
for i = 2, 5 do
  assert(sweep[i].atp_rate > 1.2 * sweep[i - 1].atp_rate, "flux rises with the load at k = " .. loads[i] .. ": " .. fmt(sweep[i]))
end
for i = 2, #loads do
  assert(sweep[i].atp_adp < sweep[i - 1].atp_adp, "ATP/ADP falls at k = " .. loads[i])
  assert(sweep[i].dpsi < sweep[i - 1].dpsi + 1e-9, "potential falls at k = " .. loads[i])
end
local top = 0
for i = 1, #loads do top = math.max(top, sweep[i].atp_rate) end
-- Saturation: 40 % and 100 % more load than at k = 0.05 gain nothing.
for i = 7, 8 do
  assert(sweep[i].atp_rate < 1.01 * sweep[6].atp_rate and sweep[i].atp_rate > 0.85 * top,
         string.format("no saturation at k = %g: %.4f vs %.4f", loads[i], sweep[i].atp_rate, sweep[6].atp_rate))
  assert(sweep[i].J_ATP_ox < 1.01 * sweep[6].J_ATP_ox, "oxidative ATP saturates")
end
assert(sweep[8].atp_adp < 2, "above saturation ATP/ADP collapses: " .. fmt(sweep[8]))
assert(top > 2.5 * s.atp_rate, "capacity over the resting flux: " .. top / s.atp_rate)
print(string.format("kinetic model checks passed: rest %s; max ATP %.4f mM/s", fmt(s), top))
