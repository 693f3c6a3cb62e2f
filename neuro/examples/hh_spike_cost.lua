-- ATP per action potential derived from the Hodgkin–Huxley model's own Na+ current
-- (Traub & Miles kinetics, 20 000 µm² compartment, as Brian2's COBAHH.py), compared with the
-- capacitive minimum C·ΔV/(3e) and Attwell & Laughlin's (2001) 3.84e8 ATP per AP.
--   ergon run neuro/examples/hh_spike_cost.lua [i_e=300] [duration=1] [dt=0.01]
local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
package.path = here .. "?.lua;" .. package.path
local json = require("json")

local a = ergon.args
local net = ergon.neuro.network{dt = a.dt or 0.01, seed = 1}
net:population{name = "hh", n = 1, model = "hh", i_e = a.i_e or 300, init = {v_min = -65, v_max = -65}}
local r = net:run{duration = (a.duration or 1) * 1000,
                  energy = {costs = {resting_per_s = 0}, feedback = {enabled = false}}}
local e = r:energy()
local spikes = r:stats().populations.hh.spikes
local per_spike = spikes > 0 and e.atp.spikes / spikes or 0
-- 200 pF × ~100 mV spike amplitude / elementary charge / 3 Na+ per ATP
local capacitive_minimum = 200e-12 * 0.1 / 1.602176634e-19 / 3
print(json.encode{
  spikes = spikes, rate_hz = spikes / (a.duration or 1),
  atp_per_spike_from_sodium = per_spike,
  ratio_to_capacitive_minimum = per_spike / capacitive_minimum,
  ratio_to_attwell_laughlin_2001 = per_spike / 3.84e8,
  joules_per_spike = e.joules_per_spike,
})
