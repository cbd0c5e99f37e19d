"""End to end through `streamboard up`: the cases that a board derived from the Ranks index must
get exactly right (docs/correctness.md). Each case writes through boto3 or the AWS CLI, waits
for the stream to drain, and asserts the exact board: players, scores, names and order, ties
included. Then `streamboard reconcile --check` must agree (scores table == Ranks, every board
== the top N of Ranks, RankCounts == the histogram of Ranks). After the lost update and the tie
group, every player's exact rank computed from the RankCounts items (docs/ranks.md, PlanRank)
must equal its rank in the scores table.

The rank order: score descending, then `At` ascending (the item's UpdatedAt when valid, else
the stream record's creation time), then PlayerId ascending.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from up_support import ENV, STREAMBOARD, Up, aws, boto_client  # noqa: E402

T0 = "2026-01-01T00:00:00.000Z"  # a fixed UpdatedAt, so ties fall to PlayerId


def item(player, game, score, name=None, updated_at=None):
    it = {"PlayerId": {"S": player}, "GameId": {"S": game}, "Score": {"N": str(score)}}
    if name is not None:
        it["PlayerName"] = {"S": name}
    if updated_at is not None:
        it["UpdatedAt"] = {"S": updated_at}
    return it


def top_json(endpoint, game, *flags):
    out = subprocess.run([STREAMBOARD, "top", "--game", game, "--json", "--endpoint-url",
                          endpoint, *flags], env=ENV, capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"streamboard top failed: {out.stderr}")
    return json.loads(out.stdout)


def entries(endpoint, game, *flags):
    """The board as [(player, score text, name)], in board order."""
    doc = top_json(endpoint, game, *flags)
    if not doc.get("exists"):
        return None
    return [(e["player"], str(e["score"]), e.get("name", "")) for e in doc["entries"]]


def wait_board(endpoint, game, want, timeout=60, flags=()):
    """Polls until the board reads exactly `want`; returns what it read last."""
    deadline = time.time() + timeout
    while True:
        got = entries(endpoint, game, *flags)
        if got == want or time.time() > deadline:
            return got
        time.sleep(0.2)


def batch_put(db, items):
    """BatchWriteItem in chunks of 25, resending unprocessed items."""
    for i in range(0, len(items), 25):
        request = {"GameScores": [{"PutRequest": {"Item": it}} for it in items[i:i + 25]]}
        while request:
            request = db.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}


def reconcile_check(endpoint, *extra):
    return subprocess.run([STREAMBOARD, "reconcile", "--check", "--all", "--endpoint-url",
                           endpoint, *extra], env=ENV, capture_output=True, text=True,
                          timeout=300)


def player_shards(endpoint):
    """{PlayerId: shard id} from every record of GameScores' stream."""
    import boto3
    streams = boto3.client("dynamodbstreams", endpoint_url=endpoint, region_name="us-east-1",
                           aws_access_key_id="e2e", aws_secret_access_key="e2e")
    db = boto_client(endpoint)
    arn = db.describe_table(TableName="GameScores")["Table"]["LatestStreamArn"]
    shards = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    where = {}
    for shard in shards:
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            page = streams.get_records(ShardIterator=it)
            for r in page["Records"]:
                where[r["dynamodb"]["Keys"]["PlayerId"]["S"]] = shard["ShardId"]
            if not page["Records"]:
                break
            it = page.get("NextShardIterator")
    return where


DEPTH = 16  # RANK_COUNT_DEPTH's default, which `up` passes to the function


