"""boto3 against the engine: Query — key conditions of every operator, filters, projections,
ScanIndexForward, Limit and paging, the 1 MB page limit, Select, GSIs and LSIs, errors."""

import unittest

from engine import EngineTestCase, N, S, query_all


def gsi(name, pk, sk=None, projection="ALL", non_key=None):
    schema = [{"AttributeName": pk, "KeyType": "HASH"}]
    if sk:
        schema.append({"AttributeName": sk, "KeyType": "RANGE"})
    proj = {"ProjectionType": projection}
    if non_key:
        proj["NonKeyAttributes"] = non_key
    return {"IndexName": name, "KeySchema": schema, "Projection": proj}


class QueryTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table(
            "QueryTbl", pk=("pk", "S"), sk=("sk", "N"),
            extra_attrs=[("cat", "S"), ("price", "N"), ("lsk", "S")],
            gsis=[gsi("ByCat", "cat", "price"),
                  gsi("CatKeys", "cat", projection="KEYS_ONLY"),
                  gsi("CatInc", "cat", "price", projection="INCLUDE", non_key=["note"])],
            lsis=[gsi("ByLsk", "pk", "lsk"),
                  gsi("LskKeys", "pk", "lsk", projection="KEYS_ONLY")])
        for i in range(20):
            item = {"pk": S("p"), "sk": N(i), "cat": S(f"c{i % 3}"), "price": N(i * 10),
                    "lsk": S(f"l{19 - i:02}"), "note": S(f"note{i}"), "other": S("x")}
            cls.ddb.put_item(TableName="QueryTbl", Item=item)
        cls.ddb.put_item(TableName="QueryTbl", Item={"pk": S("q"), "sk": N(0)})  # in no index
        for v in ("-10", "-1.5", "0", "2", "10", "100", "1e2"):  # 1e2 overwrites 100
            cls.ddb.put_item(TableName="QueryTbl", Item={"pk": S("nums"), "sk": N(v)})
        cls.create_table("QueryStr", pk=("pk", "S"), sk=("sk", "S"))
        for s in ("a", "ab", "abc", "b", "B", "é", "z", "ba"):
            cls.ddb.put_item(TableName="QueryStr", Item={"pk": S("s"), "sk": S(s)})

    def q(self, table="QueryTbl", **kw):
        return self.ddb.query(TableName=table, **kw)

    def sks(self, resp):
        return [i["sk"]["N"] if "N" in i["sk"] else i["sk"]["S"] for i in resp["Items"]]

    def test_key_condition_operators(self):
        cases = [
            ("pk = :p", {}, [str(i) for i in range(20)]),
            ("pk = :p AND sk = :a", {":a": N(5)}, ["5"]),
            ("pk = :p AND sk < :a", {":a": N(3)}, ["0", "1", "2"]),
            ("pk = :p AND sk <= :a", {":a": N(2)}, ["0", "1", "2"]),
            ("pk = :p AND sk > :a", {":a": N(17)}, ["18", "19"]),
            ("pk = :p AND sk >= :a", {":a": N(18)}, ["18", "19"]),
            ("pk = :p AND sk BETWEEN :a AND :b", {":a": N(4), ":b": N(6)}, ["4", "5", "6"]),
            ("sk BETWEEN :a AND :b AND pk = :p", {":a": N(4), ":b": N(4)}, ["4"]),
            ("(pk = :p) AND (sk > :a)", {":a": N(18)}, ["19"]),
        ]
        for expr, values, expected in cases:
            resp = self.q(KeyConditionExpression=expr,
                          ExpressionAttributeValues={":p": S("p"), **values})
            self.assertEqual(self.sks(resp), expected, expr)
            self.assertEqual(resp["Count"], len(expected))
            self.assertEqual(resp["ScannedCount"], len(expected))
        resp = self.q(KeyConditionExpression="#k = :p AND begins_with(#s, :b)",
                      ExpressionAttributeNames={"#k": "pk", "#s": "sk"},
                      ExpressionAttributeValues={":p": S("s"), ":b": S("a")}, table="QueryStr")
        self.assertEqual(self.sks(resp), ["a", "ab", "abc"])
        self.assertEqual(self.q(table="QueryStr", KeyConditionExpression="pk = :p",
                                ExpressionAttributeValues={":p": S("nobody")})["Items"], [])

    def test_sort_order_numbers_and_utf8(self):
        resp = self.q(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": S("nums")})
        self.assertEqual(self.sks(resp), ["-10", "-1.5", "0", "2", "10", "100"])
        resp = self.q(table="QueryStr", KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": S("s")})
        self.assertEqual(self.sks(resp), ["B", "a", "ab", "abc", "b", "ba", "z", "é"])
        resp = self.q(table="QueryStr", KeyConditionExpression="pk = :p", ScanIndexForward=False,
                      ExpressionAttributeValues={":p": S("s")})
        self.assertEqual(self.sks(resp), ["é", "z", "ba", "b", "abc", "ab", "a", "B"])

    def test_filter_projection_and_counts(self):
        resp = self.q(KeyConditionExpression="pk = :p AND sk < :ten",
                      FilterExpression="cat = :c AND attribute_exists(note)",
                      ProjectionExpression="sk, price",
                      ExpressionAttributeValues={":p": S("p"), ":ten": N(10), ":c": S("c1")})
        self.assertEqual(resp["Items"], [{"sk": N(1), "price": N(10)},
                                         {"sk": N(4), "price": N(40)},
                                         {"sk": N(7), "price": N(70)}])
        self.assertEqual(resp["Count"], 3)
        self.assertEqual(resp["ScannedCount"], 10)
        with self.assertValidation(contains="primary key"):
            self.q(KeyConditionExpression="pk = :p", FilterExpression="sk > :a",
                   ExpressionAttributeValues={":p": S("p"), ":a": N(1)})

    def test_limit_and_paging(self):
        resp = self.q(KeyConditionExpression="pk = :p", Limit=5,
                      ExpressionAttributeValues={":p": S("p")})
        self.assertEqual(self.sks(resp), ["0", "1", "2", "3", "4"])
        self.assertEqual(resp["LastEvaluatedKey"], {"pk": S("p"), "sk": N(4)})
        resp = self.q(KeyConditionExpression="pk = :p", Limit=5,
                      ExclusiveStartKey=resp["LastEvaluatedKey"],
                      ExpressionAttributeValues={":p": S("p")})
        self.assertEqual(self.sks(resp), ["5", "6", "7", "8", "9"])
        items, pages = query_all(self.ddb, TableName="QueryTbl", KeyConditionExpression="pk = :p",
                                 Limit=7, ExpressionAttributeValues={":p": S("p")})
        self.assertEqual([i["sk"]["N"] for i in items], [str(i) for i in range(20)])
        self.assertEqual(pages, 3)
        # Limit reached exactly at the end: DynamoDB still returns a LastEvaluatedKey, and the
        # next page is empty without one.
        items, pages = query_all(self.ddb, TableName="QueryTbl", KeyConditionExpression="pk = :p",
                                 Limit=10, ExpressionAttributeValues={":p": S("p")})
        self.assertEqual((len(items), pages), (20, 3))
        # Backwards paging.
        items, _ = query_all(self.ddb, TableName="QueryTbl", KeyConditionExpression="pk = :p",
                             Limit=3, ScanIndexForward=False,
                             ExpressionAttributeValues={":p": S("p")})
        self.assertEqual([i["sk"]["N"] for i in items], [str(i) for i in range(19, -1, -1)])
        # Limit counts items read before the filter.
        resp = self.q(KeyConditionExpression="pk = :p", Limit=6, FilterExpression="cat = :c",
                      ExpressionAttributeValues={":p": S("p"), ":c": S("c0")})
        self.assertEqual(self.sks(resp), ["0", "3"])
        self.assertEqual((resp["Count"], resp["ScannedCount"]), (2, 6))
        self.assertEqual(resp["LastEvaluatedKey"], {"pk": S("p"), "sk": N(5)})
        # The paginator walks the same pages.
        pages = list(self.ddb.get_paginator("query").paginate(
            TableName="QueryTbl", KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": S("p")}, PaginationConfig={"PageSize": 6}))
        self.assertEqual(sum(p["Count"] for p in pages), 20)
        # A starting key from outside the queried partition is refused.
        with self.assertValidation():
            self.q(KeyConditionExpression="pk = :p", ExclusiveStartKey={"pk": S("p")},
                   ExpressionAttributeValues={":p": S("p")})

    def test_select(self):
        resp = self.q(KeyConditionExpression="pk = :p", Select="COUNT",
                      FilterExpression="price >= :x",
                      ExpressionAttributeValues={":p": S("p"), ":x": N(100)})
        self.assertNotIn("Items", resp)
        self.assertEqual((resp["Count"], resp["ScannedCount"]), (10, 20))
        resp = self.q(KeyConditionExpression="pk = :p AND sk = :s", Select="SPECIFIC_ATTRIBUTES",
                      ProjectionExpression="note",
                      ExpressionAttributeValues={":p": S("p"), ":s": N(3)})
        self.assertEqual(resp["Items"], [{"note": S("note3")}])
        resp = self.q(KeyConditionExpression="pk = :p AND sk = :s", Select="ALL_ATTRIBUTES",
                      ExpressionAttributeValues={":p": S("p"), ":s": N(3)})
        self.assertEqual(len(resp["Items"][0]), 7)
        with self.assertValidation():
            self.q(KeyConditionExpression="pk = :p", Select="COUNT", ProjectionExpression="sk",
                   ExpressionAttributeValues={":p": S("p")})
        with self.assertValidation():
            self.q(KeyConditionExpression="pk = :p", Select="SPECIFIC_ATTRIBUTES",
                   ExpressionAttributeValues={":p": S("p")})
        with self.assertValidation():
            self.q(KeyConditionExpression="pk = :p", Select="ALL_ATTRIBUTES",
                   ProjectionExpression="sk", ExpressionAttributeValues={":p": S("p")})

    def test_gsi_queries(self):
        resp = self.q(IndexName="ByCat", KeyConditionExpression="cat = :c AND price > :x",
                      ExpressionAttributeValues={":c": S("c2"), ":x": N(100)})
        self.assertEqual([i["price"]["N"] for i in resp["Items"]], ["110", "140", "170"])
        self.assertEqual(len(resp["Items"][0]), 7)  # ALL projection: whole items
        resp = self.q(IndexName="ByCat", KeyConditionExpression="cat = :c", Limit=2,
                      ExpressionAttributeValues={":c": S("c2")})
        # LastEvaluatedKey of an index query: table key plus index key.
        self.assertEqual(resp["LastEvaluatedKey"],
                         {"pk": S("p"), "sk": N(5), "cat": S("c2"), "price": N(50)})
        items, _ = query_all(self.ddb, TableName="QueryTbl", IndexName="ByCat",
                             KeyConditionExpression="cat = :c", Limit=2,
                             ExpressionAttributeValues={":c": S("c2")})
        self.assertEqual([i["sk"]["N"] for i in items], ["2", "5", "8", "11", "14", "17"])
        with self.assertValidation(
                message="Consistent reads are not supported on global secondary indexes"):
            self.q(IndexName="ByCat", ConsistentRead=True, KeyConditionExpression="cat = :c",
                   ExpressionAttributeValues={":c": S("c2")})
        # KEYS_ONLY: table keys and index keys only.
        resp = self.q(IndexName="CatKeys", KeyConditionExpression="cat = :c",
                      ExpressionAttributeValues={":c": S("c1")})
        self.assertEqual(len(resp["Items"]), 7)
        for item in resp["Items"]:
            self.assertEqual(set(item), {"pk", "sk", "cat"})
        with self.assertValidation(contains="ALL_ATTRIBUTES"):
            self.q(IndexName="CatKeys", Select="ALL_ATTRIBUTES", KeyConditionExpression="cat = :c",
                   ExpressionAttributeValues={":c": S("c1")})
        # INCLUDE: keys plus the listed attributes.
        resp = self.q(IndexName="CatInc", KeyConditionExpression="cat = :c",
                      Select="ALL_PROJECTED_ATTRIBUTES",
                      ExpressionAttributeValues={":c": S("c1")})
        for item in resp["Items"]:
            self.assertEqual(set(item), {"pk", "sk", "cat", "price", "note"})
        # Items without the index key are not in the index.
        resp = self.ddb.scan(TableName="QueryTbl", IndexName="ByCat", Select="COUNT")
        self.assertEqual(resp["Count"], 20)
        with self.assertValidation(contains="Nope"):
            self.q(IndexName="Nope", KeyConditionExpression="cat = :c",
                   ExpressionAttributeValues={":c": S("c1")})

    def test_lsi_queries(self):
        resp = self.q(IndexName="ByLsk", ConsistentRead=True,
                      KeyConditionExpression="pk = :p AND lsk < :l", Limit=3,
                      ExpressionAttributeValues={":p": S("p"), ":l": S("l05")})
        self.assertEqual([i["lsk"]["S"] for i in resp["Items"]], ["l00", "l01", "l02"])
        self.assertEqual(resp["LastEvaluatedKey"], {"pk": S("p"), "sk": N(17), "lsk": S("l02")})
        # An LSI with KEYS_ONLY still serves ALL_ATTRIBUTES (fetched from the table).
        resp = self.q(IndexName="LskKeys", Select="ALL_ATTRIBUTES",
                      KeyConditionExpression="pk = :p AND lsk = :l",
                      ExpressionAttributeValues={":p": S("p"), ":l": S("l00")})
        self.assertEqual(resp["Items"][0]["note"], S("note19"))
        resp = self.q(IndexName="LskKeys", KeyConditionExpression="pk = :p AND lsk = :l",
                      ExpressionAttributeValues={":p": S("p"), ":l": S("l00")})
        self.assertEqual(set(resp["Items"][0]), {"pk", "sk", "lsk"})

    def test_key_condition_errors(self):
        with self.assertValidation(message="Either the KeyConditions or KeyConditionExpression "
                                           "parameter must be specified in the request."):
            self.q()
        bad = [
            ("sk = :a", {":a": N(1)}),                          # no partition key
            ("pk < :p", {":p": S("p")}),                         # partition key needs =
            ("pk = :p OR sk = :a", {":p": S("p"), ":a": N(1)}),  # no OR
            ("pk = :p AND other = :a", {":p": S("p"), ":a": N(1)}),  # not a key attribute
            ("pk = :p AND sk <> :a", {":p": S("p"), ":a": N(1)}),
            ("pk = :p AND sk > :a AND sk < :b", {":p": S("p"), ":a": N(1), ":b": N(3)}),
            ("pk = :p AND begins_with(sk, :a)", {":p": S("p"), ":a": N(1)}),  # N sort key
            ("pk = :p AND sk = :a", {":p": S("p"), ":a": S("1")}),  # wrong type
            ("pk = :p AND sk IN (:a)", {":p": S("p"), ":a": N(1)}),
        ]
        for expr, values in bad:
            with self.assertValidation():
                self.q(KeyConditionExpression=expr, ExpressionAttributeValues=values)
        with self.assertClientError("ResourceNotFoundException"):
            self.q(table="Ghost", KeyConditionExpression="pk = :p",
                   ExpressionAttributeValues={":p": S("p")})

    def test_consumed_capacity(self):
        resp = self.q(KeyConditionExpression="pk = :p", ReturnConsumedCapacity="TOTAL",
                      ExpressionAttributeValues={":p": S("p")})
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": "QueryTbl", "CapacityUnits": 0.5})
        resp = self.q(KeyConditionExpression="pk = :p", ReturnConsumedCapacity="TOTAL",
                      ConsistentRead=True, ExpressionAttributeValues={":p": S("p")})
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 1.0)


class LargeItemsQueryTest(EngineTestCase):

    def test_one_megabyte_page_limit(self):
        self.create_table("Big", pk=("pk", "S"), sk=("sk", "N"))
        for i in range(25):
            self.ddb.put_item(TableName="Big",
                              Item={"pk": S("b"), "sk": N(i), "payload": S(chr(65 + i) * 100_000)})
        first = self.ddb.query(TableName="Big", KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": S("b")})
        # Pages stop at 1 MB of items read (each item here is about 100 KB).
        self.assertIn(first["Count"], (10, 11))
        self.assertEqual(first["LastEvaluatedKey"],
                         {"pk": S("b"), "sk": N(first["Count"] - 1)})
        items, pages = query_all(self.ddb, TableName="Big", KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": S("b")})
        self.assertEqual([i["sk"]["N"] for i in items], [str(i) for i in range(25)])
        self.assertEqual(pages, 3)
        # The limit applies to items read, so a filter that keeps nothing still pages.
        resp = self.ddb.query(TableName="Big", KeyConditionExpression="pk = :p",
                              FilterExpression="attribute_not_exists(payload)",
                              ExpressionAttributeValues={":p": S("b")})
        self.assertEqual(resp["Count"], 0)
        self.assertIn(resp["ScannedCount"], (10, 11))
        self.assertIn("LastEvaluatedKey", resp)
        # Capacity: half a unit per started 4 KB read.
        resp = self.ddb.query(TableName="Big", KeyConditionExpression="pk = :p AND sk = :s",
                              ReturnConsumedCapacity="TOTAL",
                              ExpressionAttributeValues={":p": S("b"), ":s": N(0)})
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 12.5)


if __name__ == "__main__":
    unittest.main()
