-- Logging basics: plain Lua tables and a streamed series into one HDF5 file.
-- Run: ergon run scripting/examples/logging_basics.lua out=basics.h5
local ergon = require "ergon"
local out = ergon.args.out or "logging_basics.h5"

local log = ergon.h5.open(out, "w")
log:attrs("/", {experiment = "logging basics"})

-- A table of named columns becomes a group of kind "table".
local substrate, rate = {}, {}
local vmax, km = 2.5, 0.4            -- illustrative Michaelis-Menten constants (mM/min, mM)
for i = 1, 20 do
  local s = 0.1 * i
  substrate[i] = s
  rate[i] = vmax * s / (km + s)
end
log:write("michaelis_menten", {substrate = substrate, rate = rate, vmax = vmax, km = km})

-- A plain array is a dataset; attributes go on it.
log:write("substrate_mM", substrate, {units = "mM"})

-- A streamed series: rows go to disk in chunks, memory stays bounded.
local decay = log:stream("decay", {"A"}, {k = 0.3, units = "mM"})
local p = ergon.progress(1000, "decay")
for i = 0, 999 do
  local t = 0.01 * i
  decay:append(t, {10 * math.exp(-0.3 * t)})
  p:step()
end
p:done()
log:close()
print(string.format("wrote %s", out))
