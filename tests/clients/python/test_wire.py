"""boto3 and raw HTTP against the engine: the wire layer every client meets before an
operation runs. Members of the wrong JSON type are SerializationExceptions in DynamoDB's
words, reported before any validation; a body that is not JSON is a SerializationException;
gzip / deflate request bodies (Content-Encoding) are inflated, and a bad encoding is refused."""

import gzip
import json
import unittest
import urllib.error
import urllib.request
import zlib

from engine import EngineTestCase, N, S, error_type


class WireTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("WireTbl")
        cls.ddb.put_item(TableName="WireTbl", Item={"pk": S("a"), "v": N(1)})

    def post(self, operation, data, headers=None):
        req = urllib.request.Request(self.engine.endpoint + "/", data=data, method="POST",
                                     headers={"Content-Type": "application/x-amz-json-1.0",
                                              "X-Amz-Target": f"DynamoDB_20120810.{operation}",
                                              **(headers or {})})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def assertSerialization(self, operation, body, message):
        status, resp = self.engine.raw(operation, body)
        self.assertEqual((status, error_type(resp)), (400, "SerializationException"), resp)
        self.assertEqual(resp["message"], message)

    def test_wrong_member_types_are_serialization_errors(self):
        key = {"pk": S("a")}
        cases = [
            ("GetItem", {"TableName": "WireTbl", "Key": [key]},
             "Start of list found where not expected"),
            ("GetItem", {"TableName": 12, "Key": key},
             "class java.lang.Short can not be converted to an String"),
            ("GetItem", {"TableName": "WireTbl", "Key": key, "ConsistentRead": "yes"},
             "'YES' can not be converted to an Boolean"),
            ("Scan", {"TableName": "WireTbl", "Limit": "10"},
             "class java.lang.String can not be converted to an Integer"),
            ("Scan", {"TableName": "WireTbl", "ExpressionAttributeNames": "#a"},
             "Expected map or null"),
            ("Scan", {"TableName": "WireTbl", "ExpressionAttributeNames": {"#a": 1}},
             "class java.lang.Short can not be converted to an String"),
            ("GetItem", {"TableName": "WireTbl", "Key": key, "AttributesToGet": {"a": 1}},
             "Start of structure or map found where not expected."),
            ("GetItem", {"TableName": "WireTbl", "Key": key, "AttributesToGet": [True]},
             "class java.lang.Boolean can not be converted to an String"),
            ("UpdateTable", {"TableName": "WireTbl", "ProvisionedThroughput": 5},
             "Expected null"),
            ("TransactWriteItems", {"TransactItems": ["x"]}, "Expected null"),
        ]
        for operation, body, message in cases:
            with self.subTest(body=body):
                self.assertSerialization(operation, body, message)

    def test_serialization_comes_before_validation_and_table_lookup(self):
        # tableName is too short AND the condition is a number: the type fault wins.
        self.assertSerialization("PutItem", {"TableName": "x", "Item": {"pk": S("a")},
                                             "ConditionExpression": 5},
                                 "class java.lang.Short can not be converted to an String")
        self.assertSerialization("PutItem", {"TableName": "NoSuchTable", "Item": {"pk": S("a")},
                                             "ReturnValues": ["ALL_OLD"]},
                                 "Start of list found where not expected")

    def test_body_that_is_not_json(self):
        for body in (b"not json", b"", b"{\"TableName\": ", b"[1, 2]"):
            with self.subTest(body=body):
                status, resp = self.post("ListTables", body)
                self.assertEqual((status, error_type(resp)), (400, "SerializationException"))

    def test_gzip_and_deflate_bodies(self):
        body = json.dumps({"TableName": "WireTbl", "Key": {"pk": S("a")}}).encode()
        for coding, data in (("gzip", gzip.compress(body)), ("deflate", zlib.compress(body)),
                             ("identity", body)):
            with self.subTest(coding=coding):
                status, resp = self.post("GetItem", data, {"Content-Encoding": coding})
                self.assertEqual(status, 200, resp)
                self.assertEqual(resp["Item"]["v"], N(1))

    def test_bad_content_encoding(self):
        body = json.dumps({}).encode()
        for coding, data in (("gzip", b"not gzip at all"), ("gzip", gzip.compress(body)[:-6]),
                             ("br", body)):
            with self.subTest(coding=coding, data=data):
                status, resp = self.post("ListTables", data, {"Content-Encoding": coding})
                self.assertEqual((status, error_type(resp)), (400, "SerializationException"),
                                 resp)

    def test_boto3_with_gzipped_requests(self):
        # botocore does not compress DynamoDB requests itself; compress each one before it is
        # signed, as an SDK's request compression does.
        client = self.engine.client()

        def compress(request, **_):
            request.data = gzip.compress(request.body if isinstance(request.body, bytes)
                                         else request.body.encode())
            request.headers["Content-Encoding"] = "gzip"

        client.meta.events.register("before-sign.dynamodb.*", compress)
        client.put_item(TableName="WireTbl", Item={"pk": S("gz"), "v": N(7)})
        got = client.get_item(TableName="WireTbl", Key={"pk": S("gz")}, ConsistentRead=True)
        self.assertEqual(got["Item"]["v"], N(7))


if __name__ == "__main__":
    unittest.main()
