"""Checks the file written by scripting/examples/logging_basics.lua."""
import math
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as f:
    for key in ("ergon_version", "git_commit", "created", "script", "args", "host"):
        assert key in f.attrs, key
    assert f.attrs["experiment"] == "logging basics"
    assert "logging_basics.lua" in f.attrs["script_path"]

    mm = f["michaelis_menten"]
    assert mm.attrs["kind"] == "table"
    assert list(mm.attrs["columns"]) == ["rate", "substrate"]
    s, v = mm["substrate"][:], mm["rate"][:]
    assert s.shape == (20,) and v.shape == (20,)
    np.testing.assert_allclose(v, 2.5 * s / (0.4 + s), rtol=1e-12)
    assert mm.attrs["vmax"] == 2.5 and mm.attrs["km"] == 0.4

    assert f["substrate_mM"].attrs["units"] == "mM"

    decay = f["decay"]
    assert decay.attrs["kind"] == "timecourse"
    assert list(decay["names"].asstr()[:]) == ["A"]
    assert decay["values"].shape == (1000, 1) and decay["time"].shape == (1000,)
    t = decay["time"][:]
    np.testing.assert_allclose(decay["values"][:, 0], 10 * np.exp(-0.3 * t), rtol=1e-12)
    assert decay["values"].compression == "gzip"
print("ok")
