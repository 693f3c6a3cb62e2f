#!/usr/bin/env python3
"""Does eliminating conserved moieties save work? ergon with and without
--eliminate-conserved on the published models that have conservation laws, alternating runs.

usage: /usr/bin/python3 bench/kinetic/conservation_elimination.py [--repeats 5] [--ergon PATH]

Per model: laws eliminated, CVODE steps and right-hand-side evaluations (deterministic),
minimum wall time over the repeats of the whole `ergon simulate --no-validate` process, and the
largest relative difference between the two trajectories (values above 1e-6 in magnitude).
"""
import argparse, csv, io, pathlib, re, subprocess, time

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODELS = ROOT.parent / "shared" / "models" / "kinetic"
NAMES = ["BIOMD0000000014", "BIOMD0000000033", "hynne2001_glycolysis",
         "mulquiney1999_erythrocyte_bpg", "teusink2000_glycolysis",
         "winter2017_jolivet2015_brain_energy_ppp", "aubert2002_brain_electrical_metabolic",
         "shestov2014_warburg_glycolysis"]
STATS = re.compile(r"steps (\d+), rhs evaluations (\d+).*eliminated species (\d+)")


def run(ergon, model, eliminate):
    cmd = [ergon, "simulate", "--no-validate", "--stats", "--end", "100", "--points", "101",
           "--rtol", "1e-8", "--atol", "1e-10", str(model)]
    if eliminate:
        cmd.append("--eliminate-conserved")
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    steps, rhs, eliminated = map(int, STATS.search(done.stderr).groups())
    rows = list(csv.reader(io.StringIO(done.stdout)))
    return wall, steps, rhs, eliminated, [[float(x) for x in r] for r in rows[1:]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--ergon", default=str(ROOT / "build" / "release" / "ergon"))
    args = parser.parse_args()
    print(f"{'model':42} {'laws':>4} {'steps full/red':>15} {'rhs full/red':>15} "
          f"{'wall ms full/red':>17} {'ratio':>6} {'max rel diff':>12}")
    for name in NAMES:
        model = MODELS / f"{name}.xml"
        best = {False: float("inf"), True: float("inf")}
        result = {}
        for _ in range(args.repeats):
            for eliminate in (False, True):
                wall, steps, rhs, eliminated, rows = run(args.ergon, model, eliminate)
                best[eliminate] = min(best[eliminate], wall)
                result[eliminate] = (steps, rhs, eliminated, rows)
        full, red = result[False], result[True]
        diff = max((abs(a - b) / abs(a) for ra, rb in zip(full[3], red[3])
                    for a, b in zip(ra, rb) if abs(a) > 1e-6), default=0.0)
        print(f"{name:42} {red[2]:>4} {full[0]:>7}/{red[0]:<7} {full[1]:>7}/{red[1]:<7} "
              f"{best[False] * 1e3:>8.1f}/{best[True] * 1e3:<8.1f} "
              f"{best[False] / best[True]:>6.2f} {diff:>12.1e}")


if __name__ == "__main__":
    main()
