"""Streamboard benchmarks. Each benchmark runs Streamboard and a baseline side by side in one
run on this machine and reports ratios, so figures hold while the machine's speed drifts.

  engine    PutItem, GetItem, Query, UpdateItem, DeleteItem and BatchWriteItem over HTTP
            keep-alive at 8 and 32 connections (PutItem at 1 too), on a table with a stream
            (NEW_AND_OLD_IMAGES), against Streamboard's engine (SQLite file; in-memory too with
            SB_BENCH_IN_MEMORY=1) and dynalite (LevelDB, Node) as the baseline, with the ratios
            against the aims. Each operation runs SB_BENCH_ROUNDS times (default 3) on every
            engine in turn, after an untimed one-second warm-up on each (DeleteItem has
            none); the median run is reported, with the range of the runs.
  streams   write-to-readable latency through GetRecords at 2,000 writes/s; GetRecords at
            the tail of a shard vs its head.
  connections  10,000 stalled connections held open: server memory, and how fast a legitimate
            request is still answered (connections_bench.py).
"""
import json
import multiprocessing
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
# engine: runs of each operation per engine; the median is reported (SB_BENCH_ROUNDS).
ROUNDS = max(1, int(os.environ.get("SB_BENCH_ROUNDS", "3")))


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


def loadgen(bin_dir, port, op, concurrency, setup=False, seconds=None):
    argv = [os.path.join(bin_dir, "sb-loadgen"), "--port", str(port), "--op", op,
            "--concurrency", str(concurrency), "--seconds", str(seconds or SECONDS),
            "--keys", "10000"]
    if setup:
        argv.append("--setup")
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"sb-loadgen --op {op} -c {concurrency} failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# (op, connections) measured on every engine, in this order (delete runs on its own items).
ENGINE_RUNS = [("put", 1), ("put", 8), ("put", 32), ("get", 8), ("get", 32), ("query", 8),
               ("query", 32), ("update", 8), ("update", 32), ("delete", 8), ("delete", 32),
               ("batch", 8), ("batch", 32)]
# The aims: throughput ratio against dynalite in the same run (docs/engine.md, "Performance").
ENGINE_AIMS = {"put": 5.0, "get": 8.0, "query": 10.0}


