"""The connections benchmark: 10,000 stalled connections (each has sent half a request head and
then nothing) held open against Streamboard's engine and dynalite in turn, one server at a
time; meanwhile a legitimate request is timed on a fresh connection, and the server's resident
memory is read from /proc. The aims (docs/engine.md, "The HTTP server"): answered within
100 ms, and under 200 MB."""
import os
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STALLED = int(os.environ.get("SB_BENCH_STALLED", "10000"))
REQUEST = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
           b"X-Amz-Target: DynamoDB_20120810.ListTables\r\nX-Amz-Date: 20240101T000000Z\r\n"
           b"Authorization: AWS4-HMAC-SHA256 "
           b"Credential=bench/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, "
           b"Signature=0\r\nContent-Length: 2\r\n\r\n{}")


def _rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _timed_request(port):
    """Seconds from connect to the whole response of one ListTables on a fresh connection."""
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(REQUEST)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed before the response")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            body += s.recv(65536)
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(f"legitimate request refused: {head.splitlines()[0]!r}")
    return time.perf_counter() - t0


def _measure(argv, port):
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stalled = []
    try:
        deadline = time.time() + 20
        while True:
            try:
                _timed_request(port)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{argv[0]} did not start")
                time.sleep(0.05)
        idle_mb = _rss_mb(proc.pid)
        for i in range(STALLED):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Len")  # and then nothing
            stalled.append(s)
        time.sleep(0.5)
        times = [_timed_request(port) for _ in range(20)]
        return idle_mb, _rss_mb(proc.pid), max(times), sorted(times)[len(times) // 2]
    finally:
        for s in stalled:
            s.close()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench_connections(build_dir):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < STALLED + 1000:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, STALLED + 1000), hard))
    tmp = tempfile.mkdtemp(prefix="sb-bench-conns-")
    try:
        servers = [
            ("streamboard", lambda p: [os.path.join(build_dir, "bin", "streamboard"), "engine",
                                       "--port", str(p), "--data-dir", os.path.join(tmp, "sb")]),
            ("dynalite (baseline)", lambda p: [os.path.join(HERE, "node_modules", ".bin",
                                                            "dynalite"), "--port", str(p),
                                               "--path", os.path.join(tmp, "dyn")]),
        ]
        for name, argv in servers:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            idle, held, worst, p50 = _measure(argv(port), port)
            print(f"  {name:20} {STALLED:,} stalled connections: memory {idle:.0f} -> {held:.0f} MB"
                  f"   a legitimate request: p50 {p50 * 1e3:.2f} ms, worst of 20 {worst * 1e3:.2f} ms",
                  flush=True)
            if name == "streamboard":
                print(f"    aims: answered within 100 ms: {'met' if worst <= 0.1 else 'MISSED'};"
                      f" under 200 MB: {'met' if held < 200 else 'MISSED'}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
