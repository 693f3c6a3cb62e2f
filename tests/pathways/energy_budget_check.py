"""Checks the HDF5 file of the main job, pathways/experiments/energy_budget.lua: the
stoichiometric model's variants and threshold curve, and the kinetic model's variants, load sweep
and threshold curve."""
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

    # The kinetic model: every variant as a time course and one row of the kinetic summary.
    for v in VARIANTS:
        g = f[f"variants/{v}/kinetic"]
        assert g.attrs["kind"] == "timecourse" and g.attrs["status"] == "success", v
        assert g.attrs["variant"] == v
    k = f["kinetic_summary"]
    assert k.attrs["kind"] == "table"
    knames = list(k["variant"].asstr()[:])
    assert knames[0] == "normal" and len(knames) == len(VARIANTS)
    col = {c: dict(zip(knames, k[c][:])) for c in k.attrs["columns"] if c != "variant"}
    assert all(col["steady"][n] == 1 for n in knames), col["steady"]
    normal = {c: col[c]["normal"] for c in col}
    assert 50 < normal["atp_adp"] < 300 and 150 < normal["dpsi"] < 180, normal
    assert col["lactate_fraction"]["warburg"] > 85 and col["o2_uptake"]["warburg"] < normal["o2_uptake"]
    for n in knames[1:]:
        assert col["atp_per_glucose"][n] < normal["atp_per_glucose"] - 1, (n, col["atp_per_glucose"][n])
        assert col["lactate"][n] > normal["lactate"], (n, col["lactate"][n])
    # Consistency (follows from the states): with Pi constant, dG'_ATP falls as ATP/ADP rises,
    # by RT ln of the ratio's change (2.479 kJ/mol at 298.15 K); the energy charge is in (0, 1].
    for n in knames[1:]:
        expected = -2.4790 * np.log(col["atp_adp"][n] / normal["atp_adp"])
        assert abs((col["dG_ATP"][n] - normal["dG_ATP"]) - expected) < 0.01, (n, col["dG_ATP"][n])
    assert all(0 < col["energy_charge"][n] <= 1 for n in knames), col["energy_charge"]
    lp = col["lactate_pyruvate"]
    assert lp["complex_I_deficiency"] > 25 and lp["pdh_deficiency"] < lp["normal"], lp
    sweep = f["kinetic_load_sweep"]
    rate, ratio = sweep["atp_rate"][:], sweep["atp_adp"][:]
    assert np.all(np.diff(ratio) < 0), "ATP/ADP falls with the load"
    top = rate.argmax()
    assert top > 0 and np.all(np.diff(rate[:top + 1]) > 0), "ATP production rises with the load up to saturation"
    # beyond saturation the flux sags slowly: ATP itself runs out for hexokinase and PFK
    assert rate[-1] > 0.8 * rate[top], "saturates rather than collapses within the swept range"
    kc = f["kinetic_heteroplasmy_threshold"]
    h, rel = kc["h"][:], kc["relative"][:]
    assert h.shape == (21,) and np.all(np.diff(rel) <= 1e-9)
    assert rel[h <= 0.4].min() > 0.98 and rel[h <= 0.5].min() > 0.93 and rel[h >= 0.9].max() < 0.3
print("ok")
