"""boto3 against an engine on a data directory: a GetItem always sees the latest acknowledged
write of its key, whichever way the key was written. GetItem goes through the engine's item
cache (docs/engine.md, "The item cache"), so each case reads the key first, to cache it, then
writes it and reads it again."""

import threading
import time
import unittest

from engine import EngineTestCase, N, S


class ReadAfterWriteTest(EngineTestCase):
    DATA_DIR = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("Cached")

    def get(self, pk, table="Cached"):
        return self.ddb.get_item(TableName=table, Key={"pk": S(pk)}).get("Item")

    def value(self, pk, table="Cached"):
        item = self.get(pk, table)
        return None if item is None else int(item["v"]["N"])

    def test_every_write_path_is_seen_by_the_next_read(self):
        ddb = self.ddb
        key = {"pk": S("k")}
        ddb.put_item(TableName="Cached", Item={"pk": S("k"), "v": N(1)})
        self.assertEqual(self.value("k"), 1)
        self.assertEqual(self.value("k"), 1)  # now from the cache
        ddb.put_item(TableName="Cached", Item={"pk": S("k"), "v": N(2)})
        self.assertEqual(self.value("k"), 2)
        ddb.update_item(TableName="Cached", Key=key, UpdateExpression="ADD v :one",
                        ExpressionAttributeValues={":one": N(1)})
        self.assertEqual(self.value("k"), 3)
        ddb.batch_write_item(RequestItems={"Cached": [
            {"PutRequest": {"Item": {"pk": S("k"), "v": N(4)}}}]})
        self.assertEqual(self.value("k"), 4)
        ddb.transact_write_items(TransactItems=[{"Update": {
            "TableName": "Cached", "Key": key, "UpdateExpression": "SET v = :v",
            "ExpressionAttributeValues": {":v": N(5)}}}])
        self.assertEqual(self.value("k"), 5)
        # A write that fails its condition changes nothing.
        with self.assertClientError("ConditionalCheckFailedException"):
            ddb.put_item(TableName="Cached", Item={"pk": S("k"), "v": N(99)},
                         ConditionExpression="attribute_not_exists(pk)")
        self.assertEqual(self.value("k"), 5)
        # A cancelled transaction changes nothing either.
        with self.assertClientError("TransactionCanceledException"):
            ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "Cached", "Item": {"pk": S("k"), "v": N(98)}}},
                {"ConditionCheck": {"TableName": "Cached", "Key": {"pk": S("absent")},
                                    "ConditionExpression": "attribute_exists(pk)"}}])
        self.assertEqual(self.value("k"), 5)
        ddb.delete_item(TableName="Cached", Key=key)
        self.assertIsNone(self.get("k"))
        ddb.put_item(TableName="Cached", Item={"pk": S("k"), "v": N(6)})
        self.assertEqual(self.value("k"), 6)
        ddb.batch_write_item(RequestItems={"Cached": [{"DeleteRequest": {"Key": key}}]})
        self.assertIsNone(self.get("k"))

    def test_a_table_deleted_and_created_again_starts_empty(self):
        self.create_table("Again")
        self.ddb.put_item(TableName="Again", Item={"pk": S("k"), "v": N(1)})
        self.assertEqual(self.value("k", "Again"), 1)
        self.ddb.delete_table(TableName="Again")
        self.create_table("Again")
        self.assertIsNone(self.get("k", "Again"))

    def test_an_item_deleted_by_ttl_is_gone(self):
        self.create_table("Expiring")
        self.ddb.update_time_to_live(TableName="Expiring", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        self.ddb.put_item(TableName="Expiring", Item={
            "pk": S("k"), "v": N(1), "expires": N(int(time.time()) - 60)})
        # Expired but not yet swept: still returned, as on DynamoDB, and now cached.
        self.assertEqual(self.value("k", "Expiring"), 1)
        deadline = time.monotonic() + 30
        while self.get("k", "Expiring") is not None:
            self.assertLess(time.monotonic(), deadline, "the TTL sweeper never deleted it")
            time.sleep(0.2)

    def test_concurrent_readers_never_go_back(self):
        """One writer adds 1 to a counter 300 times; two readers read it meanwhile. No read
        returns less than a value already acknowledged before it began, or than the reader
        saw before."""
        self.ddb.put_item(TableName="Cached", Item={"pk": S("ctr"), "v": N(0)})
        acked = [0]
        stop = threading.Event()
        failures = []
        reads = [0, 0]

        def reader(i):
            client = self.engine.client()
            seen = 0
            while not stop.is_set():
                floor = acked[0]
                item = client.get_item(TableName="Cached", Key={"pk": S("ctr")})["Item"]
                v = int(item["v"]["N"])
                if v < max(floor, seen):
                    failures.append(f"reader {i} read {v} after {max(floor, seen)}")
                    return
                seen = v
                reads[i] += 1
            client.close()

        threads = [threading.Thread(target=reader, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        try:
            for _ in range(300):
                resp = self.ddb.update_item(
                    TableName="Cached", Key={"pk": S("ctr")}, UpdateExpression="ADD v :one",
                    ExpressionAttributeValues={":one": N(1)}, ReturnValues="UPDATED_NEW")
                acked[0] = int(resp["Attributes"]["v"]["N"])
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertEqual(failures, [])
        self.assertGreater(min(reads), 0)
        self.assertEqual(self.value("ctr"), 300)


if __name__ == "__main__":
    unittest.main()
