"""End to end, the read side of "players see themselves": `streamboard up` (fresh data
directory, WINDOWS=all,daily, three rank shards) fed scores through the AWS CLI; then every
player's exact rank and neighbours, all-time, today and yesterday, from `streamboard rank` and
from GET /api/rank on up's web view, against an oracle computed here from what was written
(score descending, UpdatedAt ascending, PlayerId ascending; a window holds each player's last
record whose time falls in it; a removal happens at the time it is written). Also GET /api/top
pages and bad input (one line, non-zero exit; JSON 400/404).
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from up_support import ENV, STREAMBOARD, Up, aws  # noqa: E402

GAME = "chess club"
FLAGS = ["--windows", "all,daily", "--rank-shards", "3"]
AROUND = 2


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def put(endpoint, player, score, at, name=None):
    item = {"PlayerId": {"S": player}, "GameId": {"S": GAME}, "Score": {"N": str(score)},
            "UpdatedAt": {"S": iso(at)}}
    if name:
        item["PlayerName"] = {"S": name}
    aws(endpoint, "put-item", "--table-name", "GameScores", "--item", json.dumps(item))


def delete(endpoint, player):
    aws(endpoint, "delete-item", "--table-name", "GameScores", "--key",
        json.dumps({"PlayerId": {"S": player}, "GameId": {"S": GAME}}))


def day_label(dt):
    return "d" + dt.strftime("%Y-%m-%d")


def get(web, path, **params):
    url = web.rstrip("/") + path + "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def rank_cli(endpoint, player, *flags):
    return subprocess.run([STREAMBOARD, "rank", player, "--game", GAME, "--around", str(AROUND),
                           "--endpoint-url", endpoint, *FLAGS, *flags],
                          env=ENV, capture_output=True, text=True, timeout=60)


class ReadsEndToEnd(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sb-e2e-reads-")
        self.up = Up("--data-dir", os.path.join(self.dir, "data"), *FLAGS)

    def tearDown(self):
        code = self.up.stop()
        self.assertEqual(code, 0, self.up.output()[-3000:])
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_every_player_sees_their_exact_rank_and_neighbours(self):
        ep, web = self.up.endpoint, self.up.web
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        today0 = now.replace(hour=0, minute=0, second=0)
        yesterday = today0 - datetime.timedelta(hours=12)
        # (player, score or None for a removal, at, name); written in this order.
        events = []
        for i in range(14):
            at = today0 + datetime.timedelta(seconds=i % 3) if i % 4 else yesterday
            events.append((f"p{i:02d}", (i % 5) * 100, at, f"Player {i}"))
        events.append(("p01", 900, today0 + datetime.timedelta(seconds=30), "Player 1"))
        events.append(("p04", 50, today0 + datetime.timedelta(seconds=40), None))  # was yesterday
        events.append(("p05", None, None, None))  # removed now
        for player, score, at, name in events:
            if score is None:
                delete(ep, player)
            else:
                put(ep, player, score, at, name)

        def oracle(start, end):
            live = {}
            for player, score, at, name in events:
                t = at if at is not None else now
                if start is not None and not (start <= t < end):
                    continue
                if score is None:
                    live.pop(player, None)
                else:
                    live[player] = (score, at, name)
            return sorted(live, key=lambda p: (-live[p][0], live[p][1], p)), live

        windows = {
            "all": (["--window", "all"], {}, oracle(None, None)),
            "today": (["--window", "daily"], {"window": "daily"},
                      oracle(today0, today0 + datetime.timedelta(days=1))),
            "yesterday": (["--window", "daily", "--label", day_label(yesterday)],
                          {"window": "daily", "label": day_label(yesterday)},
                          oracle(today0 - datetime.timedelta(days=1), today0)),
        }
        # The stream drains: wait until every window's total is the oracle's.
        deadline = time.time() + 60
        for name, (_, params, (order, _)) in windows.items():
            while True:
                status, doc = get(web, "/api/top", game=GAME, limit=1000, **params)
                if status == 200 and doc["total"] == len(order) and \
                        [e["player"] for e in doc["entries"]] == order:
                    break
                self.assertLess(time.time(), deadline, f"{name}: {doc}")
                time.sleep(0.2)

        everyone = sorted({e[0] for e in events}) + ["nobody"]
        for name, (cli_flags, params, (order, live)) in windows.items():
            for player in everyone:
                status, doc = get(web, "/api/rank", game=GAME, player=player, around=AROUND,
                                  **params)
                out = rank_cli(ep, player, *cli_flags)
                if player not in live:
                    self.assertEqual(status, 404, doc)
                    self.assertEqual(doc["error"], "NotRanked")
                    self.assertEqual(out.returncode, 1, out.stderr)
                    self.assertIn("not ranked", out.stderr)
                    continue
                r = order.index(player) + 1
                want_above = order[max(0, r - 1 - AROUND):r - 1][::-1]
                want_below = order[r:r + AROUND]
                self.assertEqual(status, 200, doc)
                self.assertEqual(doc["player"]["rank"], r, (name, player, doc))
                self.assertEqual(doc["total"], len(order))
                self.assertEqual(doc["player"]["score"], live[player][0])
                self.assertEqual([e["player"] for e in doc["above"]], want_above, (name, player))
                self.assertEqual([e["rank"] for e in doc["above"]],
                                 list(range(r - 1, r - 1 - len(want_above), -1)))
                self.assertEqual([e["player"] for e in doc["below"]], want_below, (name, player))
                # The CLI: a header, then the rows in rank order, the player's marked '>'.
                self.assertEqual(out.returncode, 0, out.stderr)
                lines = out.stdout.splitlines()
                self.assertTrue(lines[0].startswith(f"{player}: rank {r} of {len(order)} "),
                                lines[0])
                rows = [(ln[:2], ln[2:].split("  ")) for ln in lines[1:]]
                expect = want_above[::-1] + [player] + want_below
                self.assertEqual([cells[1] for _, cells in rows], expect, out.stdout)
                self.assertEqual([int(cells[0]) for _, cells in rows],
                                 list(range(r - len(want_above), r + len(want_below) + 1)))
                self.assertEqual([mark for mark, _ in rows].count("> "), 1)
                self.assertEqual(rows[len(want_above)][0], "> ")

        # Top pages of 4 cover the ranking exactly once.
        order = windows["all"][2][0]
        seen, token = [], None
        while True:
            params = {"game": GAME, "limit": 4}
            if token:
                params["page"] = token
            status, doc = get(web, "/api/top", **params)
            self.assertEqual(status, 200, doc)
            seen += [(e["rank"], e["player"]) for e in doc["entries"]]
            token = doc["nextPage"]
            if not token:
                break
        self.assertEqual(seen, list(enumerate(order, start=1)))

    def test_bad_input_is_one_line_and_a_clear_error(self):
        ep, web = self.up.endpoint, self.up.web
        for flags in (["--window", "hourly"], ["--window", "weekly"], ["--around", "51"],
                      ["--around", "x"], ["--window", "daily", "--label", "d2026-02-30"]):
            out = subprocess.run([STREAMBOARD, "rank", "p1", "--game", GAME, "--endpoint-url", ep,
                                  *FLAGS, *flags], env=ENV, capture_output=True, text=True,
                                 timeout=60)
            self.assertNotEqual(out.returncode, 0, flags)
            self.assertEqual(len(out.stderr.strip().splitlines()), 1, (flags, out.stderr))
            self.assertEqual(out.stdout, "")
        out = subprocess.run([STREAMBOARD, "rank", "", "--endpoint-url", ep], env=ENV,
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 2, out.stderr)
        status, doc = get(web, "/api/rank", game=GAME)
        self.assertEqual((status, doc["error"]), (400, "InvalidParameter"))
        status, doc = get(web, "/api/top", game=GAME, page="!!")
        self.assertEqual((status, doc["error"]), (400, "InvalidPageToken"))
        status, doc = get(web, "/api/rank", game=GAME, player="p", window="monthly")
        self.assertEqual((status, doc["error"]), (400, "InvalidWindow"))
        status, doc = get(web, "/api/windows")
        self.assertEqual(status, 200)
        self.assertEqual([w["kind"] for w in doc["windows"]], ["all", "daily"])


if __name__ == "__main__":
    unittest.main()
