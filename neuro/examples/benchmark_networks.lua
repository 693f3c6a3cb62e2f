-- The CUBA and COBA networks of Vogels & Abbott (2005) / Brette et al. (2007) exactly as
-- Brian2 2.5.1 builds them (shared/neuro/NETWORKS.md): N neurons, 80 % excitatory, p = 80/N
-- per ordered pair (autapses allowed), no delays, dt = 0.1 ms, refractory 5 ms.
-- Used by cuba.lua, coba.lua and energy_starvation.lua.
local M = {}

-- Arguments shared by the examples: n, duration (s), seed, threads (also "--threads N").
function M.arguments()
  local a = ergon.args
  local threads = a.threads
  for i = 1, #a do
    if a[i] == "--threads" then threads = tonumber(a[i + 1]) end
  end
  local function integer(name, value, min)
    local v = math.tointeger(tonumber(value))
    if v == nil or v < min then
      error(string.format("argument %s=%s: expected an integer >= %d", name, tostring(value), min), 0)
    end
    return v
  end
  local duration = tonumber(a.duration or 1.0)
  if duration == nil or duration <= 0 then
    error("argument duration=" .. tostring(a.duration) .. ": expected seconds > 0", 0)
  end
  return {
    n = integer("n", a.n or 4000, 80),  -- p = 80/n must be a probability
    duration = duration,
    seed = integer("seed", a.seed or 1, 0),
    threads = integer("threads", threads or 1, 1),
  }
end

-- CUBA: Brian2 examples/CUBA.py. ge, gi in mV; exact integration.
M.cuba = {
  neuron = {model = "lif", synapses = "current", tau_m = 20, tau_e = 5, tau_i = 10,
            e_l = -49, v_th = -50, v_reset = -60, t_ref = 5,
            init = {v_min = -60, v_max = -50}},
  we = 60 * 0.27 / 10,   -- 1.62 mV
  wi = -20 * 4.5 / 10,   -- -9.0 mV
}

-- COBA: Brette et al. (2007) Benchmark 1 with COBAHH.py's membrane and synapses.
-- ge, gi in nS; exponential Euler. Initial ge ~ N(40, 15) nS, gi ~ N(200, 120) nS.
M.coba = {
  neuron = {model = "lif", synapses = "conductance", c_m = 200, g_l = 10, e_l = -60,
            e_e = 0, e_i = -80, tau_e = 5, tau_i = 10, v_th = -50, v_reset = -60, t_ref = 5,
            init = {v_min = -60, v_max = -50, ge_mean = 40, ge_sd = 15, gi_mean = 200, gi_sd = 120}},
  we = 6,
  wi = 67,
}

function M.build(kind, args)
  local spec = M[kind]
  local net = ergon.neuro.network{dt = 0.1, seed = args.seed}
  local ne = math.floor(0.8 * args.n)
  local p = 80 / args.n
  for _, pop in ipairs{{"E", ne}, {"I", args.n - ne}} do
    local options = {name = pop[1], n = pop[2]}
    for k, v in pairs(spec.neuron) do options[k] = v end
    net:population(options)
  end
  for _, pre in ipairs{"E", "I"} do
    for _, post in ipairs{"E", "I"} do
      net:connect{source = pre, target = post, p = p,
                  receptor = pre == "E" and "exc" or "inh",
                  weight = pre == "E" and spec.we or spec.wi}
    end
  end
  return net
end

-- The report printed as JSON by the examples.
function M.report(kind, args, net, result, wall)
  local s = result:stats()
  local pops = {}
  for name, p in pairs(s.populations) do
    pops[name] = {rate_hz = p.mean_rate_hz, cv_isi = p.cv_isi_mean, cv_isi_median = p.cv_isi_median,
                  fraction_silent = p.fraction_silent, rate_sd_hz = p.rate_sd_hz,
                  median_rate_hz = p.median_rate_hz, spikes = p.spikes}
  end
  return {
    network = kind, n = args.n, duration_s = args.duration, seed = args.seed,
    threads = args.threads, spikes = s.spikes, synapses = s.synapses,
    bytes_per_synapse = s.bytes_per_synapse, synaptic_events = s.synaptic_events,
    populations = pops,
    window_s = {s.populations.E.window_start_ms / 1000, s.populations.E.window_end_ms / 1000},
    wall = {loop_s = s.loop_seconds, loop_cpu_s = s.loop_cpu_seconds, setup_s = s.setup_seconds,
            build_s = wall.build, total_s = wall.total},
  }
end

return M
