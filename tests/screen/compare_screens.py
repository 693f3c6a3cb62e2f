"""Exits 0 when the screen tables (HDF5) and ranked CSVs of the given output prefixes are
identical: same rows, bit-identical values (NaN equal to NaN)."""
import sys

import h5py
import numpy as np

first, *others = sys.argv[1:]
with h5py.File(first + ".h5", "r") as f:
    ref = {k: f["screen"][k][:] for k in f["screen"].keys()}
    ref_fp = f["screen"].attrs["fingerprint"]
ref_csv = open(first + ".csv").read()
for other in others:
    with h5py.File(other + ".h5", "r") as f:
        g = f["screen"]
        assert g.attrs["fingerprint"] == ref_fp, other
        assert set(g.keys()) == set(ref), other
        for k, v in ref.items():
            w = g[k][:]
            same = (v == w).all() if v.dtype.kind == "O" else np.array_equal(v, w, equal_nan=True)
            assert same, f"{other}: column {k} differs"
    assert open(other + ".csv").read() == ref_csv, f"{other}.csv differs"
print("identical")
