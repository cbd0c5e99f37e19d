"""boto3 against the engine: BatchWriteItem and BatchGetItem — limits (25 / 100 / 16 MB),
duplicate keys, UnprocessedKeys, consumed capacity, and the resource layer's batch_writer."""

import unittest

from engine import EngineTestCase, N, S


def put(item):
    return {"PutRequest": {"Item": item}}


def delete(key):
    return {"DeleteRequest": {"Key": key}}


class BatchTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("Aaa")
        cls.create_table("Btt", pk=("pk", "S"), sk=("sk", "N"))

    def get(self, table, key):
        return self.ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")

    def test_write_puts_and_deletes_across_tables(self):
        self.ddb.put_item(TableName="Aaa", Item={"pk": S("gone")})
        resp = self.ddb.batch_write_item(RequestItems={
            "Aaa": [put({"pk": S(f"a{i}"), "v": N(i)}) for i in range(10)] +
                 [delete({"pk": S("gone")}), delete({"pk": S("never-there")})],
            "Btt": [put({"pk": S("b"), "sk": N(i)}) for i in range(13)],
        })
        self.assertEqual(resp["UnprocessedItems"], {})
        self.assertEqual(self.get("Aaa", {"pk": S("a7")}), {"pk": S("a7"), "v": N(7)})
        self.assertIsNone(self.get("Aaa", {"pk": S("gone")}))
        got = self.ddb.query(TableName="Btt", KeyConditionExpression="pk = :p",
                             ExpressionAttributeValues={":p": S("b")})
        self.assertEqual(got["Count"], 13)

    def test_write_limits_and_errors(self):
        with self.assertValidation():
            self.ddb.batch_write_item(RequestItems={
                "Aaa": [put({"pk": S(f"x{i}")}) for i in range(26)]})
        with self.assertValidation():  # 25 is per call, not per table
            self.ddb.batch_write_item(RequestItems={
                "Aaa": [put({"pk": S(f"x{i}")}) for i in range(13)],
                "Btt": [put({"pk": S("x"), "sk": N(i)}) for i in range(13)]})
        with self.assertValidation(message="Provided list of item keys contains duplicates"):
            self.ddb.batch_write_item(RequestItems={
                "Aaa": [put({"pk": S("dup"), "v": N(1)}), put({"pk": S("dup"), "v": N(2)})]})
        with self.assertValidation(message="Provided list of item keys contains duplicates"):
            self.ddb.batch_write_item(RequestItems={
                "Aaa": [put({"pk": S("dup")}), delete({"pk": S("dup")})]})
        with self.assertValidation():  # missing key attribute
            self.ddb.batch_write_item(RequestItems={"Aaa": [put({"v": N(1)})]})
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.batch_write_item(RequestItems={"Ghost": [put({"pk": S("x")})]})
        # Nothing of a refused batch was written (validation precedes any write).
        for i in range(26):
            self.assertIsNone(self.get("Aaa", {"pk": S(f"x{i}")}))
        self.assertIsNone(self.get("Aaa", {"pk": S("dup")}))
        with self.assertValidation():  # an item over 400 KB refuses the whole batch
            self.ddb.batch_write_item(RequestItems={
                "Aaa": [put({"pk": S("ok1")}), put({"pk": S("big"), "b": S("x" * 410_000)})]})
        self.assertIsNone(self.get("Aaa", {"pk": S("ok1")}))

    def test_get(self):
        self.ddb.batch_write_item(RequestItems={
            "Aaa": [put({"pk": S(f"g{i}"), "v": N(i), "w": S("w")}) for i in range(5)],
            "Btt": [put({"pk": S("g"), "sk": N(i), "v": N(i)}) for i in range(5)]})
        resp = self.ddb.batch_get_item(RequestItems={
            "Aaa": {"Keys": [{"pk": S("g1")}, {"pk": S("g3")}, {"pk": S("missing")}],
                  "ProjectionExpression": "#v", "ExpressionAttributeNames": {"#v": "v"}},
            "Btt": {"Keys": [{"pk": S("g"), "sk": N(4)}], "ConsistentRead": True}})
        self.assertEqual(resp["UnprocessedKeys"], {})
        self.assertEqual(sorted(resp["Responses"]["Aaa"], key=lambda i: i["v"]["N"]),
                         [{"v": N(1)}, {"v": N(3)}])
        self.assertEqual(resp["Responses"]["Btt"], [{"pk": S("g"), "sk": N(4), "v": N(4)}])
        # A table whose keys all miss still appears, with an empty list.
        resp = self.ddb.batch_get_item(RequestItems={"Aaa": {"Keys": [{"pk": S("nope")}]}})
        self.assertEqual(resp["Responses"], {"Aaa": []})

    def test_get_limits_and_errors(self):
        with self.assertValidation(contains="Too many items requested for the BatchGetItem call"):
            self.ddb.batch_get_item(RequestItems={
                "Aaa": {"Keys": [{"pk": S(f"k{i}")} for i in range(101)]}})
        self.ddb.batch_get_item(RequestItems={"Aaa": {"Keys": [{"pk": S(f"k{i}")}
                                                            for i in range(100)]}})
        with self.assertValidation(message="Provided list of item keys contains duplicates"):
            self.ddb.batch_get_item(RequestItems={"Aaa": {"Keys": [{"pk": S("k")}, {"pk": S("k")}]}})
        with self.assertValidation(message="The provided key element does not match the schema"):
            self.ddb.batch_get_item(RequestItems={"Btt": {"Keys": [{"pk": S("k")}]}})
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.batch_get_item(RequestItems={"Ghost": {"Keys": [{"pk": S("k")}]}})

    def test_consumed_capacity(self):
        resp = self.ddb.batch_write_item(
            RequestItems={"Aaa": [put({"pk": S(f"c{i}")}) for i in range(3)],
                          "Btt": [put({"pk": S("c"), "sk": N(1)})]},
            ReturnConsumedCapacity="TOTAL")
        caps = {c["TableName"]: c["CapacityUnits"] for c in resp["ConsumedCapacity"]}
        self.assertEqual(caps, {"Aaa": 3.0, "Btt": 1.0})
        resp = self.ddb.batch_get_item(
            RequestItems={"Aaa": {"Keys": [{"pk": S(f"c{i}")} for i in range(3)]}},
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], [{"TableName": "Aaa", "CapacityUnits": 1.5}])

    def test_resource_batch_writer(self):
        table = self.resource.Table("Aaa")
        with table.batch_writer() as bw:
            for i in range(60):  # more than one BatchWriteItem call
                bw.put_item(Item={"pk": f"bw{i}", "n": i})
        resp = self.ddb.scan(TableName="Aaa", FilterExpression="begins_with(pk, :p)",
                             ExpressionAttributeValues={":p": S("bw")}, Select="COUNT")
        self.assertEqual(resp["Count"], 60)


