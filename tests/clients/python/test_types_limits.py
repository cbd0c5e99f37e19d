"""boto3 against the engine: every attribute type round-trips, numbers are exact and normalised
as DynamoDB stores them, the size limits (item, keys, nesting) are enforced, and errors about
huge inputs stay short."""

import json
import unittest
from decimal import Decimal

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from engine import EngineTestCase, B, N, S, error_type


class TypesTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("TypesTbl")
        cls.create_table("NumKey", pk=("n", "N"))
        cls.create_table("BinKey", pk=("b", "B"), sk=("s", "S"))

    def roundtrip(self, value):
        self.ddb.put_item(TableName="TypesTbl", Item={"pk": S("rt"), "v": value})
        return self.ddb.get_item(TableName="TypesTbl", Key={"pk": S("rt")},
                                 ConsistentRead=True)["Item"]["v"]

    def test_every_type_roundtrips(self):
        values = [
            S("héllo wörld ✓ 🎮"), S(""), N(42), N(-7.25), B(b"\x00\x01\xfe\xff"), B(b""),
            {"BOOL": True}, {"BOOL": False}, {"NULL": True},
            {"L": []}, {"M": {}},
            {"L": [S("a"), N(1), {"BOOL": False}, {"NULL": True}, {"L": [{"M": {"x": S("y")}}]}]},
            {"M": {"a": {"M": {"b": {"L": [N(1), {"SS": ["q"]}]}}}, "c": {"NULL": True}}},
        ]
        for v in values:
            self.assertEqual(self.roundtrip(v), v)
        for set_value in ({"SS": ["b", "a", "c"]}, {"NS": ["3", "1.5", "-2"]},
                          {"BS": [b"\x01", b"\x00", b"\xff"]}):
            got = self.roundtrip(set_value)
            (t, members), = set_value.items()
            self.assertEqual(list(got), [t])
            self.assertEqual(sorted(got[t]), sorted(members))

    def test_set_validation(self):
        with self.assertValidation(contains="empty"):
            self.roundtrip({"SS": []})
        with self.assertValidation(contains="duplicates"):
            self.roundtrip({"SS": ["a", "a"]})
        with self.assertValidation(contains="duplicates"):
            self.roundtrip({"NS": ["1", "1.0"]})  # equal numbers are duplicates
        with self.assertValidation():
            self.roundtrip({"NULL": False})

    def test_number_normalisation_and_precision(self):
        cases = {"1.50": "1.5", "0001": "1", "-0.0": "0", "1e3": "1000", "1E+3": "1000",
                 "100": "100", "0.000": "0", "-12.3400": "-12.34",
                 "12345678901234567890123456789012345678": "12345678901234567890123456789012345678",
                 "0.12345678901234567890123456789012345678":
                     "0.12345678901234567890123456789012345678",
                 "1234567890123456789012345678901234567800":
                     "1234567890123456789012345678901234567800"}
        for given, stored in cases.items():
            self.assertEqual(self.roundtrip({"N": given}), {"N": stored}, given)
        # Exact at the range's ends.
        for extreme in ("9.9999999999999999999999999999999999999E+125", "1E-130", "-1E-130"):
            got = self.roundtrip({"N": extreme})["N"]
            self.assertEqual(Decimal(got), Decimal(extreme))
        with self.assertValidation(contains="38 significant digits"):
            self.roundtrip({"N": "123456789012345678901234567890123456789"})
        with self.assertValidation(contains="overflow"):
            self.roundtrip({"N": "1E+126"})
        with self.assertValidation(contains="underflow"):
            self.roundtrip({"N": "1E-131"})
        for bad in ("abc", "", "1.2.3", "NaN", "Infinity", "0x10"):
            with self.assertValidation():
                self.roundtrip({"N": bad})

    def test_exact_arithmetic(self):
        self.ddb.put_item(TableName="TypesTbl", Item={"pk": S("arith"),
                                               "v": N("0.1")})
        for _ in range(3):
            self.ddb.update_item(TableName="TypesTbl", Key={"pk": S("arith")},
                                 UpdateExpression="SET v = v + :d",
                                 ExpressionAttributeValues={":d": N("0.2")})
        v = self.ddb.get_item(TableName="TypesTbl", Key={"pk": S("arith")})["Item"]["v"]
        self.assertEqual(v, N("0.7"))
        self.ddb.update_item(TableName="TypesTbl", Key={"pk": S("arith")}, UpdateExpression="ADD v :d",
                             ExpressionAttributeValues={":d": N("-0.7")})
        v = self.ddb.get_item(TableName="TypesTbl", Key={"pk": S("arith")})["Item"]["v"]
        self.assertEqual(v, N("0"))

    def test_number_keys_compare_by_value(self):
        self.ddb.put_item(TableName="NumKey", Item={"n": N("1.0"), "v": S("one")})
        got = self.ddb.get_item(TableName="NumKey", Key={"n": N("1")})
        self.assertEqual(got["Item"], {"n": N(1), "v": S("one")})
        self.ddb.put_item(TableName="NumKey", Item={"n": N("10E-1"), "v": S("again")})
        self.assertEqual(self.ddb.scan(TableName="NumKey")["Count"], 1)

    def test_binary_keys(self):
        for b in (b"\x00", b"\x7f", b"\x80", b"\xff", b"\x00\x00"):
            self.ddb.put_item(TableName="BinKey", Item={"b": B(b), "s": S("x"), "raw": B(b)})
        got = self.ddb.get_item(TableName="BinKey", Key={"b": B(b"\x80"), "s": S("x")})
        self.assertEqual(got["Item"]["raw"], B(b"\x80"))
        self.assertEqual(self.ddb.scan(TableName="BinKey")["Count"], 5)
        with self.assertValidation(
                message="One or more parameter values are not valid. The AttributeValue for a key "
                        "attribute cannot contain an empty binary value. Key: b"):
            self.ddb.put_item(TableName="BinKey", Item={"b": B(b""), "s": S("x")})

    def test_resource_layer_types(self):
        """The boto3 resource layer (Decimal, sets, Binary) maps onto the same wire types."""
        table = self.resource.Table("TypesTbl")
        item = {"pk": "res", "n": Decimal("3.14"), "ss": {"a", "b"}, "ns": {Decimal(1), Decimal(2)},
                "m": {"nested": [Decimal("1.50"), "s", None, True]}}
        table.put_item(Item=item)
        got = table.get_item(Key={"pk": "res"}, ConsistentRead=True)["Item"]
        self.assertEqual(got["n"], Decimal("3.14"))
        self.assertEqual(got["ss"], {"a", "b"})
        self.assertEqual(got["ns"], {Decimal(1), Decimal(2)})
        self.assertEqual(got["m"], {"nested": [Decimal("1.5"), "s", None, True]})


class LimitsTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("LimitsTbl", pk=("pk", "S"), sk=("sk", "S"))

    def put(self, item):
        return self.ddb.put_item(TableName="LimitsTbl", Item=item)

    def test_item_size_limit(self):
        # Size = attribute name lengths + value lengths: pk(2)+1, sk(2)+1, "big"(3)+n.
        overhead = 2 + 1 + 2 + 1 + 3
        self.put({"pk": S("a"), "sk": S("b"), "big": S("x" * (400 * 1024 - overhead - 100))})
        with self.assertValidation(contains="Item size has exceeded the maximum allowed size"):
            self.put({"pk": S("a"), "sk": S("c"), "big": S("x" * (400 * 1024 - overhead + 100))})
        self.assertNotIn("Item", self.ddb.get_item(TableName="LimitsTbl",
                                                   Key={"pk": S("a"), "sk": S("c")}))
        # UTF-8 length counts, not characters: 3 bytes per '✓'.
        with self.assertValidation(contains="Item size"):
            self.put({"pk": S("a"), "sk": S("d"), "big": S("✓" * 140000)})
        # An update that grows the item past the limit is refused too.
        with self.assertValidation(contains="Item size"):
            self.ddb.update_item(TableName="LimitsTbl", Key={"pk": S("a"), "sk": S("b")},
                                 UpdateExpression="SET more = :m",
                                 ExpressionAttributeValues={":m": S("y" * 1000)})

    def test_key_size_limits(self):
        self.put({"pk": S("p" * 2048), "sk": S("s" * 1024)})
        with self.assertValidation(contains="2048"):
            self.put({"pk": S("p" * 2049), "sk": S("s")})
        with self.assertValidation(contains="1024"):
            self.put({"pk": S("p"), "sk": S("s" * 1025)})
        got = self.ddb.get_item(TableName="LimitsTbl", Key={"pk": S("p" * 2048), "sk": S("s" * 1024)})
        self.assertIn("Item", got)

    def test_nesting_depth(self):
        def nest(depth):
            v = S("leaf")
            for _ in range(depth):
                v = {"L": [v]}
            return v
        self.put({"pk": S("n"), "sk": S("ok"), "deep": nest(31)})
        with self.assertValidation(message="Nesting Levels have exceeded supported limits: "
                                           "Attributes in the item have nested levels beyond "
                                           "supported limit"):
            self.put({"pk": S("n"), "sk": S("bad"), "deep": nest(40)})


