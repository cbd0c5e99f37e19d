"""Shared pieces of the end-to-end tests: `streamboard up` as a real child process, the Debian
AWS CLI (/usr/bin/aws) and boto3 against it, and the board checks: every board holds the top N
scores of the table (computed here, independently of the CLI), and `streamboard reconcile
--check` finds no difference (the exact check: tie order included).
Processes are ended only by the PID this module started.
"""
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from decimal import Decimal

BIN = os.environ.get("SB_BIN_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "build",
                                                "bin"))
STREAMBOARD = os.path.join(BIN, "streamboard")
AWS = "/usr/bin/aws"
BOARD_SIZE = 5

_AWS_HOME = tempfile.mkdtemp(prefix="sb-e2e-aws-")
ENV = dict(os.environ)
ENV.update({
    "AWS_ACCESS_KEY_ID": "e2e", "AWS_SECRET_ACCESS_KEY": "e2e", "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": "",
    # Keep the user's own AWS configuration out of it.
    "AWS_CONFIG_FILE": os.path.join(_AWS_HOME, "config"),
    "AWS_SHARED_CREDENTIALS_FILE": os.path.join(_AWS_HOME, "credentials"),
})
for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
    ENV.pop(name, None)


class Up:
    """`streamboard up ARGS --port 0 --web-port 0` with its output lines kept."""

    def __init__(self, *args, env=None):
        self.lines = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen([STREAMBOARD, "up", "--port", "0", "--web-port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=ENV if env is None else env, text=True, bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.endpoint = self.wait_for(r"engine (http://127\.0\.0\.1:\d+)")
        self.web = self.wait_for(r"web view: (http://\S+)")
        self.wait_for(r"streamboard up: ready")

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def output(self):
        with self.cond:
            return "\n".join(self.lines)

    def wait_for(self, pattern, timeout=60):
        regex = re.compile(pattern)
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    m = regex.search(line)
                    if m:
                        return m.group(1) if m.groups() else m.group(0)
                left = deadline - time.time()
                if left <= 0 or (self.proc.poll() is not None and not self.reader.is_alive()):
                    raise AssertionError(f"no line matching {pattern!r}; output:\n" +
                                         "\n".join(self.lines[-60:]))
                self.cond.wait(min(left, 0.5))

    def stop(self):
        """SIGTERM; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.reader.join(timeout=10)
        self.proc.stdout.close()
        return code

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.reader.join(timeout=10)
        self.proc.stdout.close()


def aws(endpoint, *args, check=True):
    out = subprocess.run([AWS, "dynamodb", *args, "--endpoint-url", endpoint, "--output", "json"],
                         env=ENV, capture_output=True, text=True, timeout=120)
    if check and out.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)} failed: {out.stderr}")
    return out


def put(endpoint, player, game, score, name=None, score_type="N"):
    item = {"PlayerId": {"S": player}, "GameId": {"S": game}}
    if score is not None:
        item["Score"] = {score_type: str(score)}
    if name is not None:
        item["PlayerName"] = {"S": name}
    return aws(endpoint, "put-item", "--table-name", "GameScores", "--item", json.dumps(item),
               check=score_type == "N")


def delete(endpoint, player, game):
    aws(endpoint, "delete-item", "--table-name", "GameScores", "--key",
        json.dumps({"PlayerId": {"S": player}, "GameId": {"S": game}}))


def boto_client(endpoint):
    import boto3
    from botocore.config import Config
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="e2e", aws_secret_access_key="e2e",
                        config=Config(retries={"max_attempts": 2, "mode": "standard"},
                                      connect_timeout=2, read_timeout=10))


def table_rows(endpoint):
    """{game: {player: (Decimal score, name)}} from a consistent scan of GameScores."""
    rows = {}
    out = json.loads(aws(endpoint, "scan", "--table-name", "GameScores",
                         "--consistent-read").stdout)
    for item in out["Items"]:
        score = item.get("Score", {}).get("N")
        if score is None:
            continue
        rows.setdefault(item["GameId"]["S"], {})[item["PlayerId"]["S"]] = (
            Decimal(score), item.get("PlayerName", {}).get("S", ""))
    return rows


def board(endpoint, game):
    out = subprocess.run([STREAMBOARD, "top", "--game", game, "--json", "--endpoint-url",
                          endpoint], env=ENV, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"streamboard top failed: {out.stderr}")
    return json.loads(out.stdout, parse_float=Decimal, parse_int=Decimal)


def board_problems(doc, rows):
    """Why `doc` (top --json) is not the top BOARD_SIZE of `rows` ({player: (score, name)})."""
    problems = []
    entries = doc.get("entries", []) if doc.get("exists") else []
    want = sorted((s for s, _ in rows.values()), reverse=True)[:BOARD_SIZE]
    if len(entries) != len(want):
        problems.append(f"{len(entries)} entries, want {len(want)}")
    seen = set()
    for i, e in enumerate(entries):
        player = e["player"]
        if player in seen:
            problems.append(f"{player} listed twice")
        seen.add(player)
        if player not in rows:
            problems.append(f"{player} has no score in the table")
            continue
        score, name = rows[player]
        if Decimal(e["score"]) != score:
            problems.append(f"{player}: board {e['score']}, table {score}")
        if e.get("name", "") != name:
            problems.append(f"{player}: board name {e.get('name')!r}, table {name!r}")
        if i < len(want) and Decimal(e["score"]) != want[i]:
            problems.append(f"rank {i + 1}: {e['score']}, want {want[i]}")
    return problems


def exact_check(endpoint, game):
    """`streamboard reconcile --check --game GAME`: the differences it prints (empty: the
    scores table, Ranks and the board agree exactly, tie order included)."""
    out = subprocess.run([STREAMBOARD, "reconcile", "--check", "--game", game, "--endpoint-url",
                          endpoint], env=ENV, capture_output=True, text=True, timeout=120)
    if out.returncode == 0:
        return []
    return out.stdout.splitlines() + [out.stderr.strip()]


def wait_boards_exact(endpoint, games=None, timeout=60):
    """Waits until every game's board (or those in `games`) matches the table (board_problems)
    and the exact check agrees; returns the last problems (empty on success)."""
    deadline = time.time() + timeout
    while True:
        rows = table_rows(endpoint)
        problems = {}
        for game in (games if games is not None else rows.keys()):
            p = board_problems(board(endpoint, game), rows.get(game, {})) or \
                exact_check(endpoint, game)
            if p:
                problems[game] = p
        if not problems or time.time() > deadline:
            return problems
        time.sleep(0.3)


def http_get(url, headers=None, timeout=30):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read().decode()
