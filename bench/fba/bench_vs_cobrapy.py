#!/usr/bin/python3
"""ergon vs COBRApy 0.26 (GLPK, processes=1) on the same machine in one run, alternating.

For each task: COBRApy's time is the analysis alone on an already loaded model (warm), ergon's
is the `seconds` its CLI reports for the analysis (model loading excluded), both single-threaded.
The last task is whole processes, load + first FBA, with ergon's model cache warm (a repeated
`ergon fba` on the same file; one untimed run fills the cache first). Prints a table and the
ratio COBRApy / ergon.
    /usr/bin/python3 bench/fba/bench_vs_cobrapy.py [--shared ../shared] [--repeats 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ERGON = os.path.join(ROOT, "build", "release", "ergon")

parser = argparse.ArgumentParser()
parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()
FBA = os.path.join(args.shared, "models", "fba")
IJO = os.path.join(FBA, "iJO1366.xml.gz")
CORE = os.path.join(FBA, "e_coli_core.xml")

COBRA = r'''
import sys, time, json, warnings
warnings.filterwarnings("ignore")
import cobra
from cobra.flux_analysis import flux_variability_analysis, single_gene_deletion, double_gene_deletion
task, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
m = cobra.io.read_sbml_model(path); m.solver = "glpk"
m.slim_optimize()
load = time.perf_counter() - t0
t0 = time.perf_counter()
if task == "fva1": flux_variability_analysis(m, fraction_of_optimum=1.0, processes=1)
elif task == "fva09": flux_variability_analysis(m, fraction_of_optimum=0.9, processes=1)
elif task == "single": single_gene_deletion(m, processes=1)
elif task == "double": double_gene_deletion(m, processes=1)
elif task == "fba": m.slim_optimize()
print(json.dumps({"load": load, "analysis": time.perf_counter() - t0}))
'''

TASKS = [
    ("FVA iJO1366, fraction 1.0", "fva1", IJO, ["fva", IJO, "--fraction", "1.0"]),
    ("FVA iJO1366, fraction 0.9", "fva09", IJO, ["fva", IJO, "--fraction", "0.9"]),
    ("all single gene deletions, iJO1366", "single", IJO, ["deletions", IJO, "--genes"]),
    ("all double gene deletions, e_coli_core", "double", CORE, ["deletions", CORE, "--genes", "--double"]),
    ("load + first FBA, iJO1366 (whole process)", "fba", IJO, ["fba", IJO]),
]


def run_cobra(task, path):
    env = dict(os.environ, PYTHONHASHSEED="0")
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/python3", "-c", COBRA, task, path], capture_output=True, text=True, env=env, check=True)
    whole = time.perf_counter() - start
    d = json.loads(out.stdout.strip().splitlines()[-1])
    return d["analysis"], whole


def run_ergon(command):
    start = time.perf_counter()
    out = subprocess.run([ERGON] + command + ["--json"], capture_output=True, text=True, check=True)
    whole = time.perf_counter() - start
    d = json.loads(out.stdout)
    return d.get("seconds", d["stats"]["solver_seconds"]), whole


# A cache of this bench's own, so that the user's is neither used nor touched.
CACHE = os.path.join(ROOT, "build", "release", "bench_model_cache")
os.environ["ERGON_CACHE_DIR"] = CACHE
for path in (IJO, CORE):
    subprocess.run([ERGON, "fba", path, "--json"], capture_output=True, check=True)

print(f"{'task':44s} {'COBRApy':>9s} {'ergon':>9s} {'ratio':>7s}   (median of {args.repeats}; seconds)")
for label, task, path, command in TASKS:
    c, e = [], []
    for _ in range(args.repeats):
        c.append(run_cobra(task, path))
        e.append(run_ergon(command))
    whole = task == "fba"
    ct = statistics.median(x[1 if whole else 0] for x in c)
    et = statistics.median(x[1 if whole else 0] for x in e)
    print(f"{label:44s} {ct:9.3f} {et:9.3f} {ct / et:6.1f}x")
    sys.stdout.flush()
