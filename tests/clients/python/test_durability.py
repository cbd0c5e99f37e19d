"""boto3 against an engine with --data-dir: tables, items and indexes survive a clean stop and a
kill -9, and every acknowledged write is there after the restart; a new data directory is
private (0700, its files 0600)."""

import os
import sqlite3
import stat
import unittest

from engine import Engine, N, RestartableEngineTestCase, S


class DurabilityTest(RestartableEngineTestCase):

    def test_state_survives_stop_and_kill(self):
        ddb = self.start()
        ddb.create_table(
            TableName="DurTbl", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "GsiG",
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                                   {"AttributeName": "sk", "KeyType": "RANGE"}],
                                     "Projection": {"ProjectionType": "ALL"}}])
        ddb.get_waiter("table_exists").wait(TableName="DurTbl",
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        for i in range(50):
            ddb.put_item(TableName="DurTbl", Item={"pk": S("p"), "sk": N(i), "g": S(f"g{i % 2}"),
                                              "v": N(i)})
        ddb.delete_item(TableName="DurTbl", Key={"pk": S("p"), "sk": N(0)})
        ddb.update_item(TableName="DurTbl", Key={"pk": S("p"), "sk": N(1)},
                        UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": N(100)})
        ddb.update_time_to_live(TableName="DurTbl", TimeToLiveSpecification={"Enabled": True,
                                                                        "AttributeName": "exp"})

        for crash in (False, True):
            ddb = self.restart(crash)
            self.assertEqual(ddb.list_tables()["TableNames"], ["DurTbl"])
            t = ddb.describe_table(TableName="DurTbl")["Table"]
            self.assertEqual([g["IndexName"] for g in t["GlobalSecondaryIndexes"]], ["GsiG"])
            resp = ddb.query(TableName="DurTbl", KeyConditionExpression="pk = :p",
                             ExpressionAttributeValues={":p": S("p")}, ConsistentRead=True)
            self.assertEqual([int(i["sk"]["N"]) for i in resp["Items"]], list(range(1, 50)))
            self.assertEqual(resp["Items"][0]["v"], N(100))
            resp = ddb.query(TableName="DurTbl", IndexName="GsiG", KeyConditionExpression="g = :g",
                             ExpressionAttributeValues={":g": S("g0")})
            self.assertEqual(resp["Count"], 24)  # 0 was deleted
            ttl = ddb.describe_time_to_live(TableName="DurTbl")["TimeToLiveDescription"]
            self.assertEqual(ttl.get("AttributeName"), "exp")
            # Writes after the restart are acknowledged and kept across the next one.
            ddb.put_item(TableName="DurTbl", Item={"pk": S("after"), "sk": N(int(crash)),
                                              "g": S("gx")})

        ddb = self.restart(crash=True)
        resp = ddb.query(TableName="DurTbl", KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": S("after")}, ConsistentRead=True)
        self.assertEqual(resp["Count"], 2)

    def test_new_data_dir_is_private(self):
        data_dir = os.path.join(self.dir, "new", "data")  # neither exists yet
        old_umask = os.umask(0o022)  # the usual umask, which would give 0755 and 0644
        try:
            self.engine = Engine(data_dir=data_dir).start()
        finally:
            os.umask(old_umask)
        ddb = self.engine.client()
        ddb.create_table(
            TableName="Private", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        ddb.put_item(TableName="Private", Item={"pk": S("secret")})

        def mode(path):
            return stat.S_IMODE(os.stat(path).st_mode)

        self.assertEqual(mode(os.path.join(self.dir, "new")), 0o700)
        self.assertEqual(mode(data_dir), 0o700)
        names = sorted(os.listdir(data_dir))
        for expected in ("engine.lock", "engine.sqlite", "engine.sqlite-wal"):
            self.assertIn(expected, names)
        # The engine holds the database exclusively, with its WAL index in its own memory
        # (docs/engine.md, "Data directory"): no -shm file, and no other process reads it.
        self.assertNotIn("engine.sqlite-shm", names)
        other = sqlite3.connect(os.path.join(data_dir, "engine.sqlite"), timeout=0.1)
        try:
            with self.assertRaisesRegex(sqlite3.OperationalError, "locked"):
                other.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            other.close()
        for name in names:
            self.assertEqual(mode(os.path.join(data_dir, name)), 0o600, name)


if __name__ == "__main__":
    unittest.main()
