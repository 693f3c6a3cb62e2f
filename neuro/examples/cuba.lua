-- CUBA benchmark network as Brian2 builds it; prints one JSON line with spike count,
-- rate / CV of ISI / silent fraction per population, synapse count and wall times.
-- energy=law adds the ATP budget with the built-in supply law, energy=kinetic with the kinetic
-- supply (pathways/human_energy_kinetic.xml); both with the default feedback.
--   ergon run neuro/examples/cuba.lua n=4000 duration=1 seed=1 threads=1 [log=out.h5]
--       [energy=none|law|kinetic]
local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
package.path = here .. "?.lua;" .. package.path
local networks = require("benchmark_networks")
local json = require("json")

local t0 = os.clock()
local args = networks.arguments()
local net = networks.build("cuba", args)
local t1 = os.clock()
local log = ergon.args.log and ergon.h5.open(ergon.args.log, "w") or nil
local energy = ergon.args.energy or "none"
local energy_options = ({
  none = false,
  law = {},
  kinetic = {supply = {model = here .. "../../pathways/human_energy_kinetic.xml"}},
})[energy]
if energy_options == nil then
  error("argument energy=" .. tostring(energy) .. ": expected none, law or kinetic", 0)
end
local result = net:run{duration = args.duration * 1000, threads = args.threads,
                       keep_spikes = log == nil, log = log, log_name = log and "cuba/spikes" or nil,
                       energy = energy_options or nil}
if log then
  log:write("cuba/run", result)
  log:close()
end
local report = networks.report("cuba", args, net, result, {build = t1 - t0, total = os.clock() - t0})
report.energy = energy
report.wall.metabolic_model_cpu_s = result:stats().metabolic_model_cpu_seconds
print(json.encode(report))
