"""./run bench reads: exact rank reads at 10k, 100k and 1M players of one game.

For each size: a fresh `streamboard engine` (SQLite file in a temporary directory), then
sb-bench-reads loads the players (Ranks items + RankCounts node items, BatchWriteItem) and
measures, one call at a time through RankReader over the real client: rank (around 0), around
(k = 5) and top-100, and the obvious way (GetItem + a ByRank Query Select=COUNT of every key
before the player's, all pages), side by side; p50/p99 latency, requests and read units (as
the engine reports them, ReturnConsumedCapacity) per call. A second pass without the load
measures the steady state. Aims: rank p99 <= 2 ms at 1M, p99(1M) / p99(10k) <= 1.5.
SB_READS_BENCH_SIZES=10000,100000 limits the sizes. SB_READS_BENCH_IN_MEMORY=1 uses the
in-memory engine for every size instead of the SQLite file.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time


def _run(bin_dir, port, players, skip_load):
    argv = [os.path.join(bin_dir, "sb-bench-reads"), "--endpoint", f"http://127.0.0.1:{port}",
            "--players", str(players), "--samples", "2000", "--naive-samples",
            "200" if players <= 100000 else "20"]
    if skip_load:
        argv.append("--skip-load")
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"sb-bench-reads --players {players} failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _line(name, r):
    return (f"    {name:<10} p50 {r['p50_ms']:8.3f} ms  p99 {r['p99_ms']:8.3f} ms  "
            f"requests {r['requests_per_call']:6.2f}  read units {r['read_units_per_call']:9.2f}")


def bench_reads(build_dir):
    from bench import Server  # the engine server helper of bench.py
    bin_dir = os.path.join(build_dir, "bin")
    sizes = [int(s) for s in os.environ.get("SB_READS_BENCH_SIZES",
                                            "10000,100000,1000000").split(",")]
    results = {}
    for players in sizes:
        tmp = tempfile.mkdtemp(prefix="sb-bench-reads-")
        try:
            in_memory = os.environ.get("SB_READS_BENCH_IN_MEMORY") == "1"
            store = ["--in-memory"] if in_memory else ["--data-dir", os.path.join(tmp, "data")]
            argv = lambda p: [os.path.join(bin_dir, "streamboard"), "engine", "--port", str(p),
                              *store]
            with Server("streamboard", argv) as server:
                t0 = time.time()
                loaded = _run(bin_dir, server.port, players, skip_load=False)
                steady = _run(bin_dir, server.port, players, skip_load=True)
                print(f"  {players} players ({'in-memory' if in_memory else 'SQLite file'}): loaded {loaded['node_items']} node items in "
                      f"{loaded['load_s']:.1f} s (run {time.time() - t0:.0f} s)", flush=True)
                for name in ("rank", "around5", "top100", "naive_rank"):
                    print(_line(name, steady[name]), flush=True)
                print(f"    rank p99 vs the counting query: "
                      f"x{steady['naive_rank']['p99_ms'] / steady['rank']['p99_ms']:.1f} faster",
                      flush=True)
                results[players] = steady
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if 10000 in results and len(results) > 1:
        top = max(results)
        ratio = results[top]["rank"]["p99_ms"] / results[10000]["rank"]["p99_ms"]
        print(f"  rank p99 {top} / 10000: x{ratio:.2f} (aim <= 1.5); rank p99 at {top}: "
              f"{results[top]['rank']['p99_ms']:.3f} ms (aim <= 2)", flush=True)
