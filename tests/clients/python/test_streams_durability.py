"""Stream durability: writers keep writing through boto3 while the engine (with --data-dir) is
killed with SIGKILL; after each restart the stream holds exactly the acknowledged writes (plus,
at most, the one write per writer that was in flight when the process died, and then only if
the table has it too), in order per item, and every item equals its last record's NewImage."""

import shutil
import tempfile
import threading
import time
import unittest

from engine import N, S
from streams_support import StreamsEngine, read_stream, seq_key

WRITERS = 3
KEYS_PER_WRITER = 4


class Writer(threading.Thread):
    """Puts items with increasing `v` round-robin over its own keys until told to stop or
    until a request fails (the engine died). `acked[key]` lists the acknowledged values in
    order; `in_flight` is the (key, v) of the request that failed, if any."""

    def __init__(self, client, table, wid, start_v):
        super().__init__(daemon=True)
        self.client, self.table, self.wid = client, table, wid
        self.v = start_v
        self.acked = {}
        self.in_flight = None
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            key = f"w{self.wid}-k{self.v % KEYS_PER_WRITER}"
            try:
                self.client.put_item(TableName=self.table,
                                     Item={"pk": S(key), "v": N(self.v), "w": S(str(self.wid))})
            except Exception:  # noqa: BLE001  (connection refused/reset: the engine is gone)
                self.in_flight = (key, self.v)
                return
            self.acked.setdefault(key, []).append(self.v)
            self.v += 1


class StreamDurabilityTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sb-streams-durable-")
        self.args = ("--stream-shards", "2", "--stream-rollover-records", "40")
        self.engine = None

    def tearDown(self):
        if self.engine is not None:
            self.engine.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self):
        self.engine = StreamsEngine(data_dir=self.dir, extra_args=self.args).start()
        return self.engine.client(), self.engine.streams_client()

    def test_kill_minus_nine_under_write_load(self):
        ddb, streams = self.start()
        ddb.create_table(TableName="Durable", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        arn = ddb.describe_table(TableName="Durable")["Table"]["LatestStreamArn"]
        acked = {}          # key -> acknowledged values, in order, across all rounds
        maybe = {}          # key -> in-flight values whose outcome is unknown
        next_v = [0] * WRITERS
        for round_ in range(3):
            writers = [Writer(self.engine.client(), "Durable", w, next_v[w]) for w in range(WRITERS)]
            for w in writers:
                w.start()
            time.sleep(0.6 + 0.2 * round_)
            self.engine.kill()  # SIGKILL while the writers are mid-request
            for w in writers:
                w.join(timeout=30)
                self.assertFalse(w.is_alive())
                for key, values in w.acked.items():
                    acked.setdefault(key, []).extend(values)
                if w.in_flight:
                    maybe.setdefault(w.in_flight[0], set()).add(w.in_flight[1])
                next_v[w.wid] = w.v + 1
            ddb, streams = self.start()
            self.check(ddb, streams, arn, acked, maybe)
        self.assertGreater(sum(len(v) for v in acked.values()), 30)

    def check(self, ddb, streams, arn, acked, maybe):
        records = read_stream(streams, arn)
        per_key, seqs = {}, {}
        for _, r in records:
            self.assertIn(r["eventName"], ("INSERT", "MODIFY"))
            key = r["dynamodb"]["Keys"]["pk"]["S"]
            per_key.setdefault(key, []).append(int(r["dynamodb"]["NewImage"]["v"]["N"]))
            seqs.setdefault(key, []).append(r["dynamodb"]["SequenceNumber"])
        for key, s in seqs.items():
            self.assertEqual(s, sorted(s, key=seq_key), f"{key}: records out of order")
            self.assertEqual(len(s), len(set(s)), f"{key}: duplicate sequence numbers")
        items = {}
        for page in ddb.get_paginator("scan").paginate(TableName="Durable", ConsistentRead=True):
            for it in page["Items"]:
                items[it["pk"]["S"]] = int(it["v"]["N"])
        for key in set(acked) | set(per_key) | set(maybe):
            got = per_key.get(key, [])
            want = acked.get(key, [])
            # Exactly the acknowledged writes, in order; an unacknowledged in-flight write may
            # also be there (it committed but the reply was lost), never anything else.
            extra = [v for v in got if v not in want]
            self.assertEqual([v for v in got if v in want], want, f"{key}: lost or reordered")
            self.assertTrue(set(extra) <= maybe.get(key, set()), f"{key}: invented {extra}")
            self.assertEqual(len(got), len(set(got)), f"{key}: duplicated")
            self.assertEqual(got, sorted(got), f"{key}: out of write order")
            # Never a record without its write, nor a write without its record.
            if got:
                self.assertEqual(items.get(key), got[-1], f"{key}: item and stream disagree")
            else:
                self.assertNotIn(key, items)


if __name__ == "__main__":
    unittest.main()
