"""Checks the HDF5 file of the main job, pathways/experiments/energy_budget.lua."""
import sys

import h5py
import numpy as np

VARIANTS = ["normal", "warburg", "hypoxia", "complex_I_deficiency", "complex_IV_deficiency",
            "pdh_deficiency", "mtdna_heteroplasmy"]
with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["experiment"] == "energy_budget"
    for v in VARIANTS:
        g = f[f"variants/{v}/atp_max"]
        assert g.attrs["kind"] == "pfba" and g.attrs["status"] == "optimal", v
        assert g.attrs["variant"] == v
    s = f["summary"]
    assert s.attrs["kind"] == "table"
    names = list(s["variant"].asstr()[:])
    assert names[0] == "normal" and len(names) == len(VARIANTS)
    per_glucose = dict(zip(names, s["atp_per_glucose"][:]))
    assert abs(per_glucose["normal"] - 31.5) < 1e-6
    assert all(per_glucose[n] < 31.5 for n in names[1:]), per_glucose
    curve = f["heteroplasmy_threshold"]
    h, rel = curve["h"][:], curve["relative"][:]
    assert h.shape == (21,) and np.all(np.diff(rel) <= 1e-9), "ATP falls monotonically with mutant load"
    assert rel[h <= 0.55].min() > 0.99 and rel[h >= 0.9].max() < 0.5
    assert "growth" in f["variants/normal"] and "growth" in f["variants/warburg"]
print("ok")
