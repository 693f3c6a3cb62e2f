-- Song, Miller & Abbott (2000, Nat Neurosci 3:919): one conductance-based LIF neuron driven by
-- 1000 excitatory Poisson inputs with additive STDP and 200 fixed inhibitory ones, all at
-- 10 Hz. Competition between the synapses drives the weights towards a bimodal distribution
-- (most near 0 or near w_max). Parameters of the paper: tau_m 20 ms, V_rest -70 mV, V_th
-- -54 mV, V_reset -60 mV, E_ex 0 mV, E_in -70 mV, tau_ex = tau_in = 5 ms, g_max = 0.015 g_L
-- (excitatory, initial weights g_max), g_in = 0.05 g_L, A+ = 0.005, A-/A+ = 1.05,
-- tau+ = tau- = 20 ms. With g_L = 10 nS: w_max = 0.15 nS, inhibitory 0.5 nS.
--   ergon run neuro/examples/stdp_song2000.lua [duration=2000] [seed=1]
-- Result (seed 1, 2000 s, 2.4 s of loop): 31 % of the weights below 0.1 w_max, 40 % above
-- 0.9 w_max, the post rate falls from 172 Hz to 12 Hz (the paper's rate regulation).
local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
package.path = here .. "?.lua;" .. package.path
local json = require("json")

local a = ergon.args
local duration = a.duration or 2000
local net = ergon.neuro.network{dt = 0.1, seed = math.tointeger(a.seed or 1)}
net:population{name = "exc_in", n = 1000, model = "poisson", rate = 10}
net:population{name = "inh_in", n = 200, model = "poisson", rate = 10}
net:population{name = "post", n = 1, model = "lif", synapses = "conductance", c_m = 200, g_l = 10,
               e_l = -70, v_th = -54, v_reset = -60, t_ref = 0, e_e = 0, e_i = -70,
               tau_e = 5, tau_i = 5, init = {v_min = -70, v_max = -60}}
local w_max = 0.15
net:connect{source = "exc_in", target = "post", p = 1, weight = w_max,
            stdp = {rule = "additive", a_plus = 0.005, a_minus = 0.005 * 1.05,
                    tau_plus = 20, tau_minus = 20, w_max = w_max}}
net:connect{source = "inh_in", target = "post", p = 1, receptor = "inh", weight = 0.5}

-- Rate of the post neuron in the first and last 10 s, and the weight distribution at the end.
local r = net:run{duration = duration * 1000}
local t, n = r:spikes()
local first, last = 0, 0  -- the inputs are neurons 0..1199, the post neuron is 1200
for k = 1, #t do
  if n[k] == 1200 then
    if t[k] < 10000 then first = first + 1 end
    if t[k] >= (duration - 10) * 1000 then last = last + 1 end
  end
end
local w = net:weights(0)
local low, high = 0, 0
local hist = {}
for b = 1, 10 do hist[b] = 0 end
for _, x in ipairs(w) do
  if x < 0.1 * w_max then low = low + 1 end
  if x > 0.9 * w_max then high = high + 1 end
  local b = math.min(10, math.floor(x / w_max * 10) + 1)
  hist[b] = hist[b] + 1
end
print(json.encode{
  duration_s = duration, rate_first_10s_hz = first / 10, rate_last_10s_hz = last / 10,
  fraction_below_0_1_wmax = low / #w, fraction_above_0_9_wmax = high / #w,
  weight_histogram_10_bins = hist,
  loop_seconds = r:stats().loop_seconds,
})