class LongInputTest(EngineTestCase):
    """A megabyte table name, attribute name or expression gets the error a short one gets,
    in a short body: messages quote at most a prefix of any input."""

    HUGE = "x" * (1 << 20)
    MAX_MESSAGE = 1024

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("LongTbl", pk=("pk", "S"))

    def assertShort(self, code, call, quoted=True):
        with self.assertClientError(code) as cm:
            call()
        message = cm.exception.response["Error"]["Message"]
        self.assertLessEqual(len(message), self.MAX_MESSAGE, message[:200])
        if quoted:
            self.assertIn("xxxx...", message)

    def test_table_name(self):
        self.assertShort("ValidationException",
                         lambda: self.ddb.describe_table(TableName=self.HUGE))
        self.assertShort("ValidationException",
                         lambda: self.ddb.get_item(TableName=self.HUGE, Key={"pk": S("a")}))
        status, body = self.engine.raw("BatchWriteItem", {"RequestItems": {self.HUGE: []}})
        self.assertEqual((status, error_type(body)), (400, "ValidationException"))
        self.assertLessEqual(len(json.dumps(body)), self.MAX_MESSAGE + 100)

    def test_attribute_name(self):
        self.assertShort("ValidationException", lambda: self.ddb.put_item(
            TableName="LongTbl", Item={"pk": S("a")}, Expected={self.HUGE: {"Exists": True}}))
        # A placeholder key over 255 bytes is refused by its length, quoting nothing.
        self.assertShort("ValidationException", lambda: self.ddb.put_item(
            TableName="LongTbl", Item={"pk": S("a")}, ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeNames={self.HUGE: "n"}), quoted=False)

    def test_expression(self):
        # Over the 4 KB expression limit: refused by size, quoting nothing.
        self.assertShort("ValidationException", lambda: self.ddb.put_item(
            TableName="LongTbl", Item={"pk": S("a")}, ConditionExpression="a = = " + self.HUGE),
            quoted=False)
        self.assertShort("ValidationException", lambda: self.ddb.put_item(
            TableName="LongTbl", Item={"pk": S("a")}, ConditionExpression="a = = " + "x" * 4000))

    def test_stream_arn(self):
        streams = boto3.client("dynamodbstreams", endpoint_url=self.engine.endpoint,
                               region_name="us-east-1",
                               config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        arn = "arn:aws:dynamodb:us-east-1:000000000000:table/LongTbl/stream/" + self.HUGE
        with self.assertRaises(ClientError) as cm:
            streams.describe_stream(StreamArn=arn)
        err = cm.exception.response["Error"]
        self.assertIn(err["Code"], ("ValidationException", "ResourceNotFoundException"))
        self.assertLessEqual(len(err["Message"]), self.MAX_MESSAGE, err["Message"][:200])
        streams.close()


if __name__ == "__main__":
    unittest.main()
