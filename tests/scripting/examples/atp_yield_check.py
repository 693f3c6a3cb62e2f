"""Checks scripting/examples/atp_yield.lua: ATP yields of the energy model, as logged."""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as f:
    expected = {"aerobic": 31.5, "anaerobic": 2.0}
    for condition, atp in expected.items():
        g = f[condition + "/pfba"]
        assert g.attrs["kind"] == "pfba" and g.attrs["status"] == "optimal"
        assert g.attrs["condition"] == condition
        assert g.attrs["model_id"] == "human_energy_metabolism"
        assert abs(g.attrs["objective"] - atp) < 1e-6, (condition, g.attrs["objective"])
        ids = list(g["reaction_ids"].asstr()[:])
        fluxes = dict(zip(ids, g["fluxes"][:]))
        assert len(ids) == g["fluxes"].shape[0] == 99
        assert abs(fluxes["R_ATPM"] - atp) < 1e-6
        assert abs(fluxes["R_EX_glc__D_e"] + 1) < 1e-9
        v = f[condition + "/fva"]
        assert v.attrs["kind"] == "fva" and v.attrs["fraction"] == 1.0
        assert list(v["reaction_ids"].asstr()[:]) == ["R_NADH2_u10m", "R_CYOOm", "R_ATPS4mi", "R_LDH_L"]
        assert np.all(v["minimum"][:] <= v["maximum"][:] + 1e-9)
    # Without oxygen all ATP comes from glycolysis and all pyruvate becomes lactate.
    an = f["anaerobic/pfba"]
    fl = dict(zip(an["reaction_ids"].asstr()[:], an["fluxes"][:]))
    assert abs(fl["R_EX_lac__L_e"] - 2) < 1e-6 and abs(fl["R_CYOOm"]) < 1e-9
    ae = f["aerobic/pfba"]
    fl = dict(zip(ae["reaction_ids"].asstr()[:], ae["fluxes"][:]))
    assert abs(fl["R_EX_o2_e"] + 6) < 1e-6, fl["R_EX_o2_e"]    # 6 O2 per glucose
    assert len(f["models"]) == 1
print("ok")