def bench_engine(build_dir):
    bin_dir = os.path.join(build_dir, "bin")
    tmp = tempfile.mkdtemp(prefix="sb-bench-")
    servers = [
        ("streamboard (SQLite file)", lambda p: [os.path.join(bin_dir, "streamboard"), "engine",
                                                 "--port", str(p), "--data-dir",
                                                 os.path.join(tmp, "sb")]),
    ]
    if os.environ.get("SB_BENCH_IN_MEMORY"):
        servers.append(("streamboard (in-memory)", lambda p: [
            os.path.join(bin_dir, "streamboard"), "engine", "--port", str(p), "--in-memory"]))
    servers.append(("dynalite (baseline)", lambda p: [
        os.path.join(HERE, "node_modules", ".bin", "dynalite"), "--port", str(p), "--path",
        os.path.join(tmp, "dyn")]))
    results = {}
    # All engines run at once, idle but for the one measured, and each run goes to every engine
    # in turn: a machine whose speed drifts (other work, thermal) moves both sides of a ratio.
    started = []
    try:
        for name, argv in servers:
            started.append((name, Server(name, argv).__enter__()))
        for name, server in started:
            r = loadgen(bin_dir, server.port, "put", 8, setup=True)
            print(f"  {name}: the table {'has' if r['stream'] else 'has NO'} stream"
                  " (DescribeTable's LatestStreamArn)", flush=True)
        for op, conc in ENGINE_RUNS:
            # ROUNDS runs per engine, alternating, and the median of each: one run on this
            # machine can be 10-20% off its neighbours (and dynalite speeds up as its JIT warms).
            runs = {name: [] for name, _ in started}
            if op != "delete":  # (a delete run first preloads the items it deletes)
                # An untimed second of the same load on each engine first: what the previous
                # operation left behind (a JIT tuned to it, freshly closed connections, a
                # checkpoint) settles here instead of in the first measured run.
                for _, server in started:
                    loadgen(bin_dir, server.port, op, conc, seconds=1)
            for _ in range(ROUNDS):
                for name, server in started:
                    runs[name].append(loadgen(bin_dir, server.port, op, conc))
            for name, _ in started:
                ordered = sorted(runs[name], key=lambda r: r["rps"])
                r = ordered[len(ordered) // 2]
                results[(name, op, conc)] = r
                extra = f"  ({r['items_per_s']:,.0f} items/s)" if op == "batch" else ""
                spread = ("" if len(ordered) == 1 else
                          f"  [runs {ordered[0]['rps']:,.0f}..{ordered[-1]['rps']:,.0f}]")
                print(f"  {name:28} {r['op']:14} c={conc:<3} {r['rps']:>9,.0f} req/s"
                      f"  p50 {r['p50_us']:>8.1f} us  p99 {r['p99_us']:>8.1f} us{extra}{spread}",
                      flush=True)
    finally:
        for _, server in reversed(started):
            server.__exit__(None, None, None)
        shutil.rmtree(tmp, ignore_errors=True)
    base = servers[-1][0]
    print("\nratios against dynalite (throughput; higher is better; stream enabled):")
    for name, _ in servers[:-1]:
        for op, conc in ENGINE_RUNS:
            a, b = results[(name, op, conc)], results[(base, op, conc)]
            ratio = a["rps"] / b["rps"]
            aim = ENGINE_AIMS.get(op)
            verdict = "" if aim is None or conc == 1 else (
                f"   aim x{aim:g}: {'met' if ratio >= aim else 'MISSED'}")
            print(f"  {name:28} {a['op']:14} c={conc:<3} {a['rps']:>9,.0f} vs {b['rps']:>8,.0f}"
                  f"  x{ratio:.1f}{verdict}")


class DdbConn:
    """One keep-alive connection speaking DynamoDB's JSON 1.0 protocol (unsigned, as local
    engines accept by default)."""

    def __init__(self, port):
        import http.client
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.connect()
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def call(self, target, body):
        data = json.dumps(body)
        self.conn.request("POST", "/", body=data, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target,
            "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20240101/us-east-1/dynamodb/"
                             "aws4_request, SignedHeaders=host, Signature=0"})
        resp = self.conn.getresponse()
        out = json.loads(resp.read())
        if resp.status != 200:
            raise RuntimeError(f"{target}: {out}")
        return out


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] if values else float("nan")


def _stream_reader(port, it, total, deadline, out):
    """In its own process: polls GetRecords back to back from `it` until `total` records are
    read (or the deadline passes); sends {n: time first readable}."""
    reader = DdbConn(port)
    seen = {}
    while len(seen) < total and time.perf_counter() < deadline:
        page = reader.call("DynamoDBStreams_20120810.GetRecords", {"ShardIterator": it})
        now = time.perf_counter()
        for r in page["Records"]:
            seen.setdefault(int(r["dynamodb"]["NewImage"]["n"]["N"]), now)
        it = page["NextShardIterator"]
    out.send(seen)


def _stream_writer(port, first, step, total, rate, start, out):
    """In its own process: PutItem n = first, first + step, ... below total, each at
    start + n / rate; sends {n: (sent, acknowledged)}."""
    conn = DdbConn(port)
    times = {}
    for i in range(first, total, step):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sent = time.perf_counter()
        conn.call("DynamoDB_20120810.PutItem", {"TableName": "BenchStream", "Item": {
            "pk": {"S": f"player{i % 1000}"}, "n": {"N": str(i)},
            "Score": {"N": str(i * 7 % 100000)}}})
        times[i] = (sent, time.perf_counter())
    out.send(times)