class BatchGetUnprocessedTest(EngineTestCase):

    def test_sixteen_megabyte_response_limit_returns_unprocessed_keys(self):
        self.create_table("Huge")
        keys = [{"pk": S(f"h{i:02}")} for i in range(60)]
        for k in keys:  # 60 items of ~350 KB: about 21 MB, over the 16 MB response limit
            self.ddb.put_item(TableName="Huge", Item={**k, "blob": S("z" * 350_000)})
        resp = self.ddb.batch_get_item(RequestItems={"Huge": {"Keys": keys,
                                                              "ConsistentRead": True}})
        got = resp["Responses"]["Huge"]
        unprocessed = resp["UnprocessedKeys"]
        self.assertIn("Huge", unprocessed)
        self.assertTrue(unprocessed["Huge"]["ConsistentRead"])  # the request's options kept
        pending = unprocessed["Huge"]["Keys"]
        self.assertGreater(len(got), 0)
        self.assertEqual(len(got) + len(pending), 60)
        self.assertEqual(sorted([i["pk"]["S"] for i in got] + [k["pk"]["S"] for k in pending]),
                         sorted(k["pk"]["S"] for k in keys))
        # Retrying what was unprocessed eventually returns everything.
        seen = {i["pk"]["S"] for i in got}
        request = unprocessed
        for _ in range(10):
            if not request:
                break
            resp = self.ddb.batch_get_item(RequestItems=request)
            seen |= {i["pk"]["S"] for i in resp["Responses"].get("Huge", [])}
            request = resp["UnprocessedKeys"]
        self.assertEqual(len(seen), 60)


if __name__ == "__main__":
    unittest.main()
