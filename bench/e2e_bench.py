"""bench e2e: the whole pipeline under `streamboard up` (engine + stream + trigger + function),
driven by `streamboard simulate`, which checks every board against the table at the end and
measures write-to-board latency (bench.py's BENCHES["e2e"]).

  sustained   the highest simulate rate (writes/s, i.e. score events/s) at which the run
              achieves >= 90% of the asked rate, exits 0 (every board exact) and the boards are
              exact within 2 s of the last write (the pipeline kept up rather than caught up)
  latency     write-to-board p50 / p99 at 1,000 writes/s

Baseline: the same runs against `up --batch-size 1` (one function invocation per record).
Environment: SB_BENCH_SECONDS (duration of each run, default 5), SB_BENCH_E2E_RATES (the
rates to try, comma-separated, default 1000,2000,3000,4000,5000,6000,8000).
"""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time

SECONDS = float(os.environ.get("SB_BENCH_SECONDS", "5"))
RATES = [int(r) for r in os.environ.get("SB_BENCH_E2E_RATES", "1000,2000,3000,4000,5000,6000,8000").split(",")]
ENV = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
           AWS_REGION="us-east-1")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Up:
    def __init__(self, bin_dir, extra):
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [os.path.join(bin_dir, "streamboard"), "up", "--in-memory", "--port", str(self.port),
             "--web-port", "0", *extra], stdout=self.log, stderr=subprocess.STDOUT, env=ENV)
        deadline = time.time() + 30
        while True:
            self.log.seek(0)
            if b"streamboard up: ready" in self.log.read():
                break
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("streamboard up did not start")
            time.sleep(0.05)
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def close(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _simulate(bin_dir, endpoint, rate, prefix, sample):
    argv = [os.path.join(bin_dir, "streamboard"), "simulate", "--endpoint-url", endpoint,
            "--rate", str(rate), "--duration", f"{SECONDS}s", "--threads", "16",
            "--players", "500", "--games", "5", "--prefix", prefix, "--settle", "30s",
            "--latency-sample", str(sample), "--seed", "42"]
    out = subprocess.run(argv, capture_output=True, text=True, env=ENV)
    text = out.stdout
    wrote = re.search(r"wrote (\d+) in ([\d.]+)s", text)
    lat = re.search(r"p50 ([\d.]+) ms\s+p95 ([\d.]+) ms\s+p99 ([\d.]+) ms", text)
    settle = re.search(r"boards: all \d+ exact after ([\d.]+)s", text)
    achieved = int(wrote.group(1)) / float(wrote.group(2)) if wrote else 0.0
    return {"ok": out.returncode == 0, "achieved": achieved,
            "p50": float(lat.group(1)) if lat else float("nan"),
            "p99": float(lat.group(3)) if lat else float("nan"),
            "settle": float(settle.group(1)) if settle else float("nan")}


def _measure(bin_dir, label, extra):
    up = _Up(bin_dir, extra)
    try:
        lat = _simulate(bin_dir, up.endpoint, 1000, "lat", 1.0)
        print(f"  {label}: 1,000 writes/s (achieved {lat['achieved']:.0f}/s): "
              f"{'exact' if lat['ok'] else 'NOT EXACT'}, "
              f"p50 {lat['p50']:.1f} ms, p99 {lat['p99']:.1f} ms", flush=True)
        best = 0.0
        for i, rate in enumerate(RATES):
            r = _simulate(bin_dir, up.endpoint, rate, f"s{i}", 0.05)
            sustained = r["ok"] and r["achieved"] >= 0.9 * rate and r["settle"] <= 2.0
            print(f"  {label}: asked {rate}/s, achieved {r['achieved']:.0f}/s, "
                  f"{'exact' if r['ok'] else 'NOT EXACT'}, settled in {r['settle']:.1f}s"
                  f"{'' if sustained else '  (not sustained)'}", flush=True)
            if not sustained:
                break
            best = max(best, r["achieved"])
        return {"lat": lat, "sustained": best}
    finally:
        up.close()


def bench_e2e(build_dir):
    bin_dir = os.path.join(build_dir, "bin")
    sb = _measure(bin_dir, "streamboard up (BatchSize 100)", [])
    base = _measure(bin_dir, "baseline (BatchSize 1)", ["--batch-size", "1"])

    def ratio(a, b):
        return a / b if b else float("inf")
    print(f"  sustained events/s, boards exact: {sb['sustained']:.0f} vs {base['sustained']:.0f}"
          f" (x{ratio(sb['sustained'], base['sustained']):.2f})")
    print(f"  write->board at 1,000/s: p50 {sb['lat']['p50']:.1f} vs {base['lat']['p50']:.1f} ms"
          f" (x{ratio(base['lat']['p50'], sb['lat']['p50']):.2f} faster), "
          f"p99 {sb['lat']['p99']:.1f} vs {base['lat']['p99']:.1f} ms"
          f" (x{ratio(base['lat']['p99'], sb['lat']['p99']):.2f} faster)")
