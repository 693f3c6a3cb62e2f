"""Checks scripting/examples/consecutive_reactions.lua against the closed-form solution."""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as f:
    assert len(f["models"]) == 1, "the SBML text is stored once per file"
    sha = list(f["models"].keys())[0]
    for name, k1 in (("base", 0.5), ("fast_k1", 1.0)):
        g = f[name]
        assert g.attrs["kind"] == "timecourse"
        assert g.attrs["model_id"] == "consecutive"
        assert g.attrs["model_sha256"] == sha
        assert g.attrs["status"] == "success"
        assert g.attrs["points"] == 301 and g.attrs["t_end"] == 30.0
        assert g.attrs["k1"] == k1 and g.attrs["k2"] == 0.2
        names = list(g["names"].asstr()[:])
        assert names == ["A", "B", "C"], names
        t, v = g["time"][:], g["values"][:]
        assert v.shape == (301, 3) and t.shape == (301,)
        k2, a0 = 0.2, 10.0
        np.testing.assert_allclose(v[:, 0], a0 * np.exp(-k1 * t), rtol=1e-6, atol=1e-9)
        b = a0 * k1 / (k2 - k1) * (np.exp(-k1 * t) - np.exp(-k2 * t))
        np.testing.assert_allclose(v[:, 1], b, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(v.sum(axis=1), a0, rtol=1e-9)
    s, b = f["streamed"], f["base"]
    assert s.attrs["kind"] == "timecourse" and s.attrs["status"] == "success"
    assert s.attrs["model_sha256"] == sha and s["values"].shape == (301, 3)
    assert list(s["names"].asstr()[:]) == ["A", "B", "C"]
    np.testing.assert_array_equal(s["values"][:], b["values"][:])
    np.testing.assert_array_equal(s["time"][:], b["time"][:])
print("ok")
