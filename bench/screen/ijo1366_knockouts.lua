-- Benchmark screen: every gene of iJO1366 knocked out in two conditions (aerobic and anaerobic
-- glucose), readout growth. Run by bench/screen/run.sh.
local path = ergon.args.model or error("model=PATH to iJO1366.xml.gz required")
local base = ergon.load(path)
local anaerobic = base:clone()
anaerobic:bounds("EX_o2_e", 0, 1000)
return ergon.screen{
  name = "ijo1366_knockouts",
  out = ergon.args.out or "ijo1366_knockouts",
  conditions = {{name = "aerobic", model = base}, {name = "anaerobic", model = anaerobic}},
  targets = {genes = "all"},
  doses = {1.0},
  readouts = {"objective"},
}
