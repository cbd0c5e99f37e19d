"""boto3 against the engine: CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable,
Describe/UpdateTimeToLive — shapes and errors as DynamoDB returns them."""

import time
import unittest

from engine import EngineTestCase, N, S

ARN_RE = r"^arn:aws:dynamodb:us-east-1:\d{12}:table/%s$"


def key(name, kind):
    return {"AttributeName": name, "KeyType": kind}


def gsi(name, pk, sk=None, projection="ALL", non_key=None):
    schema = [key(pk, "HASH")] + ([key(sk, "RANGE")] if sk else [])
    proj = {"ProjectionType": projection}
    if non_key:
        proj["NonKeyAttributes"] = non_key
    return {"IndexName": name, "KeySchema": schema, "Projection": proj}


class CreateDescribeTest(EngineTestCase):

    def test_create_with_every_index_kind_and_describe_shape(self):
        resp = self.create_table(
            "Shapes", pk=("pk", "S"), sk=("sk", "N"),
            extra_attrs=[("g1", "S"), ("g2", "N"), ("l1", "S"), ("bin", "B")],
            gsis=[gsi("GAll", "g1", "g2"), gsi("GKeys", "g2", projection="KEYS_ONLY"),
                  gsi("GInc", "bin", "g1", projection="INCLUDE", non_key=["a", "b"])],
            lsis=[gsi("LAll", "pk", "l1"), gsi("LKeys", "pk", "g1", projection="KEYS_ONLY"),
                  gsi("LInc", "pk", "g2", projection="INCLUDE", non_key=["c"])],
            Tags=[{"Key": "team", "Value": "games"}])
        created = resp["TableDescription"]
        self.assertEqual(created["TableName"], "Shapes")
        self.assertIn(created["TableStatus"], ("CREATING", "ACTIVE"))

        t = self.ddb.describe_table(TableName="Shapes")["Table"]
        self.assertEqual(t["TableName"], "Shapes")
        self.assertEqual(t["TableStatus"], "ACTIVE")
        self.assertEqual(t["KeySchema"], [key("pk", "HASH"), key("sk", "RANGE")])
        self.assertEqual(
            sorted((a["AttributeName"], a["AttributeType"]) for a in t["AttributeDefinitions"]),
            sorted([("pk", "S"), ("sk", "N"), ("g1", "S"), ("g2", "N"), ("l1", "S"),
                    ("bin", "B")]))
        self.assertRegex(t["TableArn"], ARN_RE % "Shapes")
        self.assertTrue(t["TableId"])
        self.assertIn("CreationDateTime", t)
        self.assertIsInstance(t["TableSizeBytes"], int)
        self.assertIsInstance(t["ItemCount"], int)
        self.assertEqual(t["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(t["ProvisionedThroughput"]["ReadCapacityUnits"], 0)
        self.assertEqual(t["ProvisionedThroughput"]["WriteCapacityUnits"], 0)
        self.assertEqual(t["ProvisionedThroughput"]["NumberOfDecreasesToday"], 0)

        gsis = {g["IndexName"]: g for g in t["GlobalSecondaryIndexes"]}
        self.assertEqual(set(gsis), {"GAll", "GKeys", "GInc"})
        self.assertEqual(gsis["GAll"]["KeySchema"], [key("g1", "HASH"), key("g2", "RANGE")])
        self.assertEqual(gsis["GAll"]["Projection"], {"ProjectionType": "ALL"})
        self.assertEqual(gsis["GKeys"]["KeySchema"], [key("g2", "HASH")])
        self.assertEqual(gsis["GKeys"]["Projection"], {"ProjectionType": "KEYS_ONLY"})
        self.assertEqual(gsis["GInc"]["Projection"]["ProjectionType"], "INCLUDE")
        self.assertEqual(sorted(gsis["GInc"]["Projection"]["NonKeyAttributes"]), ["a", "b"])
        for g in gsis.values():
            self.assertEqual(g["IndexStatus"], "ACTIVE")
            self.assertRegex(g["IndexArn"], (ARN_RE % "Shapes")[:-1] + "/index/" +
                             g["IndexName"] + "$")
            self.assertIsInstance(g["IndexSizeBytes"], int)
            self.assertIsInstance(g["ItemCount"], int)

        lsis = {i["IndexName"]: i for i in t["LocalSecondaryIndexes"]}
        self.assertEqual(set(lsis), {"LAll", "LKeys", "LInc"})
        self.assertEqual(lsis["LAll"]["KeySchema"], [key("pk", "HASH"), key("l1", "RANGE")])
        self.assertEqual(lsis["LKeys"]["Projection"], {"ProjectionType": "KEYS_ONLY"})
        self.assertEqual(lsis["LInc"]["Projection"],
                         {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["c"]})
        for i in lsis.values():
            self.assertRegex(i["IndexArn"], (ARN_RE % "Shapes")[:-1] + "/index/" +
                             i["IndexName"] + "$")
            self.assertNotIn("IndexStatus", i)  # LSIs have no status of their own

    def test_provisioned_table_reports_its_throughput(self):
        self.ddb.create_table(
            TableName="Prov", KeySchema=[key("id", "HASH")],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
            ProvisionedThroughput={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3})
        t = self.wait_active("Prov")
        self.assertEqual(t["ProvisionedThroughput"]["ReadCapacityUnits"], 7)
        self.assertEqual(t["ProvisionedThroughput"]["WriteCapacityUnits"], 3)
        mode = t.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
        self.assertEqual(mode, "PROVISIONED")

    def test_create_existing_table_is_resource_in_use(self):
        self.create_table("Twice")
        with self.assertClientError("ResourceInUseException", contains="Twice") as h:
            self.create_table("Twice")
        self.assertIsInstance(h.exception, self.ddb.exceptions.ResourceInUseException)

    def test_describe_missing_table(self):
        with self.assertClientError("ResourceNotFoundException",
                                    startswith="Requested resource not found") as h:
            self.ddb.describe_table(TableName="NoSuchTable")
        self.assertIsInstance(h.exception, self.ddb.exceptions.ResourceNotFoundException)

    def test_create_validation_errors(self):
        base = dict(KeySchema=[key("pk", "HASH")],
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        with self.assertValidation(contains="PAY_PER_REQUEST"):
            self.ddb.create_table(TableName="Val1", BillingMode="PAY_PER_REQUEST",
                                  ProvisionedThroughput={"ReadCapacityUnits": 1,
                                                         "WriteCapacityUnits": 1}, **base)
        with self.assertValidation(contains="PROVISIONED"):
            self.ddb.create_table(TableName="Val2", **base)  # PROVISIONED is the default
        with self.assertValidation(contains=["tableName", "regular expression pattern"]):
            self.ddb.create_table(TableName="bad name!", BillingMode="PAY_PER_REQUEST", **base)
        with self.assertValidation():  # an attribute defined but used by no key
            self.ddb.create_table(
                TableName="Val3", BillingMode="PAY_PER_REQUEST", KeySchema=[key("pk", "HASH")],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "x", "AttributeType": "S"}])
        with self.assertValidation(contains="AttributeDefinitions"):  # key not defined
            self.ddb.create_table(
                TableName="Val4", BillingMode="PAY_PER_REQUEST", KeySchema=[key("id", "HASH")],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        with self.assertValidation():  # key attributes must be S, N or B
            self.ddb.create_table(
                TableName="Val5", BillingMode="PAY_PER_REQUEST", KeySchema=[key("pk", "HASH")],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "BOOL"}])
        with self.assertValidation(contains="range key"):  # LSI needs a table sort key
            self.ddb.create_table(
                TableName="Val6", BillingMode="PAY_PER_REQUEST", KeySchema=[key("pk", "HASH")],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "l", "AttributeType": "S"}],
                LocalSecondaryIndexes=[gsi("LsiL", "pk", "l")])
        with self.assertValidation(contains="NonKeyAttributes"):
            self.ddb.create_table(
                TableName="Val7", BillingMode="PAY_PER_REQUEST", KeySchema=[key("pk", "HASH")],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "g", "AttributeType": "S"}],
                GlobalSecondaryIndexes=[gsi("GsiG", "g", projection="INCLUDE")])
        # None of the refused tables exists afterwards.
        names = self.ddb.list_tables()["TableNames"]
        for n in tuple(f"Val{i}" for i in range(1, 8)):
            self.assertNotIn(n, names)