def bench_streams(build_dir):
    """Write-to-readable latency under a steady 2,000 writes/s (two writer processes paced on
    one schedule, a reader process polling GetRecords back to back from LATEST), against the floor of one loopback
    round trip (an empty GetRecords poll); then GetRecords throughput draining the tail of a
    shard vs its head, which must cost the same."""
    bin_dir = os.path.join(build_dir, "bin")
    tmp = tempfile.mkdtemp(prefix="sb-bench-streams-")
    rate = float(os.environ.get("SB_BENCH_STREAM_RATE", "2000"))
    argv = lambda p: [os.path.join(bin_dir, "streamboard"), "engine", "--port", str(p),
                      "--data-dir", os.path.join(tmp, "sb")]
    try:
        with Server("streamboard", argv) as server:
            ddb = DdbConn(server.port)
            ddb.call("DynamoDB_20120810.CreateTable", {
                "TableName": "BenchStream", "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}})
            arn = ddb.call("DynamoDB_20120810.DescribeTable",
                           {"TableName": "BenchStream"})["Table"]["LatestStreamArn"]
            shard = ddb.call("DynamoDBStreams_20120810.DescribeStream", {"StreamArn": arn})[
                "StreamDescription"]["Shards"][0]["ShardId"]

            def iterator(conn, kind, seq=None):
                req = {"StreamArn": arn, "ShardId": shard, "ShardIteratorType": kind}
                if seq:
                    req["SequenceNumber"] = seq
                return conn.call("DynamoDBStreams_20120810.GetShardIterator", req)["ShardIterator"]

            reader = DdbConn(server.port)
            # The floor: one empty poll at the tail is one loopback round trip.
            it = iterator(reader, "LATEST")
            rtts = []
            for _ in range(500):
                t0 = time.perf_counter()
                it = reader.call("DynamoDBStreams_20120810.GetRecords",
                                 {"ShardIterator": it})["NextShardIterator"]
                rtts.append(time.perf_counter() - t0)

            # The reader and each writer are processes of their own: threads of one Python
            # process wait for each other's GIL, which would add its switch interval (ms) to
            # the latency measured. time.perf_counter() is CLOCK_MONOTONIC, one clock for all.
            ctx = multiprocessing.get_context("fork")
            total = int(rate * SECONDS)
            start = time.perf_counter() + 0.5  # the writers' schedule begins once all are up
            reader_out, reader_in = ctx.Pipe(duplex=False)
            reader_proc = ctx.Process(target=_stream_reader, args=(
                server.port, iterator(reader, "LATEST"), total, start + SECONDS + 30, reader_in))
            reader_proc.start()
            writer_pipes, writer_procs = [], []
            for w in range(2):  # two writers on one schedule, so one slow write delays no other
                out, into = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_stream_writer,
                                   args=(server.port, w, 2, total, rate, start, into))
                proc.start()
                writer_pipes.append(out)
                writer_procs.append(proc)
            times = {}
            for out in writer_pipes:
                times.update(out.recv())
            achieved = total / (max(acked for _, acked in times.values()) - start)
            seen = reader_out.recv()
            for proc in writer_procs + [reader_proc]:
                proc.join()
            latencies = [seen[n] - times[n][0] for n in seen]
            # Seen before the writer had its answer: readable at the acknowledgement.
            after_ack = [max(0.0, seen[n] - times[n][1]) for n in seen]
            write_rtts = [acked - sent for sent, acked in times.values()]
            floor = percentile(rtts, 50)
            p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
            print(f"  writes: {achieved:,.0f}/s achieved of {rate:,.0f}/s; records read {len(latencies)}")
            print(f"  write-to-readable latency  p50 {p50 * 1e3:7.2f} ms   p99 {p99 * 1e3:7.2f} ms"
                  f"   (from sending the PutItem; the PutItem itself takes p50 "
                  f"{percentile(write_rtts, 50) * 1e3:.2f} ms)")
            a50, a99 = percentile(after_ack, 50), percentile(after_ack, 99)
            print(f"  readable after the acknowledgement  p50 {a50 * 1e3:7.2f} ms   p99 {a99 * 1e3:7.2f} ms"
                  f"   (aim: p99 <= 1 ms: {'met' if a99 <= 0.001 else 'MISSED'})")
            print(f"  loopback round trip (empty GetRecords) p50 {floor * 1e3:7.2f} ms")
            print(f"  ratio p50 latency / round trip: x{p50 / floor:.1f}", flush=True)

            # Tail vs head: fill the shard, then drain 20,000 records at each end.
            batch = []
            for i in range(total, 100_000):
                batch.append({"PutRequest": {"Item": {"pk": {"S": f"fill{i}"}, "n": {"N": str(i)}}}})
                if len(batch) == 25:
                    ddb.call("DynamoDB_20120810.BatchWriteItem", {"RequestItems": {"BenchStream": batch}})
                    batch = []

            def drain_rate(it, count):
                got, t0 = 0, time.perf_counter()
                while got < count:
                    page = reader.call("DynamoDBStreams_20120810.GetRecords",
                                       {"ShardIterator": it, "Limit": 1000})
                    got += len(page["Records"])
                    if not page["Records"]:
                        break
                    it = page["NextShardIterator"]
                return got / (time.perf_counter() - t0), got

            drain_rate(iterator(reader, "TRIM_HORIZON"), 20_000)  # warm caches first
            head_rate, head_n = drain_rate(iterator(reader, "TRIM_HORIZON"), 20_000)
            # The tail: the last 20,000 records, found from the 80,000th by paging to it.
            it, skipped = iterator(reader, "TRIM_HORIZON"), 0
            while skipped < 80_000:
                page = reader.call("DynamoDBStreams_20120810.GetRecords",
                                   {"ShardIterator": it, "Limit": 1000})
                skipped += len(page["Records"])
                it = page["NextShardIterator"]
            tail_rate, tail_n = drain_rate(it, 20_000)
            print(f"  GetRecords head: {head_rate:,.0f} records/s ({head_n})   "
                  f"tail of 100k: {tail_rate:,.0f} records/s ({tail_n})   tail/head x{tail_rate / head_rate:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _spawn_to_next(argv, env, listener):
    """Seconds from the exec of argv to the end of its first request's head on `listener`,
    which must be GET /2018-06-01/runtime/invocation/next. The process is killed after."""
    quiet = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
             (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=quiet)
    try:
        conn, _ = listener.accept()
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    raise RuntimeError(f"{argv[0]} closed the connection before a request")
                head += chunk
            elapsed = time.perf_counter() - t0
        line = head.split(b"\r\n", 1)[0].decode()
        if line != "GET /2018-06-01/runtime/invocation/next HTTP/1.1":
            raise RuntimeError(f"{argv[0]}: unexpected first request {line!r}")
        return elapsed
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _spawn_to_exit(argv):
    quiet = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, {}, file_actions=quiet)
    os.waitpid(pid, 0)
    return time.perf_counter() - t0


def bench_function(build_dir):
    """The leaderboard function: records/s of its handler (the Ranks model) on 100- and
    1,000-record batches of NEW_IMAGE events, and its Ranks and board writes, side by side with
    the previous strategy (merge + index refill) as the baseline and the naive one (read, merge
    and rewrite the board for every record), over in-memory stores
    (bench/function/merge_bench.cpp); then the cold start, from exec to
    the first GET /next on a test Runtime API, against a minimal C++ client doing that GET alone
    and against /bin/true."""
    import statistics
    bin_dir = os.path.join(build_dir, "bin")
    records = os.environ.get("SB_BENCH_FUNCTION_RECORDS", "100000")
    # Exit 1 with the figures printed means a board check failed: reported after the figures.
    proc = subprocess.run([os.path.join(bin_dir, "sb-bench-function-merge"), "--records", records],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        raise RuntimeError(f"sb-bench-function-merge failed ({proc.returncode}): {proc.stderr}")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  workload: {r['records']:,} records, {r['games']} games, {r['players']:,} players "
          f"({r['inserts']:,} INSERT, {r['modifies']:,} MODIFY, {r['removes']:,} REMOVE); "
          f"best of {r['repeats']}; boards checked against the table: {r['check']}")
    for b in r["batches"]:
        print(f"  batch {b['batch']:>5} ({b['event_bytes'] / 1024:,.0f} KiB/event):"
              f"  ours (Ranks) {b['ours_rps']:>10,.0f} rec/s"
              f"   baseline (merge + refill) {b['baseline_rps']:>10,.0f} rec/s"
              f"   naive {b['naive_rps']:>10,.0f} rec/s"
              f"   (ours with INFO log lines: {b['ours_info_rps']:,.0f} rec/s;"
              f" decode alone: {b['decode_rps']:,.0f} rec/s)")
    per = r["per_record"]
    print(f"  our handler, one record per event: {per['rps']:,.0f} rec/s")
    one = r["one_game"]
    print(f"  one game, batch 100: {one['rps_10k_players']:,.0f} rec/s with 10 k players,"
          f" {one['rps_1m_players']:,.0f} rec/s with 1 M (ratio {one['ratio']:.2f})")
    print("  writes per 1,000 score events (in-memory store; CPU only, no round trips):")
    for b in r["batches"]:
        print(f"    batch {b['batch']:>5}: ours {b['ours_ranks_writes_per_1000']:7.2f} Ranks"
              f" + {b['ours_writes_per_1000']:6.2f} board"
              f"   baseline {b['baseline_writes_per_1000']:6.2f} board"
              f" ({b['baseline_refills']} refills)"
              f"   naive {b['naive_writes_per_1000']:7.2f} board;"
              f"  {b['touched_boards']} board-batches touched, {b['changed_boards']} changed")
    print(f"    batch     1: ours {per['ranks_writes_per_1000']:7.2f} Ranks"
          f" + {per['writes_per_1000']:6.2f} board")

    runs = int(os.environ.get("SB_BENCH_COLD_RUNS", "20"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(10)
    api = f"127.0.0.1:{listener.getsockname()[1]}"
    env = {"AWS_LAMBDA_RUNTIME_API": api, "PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8",
           "TZ": ":UTC", "_HANDLER": "bootstrap", "LAMBDA_TASK_ROOT": "/var/task",
           "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ACCESS_KEY_ID": "AKIDBENCH", "AWS_SECRET_ACCESS_KEY": "bench",
           "AWS_SESSION_TOKEN": "bench", "AWS_LAMBDA_FUNCTION_NAME": "leaderboard-function",
           "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST"}
    function = [os.path.join(bin_dir, "leaderboard-function")]
    client = [os.path.join(bin_dir, "sb-bench-next-client")]
    times = {"function": [], "client": [], "true": []}
    try:
        for i in range(runs + 1):  # the first round warms the page cache and is dropped
            f = _spawn_to_next(function, env, listener)
            c = _spawn_to_next(client, env, listener)
            t = _spawn_to_exit(["/bin/true"])
            if i:
                times["function"].append(f)
                times["client"].append(c)
                times["true"].append(t)
    finally:
        listener.close()
    p50 = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    p90 = {k: sorted(v)[int(len(v) * 0.9) - 1] * 1e3 for k, v in times.items()}
    print(f"  cold start, exec to first GET /next ({runs} runs):")
    print(f"    leaderboard-function      p50 {p50['function']:6.2f} ms   p90 {p90['function']:6.2f} ms")
    print(f"    minimal /next client      p50 {p50['client']:6.2f} ms   p90 {p90['client']:6.2f} ms")
    print(f"    /bin/true (exec to exit)  p50 {p50['true']:6.2f} ms   p90 {p90['true']:6.2f} ms")
    print(f"    ratio function / minimal client: x{p50['function'] / p50['client']:.1f}   "
          f"function / /bin/true: x{p50['function'] / p50['true']:.1f}", flush=True)
    if r["check"] != "ok":
        raise RuntimeError(f"function bench: a board differed from the table: {proc.stderr}")


from e2e_bench import bench_e2e  # noqa: E402  (the e2e benchmark lives beside this file)

from reads_bench import bench_reads  # noqa: E402  (exact rank reads, beside this file)

from connections_bench import bench_connections  # noqa: E402  (stalled connections)

BENCHES = {"engine": bench_engine, "streams": bench_streams, "function": bench_function,
           "e2e": bench_e2e, "reads": bench_reads, "connections": bench_connections}


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
