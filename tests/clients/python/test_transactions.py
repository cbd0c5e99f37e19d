"""boto3 against the engine: TransactWriteItems and TransactGetItems — all or nothing,
CancellationReasons, duplicate items, idempotency tokens, limits, consumed capacity."""

import unittest

from engine import EngineTestCase, N, S


class TransactionsTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("Acc")
        cls.create_table("Log", pk=("pk", "S"), sk=("sk", "N"))

    def setUp(self):
        for name, bal in (("alice", 100), ("bob", 50)):
            self.ddb.put_item(TableName="Acc", Item={"pk": S(name), "bal": N(bal)})

    def get(self, table, key):
        return self.ddb.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")

    def transfer(self, amount, **kw):
        return self.ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": "Acc", "Key": {"pk": S("alice")},
                        "UpdateExpression": "SET bal = bal - :a",
                        "ConditionExpression": "bal >= :a",
                        "ExpressionAttributeValues": {":a": N(amount)}}},
            {"Update": {"TableName": "Acc", "Key": {"pk": S("bob")},
                        "UpdateExpression": "SET bal = bal + :a",
                        "ExpressionAttributeValues": {":a": N(amount)}}},
            {"Put": {"TableName": "Log", "Item": {"pk": S("t"), "sk": N(amount)},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
        ], **kw)

    def test_write_commits_every_action(self):
        self.ddb.put_item(TableName="Acc", Item={"pk": S("carol"), "bal": N(1)})
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": "Acc", "Item": {"pk": S("dave"), "bal": N(0)}}},
            {"Delete": {"TableName": "Acc", "Key": {"pk": S("carol")},
                        "ConditionExpression": "bal = :one",
                        "ExpressionAttributeValues": {":one": N(1)}}},
            {"ConditionCheck": {"TableName": "Acc", "Key": {"pk": S("alice")},
                                "ConditionExpression": "bal > :z",
                                "ExpressionAttributeValues": {":z": N(0)}}},
            {"Update": {"TableName": "Log", "Key": {"pk": S("u"), "sk": N(1)},
                        "UpdateExpression": "ADD n :one",
                        "ExpressionAttributeValues": {":one": N(1)}}},
        ])
        self.assertEqual(self.get("Acc", {"pk": S("dave")}), {"pk": S("dave"), "bal": N(0)})
        self.assertIsNone(self.get("Acc", {"pk": S("carol")}))
        self.assertEqual(self.get("Log", {"pk": S("u"), "sk": N(1)})["n"], N(1))

    def test_condition_failure_cancels_everything(self):
        with self.assertClientError("TransactionCanceledException") as h:
            self.transfer(500)
        exc = h.exception
        self.assertIsInstance(exc, self.ddb.exceptions.TransactionCanceledException)
        self.assertEqual(exc.response["Error"]["Message"],
                         "Transaction cancelled, please refer cancellation reasons for specific "
                         "reasons [ConditionalCheckFailed, None, None]")
        self.assertEqual(exc.response["CancellationReasons"], [
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
            {"Code": "None"}, {"Code": "None"}])
        self.assertEqual(self.get("Acc", {"pk": S("alice")})["bal"], N(100))
        self.assertEqual(self.get("Acc", {"pk": S("bob")})["bal"], N(50))
        self.assertIsNone(self.get("Log", {"pk": S("t"), "sk": N(500)}))
        # The same transfer within the balance goes through, once.
        self.transfer(30)
        self.assertEqual(self.get("Acc", {"pk": S("alice")})["bal"], N(70))
        self.assertEqual(self.get("Acc", {"pk": S("bob")})["bal"], N(80))
        with self.assertClientError("TransactionCanceledException") as h:
            self.transfer(30)  # the log item exists now
        self.assertEqual([r["Code"] for r in h.exception.response["CancellationReasons"]],
                         ["None", "None", "ConditionalCheckFailed"])
        self.assertEqual(self.get("Acc", {"pk": S("alice")})["bal"], N(70))

    def test_return_values_on_condition_check_failure(self):
        with self.assertClientError("TransactionCanceledException") as h:
            self.ddb.transact_write_items(TransactItems=[
                {"ConditionCheck": {"TableName": "Acc", "Key": {"pk": S("bob")},
                                    "ConditionExpression": "bal > :x",
                                    "ExpressionAttributeValues": {":x": N(1000)},
                                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
                {"Put": {"TableName": "Acc", "Item": {"pk": S("zed"), "bal": N(1)}}}])
        reasons = h.exception.response["CancellationReasons"]
        self.assertEqual(reasons[0]["Code"], "ConditionalCheckFailed")
        self.assertEqual(reasons[0]["Item"], {"pk": S("bob"), "bal": N(50)})
        self.assertEqual(reasons[1], {"Code": "None"})
        self.assertIsNone(self.get("Acc", {"pk": S("zed")}))

    def test_validation_errors(self):
        with self.assertValidation(contains="multiple operations on one item"):
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "Acc", "Item": {"pk": S("alice"), "bal": N(1)}}},
                {"ConditionCheck": {"TableName": "Acc", "Key": {"pk": S("alice")},
                                    "ConditionExpression": "attribute_exists(pk)"}}])
        with self.assertValidation():
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "Acc", "Item": {"pk": S(f"m{i}")}}} for i in range(101)])
        with self.assertValidation():  # an action must name exactly one operation
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "Acc", "Item": {"pk": S("p")}},
                 "Delete": {"TableName": "Acc", "Key": {"pk": S("q")}}}])
        with self.assertValidation():  # a key attribute cannot be updated
            self.ddb.transact_write_items(TransactItems=[
                {"Update": {"TableName": "Acc", "Key": {"pk": S("alice")},
                            "UpdateExpression": "SET pk = :x",
                            "ExpressionAttributeValues": {":x": S("y")}}}])
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "Acc", "Item": {"pk": S("ok")}}},
                {"Put": {"TableName": "Ghost", "Item": {"pk": S("x")}}}])
        self.assertIsNone(self.get("Acc", {"pk": S("ok")}))
        self.assertEqual(self.get("Acc", {"pk": S("alice")})["bal"], N(100))

    def test_idempotency_token(self):
        args = dict(TransactItems=[{"Update": {
            "TableName": "Acc", "Key": {"pk": S("bob")}, "UpdateExpression": "ADD bal :one",
            "ExpressionAttributeValues": {":one": N(1)}}}], ClientRequestToken="token-1")
        self.ddb.transact_write_items(**args)
        self.ddb.transact_write_items(**args)  # a retry: accepted, applied once
        self.assertEqual(self.get("Acc", {"pk": S("bob")})["bal"], N(51))
        with self.assertClientError("IdempotentParameterMismatchException"):
            self.ddb.transact_write_items(
                TransactItems=[{"Put": {"TableName": "Acc", "Item": {"pk": S("other")}}}],
                ClientRequestToken="token-1")

    def test_get(self):
        resp = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": "Acc", "Key": {"pk": S("bob")}}},
            {"Get": {"TableName": "Acc", "Key": {"pk": S("nobody")}}},
            {"Get": {"TableName": "Acc", "Key": {"pk": S("alice")},
                     "ProjectionExpression": "#b", "ExpressionAttributeNames": {"#b": "bal"}}},
        ])
        self.assertEqual(resp["Responses"], [
            {"Item": {"pk": S("bob"), "bal": N(50)}}, {}, {"Item": {"bal": N(100)}}])
        with self.assertValidation():
            self.ddb.transact_get_items(TransactItems=[
                {"Get": {"TableName": "Acc", "Key": {"pk": S("bob")}}},
                {"Get": {"TableName": "Acc", "Key": {"pk": S("bob")}}}])
        with self.assertValidation():
            self.ddb.transact_get_items(TransactItems=[
                {"Get": {"TableName": "Acc", "Key": {"pk": S(f"k{i}")}}} for i in range(101)])
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.transact_get_items(TransactItems=[
                {"Get": {"TableName": "Ghost", "Key": {"pk": S("bob")}}}])
        with self.assertValidation(message="The provided key element does not match the schema"):
            self.ddb.transact_get_items(TransactItems=[
                {"Get": {"TableName": "Log", "Key": {"pk": S("bob")}}}])

    def test_consumed_capacity(self):
        # Transactions cost two units per item (read: per 4 KB, write: per 1 KB).
        resp = self.ddb.transact_write_items(
            TransactItems=[{"Put": {"TableName": "Acc", "Item": {"pk": S("cap1")}}},
                           {"Put": {"TableName": "Acc", "Item": {"pk": S("cap2")}}},
                           {"Put": {"TableName": "Log", "Item": {"pk": S("c"), "sk": N(1)}}}],
            ReturnConsumedCapacity="TOTAL")
        caps = {c["TableName"]: c["CapacityUnits"] for c in resp["ConsumedCapacity"]}
        self.assertEqual(caps, {"Acc": 4.0, "Log": 2.0})
        resp = self.ddb.transact_get_items(
            TransactItems=[{"Get": {"TableName": "Acc", "Key": {"pk": S("cap1")}}}],
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], [{"TableName": "Acc", "CapacityUnits": 2.0}])


if __name__ == "__main__":
    unittest.main()