def scan_all(db, **kwargs):
    items, start = [], None
    while True:
        page = db.scan(ConsistentRead=True, **kwargs, **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def node_id(board, prefix):
    """CountNode (src/leaderboard/count_tree.h): 2-byte length of the board key, it, the prefix."""
    b = board.encode()
    return len(b).to_bytes(2, "big") + b + prefix


def ranks_from_counts(db, board, depth=DEPTH):
    """{player: rank} for every live Ranks entry of one board key, computed as a reader does:
    for each level d, the counters of node CountKey[0,d) below child CountKey[d], plus the ByRank
    entries of the leaf [leaf_low, key], minus the entry itself."""
    import bisect
    nodes = {}
    for it in scan_all(db, TableName="RankCounts"):
        counts = [0] * 256
        for name, value in it.items():
            if len(name) == 3 and name[0] == "c":
                counts[int(name[1:], 16)] = int(value["N"])
        nodes[bytes(it["Node"]["B"])] = counts
    live = [(bytes(it["RankKey"]["B"]), it["PlayerId"]["S"])
            for it in scan_all(db, TableName="Ranks") if it["Board"]["S"] == board and "RankKey" in it]
    keys = sorted(k for k, _ in live)
    out = {}
    for key, player in live:
        ck = (key + b"\0" * depth)[:depth]
        before = 0
        for d in range(depth):
            counts = nodes.get(node_id(board, ck[:d]), [0] * 256)
            before += sum(counts[:ck[d]])
        leaf_low = ck.rstrip(b"\0") or ck[:1]
        before += bisect.bisect_right(keys, key) - bisect.bisect_left(keys, leaf_low) - 1
        out[player] = before + 1
    return out


def oracle_ranks(db, game):
    """{player: rank} from the scores table, for games whose items all share one UpdatedAt (so
    ties fall to PlayerId): score descending, then PlayerId."""
    from decimal import Decimal
    rows = [(-Decimal(it["Score"]["N"]), it["PlayerId"]["S"])
            for it in scan_all(db, TableName="GameScores") if it["GameId"]["S"] == game]
    return {player: i + 1 for i, (_, player) in enumerate(sorted(rows))}


class ExactTest(unittest.TestCase):
    maxDiff = None

    def start(self, *args, env=None):
        up = Up(*args, env=env)
        self.addCleanup(lambda: self.assertEqual(up.stop(), 0, up.output()[-3000:]))
        return up

    def assert_board(self, up, game, want, timeout=60, flags=()):
        got = wait_board(up.endpoint, game, want, timeout, flags)
        self.assertEqual(got, want, up.output()[-3000:])

    def assert_check(self, up, *extra):
        out = reconcile_check(up.endpoint, *extra)
        self.assertEqual(out.returncode, 0, out.stdout[-3000:] + out.stderr[-2000:])

    def test_lost_update_across_four_shards(self):
        """E drops to 5 while P, on another shard, scores 50: P must get on the board."""
        up = self.start("--in-memory", "--stream-shards", "4")
        db = boto_client(up.endpoint)
        g = "lost"
        top = [("A", 100), ("B", 90), ("C", 80), ("D", 70), ("E", 60)]
        batch_put(db, [item(p, g, s, name=p, updated_at=T0) for p, s in top] +
                  [item(f"t{i:02d}", g, 10, updated_at=T0) for i in range(40)])
        self.assert_board(up, g, [(p, str(s), p) for p, s in top])
        shards = player_shards(up.endpoint)
        self.assertEqual(len(set(shards.values())), 4, shards)
        p = next(t for t in sorted(shards) if t.startswith("t") and shards[t] != shards["E"])
        db.put_item(TableName="GameScores", Item=item("E", g, 5, name="E", updated_at=T0))
        db.put_item(TableName="GameScores", Item=item(p, g, 50, updated_at=T0))
        self.assert_board(up, g, [("A", "100", "A"), ("B", "90", "B"), ("C", "80", "C"),
                                  ("D", "70", "D"), (p, "50", "")])
        self.assert_check(up)
        self.assertEqual(ranks_from_counts(db, g), oracle_ranks(db, g))
        # A counter knocked off: --check names RankCounts, reconcile rebuilds it, exact again.
        root = node_id(g, b"")
        counts = db.get_item(TableName="RankCounts", Key={"Node": {"B": root}},
                             ConsistentRead=True)["Item"]
        child = next(name for name in sorted(counts) if name.startswith("c"))
        db.update_item(TableName="RankCounts", Key={"Node": {"B": root}},
                       UpdateExpression="ADD #c :d", ExpressionAttributeNames={"#c": child},
                       ExpressionAttributeValues={":d": {"N": "3"}})
        out = reconcile_check(up.endpoint)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("RankCounts", out.stdout + out.stderr)
        fixed = subprocess.run([STREAMBOARD, "reconcile", "--all", "--endpoint-url", up.endpoint],
                               env=ENV, capture_output=True, text=True, timeout=300)
        self.assertEqual(fixed.returncode, 0, fixed.stdout + fixed.stderr)
        self.assertIn("1 rebuilt", fixed.stdout)
        self.assert_check(up)
        self.assertEqual(ranks_from_counts(db, g), oracle_ranks(db, g))

    def test_twenty_thousand_tied_players_do_not_block_the_shard(self):
        """Delete #1 above a 20,000-player tie at 0: the refill takes one player of the tie (the
        smallest PlayerId, since all share UpdatedAt) and the shard keeps moving."""
        up = self.start("--in-memory", "--batch-size", "1000")
        db = boto_client(up.endpoint)
        g = "ties"
        top = [(f"top{i}", 500 - 100 * i) for i in range(5)]
        batch_put(db, [item(f"z{i:05d}", g, 0, updated_at=T0) for i in range(20000)] +
                  [item(p, g, s, updated_at=T0) for p, s in top])
        self.assert_board(up, g, [(p, str(s), "") for p, s in top], timeout=240)
        db.delete_item(TableName="GameScores", Key={"PlayerId": {"S": "top0"},
                                                    "GameId": {"S": g}})
        db.put_item(TableName="GameScores", Item=item("o1", "other", 7, name="O"))
        self.assert_board(up, g, [(p, str(s), "") for p, s in top[1:]] + [("z00000", "0", "")])
        self.assert_board(up, "other", [("o1", "7", "O")])
        db.put_item(TableName="GameScores", Item=item("o2", "other", 9, name="O2"))
        self.assert_board(up, "other", [("o2", "9", "O2"), ("o1", "7", "O")])
        self.assert_check(up)
        want = oracle_ranks(db, g)
        self.assertEqual(len(want), 20004)
        self.assertEqual(ranks_from_counts(db, g), want)

    def test_ninety_kilobyte_names_are_capped_and_the_board_written(self):
        up = self.start("--in-memory")
        db = boto_client(up.endpoint)
        g = "names"
        # Two-byte characters, so the 128-byte cap must cut on a character boundary.
        names = [chr(0xE0 + i) * 45000 + "!" for i in range(5)]
        for i, name in enumerate(names):
            self.assertGreater(len(name.encode()), 90000)
            db.put_item(TableName="GameScores", Item=item(f"n{i}", g, 100 - i, name=name))
        capped = [n.encode()[:128].decode("utf-8", "ignore") for n in names]
        self.assertEqual(len(capped[0].encode()), 128)
        want = [(f"n{i}", str(100 - i), capped[i]) for i in range(5)]
        self.assert_board(up, g, want)
        # Nothing is retried forever: later records on the same shard land.
        db.put_item(TableName="GameScores", Item=item("n9", g, 1000, name="short"))
        self.assert_board(up, g, [("n9", "1000", "short")] + want[:4])
        self.assert_check(up)

    def test_raised_size_and_deleted_board_are_rewritten_full_at_the_next_touch(self):
        data = tempfile.mkdtemp(prefix="sb-e2e-exact-")
        self.addCleanup(shutil.rmtree, data, True)
        g = "grow"
        scores = [(f"g{i}", 100 - 10 * i) for i in range(10)]
        up = Up("--data-dir", data)
        try:
            batch_put(boto_client(up.endpoint), [item(p, g, s) for p, s in scores])
            self.assert_board(up, g, [(p, str(s), "") for p, s in scores[:5]])
        finally:
            self.assertEqual(up.stop(), 0, up.output()[-3000:])

        up = self.start("--data-dir", data, "--size", "8")
        db = boto_client(up.endpoint)
        self.assertEqual(len(entries(up.endpoint, g)), 5)  # untouched: still as written for 5
        db.put_item(TableName="GameScores", Item=item("g9", g, 1))  # a touch far below the cut
        self.assert_board(up, g, [(p, str(s), "") for p, s in scores[:8]])
        self.assert_check(up, "--size", "8")
        aws(up.endpoint, "delete-item", "--table-name", "Leaderboard", "--key",
            json.dumps({"GameId": {"S": g}}))
        self.assertIsNone(entries(up.endpoint, g))
        db.put_item(TableName="GameScores", Item=item("g8", g, 2))
        self.assert_board(up, g, [(p, str(s), "") for p, s in scores[:8]])
        self.assert_check(up, "--size", "8")

    def test_ties_one_second_apart(self):
        up = self.start("--in-memory")
        db = boto_client(up.endpoint)
        # With UpdatedAt: the earlier UpdatedAt ranks first, whatever the write order.
        g = "tie-updated"
        for p, t in (("a", "02"), ("b", "01"), ("c", "00")):
            db.put_item(TableName="GameScores",
                        Item=item(p, g, 60, updated_at=f"2026-01-01T00:00:{t}.000Z"))
        self.assert_board(up, g, [("c", "60", ""), ("b", "60", ""), ("a", "60", "")])
        # Without UpdatedAt: the record's creation time ranks, one second apart.
        g = "tie-record"
        for p in ("zE", "yF", "xG"):
            db.put_item(TableName="GameScores", Item=item(p, g, 60))
            time.sleep(1.1)
        self.assert_board(up, g, [("zE", "60", ""), ("yF", "60", ""), ("xG", "60", "")])
        # An unchanged score keeps its place (a rename is not a new tie position).
        db.put_item(TableName="GameScores", Item=item("zE", g, 60, name="renamed"))
        self.assert_board(up, g, [("zE", "60", "renamed"), ("yF", "60", ""), ("xG", "60", "")])
        # An invalid UpdatedAt falls back to the record time (now: after the others).
        db.put_item(TableName="GameScores", Item=item("a0", g, 60, updated_at="yesterday"))
        self.assert_board(up, g, [("zE", "60", "renamed"), ("yF", "60", ""), ("xG", "60", ""),
                                  ("a0", "60", "")])
        # Same-second ties without UpdatedAt fall to PlayerId: written q2 then q1 within one
        # second (the record time has whole seconds), q1 ranks first.
        for attempt in range(3):
            g = f"tie-second-{attempt}"
            time.sleep(1 - time.time() % 1 + 0.02)
            db.put_item(TableName="GameScores", Item=item("q2", g, 60))
            db.put_item(TableName="GameScores", Item=item("q1", g, 60))
            deadline = time.time() + 60
            while len(entries(up.endpoint, g) or []) < 2 and time.time() < deadline:
                time.sleep(0.2)
            same = self.same_at(db, g)
            self.assert_board(up, g, [("q1", "60", ""), ("q2", "60", "")] if same
                              else [("q2", "60", ""), ("q1", "60", "")])
            if same:
                break
        else:
            self.fail("no two writes within one second in three tries")
        self.assert_check(up)

    @staticmethod
    def same_at(db, board):
        ranks = db.query(TableName="Ranks", ConsistentRead=True,
                         KeyConditionExpression="#b = :b",
                         ExpressionAttributeNames={"#b": "Board"},
                         ExpressionAttributeValues={":b": {"S": board}})["Items"]
        return len(ranks) == 2 and ranks[0]["At"] == ranks[1]["At"]


    def test_settings_come_from_up_flags_not_the_shell(self):
        """The shell's SCORES_TABLE, BOARD_SIZE, ... never reach the function: it reads the
        tables up creates, with the size up was given."""
        shell = dict(ENV, SCORES_TABLE="GameScores", LEADERBOARD_TABLE="Nope1", RANKS_TABLE="Nope2",
                     BOARD_SIZE="7", SCORE_ATTRIBUTE="Points")
        flags = ("--scores-table", "MyScores", "--leaderboard-table", "MyBoards", "--size", "3")
        up = self.start("--in-memory", *flags, env=shell)
        db = boto_client(up.endpoint)
        self.assertEqual(sorted(db.list_tables()["TableNames"]),
                         ["MyBoards", "MyScores", "RankCounts", "Ranks"])
        ranks = db.describe_table(TableName="Ranks")["Table"]
        self.assertEqual([i["IndexName"] for i in ranks["LocalSecondaryIndexes"]], ["ByRank"])
        self.assertEqual(db.describe_time_to_live(TableName="Ranks")["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "ENABLED", "AttributeName": "ExpiresAt"})
        self.assertNotIn("GlobalSecondaryIndexes", db.describe_table(TableName="MyScores")["Table"])
        batch = [item(f"s{i}", "set", 10 * i) for i in range(5)]
        for it in batch:
            db.put_item(TableName="MyScores", Item=it)
        self.assert_board(up, "set", [("s4", "40", ""), ("s3", "30", ""), ("s2", "20", "")],
                          flags=("--leaderboard-table", "MyBoards"))
        out = subprocess.run([STREAMBOARD, "reconcile", "--check", "--all", "--endpoint-url",
                              up.endpoint, *flags], env=shell, capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)


if __name__ == "__main__":
    unittest.main()
