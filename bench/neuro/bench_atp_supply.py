#!/usr/bin/python3
"""What the ATP budget and its kinetic supply cost: CUBA at N = 4000 for 1 s of biological time,
run by `ergon run neuro/examples/cuba.lua energy=<mode>` with

  none     no ATP budget (the Brian2 benchmark configuration),
  law      the ATP budget with the built-in supply law and the default feedback,
  kinetic  the ATP budget fed by pathways/human_energy_kinetic.xml (ergon::kinetic::Integrator
           stepped every 1 ms metabolic step with the network's demand), default feedback,

alternately R times, so all three see the same machine load. Reported: the loop CPU time
(std::clock, as bench_vs_brian2.py), minimum over repeats and median, and the ratios of the
minima; for the kinetic mode also the CPU time spent stepping the model (thread CPU time
around each step) and per metabolic step. The rows go between the neuro-atp-bench markers of
bench/README.md.

Usage (from the repository root, after building the release preset):
  /usr/bin/python3 bench/neuro/bench_atp_supply.py [--repeats 7]
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ap = argparse.ArgumentParser()
ap.add_argument('--repeats', type=int, default=7)
ap.add_argument('--n', type=int, default=4000)
ap.add_argument('--ergon', default=os.path.join(ROOT, 'build', 'release', 'ergon'))
ap.add_argument('--readme', default=os.path.join(ROOT, 'bench', 'README.md'))
args = ap.parse_args()

MODES = ['none', 'law', 'kinetic']
runs = {m: [] for m in MODES}
for _ in range(args.repeats):
    for mode in MODES:
        p = subprocess.run([args.ergon, 'run', os.path.join(ROOT, 'neuro', 'examples', 'cuba.lua'),
                            f'n={args.n}', 'duration=1', 'seed=1', 'threads=1', f'energy={mode}'],
                           capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS='1'))
        if p.returncode != 0:
            sys.exit(f'ergon failed ({mode}):\n{p.stderr}')
        runs[mode].append(json.loads(p.stdout))


def loop(mode):
    return [r['wall']['loop_cpu_s'] for r in runs[mode]]


def fmt(values):
    return f'{min(values):.4f} ({statistics.median(values):.4f})'


model = [r['wall']['metabolic_model_cpu_s'] for r in runs['kinetic']]
steps = 1000  # 1 s at the default 1 ms metabolic step
rates = {m: runs[m][0]['populations']['E']['rate_hz'] for m in MODES}
stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
rows = [
    f'Last run: {stamp}, {args.repeats} alternating repeats per mode, CUBA N = {args.n}, 1 s of '
    'biological time, seed 1, single thread. Loop CPU time in seconds: minimum over repeats '
    '(median in brackets).',
    '',
    '| mode | loop CPU | × none | × law | of which the kinetic model | per metabolic step | rate E (Hz) |',
    '|---|---|---|---|---|---|---|',
]
for mode in MODES:
    extra = (f'{fmt(model)} | {1e6 * min(model) / steps:.0f} µs ({1e6 * statistics.median(model) / steps:.0f} µs)'
             if mode == 'kinetic' else '— | —')
    rows.append(f'| {mode} | {fmt(loop(mode))} | {min(loop(mode)) / min(loop("none")):.1f} | '
                f'{min(loop(mode)) / min(loop("law")):.2f} | {extra} | {rates[mode]:.2f} |')
table = '\n'.join(rows)
print(table)

with open(args.readme) as f:
    text = f.read()
begin = '<!-- neuro-atp-bench:begin (written by bench/neuro/bench_atp_supply.py) -->'
end = '<!-- neuro-atp-bench:end -->'
if begin in text and end in text:
    text = re.sub(re.escape(begin) + '.*?' + re.escape(end), lambda _: f'{begin}\n{table}\n{end}',
                  text, flags=re.S)
    with open(args.readme, 'w') as f:
        f.write(text)
    print(f'updated {args.readme}')
else:
    print(f'markers not found in {args.readme}; table not written')
