"""Model-based test through boto3: random write histories (PutItem, UpdateItem, DeleteItem,
BatchWriteItem, TransactWriteItems, many of them no-ops) on tables of every view type, on an
engine with 3 shards per stream rolling over every 7 records. A plain-Python model of each
table records every real change; the stream, read parents-first, must hold exactly those
changes, per key in order and in one shard lineage, with the images its view type promises;
replaying a NEW_IMAGE-style stream reproduces the table (a consistent Scan)."""

import random
import unittest

from engine import EngineTestCase, N, S
from streams_support import StreamsEngine, all_shards, read_stream, seq_key

VIEWS = ("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES")


class StreamModelTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        cls._tmp = None
        cls.engine = StreamsEngine(extra_args=("--stream-shards", "3",
                                               "--stream-rollover-records", "7")).start()
        cls.ddb = cls.engine.client()
        cls.streams = cls.engine.streams_client()

    def run_history(self, seed, steps=250):
        rng = random.Random(seed)
        tables = {}
        for view in VIEWS:
            name = f"Model{seed}_{view}"
            self.create_table(name, pk=("pk", "S"), StreamSpecification={
                "StreamEnabled": True, "StreamViewType": view})
            tables[name] = view
        model = {t: {} for t in tables}
        changes = {t: {} for t in tables}

        def change(table, key, old, new):
            if old == new:
                return
            event = "INSERT" if old is None else ("REMOVE" if new is None else "MODIFY")
            changes[table].setdefault(key, []).append((event, old, new))
            if new is None:
                model[table].pop(key, None)
            else:
                model[table][key] = new

        def rand_item(key):
            item = {"pk": S(key), "v": N(rng.randrange(3))}
            if rng.random() < 0.3:
                item["tag"] = S(rng.choice(["x", "y"]))
            return item

        for _ in range(steps):
            table = rng.choice(list(tables))
            key = f"k{rng.randrange(10)}"
            old = model[table].get(key)
            op = rng.randrange(6)
            if op == 0:
                item = rand_item(key)
                self.ddb.put_item(TableName=table, Item=item)
                change(table, key, old, item)
            elif op == 1:
                v = rng.randrange(3)
                self.ddb.update_item(TableName=table, Key={"pk": S(key)},
                                     UpdateExpression="SET v = :v",
                                     ExpressionAttributeValues={":v": N(v)})
                new = dict(old or {"pk": S(key)})
                new["v"] = N(v)
                change(table, key, old, new)
            elif op == 2 and old is not None and "tag" in old:
                self.ddb.update_item(TableName=table, Key={"pk": S(key)},
                                     UpdateExpression="REMOVE tag")
                new = {k: v for k, v in old.items() if k != "tag"}
                change(table, key, old, new)
            elif op == 3:
                self.ddb.delete_item(TableName=table, Key={"pk": S(key)})
                change(table, key, old, None)
            elif op == 4:
                keys = rng.sample(range(10), 3)
                requests, planned = [], []
                for k in keys:
                    kk = f"k{k}"
                    if rng.random() < 0.5:
                        item = rand_item(kk)
                        requests.append({"PutRequest": {"Item": item}})
                        planned.append((kk, item))
                    else:
                        requests.append({"DeleteRequest": {"Key": {"pk": S(kk)}}})
                        planned.append((kk, None))
                resp = self.ddb.batch_write_item(RequestItems={table: requests})
                self.assertEqual(resp.get("UnprocessedItems", {}), {})
                for kk, new in planned:
                    change(table, kk, model[table].get(kk), new)
            else:
                other = rng.choice(list(tables))
                k2 = f"k{rng.randrange(10)}"
                if other == table and k2 == key:
                    k2 = f"k{(int(key[1:]) + 1) % 10}"
                item = rand_item(key)
                v = rng.randrange(3)
                self.ddb.transact_write_items(TransactItems=[
                    {"Put": {"TableName": table, "Item": item}},
                    {"Update": {"TableName": other, "Key": {"pk": S(k2)},
                                "UpdateExpression": "SET v = :v",
                                "ExpressionAttributeValues": {":v": N(v)}}}])
                change(table, key, old, item)
                old2 = model[other].get(k2)
                new2 = dict(old2 or {"pk": S(k2)})
                new2["v"] = N(v)
                change(other, k2, old2, new2)
        return tables, model, changes

    def check_table(self, table, view, model, changes):
        arn = self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        shards = all_shards(self.streams, arn)
        parent_of = {s["ShardId"]: s.get("ParentShardId") for s in shards}

        def root(sid):
            while parent_of.get(sid):
                sid = parent_of[sid]
            return sid

        per_key, lineage, replay = {}, {}, {}
        for sid, r in read_stream(self.streams, arn):
            key = r["dynamodb"]["Keys"]["pk"]["S"]
            per_key.setdefault(key, []).append(r)
            self.assertEqual(lineage.setdefault(key, root(sid)), root(sid), f"{key} lineage")
            if view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
                if r["eventName"] == "REMOVE":
                    replay.pop(key, None)
                else:
                    replay[key] = r["dynamodb"]["NewImage"]
        wants_new = view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
        wants_old = view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")
        self.assertEqual(set(per_key), set(changes), "keys with records")
        for key, expected in changes.items():
            got = per_key[key]
            self.assertEqual(len(got), len(expected), f"{key}: {len(got)} records")
            seqs = [r["dynamodb"]["SequenceNumber"] for r in got]
            self.assertEqual(seqs, sorted(seqs, key=seq_key), f"{key}: order")
            for r, (event, old, new) in zip(got, expected):
                d = r["dynamodb"]
                self.assertEqual(r["eventName"], event)
                self.assertEqual(d["Keys"], {"pk": S(key)})
                self.assertEqual(d.get("NewImage"), new if wants_new else None)
                self.assertEqual(d.get("OldImage"), old if wants_old else None)
                self.assertEqual(d["StreamViewType"], view)
        if wants_new:
            scanned = {}
            for page in self.ddb.get_paginator("scan").paginate(TableName=table,
                                                                ConsistentRead=True):
                for it in page["Items"]:
                    scanned[it["pk"]["S"]] = it
            self.assertEqual(scanned, model)
            self.assertEqual(replay, scanned)

    def test_random_histories(self):
        for seed in (1, 2, 3):
            tables, model, changes = self.run_history(seed)
            for table, view in tables.items():
                with self.subTest(seed=seed, table=table):
                    self.check_table(table, view, model[table], changes[table])


if __name__ == "__main__":
    unittest.main()
