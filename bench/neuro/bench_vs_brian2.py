#!/usr/bin/python3
"""ergon vs Brian2 2.5.1 cpp_standalone (single thread, no OpenMP) on CUBA/COBA, one script.

For each configuration Brian2's project is generated and compiled once by the shared driver
(/work/shared/neuro/brian2/bench.py; compile time is excluded from every comparison), then
the compiled ./main and `ergon run neuro/examples/<net>.lua` are run alternately R times, so
both see the same machine load. Reported per configuration, as ratios Brian2 / ergon:

  loop   Brian2's network-loop timer (std::clock(): CPU time without OpenMP) vs ergon's loop
         CPU time (std::clock() too); also ergon's loop wall time for reference;
  process  whole process: Brian2's ./main (synapse creation, initialisation, loop, writing
         results) vs the whole `ergon run` process (Lua start-up, network build, loop,
         statistics, JSON), both as wall time and as user+sys CPU time of the child.

The minimum over repeats is the headline (least disturbed by other tenants); the median is
given too. Usage (from the repository root, after building the release preset):
  /usr/bin/python3 bench/neuro/bench_vs_brian2.py [--repeats 5] [--configs cuba:4000,coba:4000,cuba:64000]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ap = argparse.ArgumentParser()
ap.add_argument('--repeats', type=int, default=5)
ap.add_argument('--configs', default='cuba:4000,coba:4000,cuba:64000')
ap.add_argument('--shared', default=os.path.join(ROOT, '..', 'shared'))
ap.add_argument('--ergon', default=os.path.join(ROOT, 'build', 'release', 'ergon'))
ap.add_argument('--workdir', default=os.path.join(tempfile.gettempdir(), 'ergon_neuro_bench'))
ap.add_argument('--out', default=os.path.join(HERE, 'last_results.json'))
args = ap.parse_args()
os.makedirs(args.workdir, exist_ok=True)
driver = os.path.join(args.shared, 'neuro', 'brian2', 'bench.py')


def timed(cmd, cwd=None):
    """Runs cmd; returns (stdout, wall s, user+sys CPU s, peak RSS MiB). Wall and CPU come from
    perf_counter and getrusage(RUSAGE_CHILDREN) deltas (µs resolution; /usr/bin/time's 10 ms is
    too coarse for 20-50 ms processes); the peak RSS from /usr/bin/time, which wraps both sides
    alike."""
    tf = os.path.join(args.workdir, 'time.txt')
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(['/usr/bin/time', '-f', '%M', '-o', tf] + cmd, cwd=cwd,
                       capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS='1'))
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f'failed: {cmd}\n{p.stderr}')
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    rss = float(open(tf).read().split()[-1]) / 1024
    return p.stdout, wall, cpu, rss


results = {'host_nproc': os.cpu_count(), 'repeats': args.repeats, 'date_utc':
           time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'configs': {}}
for cfg in args.configs.split(','):
    net, n = cfg.split(':')
    n = int(n)
    build = os.path.join(args.workdir, f'b2_{net}_{n}')
    b2json = os.path.join(args.workdir, f'b2_{net}_{n}.json')
    if not os.path.exists(os.path.join(build, 'main')):
        print(f'[{cfg}] generating and compiling Brian2 standalone (excluded from timings)...', flush=True)
        subprocess.run(['nice', '-n', '5', '/usr/bin/python3', driver, '--model', net, '--target',
                        'standalone', '--threads', '0', '--N', str(n), '--duration', '1',
                        '--seed', '1', '--builddir', build, '--out', b2json], check=True,
                       env=dict(os.environ, OMP_NUM_THREADS='1'))
    b2 = json.load(open(b2json))
    rows = []
    for r in range(args.repeats):
        _, b_wall, b_cpu, b_rss = timed(['./main'], cwd=build)
        b_loop = float(open(os.path.join(build, 'results', 'last_run_info.txt')).read().split()[0])
        out, e_wall, e_cpu, e_rss = timed([args.ergon, 'run', os.path.join(ROOT, 'neuro', 'examples', net + '.lua'),
                                    f'n={n}', 'duration=1', 'seed=1', 'threads=1'])
        e = json.loads(out)
        rows.append(dict(brian2_loop_cpu=b_loop, brian2_process_wall=b_wall, brian2_process_cpu=b_cpu,
                         ergon_loop_cpu=e['wall']['loop_cpu_s'], ergon_loop_wall=e['wall']['loop_s'],
                         ergon_process_wall=e_wall, ergon_process_cpu=e_cpu,
                         brian2_peak_rss_mib=b_rss, ergon_peak_rss_mib=e_rss,
                         ergon_spikes=e['spikes'], ergon_synapses=e['synapses'],
                         ergon_bytes_per_synapse=e['bytes_per_synapse']))
        print(f'[{cfg}] repeat {r + 1}: Brian2 loop {b_loop:.3f} s, process {b_wall:.3f} s wall; '
              f'ergon loop {rows[-1]["ergon_loop_cpu"]:.3f} s CPU, process {e_wall:.3f} s wall', flush=True)

    def agg(key, f):
        return f([row[key] for row in rows])

    summary = {}
    for key in rows[0]:
        summary[key] = {'min': agg(key, min), 'median': agg(key, statistics.median)}
    ratio = {}
    for a, b in [('loop_cpu', 'loop_cpu'), ('process_wall', 'process_wall'), ('process_cpu', 'process_cpu')]:
        per_run = [row['brian2_' + a] / row['ergon_' + b] for row in rows]
        ratio[a] = {'of_minima': summary['brian2_' + a]['min'] / summary['ergon_' + b]['min'],
                    'median_of_paired': statistics.median(per_run), 'min_paired': min(per_run),
                    'max_paired': max(per_run)}
    results['configs'][cfg] = dict(network=net, n=n, brian2_spikes=b2['total_spikes'],
                                   brian2_codegen_compile_s=b2['timings'].get('codegen_s', 0) +
                                   b2['timings'].get('compile_make_s', 0),
                                   brian2_synapses=b2['n_syn'], rows=rows, summary=summary, ratio=ratio)

json.dump(results, open(args.out, 'w'), indent=1)

# Markdown section for bench/README.md (between the markers).
lines = ['<!-- neuro-bench:begin (written by bench/neuro/bench_vs_brian2.py) -->',
         f'Last run: {results["date_utc"]}, {args.repeats} alternating repeats per row, 1 s of biological time, '
         'seed 1, single thread. Times in seconds: minimum over repeats (median in brackets). '
         'Ratios are Brian2 / ergon (> 1: ergon faster): "of minima" and the median of the per-repeat ratios.', '',
         '| network | N | synapses (ergon / Brian2) | spikes (ergon / Brian2) | Brian2 loop CPU | ergon loop CPU | loop ratio | '
         'Brian2 process wall | ergon process wall | process wall ratio | process CPU ratio | '
         'peak RSS MiB (Brian2 / ergon) | ergon B/synapse | Brian2 codegen+compile (excluded) |',
         '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|']
for cfg, c in results['configs'].items():
    s, r = c['summary'], c['ratio']

    def t(k):
        return f'{s[k]["min"]:.3f} ({s[k]["median"]:.3f})'

    def q(k):
        return f'**{r[k]["of_minima"]:.1f}×** ({r[k]["median_of_paired"]:.1f}×)'
    lines.append(f'| {c["network"].upper()} | {c["n"]} | {c["rows"][0]["ergon_synapses"]} / {c["brian2_synapses"]} | '
                 f'{c["rows"][0]["ergon_spikes"]} / {c["brian2_spikes"]} | {t("brian2_loop_cpu")} | {t("ergon_loop_cpu")} | '
                 f'{q("loop_cpu")} | {t("brian2_process_wall")} | {t("ergon_process_wall")} | {q("process_wall")} | '
                 f'{q("process_cpu")} | {s["brian2_peak_rss_mib"]["min"]:.1f} / {s["ergon_peak_rss_mib"]["min"]:.1f} | '
                 f'{c["rows"][0]["ergon_bytes_per_synapse"]:.2f} | {c["brian2_codegen_compile_s"]:.1f} s |')
lines.append('<!-- neuro-bench:end -->')
section = '\n'.join(lines)
readme = os.path.join(ROOT, 'bench', 'README.md')
text = open(readme).read() if os.path.exists(readme) else ''
b, e = '<!-- neuro-bench:begin', '<!-- neuro-bench:end -->'
if b in text and e in text:
    text = text[:text.index(b)] + section + text[text.index(e) + len(e):]
else:
    text += '\n' + section + '\n'
open(readme, 'w').write(text)
print(section)