class ListDeleteTest(EngineTestCase):

    def test_list_tables_paging_in_name_order(self):
        names = ["Delta", "alpha", "Charlie", "bravo", "Echo"]
        for n in names:
            self.create_table(n)
        self.assertEqual(self.ddb.list_tables()["TableNames"], sorted(names))
        first = self.ddb.list_tables(Limit=2)
        self.assertEqual(first["TableNames"], sorted(names)[:2])
        self.assertEqual(first["LastEvaluatedTableName"], sorted(names)[1])
        second = self.ddb.list_tables(Limit=2,
                                      ExclusiveStartTableName=first["LastEvaluatedTableName"])
        self.assertEqual(second["TableNames"], sorted(names)[2:4])
        third = self.ddb.list_tables(Limit=2,
                                     ExclusiveStartTableName=second["LastEvaluatedTableName"])
        self.assertEqual(third["TableNames"], sorted(names)[4:])
        self.assertNotIn("LastEvaluatedTableName", third)
        # ExclusiveStartTableName need not name an existing table.
        self.assertEqual(self.ddb.list_tables(ExclusiveStartTableName="Dab")["TableNames"],
                         sorted(names)[1:])  # "Charlie" < "Dab" < "Delta"
        paged = [n for page in self.ddb.get_paginator("list_tables").paginate(
            PaginationConfig={"PageSize": 2}) for n in page["TableNames"]]
        self.assertEqual(paged, sorted(names))

    def test_delete_table(self):
        self.create_table("Doomed")
        self.ddb.put_item(TableName="Doomed", Item={"pk": S("a")})
        desc = self.ddb.delete_table(TableName="Doomed")["TableDescription"]
        self.assertEqual(desc["TableName"], "Doomed")
        self.assertIn(desc["TableStatus"], ("DELETING", "ACTIVE"))
        self.ddb.get_waiter("table_not_exists").wait(
            TableName="Doomed", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        self.assertNotIn("Doomed", self.ddb.list_tables()["TableNames"])
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.get_item(TableName="Doomed", Key={"pk": S("a")})
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.delete_table(TableName="Doomed")
        # The name can be reused, and the new table starts empty.
        self.create_table("Doomed")
        self.assertNotIn("Item", self.ddb.get_item(TableName="Doomed", Key={"pk": S("a")}))
        # Leave the class's engine as found (the ListTables test expects only its own tables).
        self.ddb.delete_table(TableName="Doomed")
        self.ddb.get_waiter("table_not_exists").wait(
            TableName="Doomed", WaiterConfig={"Delay": 1, "MaxAttempts": 30})


class UpdateTableTest(EngineTestCase):

    def wait_index(self, table, index, gone=False, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            t = self.ddb.describe_table(TableName=table)["Table"]
            idx = [g for g in t.get("GlobalSecondaryIndexes", []) if g["IndexName"] == index]
            if gone and not idx:
                return t
            if not gone and idx and idx[0]["IndexStatus"] == "ACTIVE" and \
                    t["TableStatus"] == "ACTIVE":
                return t
            time.sleep(0.2)
        self.fail(f"index {index} did not become {'absent' if gone else 'ACTIVE'}")

    def test_add_gsi_backfills_then_remove_it(self):
        self.create_table("Scores", pk=("player", "S"), sk=("game", "S"))
        for i in range(30):
            item = {"player": S(f"p{i:02}"), "game": S("g1" if i % 2 else "g2"),
                    "score": N(i * 10)}
            self.ddb.put_item(TableName="Scores", Item=item)
        # Not indexed by the backfill: no score, or a score of the wrong type.
        self.ddb.put_item(TableName="Scores", Item={"player": S("nobody"), "game": S("g1")})
        self.ddb.put_item(TableName="Scores",
                          Item={"player": S("odd"), "game": S("g1"), "score": S("n/a")})
        resp = self.ddb.update_table(
            TableName="Scores",
            AttributeDefinitions=[{"AttributeName": "game", "AttributeType": "S"},
                                  {"AttributeName": "score", "AttributeType": "N"}],
            GlobalSecondaryIndexUpdates=[{"Create": gsi("ByGameScore", "game", "score")}])
        desc = resp["TableDescription"]
        idx = [g for g in desc["GlobalSecondaryIndexes"] if g["IndexName"] == "ByGameScore"]
        self.assertEqual(len(idx), 1)
        self.assertIn(idx[0]["IndexStatus"], ("CREATING", "ACTIVE"))
        self.wait_index("Scores", "ByGameScore")

        got = self.ddb.query(TableName="Scores", IndexName="ByGameScore",
                             KeyConditionExpression="game = :g AND score >= :s",
                             ExpressionAttributeValues={":g": S("g1"), ":s": N(100)},
                             ScanIndexForward=False)
        self.assertEqual([i["score"]["N"] for i in got["Items"]],
                         [str(v) for v in range(290, 99, -20)])
        everything = self.ddb.scan(TableName="Scores", IndexName="ByGameScore")
        self.assertEqual(everything["Count"], 30)
        # Writes after the backfill are indexed too.
        self.ddb.put_item(TableName="Scores",
                          Item={"player": S("late"), "game": S("g1"), "score": N(1000)})
        top = self.ddb.query(TableName="Scores", IndexName="ByGameScore",
                             KeyConditionExpression="game = :g",
                             ExpressionAttributeValues={":g": S("g1")},
                             ScanIndexForward=False, Limit=1)
        self.assertEqual(top["Items"][0]["player"], S("late"))

        # Once the index exists, its key attribute must have the declared type.
        with self.assertValidation(contains="mismatch"):
            self.ddb.put_item(TableName="Scores",
                              Item={"player": S("x"), "game": S("g1"), "score": S("high")})
        # Creating it again is an error.
        with self.assertValidation(contains="already exists"):
            self.ddb.update_table(
                TableName="Scores",
                AttributeDefinitions=[{"AttributeName": "game", "AttributeType": "S"},
                                      {"AttributeName": "score", "AttributeType": "N"}],
                GlobalSecondaryIndexUpdates=[{"Create": gsi("ByGameScore", "game", "score")}])

        self.ddb.update_table(TableName="Scores",
                              GlobalSecondaryIndexUpdates=[{"Delete": {
                                  "IndexName": "ByGameScore"}}])
        self.wait_index("Scores", "ByGameScore", gone=True)
        with self.assertValidation(contains="ByGameScore"):
            self.ddb.query(TableName="Scores", IndexName="ByGameScore",
                           KeyConditionExpression="game = :g",
                           ExpressionAttributeValues={":g": S("g1")})
        # The table itself is untouched.
        self.assertEqual(self.ddb.scan(TableName="Scores", Select="COUNT")["Count"], 33)

    def test_delete_missing_index_is_resource_not_found(self):
        self.create_table("NoIdx")
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.update_table(TableName="NoIdx", GlobalSecondaryIndexUpdates=[
                {"Delete": {"IndexName": "Nope"}}])

    def test_empty_update_is_refused(self):
        self.create_table("NoChange")
        # DynamoDB's message (as recorded by dynalite and the conformance suites).
        with self.assertValidation(contains="At least one of ProvisionedThroughput"):
            self.ddb.update_table(TableName="NoChange")

    def test_switch_billing_mode(self):
        self.create_table("Billing")
        self.ddb.update_table(TableName="Billing", BillingMode="PROVISIONED",
                              ProvisionedThroughput={"ReadCapacityUnits": 4,
                                                     "WriteCapacityUnits": 2})
        t = self.wait_active("Billing")
        self.assertEqual(t["BillingModeSummary"]["BillingMode"], "PROVISIONED")
        self.assertEqual(t["ProvisionedThroughput"]["ReadCapacityUnits"], 4)
        self.assertEqual(t["ProvisionedThroughput"]["WriteCapacityUnits"], 2)

    def test_update_missing_table(self):
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.update_table(TableName="Ghost", BillingMode="PAY_PER_REQUEST")


class TimeToLiveTest(EngineTestCase):

    def test_describe_and_update_ttl(self):
        self.create_table("Ttl")
        d = self.ddb.describe_time_to_live(TableName="Ttl")["TimeToLiveDescription"]
        self.assertEqual(d["TimeToLiveStatus"], "DISABLED")
        self.assertNotIn("AttributeName", d)
        resp = self.ddb.update_time_to_live(
            TableName="Ttl", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        self.assertEqual(resp["TimeToLiveSpecification"], {"Enabled": True, "AttributeName": "exp"})
        d = self.ddb.describe_time_to_live(TableName="Ttl")["TimeToLiveDescription"]
        self.assertIn(d["TimeToLiveStatus"], ("ENABLING", "ENABLED"))
        self.assertEqual(d["AttributeName"], "exp")
        with self.assertValidation(contains="already enabled"):
            self.ddb.update_time_to_live(
                TableName="Ttl", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        # A far-future expiry never hides an item.
        future = int(time.time()) + 86400 * 365
        self.ddb.put_item(TableName="Ttl", Item={"pk": S("keep"), "exp": N(future)})
        self.assertIn("Item", self.ddb.get_item(TableName="Ttl", Key={"pk": S("keep")}))
        resp = self.ddb.update_time_to_live(
            TableName="Ttl", TimeToLiveSpecification={"Enabled": False, "AttributeName": "exp"})
        self.assertEqual(resp["TimeToLiveSpecification"]["Enabled"], False)
        d = self.ddb.describe_time_to_live(TableName="Ttl")["TimeToLiveDescription"]
        self.assertIn(d["TimeToLiveStatus"], ("DISABLING", "DISABLED"))

    def test_ttl_on_missing_table(self):
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.describe_time_to_live(TableName="Ghost")


if __name__ == "__main__":
    unittest.main()
