"""boto3 and raw HTTP against the engine: item, request and legacy-API details where the engine
behaves as DynamoDB does (docs/engine.md) — attribute-name limits in items, legacy Expected
with Value and a ComparisonOperator, AttributeUpdates ADD on a list, transaction limits and
cancellation reasons, a non-JSON body under an unknown X-Amz-Target, starting keys that do not
fit the schema, UpdateTable with nothing to change, LSI reads of attributes outside the index's
projection and their capacity, tags refused on index and stream ARNs."""

import unittest
import urllib.error
import urllib.request
import json

from engine import EngineTestCase, N, S, error_type

EMPTY_NAME = "One or more parameter values were invalid: Empty attribute name"
LONG_NAME = ("One or more parameter values were invalid: Attribute name exceeds the maximum "
             "length of 65535 bytes")


class ItemFidelityTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("Fid")
        cls.create_table("FidSorted", sk=("sk", "N"))

    def get(self, pk, table="Fid"):
        return self.ddb.get_item(TableName=table, Key={"pk": S(pk)},
                                 ConsistentRead=True).get("Item")

    # -- attribute names ------------------------------------------------------------------

    def test_empty_attribute_names_are_refused_at_any_depth(self):
        for item in ({"pk": S("e"), "": S("x")},
                     {"pk": S("e"), "m": {"M": {"": S("x")}}},
                     {"pk": S("e"), "l": {"L": [{"M": {"a": {"M": {"": N(1)}}}}]}}):
            with self.subTest(item=item):
                with self.assertValidation(message=EMPTY_NAME):
                    self.ddb.put_item(TableName="Fid", Item=item)
        self.assertIsNone(self.get("e"))
        # The same rule for every write path: UpdateItem (legacy and expression), batch, transact.
        with self.assertValidation(message=EMPTY_NAME):
            self.ddb.update_item(TableName="Fid", Key={"pk": S("e")},
                                 AttributeUpdates={"": {"Action": "PUT", "Value": N(1)}})
        with self.assertValidation(message=EMPTY_NAME):
            self.ddb.update_item(TableName="Fid", Key={"pk": S("e")},
                                 UpdateExpression="SET m = :m",
                                 ExpressionAttributeValues={":m": {"M": {"": N(1)}}})
        with self.assertValidation(message=EMPTY_NAME):
            self.ddb.batch_write_item(RequestItems={"Fid": [
                {"PutRequest": {"Item": {"pk": S("e"), "": N(1)}}}]})
        with self.assertClientError("TransactionCanceledException"):
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "Fid", "Item": {"pk": S("e"), "": N(1)}}}])
        self.assertIsNone(self.get("e"))

    def test_attribute_names_up_to_65535_bytes(self):
        longest = "n" * 65535
        self.ddb.put_item(TableName="Fid", Item={"pk": S("long"), longest: N(1),
                                                 "m": {"M": {longest: N(2)}}})
        self.assertEqual(self.get("long"), {"pk": S("long"), longest: N(1),
                                            "m": {"M": {longest: N(2)}}})
        too_long = "n" * 65536
        with self.assertValidation(message=LONG_NAME):
            self.ddb.put_item(TableName="Fid", Item={"pk": S("long"), too_long: N(1)})
        with self.assertValidation(message=LONG_NAME):
            self.ddb.put_item(TableName="Fid",
                              Item={"pk": S("long"), "m": {"M": {too_long: N(1)}}})
        # Behind a placeholder the name is refused with the map, before any item is built.
        with self.assertValidation(message="ExpressionAttributeNames contains invalid value: "
                                           "Attribute name exceeds the maximum length of 65535 "
                                           "bytes for key #n"):
            self.ddb.update_item(TableName="Fid", Key={"pk": S("long")},
                                 UpdateExpression="SET #n = :v",
                                 ExpressionAttributeNames={"#n": too_long},
                                 ExpressionAttributeValues={":v": N(1)})
        # AttributesToGet names follow the same limit.
        self.assertEqual(self.ddb.get_item(TableName="Fid", Key={"pk": S("long")},
                                           AttributesToGet=[longest])["Item"], {longest: N(1)})
        with self.assertValidation(message=LONG_NAME):
            self.ddb.get_item(TableName="Fid", Key={"pk": S("long")}, AttributesToGet=[too_long])
        # Multi-byte characters count in UTF-8 bytes: 21846 x 3 bytes is 65538.
        with self.assertValidation(message=LONG_NAME):
            self.ddb.put_item(TableName="Fid", Item={"pk": S("long"), "\u20ac" * 21846: N(1)})
        self.assertEqual(self.get("long")[longest], N(1))

    # -- legacy parameters ----------------------------------------------------------------

    def test_expected_value_with_comparison_operator(self):
        self.ddb.put_item(TableName="Fid", Item={"pk": S("x"), "v": N(5)})
        # DynamoDB takes Value as the single operand of the ComparisonOperator.
        self.ddb.put_item(TableName="Fid", Item={"pk": S("x"), "v": N(6)},
                          Expected={"v": {"Value": N(5), "ComparisonOperator": "EQ"}})
        self.assertEqual(self.get("x")["v"], N(6))
        with self.assertClientError("ConditionalCheckFailedException"):
            self.ddb.put_item(TableName="Fid", Item={"pk": S("x"), "v": N(7)},
                              Expected={"v": {"Value": N(6), "ComparisonOperator": "GT"}})
        self.ddb.delete_item(TableName="Fid", Key={"pk": S("x")},
                             Expected={"v": {"Value": N(9), "ComparisonOperator": "LT"}})
        self.assertIsNone(self.get("x"))
        invalid = "One or more parameter values were invalid: "
        cases = [
            ({"v": {"Value": N(1), "ComparisonOperator": "EQ", "AttributeValueList": [N(1)]}},
             "Value and AttributeValueList cannot be used together for Attribute: v"),
            ({"v": {"ComparisonOperator": "LT"}},
             "Value or AttributeValueList must be used with ComparisonOperator: LT for "
             "Attribute: v"),
            ({"v": {"Exists": True, "ComparisonOperator": "EQ", "Value": N(1)}},
             "Exists and ComparisonOperator cannot be used together for Attribute: v"),
            ({"v": {"Exists": True}},
             "Value must be provided when Exists is true for Attribute: v"),
            ({"v": {"Value": N(1), "ComparisonOperator": "NULL"}},
             "Invalid number of argument(s) for the NULL ComparisonOperator"),
        ]
        for expected, message in cases:
            with self.subTest(expected=expected):
                with self.assertValidation(message=invalid + message):
                    self.ddb.put_item(TableName="Fid", Item={"pk": S("x")}, Expected=expected)
        # Exists absent and no Value: DynamoDB says "null", not "true".
        status, body = self.engine.raw("PutItem", {"TableName": "Fid", "Item": {"pk": S("x")},
                                                   "Expected": {"v": {}}})
        self.assertEqual((status, error_type(body)), (400, "ValidationException"), body)
        self.assertEqual(body["message"],
                         invalid + "Value must be provided when Exists is null for Attribute: v")

    def test_attribute_updates_add_appends_to_a_list(self):
        key = {"pk": S("list")}
        # A missing attribute counts as an empty list.
        self.ddb.update_item(TableName="Fid", Key=key,
                             AttributeUpdates={"l": {"Action": "ADD", "Value": {"L": [N(1)]}}})
        resp = self.ddb.update_item(
            TableName="Fid", Key=key, ReturnValues="UPDATED_NEW",
            AttributeUpdates={"l": {"Action": "ADD", "Value": {"L": [N(1), S("two")]}}})
        self.assertEqual(resp["Attributes"], {"l": {"L": [N(1), N(1), S("two")]}})
        self.assertEqual(self.get("list"), {"pk": S("list"), "l": {"L": [N(1), N(1), S("two")]}})
        # Onto another type: the update expression's type error; nothing changes.
        self.ddb.put_item(TableName="Fid", Item={"pk": S("list"), "l": N(3)})
        with self.assertValidation(contains="incorrect data type"):
            self.ddb.update_item(TableName="Fid", Key=key,
                                 AttributeUpdates={"l": {"Action": "ADD", "Value": {"L": [N(1)]}}})
        self.assertEqual(self.get("list"), {"pk": S("list"), "l": N(3)})
        # A map still cannot be added.
        with self.assertValidation(
                message="One or more parameter values were invalid: Action ADD is not supported "
                        "for the type M"):
            self.ddb.update_item(TableName="Fid", Key=key,
                                 AttributeUpdates={"l": {"Action": "ADD",
                                                         "Value": {"M": {"a": N(1)}}}})

    # -- transactions ---------------------------------------------------------------------

    def test_transaction_limits(self):
        limit = "at 'transactItems' failed to satisfy constraint: Member must have length less " \
                "than or equal to 100"
        puts = [{"Put": {"TableName": "Fid", "Item": {"pk": S(f"t{i}")}}} for i in range(101)]
        with self.assertValidation(startswith="1 validation error detected: Value '[",
                                   contains=limit):
            self.ddb.transact_write_items(TransactItems=puts)
        gets = [{"Get": {"TableName": "Fid", "Key": {"pk": S(f"t{i}")}}} for i in range(101)]
        with self.assertValidation(startswith="1 validation error detected: Value '[",
                                   contains=limit):
            self.ddb.transact_get_items(TransactItems=gets)
        # Each Put under 400 KB, eleven of them over 4 MB together.
        big = [{"Put": {"TableName": "Fid",
                        "Item": {"pk": S(f"big{i}"), "payload": S("z" * 390 * 1024)}}}
               for i in range(11)]
        with self.assertValidation(
                startswith="Transaction payload size cannot exceed 4MB. Payload Size: : "
                           "Transaction payload size cannot exceed 4MB. Payload Size: ") as h:
            self.ddb.transact_write_items(TransactItems=big)
        size = int(h.exception.response["Error"]["Message"].rsplit(" ", 1)[1])
        self.assertGreater(size, 4 * 1024 * 1024)
        self.assertIsNone(self.get("big0"))
        # TransactGetItems: the items read may not exceed 4 MB together either.
        for i in range(11):
            self.ddb.put_item(TableName="Fid", Item=big[i]["Put"]["Item"])
        keys = [{"Get": {"TableName": "Fid", "Key": {"pk": S(f"big{i}")}}} for i in range(11)]
        with self.assertValidation(
                startswith="Transaction payload size cannot exceed 4MB. Payload Size: : "):
            self.ddb.transact_get_items(TransactItems=keys)
        self.assertEqual(len(self.ddb.transact_get_items(TransactItems=keys[:10])["Responses"]),
                         10)
        for i in range(11):
            self.ddb.delete_item(TableName="Fid", Key={"pk": S(f"big{i}")})

    def test_cancellation_reasons_reach_the_sdk(self):
        self.ddb.put_item(TableName="Fid", Item={"pk": S("c1"), "v": N(1)})
        with self.assertClientError("TransactionCanceledException") as h:
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": "Fid", "Item": {"pk": S("c0")}}},
                {"ConditionCheck": {"TableName": "Fid", "Key": {"pk": S("c1")},
                                    "ConditionExpression": "v = :two",
                                    "ExpressionAttributeValues": {":two": N(2)},
                                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}])
        reasons = h.exception.response["CancellationReasons"]
        self.assertEqual(reasons, [
            {"Code": "None"},
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
             "Item": {"pk": S("c1"), "v": N(1)}}])
        self.assertTrue(h.exception.response["Error"]["Message"].endswith(
            "[None, ConditionalCheckFailed]"))
        self.assertIsNone(self.get("c0"))

    # -- the request itself ---------------------------------------------------------------

    def test_non_json_body_is_refused_before_the_operation_is_looked_up(self):
        for target in ("DynamoDB_20120810.GetItem", "DynamoDB_20120810.NoSuchOperation", "Nope"):
            with self.subTest(target=target):
                req = urllib.request.Request(
                    self.engine.endpoint + "/", data=b'{"TableName": nope}', method="POST",
                    headers={"Content-Type": "application/x-amz-json-1.0",
                             "X-Amz-Target": target})
                with self.assertRaises(urllib.error.HTTPError) as cm:
                    urllib.request.urlopen(req, timeout=30)
                body = json.loads(cm.exception.read())
                self.assertEqual((cm.exception.code, error_type(body)),
                                 (400, "SerializationException"), body)
                self.assertEqual(body["message"],
                                 "Invalid JSON request body: syntax error at offset 14")
        # A JSON body under an unknown operation is still UnknownOperationException.
        req = urllib.request.Request(
            self.engine.endpoint + "/", data=b'{}', method="POST",
            headers={"Content-Type": "application/x-amz-json-1.0",
                     "X-Amz-Target": "DynamoDB_20120810.NoSuchOperation"})
        with self.assertRaises(urllib.error.HTTPError) as cm:
            urllib.request.urlopen(req, timeout=30)
        self.assertEqual(error_type(json.loads(cm.exception.read())), "UnknownOperationException")
        # Whitespace after the document is fine.
        status, body = self.engine.raw("ListTables", b'{"Limit": 1}\r\n ')
        self.assertEqual(status, 200, body)

    def test_starting_keys_must_match_the_schema(self):
        invalid = "The provided starting key is invalid: The provided key element does not " \
                  "match the schema"
        for start in ({"other": S("a")}, {"pk": N(1)}, {"pk": S("a"), "extra": S("b")}):
            with self.subTest(start=start):
                with self.assertValidation(message=invalid):
                    self.ddb.scan(TableName="Fid", ExclusiveStartKey=start)
        for start in ({"pk": S("a")}, {"pk": S("a"), "sk": S("x")}):
            with self.subTest(start=start):
                with self.assertValidation(message=invalid):
                    self.ddb.query(TableName="FidSorted", KeyConditionExpression="pk = :p",
                                   ExpressionAttributeValues={":p": S("a")},
                                   ExclusiveStartKey=start)

    # -- local secondary indexes ----------------------------------------------------------

    def test_lsi_reads_fetch_unprojected_attributes_from_the_table(self):
        self.create_table(
            "FidLsi", sk=("sk", "N"), extra_attrs=[("lk", "N")],
            lsis=[{"IndexName": "keys", "Projection": {"ProjectionType": "KEYS_ONLY"},
                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                 {"AttributeName": "lk", "KeyType": "RANGE"}]},
                  {"IndexName": "incl",
                   "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["inc"]},
                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                 {"AttributeName": "lk", "KeyType": "RANGE"}]}])
        payload = "b" * 6000  # the item is over 4 KB: a consistent fetch costs 2 read units
        item = {"pk": S("p"), "sk": N(1), "lk": N(7), "inc": S("i"), "payload": S(payload)}
        self.ddb.put_item(TableName="FidLsi", Item=item)

        def query(index, **kwargs):
            return self.ddb.query(TableName="FidLsi", IndexName=index, ConsistentRead=True,
                                  KeyConditionExpression="pk = :p",
                                  ExpressionAttributeValues={":p": S("p")},
                                  ReturnConsumedCapacity="INDEXES", **kwargs)

        # Projected attributes only: the index alone answers, one unit for its small entry.
        resp = query("incl", ProjectionExpression="inc, lk")
        self.assertEqual(resp["Items"], [{"inc": S("i"), "lk": N(7)}])
        self.assertEqual(resp["ConsumedCapacity"],
                         {"TableName": "FidLsi", "CapacityUnits": 1.0,
                          "Table": {"CapacityUnits": 0.0},
                          "LocalSecondaryIndexes": {"incl": {"CapacityUnits": 1.0}}})
        # An attribute the index lacks is fetched from the table, and the fetch is counted.
        for index, projection in (("keys", "payload, lk"), ("incl", "inc, payload")):
            with self.subTest(index=index):
                resp = query(index, ProjectionExpression=projection)
                expected = {n.strip(): item[n.strip()] for n in projection.split(",")}
                self.assertEqual(resp["Items"], [expected])
                self.assertEqual(resp["ConsumedCapacity"],
                                 {"TableName": "FidLsi", "CapacityUnits": 3.0,
                                  "Table": {"CapacityUnits": 2.0},
                                  "LocalSecondaryIndexes": {index: {"CapacityUnits": 1.0}}})
        # Legacy AttributesToGet, and Select ALL_ATTRIBUTES, fetch the same way.
        resp = self.ddb.query(
                TableName="FidLsi", IndexName="keys", ConsistentRead=True,
                KeyConditions={"pk": {"AttributeValueList": [S("p")],
                                      "ComparisonOperator": "EQ"}},
                AttributesToGet=["payload"], ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["Items"], [{"payload": S(payload)}])
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": "FidLsi", "CapacityUnits": 3.0})
        resp = query("keys", Select="ALL_ATTRIBUTES")
        self.assertEqual(resp["Items"], [item])
        self.assertEqual(resp["ConsumedCapacity"]["Table"], {"CapacityUnits": 2.0})
        # Eventually consistent: each part is halved.
        resp = self.ddb.query(TableName="FidLsi", IndexName="keys",
                              KeyConditionExpression="pk = :p",
                              ExpressionAttributeValues={":p": S("p")},
                              ProjectionExpression="payload", ReturnConsumedCapacity="INDEXES")
        self.assertEqual(resp["ConsumedCapacity"]["CapacityUnits"], 1.5)

    def test_tags_are_for_tables_not_their_indexes(self):
        arn = self.ddb.describe_table(TableName="FidSorted")["Table"]["TableArn"]
        for resource in (arn + "/index/byOther", arn + "/stream/2024-01-01T00:00:00.000"):
            with self.subTest(resource=resource):
                with self.assertClientError(
                        "ResourceNotFoundException",
                        message=f"Requested resource not found: ResourcArn: "
                                f"{resource[:64]}... not found"):
                    self.ddb.tag_resource(ResourceArn=resource,
                                          Tags=[{"Key": "k", "Value": "v"}])
                with self.assertClientError("ResourceNotFoundException"):
                    self.ddb.list_tags_of_resource(ResourceArn=resource)
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"], [])
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "k", "Value": "v"}])

    def test_update_table_with_nothing_to_change(self):
        with self.assertValidation(startswith="At least one of ProvisionedThroughput, "
                                              "BillingMode, UpdateStreamEnabled, "
                                              "GlobalSecondaryIndexUpdates"):
            self.ddb.update_table(TableName="Fid")


if __name__ == "__main__":
    unittest.main()
