"""End to end: `streamboard up` as a real process, written to through the Debian AWS CLI and
boto3, read back through `streamboard top --json`, the web view over real HTTP, and the
simulator. Every board must converge to the top N of the table."""
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from up_support import (ENV, STREAMBOARD, Up, aws, board, boto_client, delete, http_get,  # noqa
                        put, wait_boards_exact)


class UpInMemoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.up = Up("--in-memory")
        cls.e = cls.up.endpoint

    @classmethod
    def tearDownClass(cls):
        code = cls.up.stop()
        assert code == 0, f"up exited {code}:\n{cls.up.output()[-3000:]}"

    def assert_exact(self, games, timeout=60):
        problems = wait_boards_exact(self.e, games, timeout)
        self.assertEqual(problems, {}, self.up.output()[-3000:])

    def test_aws_cli_inserts_increases_decreases_deletes_ties_and_poison(self):
        g = "chess"
        for i in range(8):
            put(self.e, f"p{i}", g, 100 * (i + 1), name=f"Player {i}")
        self.assert_exact([g])
        self.assertEqual([e["player"] for e in board(self.e, g)["entries"]],
                         ["p7", "p6", "p5", "p4", "p3"])
        put(self.e, "p0", g, 5000, name="Player 0")      # increase to the top
        put(self.e, "p7", g, 50, name="Player 7")        # decrease off the board
        delete(self.e, "p6", g)                          # delete a board member
        put(self.e, "tie-a", g, 450, name="Tie A")       # ties
        put(self.e, "tie-b", g, 450, name="Tie B")
        self.assert_exact([g])
        # Poison records: a score of the wrong type (the table's index rejects it, or the
        # function treats it as no score) and an item with no score at all (a removal).
        put(self.e, "p5", g, "lots", name="Player 5", score_type="S")
        put(self.e, "p4", g, None, name="Player 4")
        put(self.e, "p9", g, 475, name="Player 9")
        self.assert_exact([g])
        entries = board(self.e, g)["entries"]
        self.assertNotIn("p4", [e["player"] for e in entries])
        self.assertEqual(entries[0]["player"], "p0")
        # The pipeline is still alive after the poison: a later write lands.
        put(self.e, "late", g, 9999, name="Late")
        self.assert_exact([g])
        self.assertEqual(board(self.e, g)["entries"][0]["player"], "late")
        # The Leaderboard item is readable with the AWS CLI too.
        item = json.loads(aws(self.e, "get-item", "--table-name", "Leaderboard", "--key",
                              '{"GameId":{"S":"chess"}}', "--consistent-read").stdout)["Item"]
        self.assertEqual(item["Entries"]["L"][0]["M"]["PlayerId"]["S"], "late")
        # Plain log lines: function output and board changes.
        self.up.wait_for(r"function: .*REPORT RequestId")
        self.up.wait_for(r"board chess v\d+: ")

    def test_web_view_serves_page_boards_and_events(self):
        g = "web-game"
        put(self.e, "w1", g, 10, name="W")
        self.assert_exact([g])
        status, ctype, page = http_get(self.up.web)
        self.assertEqual(status, 200)
        self.assertIn("text/html", ctype)
        self.assertIn("EventSource", page)
        deadline = time.time() + 30
        while True:
            status, ctype, body = http_get(self.up.web + "api/boards")
            doc = json.loads(body)
            games = {b["game"]: b for b in doc["boards"]}
            if g in games or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(ctype, "application/json")
        self.assertEqual(games[g]["entries"][0]["player"], "w1")
        # The first event round is the snapshot; a resumed round waits for the next change.
        status, ctype, body = http_get(self.up.web + "api/events")
        self.assertEqual(ctype, "text/event-stream")
        self.assertIn("event: board", body)
        ids = [int(x) for x in re.findall(r"^id: (\d+)$", body, re.M)]
        result = {}

        def wait_event():
            result["resp"] = http_get(self.up.web + "api/events",
                                      headers={"Last-Event-ID": str(max(ids))}, timeout=60)
        t = threading.Thread(target=wait_event)
        t.start()
        time.sleep(0.3)
        put(self.e, "w2", g, 20, name="W2")
        t.join(timeout=60)
        _, _, body = result["resp"]
        events = [json.loads(d) for d in re.findall(r"^data: (.*)$", body, re.M)]
        mine = [ev for ev in events if ev["game"] == g]
        self.assertTrue(mine, body)
        self.assertEqual(mine[-1]["entries"][0]["player"], "w2")
        self.assertTrue(all(int(x) > max(ids) for x in re.findall(r"^id: (\d+)$", body, re.M)))
        with self.assertRaises(urllib.error.HTTPError) as err:
            http_get(self.up.web + "nope")
        self.assertEqual(err.exception.code, 404)
        # A page on another name re-pointed to 127.0.0.1 (DNS rebinding) is refused.
        with self.assertRaises(urllib.error.HTTPError) as err:
            http_get(self.up.web + "api/boards", headers={"Host": "rebind.example"})
        self.assertEqual(err.exception.code, 403)

    def test_the_printed_try_it_lines_work_in_a_bare_shell(self):
        # A new user pastes the header's lines into a shell with no AWS settings at all (the
        # AWS CLI needs a region from the environment: AWS_DEFAULT_REGION).
        out = self.up.output()
        export = re.search(r"^  (export AWS_ACCESS_KEY_ID=.*)$", out, re.M).group(1)
        put_line = re.search(r"^  (aws dynamodb put-item .*)$", out, re.M).group(1)
        put_line = put_line.replace('{"S":"chess"}', '{"S":"hint"}')
        home = tempfile.mkdtemp(prefix="sb-e2e-home-")
        try:
            r = subprocess.run(["bash", "-c", export + "\n" + put_line], capture_output=True,
                               text=True, timeout=120,
                               env={"PATH": os.environ["PATH"], "HOME": home, "AWS_PAGER": ""})
        finally:
            shutil.rmtree(home, ignore_errors=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_exact(["hint"])

    def test_control_characters_in_ids_are_escaped_in_the_output(self):
        g = "ctl\x1b[2J\x07\x7fgame"  # clear screen, bell, DEL
        put(self.e, "p\x1b]0;title\x07", g, 10, name="Evil\nName")
        self.up.wait_for(r"board ctl\\x1b\[2J\\x07\\x7fgame v\d+")
        out = self.up.output()
        for raw in ("\x1b", "\x07", "\x7f"):
            self.assertNotIn(raw, out)

    def test_page_in_headless_chromium_shows_the_boards(self):
        g = "browser"
        for p, score in (("c1", 30), ("c2", 70), ("c3", 50)):
            put(self.e, p, g, score, name=p.upper())
        self.assert_exact([g])
        # ?wait=0 makes each event round answer at once, so the browser's virtual time runs.
        url = self.up.web + "?wait=0"
        common = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                  "--virtual-time-budget=2000"]
        dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True,
                             timeout=120).stdout
        card = re.search(r'<section class="board[^"]*" data-game="browser"[^>]*>(.*?)</section>', dom)
        self.assertIsNotNone(card, dom[-2000:])
        rows = re.findall(r'<td class="rank">(\d+)</td><td[^>]*>(\w+)</td><td[^>]*>(\w*)</td>'
                          r'<td class="score">(\d+)</td>', card.group(1))
        self.assertEqual(rows, [("1", "c2", "C2", "70"), ("2", "c3", "C3", "50"),
                                ("3", "c1", "C1", "30")])
        self.assertIn('<div id="status" role="status" class="live">live</div>', dom)
        # The health bar and the live log are there (test_page.py checks what they show).
        self.assertIn('<ul id="health"', dom)
        self.assertIn('data-key="invocations"', dom)
        self.assertIn('<ol id="log" role="log"', dom)
        shot = os.path.join(tempfile.mkdtemp(prefix="sb-e2e-shot-"), "page.png")
        subprocess.run(common + ["--window-size=1000,700", f"--screenshot={shot}", url],
                       capture_output=True, timeout=120)
        with open(shot, "rb") as f:
            png = f.read()
        shutil.rmtree(os.path.dirname(shot), ignore_errors=True)
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreater(len(png), 5000)

    def test_simulate_against_up_is_exact(self):
        out = subprocess.run([STREAMBOARD, "simulate", "--rate", "200", "--duration", "5s",
                              "--endpoint-url", self.e, "--prefix", "e2esim"],
                             env=ENV, capture_output=True, text=True, timeout=300)
        self.assertEqual(out.returncode, 0, out.stdout[-3000:] + out.stderr[-2000:])


