"""Streamboard benchmarks. Each benchmark runs Streamboard and a baseline side by side in one
run on this machine and reports ratios, so figures hold while the machine's speed drifts.

  engine    PutItem / GetItem / Query over HTTP keep-alive at concurrency 1 and 16, against
            Streamboard's engine (SQLite file, and in-memory) and dynalite (LevelDB, Node) as
            the baseline.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SECONDS = float(os.environ.get("SB_BENCH_SECONDS", "3"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


class Server:
    def __init__(self, name, argv_for_port):
        self.name = name
        self.argv_for_port = argv_for_port

    def __enter__(self):
        self.port = free_port()
        self.proc = subprocess.Popen(self.argv_for_port(self.port), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        wait_port(self.port, self.proc)
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def loadgen(bin_dir, port, op, concurrency, setup=False):
    argv = [os.path.join(bin_dir, "sb-loadgen"), "--port", str(port), "--op", op,
            "--concurrency", str(concurrency), "--seconds", str(SECONDS), "--keys", "10000"]
    if setup:
        argv.append("--setup")
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_engine(build_dir):
    bin_dir = os.path.join(build_dir, "bin")
    tmp = tempfile.mkdtemp(prefix="sb-bench-")
    servers = [
        ("streamboard (SQLite file)", lambda p: [os.path.join(bin_dir, "streamboard"), "engine",
                                                 "--port", str(p), "--data-dir",
                                                 os.path.join(tmp, "sb")]),
        ("streamboard (in-memory)", lambda p: [os.path.join(bin_dir, "streamboard"), "engine",
                                               "--port", str(p), "--in-memory"]),
        ("dynalite (baseline)", lambda p: [os.path.join(HERE, "node_modules", ".bin", "dynalite"),
                                           "--port", str(p), "--path", os.path.join(tmp, "dyn")]),
    ]
    results = {}
    try:
        for name, argv in servers:
            with Server(name, argv) as server:
                first = True
                for op in ("put", "get", "query"):
                    for conc in (1, 16):
                        r = loadgen(bin_dir, server.port, op, conc, setup=first)
                        first = False
                        results[(name, op, conc)] = r
                        print(f"  {name:28} {r['op']:8} c={conc:<3} {r['rps']:>9.0f} req/s"
                              f"  p50 {r['p50_us']:>8.1f} us  p99 {r['p99_us']:>8.1f} us",
                              flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = "dynalite (baseline)"
    print("\nratios against dynalite (throughput; higher is better):")
    for name, _ in servers[:2]:
        for op in ("put", "get", "query"):
            for conc in (1, 16):
                a, b = results[(name, op, conc)], results[(base, op, conc)]
                print(f"  {name:28} {a['op']:8} c={conc:<3} x{a['rps'] / b['rps']:.1f}")


BENCHES = {"engine": bench_engine}


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "all"
    build_dir = os.path.abspath(os.path.join(HERE, "..", sys.argv[2] if len(sys.argv) > 2 else "build-release"))
    names = list(BENCHES) if name == "all" else [name]
    for n in names:
        if n not in BENCHES:
            print(f"bench: unknown benchmark '{n}' (known: {', '.join(BENCHES)})", file=sys.stderr)
            return 2
        print(f"== {n}", flush=True)
        BENCHES[n](build_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
