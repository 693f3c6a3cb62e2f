-- Maximum ATP per glucose, aerobic and anaerobic, and the flux variability of the
-- respiratory chain, on ergon's energy-metabolism model; every result logged.
-- Run: ergon run scripting/examples/atp_yield.lua out=atp_yield.h5 [model=path.xml]
local ergon = require "ergon"
local out = ergon.args.out or "atp_yield.h5"
local here = arg[0]:match("^(.*)/scripting/examples/") or "."
local model = ergon.load(ergon.args.model or (here .. "/pathways/human_energy_metabolism.xml"))

local log = ergon.h5.open(out, "w")
local conditions = {aerobic = -1000, anaerobic = 0}   -- lower bound of O2 uptake
for _, name in ipairs({"aerobic", "anaerobic"}) do
  local m = model:clone()
  m:bounds("R_EX_glc__D_e", -1, 0)                    -- 1 mmol/gDW/h glucose
  m:bounds("R_EX_o2_e", conditions[name], 1000)
  local r = m:pfba()
  log:write(name .. "/pfba", r, {condition = name})
  log:write(name .. "/fva", m:fva{fraction = 1.0, reactions = {"R_NADH2_u10m", "R_CYOOm", "R_ATPS4mi", "R_LDH_L"}})
  print(string.format("%-9s ATP/glucose = %5.2f  O2 uptake = %5.2f  lactate = %4.2f", name, r.objective,
                      math.abs(r.fluxes.R_EX_o2_e or 0), r.fluxes.R_EX_lac__L_e or 0))
end
log:close()
