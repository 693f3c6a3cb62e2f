#!/usr/bin/env bash
# Targets per second of an all-gene knockout screen of iJO1366 (two conditions) on 1 thread,
# 2 threads and 2 MPI ranks, and the parallel efficiency; checks the tables are identical.
#   usage: bash bench/screen/run.sh [SHARED_DIR]   (default ../shared)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${1:-$root/../shared}
ergon=$root/build/release/ergon
model=$shared/models/fba/iJO1366.xml.gz
spec=$root/bench/screen/ijo1366_knockouts.lua
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

run() {  # label, command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$label $(echo "$end - $start" | bc)"
}

targets=$(/usr/bin/python3 -c "import libsbml;d=libsbml.readSBMLFromFile('$model');print(d.getModel().getPlugin('fbc').getNumGeneProducts())")
t1=$(run "1 thread" "$ergon" screen -q --threads 1 --out "$work/t1" "$spec" model="$model" | awk '{print $NF}')
t2=$(run "2 threads" "$ergon" screen -q --threads 2 --out "$work/t2" "$spec" model="$model" | awk '{print $NF}')
m2=$(run "2 ranks" mpirun -n 2 --oversubscribe "$ergon" screen -q --out "$work/m2" "$spec" model="$model" | awk '{print $NF}')
/usr/bin/python3 "$root/tests/screen/compare_screens.py" "$work/t1" "$work/t2" "$work/m2" >/dev/null
python3 - "$targets" "$t1" "$t2" "$m2" <<'PY'
import sys
n, t1, t2, m2 = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"iJO1366 all-gene knockout screen, 2 conditions ({2*n} tasks), tables identical")
for label, t, p in (("1 thread", t1, 1), ("2 threads", t2, 2), ("2 MPI ranks", m2, 2)):
    print(f"  {label:12s} {t:7.2f} s  {n/t:7.1f} targets/s  efficiency {t1/(p*t):5.2f}")
print(f"  per task: {t1/(2*n)*1000:.2f} ms (1 thread, including model load and reference solves)")
PY