def write_load(endpoint, games, players, stop, counts, seed):
    """boto3 writes (puts, adds, deletes) until `stop` is set; failures are tolerated (the
    engine may be down) and counted."""
    db = boto_client(endpoint)
    rnd = random.Random(seed)
    while not stop.is_set():
        g = rnd.choice(games)
        p = f"pl{rnd.randrange(players):03d}"
        key = {"PlayerId": {"S": p}, "GameId": {"S": g}}
        try:
            r = rnd.random()
            if r < 0.1:
                db.delete_item(TableName="GameScores", Key=key)
            elif r < 0.4:
                db.update_item(TableName="GameScores", Key=key,
                               UpdateExpression="ADD Score :d SET PlayerName = :n",
                               ExpressionAttributeValues={":d": {"N": str(rnd.randint(-50, 50))},
                                                          ":n": {"S": p.upper()}})
            else:
                db.put_item(TableName="GameScores",
                            Item={**key, "Score": {"N": str(rnd.randint(0, 1000))},
                                  "PlayerName": {"S": p.upper()}})
            counts["ok"] += 1
        except Exception:  # noqa: BLE001 - the engine is being killed on purpose
            counts["failed"] += 1
            time.sleep(0.05)


class UpDurableTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sb-e2e-up-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_sigterm_then_restart_resumes(self):
        data = os.path.join(self.dir, "data")
        up = Up("--data-dir", data)
        try:
            for i in range(6):
                put(up.endpoint, f"r{i}", "resume", 10 * i, name=f"R{i}")
            self.assertEqual(wait_boards_exact(up.endpoint, ["resume"]), {}, up.output())
        finally:
            self.assertEqual(up.stop(), 0, up.output()[-3000:])
        self.assertIn("streamboard up: stopped", up.output())
        self.assertTrue(os.path.exists(os.path.join(data, "trigger-checkpoints.json")))
        # The data directory up created, and every file in it, are private.
        self.assertEqual(stat.S_IMODE(os.stat(data).st_mode), 0o700)
        for name in os.listdir(data):
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(data, name)).st_mode), 0o600, name)

        up2 = Up("--data-dir", data)
        try:
            # The tables and boards survived; only the new record is delivered.
            self.assertEqual(board(up2.endpoint, "resume")["entries"][0]["player"], "r5")
            put(up2.endpoint, "r9", "resume", 999, name="R9")
            self.assertEqual(wait_boards_exact(up2.endpoint, ["resume"]), {}, up2.output())
            self.assertEqual(board(up2.endpoint, "resume")["entries"][0]["player"], "r9")
        finally:
            self.assertEqual(up2.stop(), 0)
        delivered = int(re.search(r"(\d+) record\(s\) delivered", up2.output()).group(1))
        self.assertEqual(delivered, 1, up2.output()[-3000:])

    def test_kill_9_under_write_load_then_restart_is_exact(self):
        data = os.path.join(self.dir, "data")
        games = ["k1", "k2", "k3"]
        up = Up("--data-dir", data)
        stop = threading.Event()
        counts = {"ok": 0, "failed": 0}
        writers = [threading.Thread(target=write_load, args=(up.endpoint, games, 40, stop, counts, s))
                   for s in range(3)]
        for w in writers:
            w.start()
        time.sleep(3)
        up.kill9()
        time.sleep(0.5)
        stop.set()
        for w in writers:
            w.join()
        self.assertGreater(counts["ok"], 50)
        # Restart on the same directory; write some more, then every board is exact.
        up2 = Up("--data-dir", data)
        try:
            stop2 = threading.Event()
            more = threading.Thread(target=write_load,
                                    args=(up2.endpoint, games, 40, stop2, counts, 99))
            more.start()
            time.sleep(1)
            stop2.set()
            more.join()
            self.assertEqual(wait_boards_exact(up2.endpoint, games, timeout=90), {},
                             up2.output()[-3000:])
        finally:
            self.assertEqual(up2.stop(), 0)

    def test_four_stream_shards_with_parallelization_keep_order_and_exact(self):
        up = Up("--in-memory", "--stream-shards", "4", "--parallelization-factor", "3")
        try:
            db = boto_client(up.endpoint)
            # Per player: a rising series of writes, then a final value; the board must show
            # exactly the last write of each player (order per item kept).
            final = {}
            rnd = random.Random(7)
            for step in range(6):
                for p in range(30):
                    player = f"o{p:02d}"
                    score = step * 100 + rnd.randint(0, 99) if step < 5 else rnd.randint(0, 1000)
                    db.put_item(TableName="GameScores",
                                Item={"PlayerId": {"S": player}, "GameId": {"S": "order"},
                                      "Score": {"N": str(score)}})
                    final[player] = score
            self.assertEqual(wait_boards_exact(up.endpoint, ["order"]), {}, up.output()[-3000:])
            entries = board(up.endpoint, "order")["entries"]
            for e in entries:
                self.assertEqual(int(e["score"]), final[e["player"]])
            top = sorted(final.values(), reverse=True)[:5]
            self.assertEqual([int(e["score"]) for e in entries], top)
        finally:
            self.assertEqual(up.stop(), 0)

    def test_bad_arguments_fail_with_one_line(self):
        for args in (["--port", "70000"], ["--in-memory", "--data-dir", self.dir],
                     ["--in-memory", "--function", "/nonexistent/fn"],
                     ["--in-memory", "--batch-size", "0"]):
            out = subprocess.run([STREAMBOARD, "up", "--web-port", "0", *args], env=ENV,
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 2, out.stdout + out.stderr)
            self.assertEqual(out.stderr.count("\n"), 1, out.stderr)
            self.assertTrue(out.stderr.startswith("streamboard: "), out.stderr)


if __name__ == "__main__":
    unittest.main()
