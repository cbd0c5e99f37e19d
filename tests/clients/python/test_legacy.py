"""boto3 against the engine: DynamoDB's legacy (pre-expression) parameters, one test each —
Expected, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter, AttributesToGet — and the
rule that a request cannot mix them with expression parameters."""

import unittest

from engine import EngineTestCase, N, S


class LegacyParametersTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("Legacy", pk=("pk", "S"), sk=("sk", "N"))
        for i in range(1, 6):
            cls.ddb.put_item(TableName="Legacy",
                             Item={"pk": S("p"), "sk": N(i), "v": N(i * 10), "t": S(f"t{i}")})

    def get(self, sk):
        return self.ddb.get_item(TableName="Legacy", Key={"pk": S("p"), "sk": N(sk)},
                                 ConsistentRead=True).get("Item")

    def test_expected(self):
        with self.assertClientError("ConditionalCheckFailedException"):
            self.ddb.put_item(TableName="Legacy", Item={"pk": S("p"), "sk": N(1)},
                              Expected={"v": {"Value": N(99)}})
        self.assertEqual(self.get(1)["v"], N(10))
        self.ddb.put_item(TableName="Legacy", Item={"pk": S("p"), "sk": N(1), "v": N(11)},
                          Expected={"v": {"ComparisonOperator": "LE",
                                          "AttributeValueList": [N(10)]},
                                    "gone": {"Exists": False}})
        self.assertEqual(self.get(1), {"pk": S("p"), "sk": N(1), "v": N(11)})
        with self.assertValidation(contains="ConditionalOperator cannot be used without"):
            self.ddb.delete_item(TableName="Legacy", Key={"pk": S("p"), "sk": N(1)},
                                 ConditionalOperator="OR")
        with self.assertValidation(
                message="Can not use both expression and non-expression parameters in the same "
                        "request: Non-expression parameters: {Expected} Expression parameters: "
                        "{ConditionExpression}"):
            self.ddb.delete_item(TableName="Legacy", Key={"pk": S("p"), "sk": N(1)},
                                 ConditionExpression="attribute_exists(pk)",
                                 Expected={"v": {"Exists": True, "Value": N(11)}})

    def test_attribute_updates(self):
        resp = self.ddb.update_item(
            TableName="Legacy", Key={"pk": S("p"), "sk": N(2)}, ReturnValues="UPDATED_NEW",
            AttributeUpdates={"v": {"Action": "ADD", "Value": N(5)},
                              "t": {"Action": "DELETE"},
                              "tags": {"Action": "PUT", "Value": {"SS": ["a", "b"]}}})
        self.assertEqual(resp["Attributes"], {"v": N(25), "tags": {"SS": ["a", "b"]}})
        self.assertEqual(self.get(2), {"pk": S("p"), "sk": N(2), "v": N(25),
                                       "tags": {"SS": ["a", "b"]}})
        with self.assertValidation(contains="{AttributeUpdates}"):
            self.ddb.update_item(TableName="Legacy", Key={"pk": S("p"), "sk": N(2)},
                                 AttributeUpdates={"v": {"Action": "DELETE"}},
                                 UpdateExpression="REMOVE v")

    def test_key_conditions(self):
        resp = self.ddb.query(TableName="Legacy", ConsistentRead=True, KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("p")]},
            "sk": {"ComparisonOperator": "GE", "AttributeValueList": [N(4)]}})
        self.assertEqual([i["sk"] for i in resp["Items"]], [N(4), N(5)])
        with self.assertValidation(contains="{KeyConditions}"):
            self.ddb.query(TableName="Legacy", KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": S("p")},
                           KeyConditions={"pk": {"ComparisonOperator": "EQ",
                                                 "AttributeValueList": [S("p")]}})

    def test_query_filter(self):
        resp = self.ddb.query(
            TableName="Legacy", ConsistentRead=True,
            KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S("p")]}},
            QueryFilter={"t": {"ComparisonOperator": "IN",
                               "AttributeValueList": [S("t3"), S("t5"), S("none")]}})
        self.assertEqual([i["sk"] for i in resp["Items"]], [N(3), N(5)])
        self.assertEqual(resp["ScannedCount"], 5)

    def test_scan_filter(self):
        resp = self.ddb.scan(TableName="Legacy", ConditionalOperator="OR", ScanFilter={
            "t": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [S("t4")]},
            "sk": {"ComparisonOperator": "EQ", "AttributeValueList": [N(5)]}})
        self.assertEqual(sorted(int(i["sk"]["N"]) for i in resp["Items"]), [4, 5])
        with self.assertValidation(contains="{ScanFilter}"):
            self.ddb.scan(TableName="Legacy", FilterExpression="attribute_exists(t)",
                          ScanFilter={"t": {"ComparisonOperator": "NOT_NULL"}})

    def test_attributes_to_get(self):
        got = self.ddb.get_item(TableName="Legacy", Key={"pk": S("p"), "sk": N(3)},
                                AttributesToGet=["t", "missing"])
        self.assertEqual(got["Item"], {"t": S("t3")})
        resp = self.ddb.batch_get_item(RequestItems={"Legacy": {
            "Keys": [{"pk": S("p"), "sk": N(3)}], "AttributesToGet": ["sk"]}})
        self.assertEqual(resp["Responses"]["Legacy"], [{"sk": N(3)}])
        with self.assertValidation(
                message="Can not use both expression and non-expression parameters in the same "
                        "request: Non-expression parameters: {AttributesToGet} Expression "
                        "parameters: {ProjectionExpression}"):
            self.ddb.get_item(TableName="Legacy", Key={"pk": S("p"), "sk": N(3)},
                              AttributesToGet=["t"], ProjectionExpression="t")


if __name__ == "__main__":
    unittest.main()
