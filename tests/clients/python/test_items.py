"""boto3 against the engine: PutItem, GetItem, UpdateItem, DeleteItem with conditions, every
ReturnValues option, ReturnValuesOnConditionCheckFailure and ReturnConsumedCapacity."""

import unittest

from engine import EngineTestCase, N, S, error_type


class ItemsTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("Items")
        cls.create_table("Pairs", pk=("pk", "S"), sk=("sk", "N"))

    def put(self, item, **kw):
        return self.ddb.put_item(TableName="Items", Item=item, **kw)

    def get(self, pk, **kw):
        return self.ddb.get_item(TableName="Items", Key={"pk": S(pk)}, ConsistentRead=True,
                                 **kw).get("Item")

    # -- PutItem ------------------------------------------------------------------------

    def test_put_get_roundtrip_and_overwrite(self):
        self.put({"pk": S("p1"), "a": N(1), "b": S("x")})
        self.assertEqual(self.get("p1"), {"pk": S("p1"), "a": N(1), "b": S("x")})
        resp = self.put({"pk": S("p1"), "c": N(2)})
        self.assertNotIn("Attributes", resp)  # ReturnValues defaults to NONE
        self.assertEqual(self.get("p1"), {"pk": S("p1"), "c": N(2)})  # replaced, not merged
        self.assertIsNone(self.get("never-written"))

    def test_put_return_values(self):
        resp = self.put({"pk": S("rv"), "v": N(1)}, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", resp)  # nothing was there
        resp = self.put({"pk": S("rv"), "v": N(2)}, ReturnValues="ALL_OLD")
        self.assertEqual(resp["Attributes"], {"pk": S("rv"), "v": N(1)})
        for bad in ("ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"):
            with self.assertValidation():
                self.put({"pk": S("rv"), "v": N(3)}, ReturnValues=bad)
        self.assertEqual(self.get("rv")["v"], N(2))

    def test_put_conditions(self):
        self.put({"pk": S("c1"), "n": N(5)}, ConditionExpression="attribute_not_exists(pk)")
        with self.assertClientError("ConditionalCheckFailedException",
                                    message="The conditional request failed") as h:
            self.put({"pk": S("c1"), "n": N(6)}, ConditionExpression="attribute_not_exists(pk)")
        self.assertIsInstance(h.exception, self.ddb.exceptions.ConditionalCheckFailedException)
        self.assertEqual(self.get("c1")["n"], N(5))
        self.put({"pk": S("c1"), "n": N(6)}, ConditionExpression="n = :five",
                 ExpressionAttributeValues={":five": N(5)})
        self.put({"pk": S("c1"), "n": N(7)},
                 ConditionExpression="#n BETWEEN :lo AND :hi AND NOT contains(pk, :z)",
                 ExpressionAttributeNames={"#n": "n"},
                 ExpressionAttributeValues={":lo": N(0), ":hi": N(10), ":z": S("z")})
        self.assertEqual(self.get("c1")["n"], N(7))
        # A condition on a missing item sees no attributes at all.
        with self.assertClientError("ConditionalCheckFailedException"):
            self.put({"pk": S("c-missing")}, ConditionExpression="attribute_exists(pk)")
        self.assertIsNone(self.get("c-missing"))

    def test_put_missing_table(self):
        with self.assertClientError("ResourceNotFoundException",
                                    startswith="Requested resource not found") as h:
            self.ddb.put_item(TableName="Ghost", Item={"pk": S("a")})
        self.assertIsInstance(h.exception, self.ddb.exceptions.ResourceNotFoundException)

    def test_put_key_validation(self):
        with self.assertValidation(contains=["Missing the key", "pk"]):
            self.put({"a": S("no key")})
        with self.assertValidation(contains=["Type mismatch", "pk"]):
            self.put({"pk": N(1)})
        with self.assertValidation(
                message="One or more parameter values are not valid. The AttributeValue for a key "
                        "attribute cannot contain an empty string value. Key: pk"):
            self.put({"pk": S("")})
        with self.assertValidation():  # sort key missing
            self.ddb.put_item(TableName="Pairs", Item={"pk": S("a")})

    # -- GetItem ------------------------------------------------------------------------

    def test_get_projection_and_key_errors(self):
        self.put({"pk": S("g1"), "a": {"M": {"b": {"L": [N(1), N(2), N(3)]}, "c": S("x")}},
                  "name": S("n"), "d": N(4)})
        got = self.get("g1", ProjectionExpression="a.b[1], d, #nm",
                       ExpressionAttributeNames={"#nm": "name"})
        self.assertEqual(got, {"a": {"M": {"b": {"L": [N(2)]}}}, "d": N(4), "name": S("n")})
        self.assertEqual(self.get("g1", ProjectionExpression="nothing_here"), {})
        with self.assertValidation(message="The provided key element does not match the schema"):
            self.ddb.get_item(TableName="Items", Key={"pk": N(1)})
        with self.assertValidation(message="The provided key element does not match the schema"):
            self.ddb.get_item(TableName="Items", Key={"pk": S("g1"), "extra": S("x")})
        with self.assertValidation(message="The provided key element does not match the schema"):
            self.ddb.get_item(TableName="Pairs", Key={"pk": S("g1")})

    # -- UpdateItem -----------------------------------------------------------------------

    def test_update_creates_and_modifies(self):
        key = {"pk": S("u1")}
        resp = self.ddb.update_item(TableName="Items", Key=key,
                                    UpdateExpression="SET n = :one, l = :l, s = :s",
                                    ExpressionAttributeValues={
                                        ":one": N(1), ":l": {"L": [S("a")]},
                                        ":s": {"SS": ["x", "y"]}})
        self.assertNotIn("Attributes", resp)
        self.ddb.update_item(
            TableName="Items", Key=key,
            UpdateExpression="SET n = n + :two, l = list_append(l, :more), "
                             "m = if_not_exists(m, :zero) ADD c :one, s2 :z DELETE s :x",
            ExpressionAttributeValues={":two": N(2), ":more": {"L": [S("b"), S("c")]},
                                       ":zero": N(0), ":one": N(1), ":z": {"SS": ["z"]},
                                       ":x": {"SS": ["x"]}})
        item = self.get("u1")
        self.assertEqual(item["n"], N(3))
        self.assertEqual(item["l"], {"L": [S("a"), S("b"), S("c")]})
        self.assertEqual(item["m"], N(0))
        self.assertEqual(item["c"], N(1))
        self.assertEqual(sorted(item["s"]["SS"]), ["y"])
        self.assertEqual(item["s2"], {"SS": ["z"]})  # ADD creates a set
        self.ddb.update_item(TableName="Items", Key=key, UpdateExpression="REMOVE l[0], m")
        item = self.get("u1")
        self.assertEqual(item["l"], {"L": [S("b"), S("c")]})
        self.assertNotIn("m", item)
        # Deleting every element of a set removes the attribute.
        self.ddb.update_item(TableName="Items", Key=key, UpdateExpression="DELETE s :all",
                             ExpressionAttributeValues={":all": {"SS": ["y", "z"]}})
        self.assertNotIn("s", self.get("u1"))

    def test_update_return_values(self):
        key = {"pk": S("u2")}
        self.put({"pk": S("u2"), "a": N(1), "b": N(2), "c": N(3)})

        def upd(rv):
            return self.ddb.update_item(
                TableName="Items", Key=key, UpdateExpression="SET a = a + :one, d = :d REMOVE c",
                ExpressionAttributeValues={":one": N(1), ":d": S("new")},
                ReturnValues=rv).get("Attributes")

        self.assertIsNone(upd("NONE"))
        self.put({"pk": S("u2"), "a": N(1), "b": N(2), "c": N(3)})
        self.assertEqual(upd("ALL_OLD"), {"pk": S("u2"), "a": N(1), "b": N(2), "c": N(3)})
        self.put({"pk": S("u2"), "a": N(1), "b": N(2), "c": N(3)})
        self.assertEqual(upd("UPDATED_OLD"), {"a": N(1), "c": N(3)})
        self.put({"pk": S("u2"), "a": N(1), "b": N(2), "c": N(3)})
        self.assertEqual(upd("ALL_NEW"), {"pk": S("u2"), "a": N(2), "b": N(2), "d": S("new")})
        self.put({"pk": S("u2"), "a": N(1), "b": N(2), "c": N(3)})
        self.assertEqual(upd("UPDATED_NEW"), {"a": N(2), "d": S("new")})
        with self.assertValidation():
            upd("EVERYTHING")
        # ALL_OLD of an item that did not exist returns nothing.
        resp = self.ddb.update_item(TableName="Items", Key={"pk": S("u2-new")},
                                    UpdateExpression="SET a = :v",
                                    ExpressionAttributeValues={":v": N(1)},
                                    ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", resp)

    def test_update_conditions_and_errors(self):
        key = {"pk": S("u3")}
        self.put({"pk": S("u3"), "v": N(1), "t": S("text")})
        with self.assertClientError("ConditionalCheckFailedException") as h:
            self.ddb.update_item(TableName="Items", Key=key, UpdateExpression="SET v = :n",
                                 ConditionExpression="v = :old",
                                 ExpressionAttributeValues={":n": N(2), ":old": N(9)})
        self.assertIsInstance(h.exception, self.ddb.exceptions.ConditionalCheckFailedException)
        self.assertEqual(self.get("u3")["v"], N(1))
        with self.assertValidation(contains="One or more parameter values were invalid: Cannot "
                                            "update attribute pk. This attribute is part of the key"):
            self.ddb.update_item(TableName="Items", Key=key, UpdateExpression="SET pk = :n",
                                 ExpressionAttributeValues={":n": S("other")})
        with self.assertValidation(contains="incorrect data type"):
            self.ddb.update_item(TableName="Items", Key=key, UpdateExpression="ADD t :one",
                                 ExpressionAttributeValues={":one": N(1)})
        with self.assertValidation(contains="does not exist in the item"):
            self.ddb.update_item(TableName="Items", Key=key,
                                 UpdateExpression="SET v = absent + :one",
                                 ExpressionAttributeValues={":one": N(1)})
        with self.assertValidation(contains="overlap"):
            self.ddb.update_item(TableName="Items", Key=key, UpdateExpression="SET v = :a REMOVE v",
                                 ExpressionAttributeValues={":a": N(1)})
        self.assertEqual(self.get("u3"), {"pk": S("u3"), "v": N(1), "t": S("text")})

    def test_update_nested_paths(self):
        self.put({"pk": S("u4"), "m": {"M": {"nested": {"M": {"x": N(1)}}}}})
        self.ddb.update_item(TableName="Items", Key={"pk": S("u4")},
                             UpdateExpression="SET m.nested.y = :y, m.nested.x = m.nested.x + :y",
                             ExpressionAttributeValues={":y": N(10)})
        self.assertEqual(self.get("u4")["m"],
                         {"M": {"nested": {"M": {"x": N(11), "y": N(10)}}}})
        with self.assertValidation(contains="document path"):
            self.ddb.update_item(TableName="Items", Key={"pk": S("u4")},
                                 UpdateExpression="SET nope.deeper = :y",
                                 ExpressionAttributeValues={":y": N(1)})

    # -- DeleteItem ---------------------------------------------------------------------

    def test_delete(self):
        self.put({"pk": S("d1"), "v": N(1)})
        with self.assertClientError("ConditionalCheckFailedException"):
            self.ddb.delete_item(TableName="Items", Key={"pk": S("d1")},
                                 ConditionExpression="v > :x",
                                 ExpressionAttributeValues={":x": N(1)})
        resp = self.ddb.delete_item(TableName="Items", Key={"pk": S("d1")},
                                    ReturnValues="ALL_OLD")
        self.assertEqual(resp["Attributes"], {"pk": S("d1"), "v": N(1)})
        self.assertIsNone(self.get("d1"))
        # Deleting what is not there succeeds and returns nothing.
        resp = self.ddb.delete_item(TableName="Items", Key={"pk": S("d1")},
                                    ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", resp)
        with self.assertValidation():
            self.ddb.delete_item(TableName="Items", Key={"pk": S("d1")}, ReturnValues="ALL_NEW")

    # -- ReturnValuesOnConditionCheckFailure (raw: this botocore predates the parameter) ----

    def test_return_values_on_condition_check_failure(self):
        self.put({"pk": S("rvf"), "v": N(1)})
        for op, extra in (("PutItem", {"Item": {"pk": S("rvf"), "v": N(2)}}),
                          ("UpdateItem", {"Key": {"pk": S("rvf")}, "UpdateExpression": "SET v = :n",
                                          "ExpressionAttributeValues": {":n": N(2)}}),
                          ("DeleteItem", {"Key": {"pk": S("rvf")}})):
            body = dict(TableName="Items", ConditionExpression="attribute_not_exists(pk)", **extra)
            status, resp = self.engine.raw(op, dict(body,
                                                    ReturnValuesOnConditionCheckFailure="ALL_OLD"))
            self.assertEqual(status, 400, op)
            self.assertEqual(error_type(resp), "ConditionalCheckFailedException", op)
            self.assertEqual(resp["Item"], {"pk": S("rvf"), "v": N(1)}, op)
            status, resp = self.engine.raw(op, dict(body, ReturnValuesOnConditionCheckFailure="NONE"))
            self.assertEqual(error_type(resp), "ConditionalCheckFailedException", op)
            self.assertNotIn("Item", resp, op)
            status, resp = self.engine.raw(op, dict(body,
                                                    ReturnValuesOnConditionCheckFailure="ALL_NEW"))
            self.assertEqual(status, 400, op)
            self.assertEqual(error_type(resp), "ValidationException", op)
        self.assertEqual(self.get("rvf"), {"pk": S("rvf"), "v": N(1)})

    # -- ReturnConsumedCapacity ---------------------------------------------------------

    def test_consumed_capacity(self):
        resp = self.put({"pk": S("cc"), "v": N(1)}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": "Items", "CapacityUnits": 1.0})
        resp = self.put({"pk": S("cc"), "v": N(1)}, ReturnConsumedCapacity="INDEXES")
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 1.0)
        self.assertEqual(resp["ConsumedCapacity"]["Table"], {"CapacityUnits": 1.0})
        resp = self.put({"pk": S("cc"), "v": N(1)}, ReturnConsumedCapacity="NONE")
        self.assertNotIn("ConsumedCapacity", resp)
        self.assertNotIn("ConsumedCapacity", self.put({"pk": S("cc"), "v": N(1)}))
        # 1 write unit per started KB.
        resp = self.put({"pk": S("cc2"), "v": S("x" * 1500)}, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 2.0)
        # Reads: half a unit per started 4 KB eventually consistent, a whole one strongly.
        resp = self.ddb.get_item(TableName="Items", Key={"pk": S("cc")},
                                 ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": "Items", "CapacityUnits": 0.5})
        resp = self.ddb.get_item(TableName="Items", Key={"pk": S("cc")}, ConsistentRead=True,
                                 ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 1.0)
        resp = self.ddb.update_item(TableName="Items", Key={"pk": S("cc")},
                                    UpdateExpression="SET v = :v",
                                    ExpressionAttributeValues={":v": N(2)},
                                    ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 1.0)
        resp = self.ddb.delete_item(TableName="Items", Key={"pk": S("cc")},
                                    ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 1.0)


if __name__ == "__main__":
    unittest.main()
