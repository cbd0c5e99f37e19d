"""boto3 against the engine: DynamoDB behaviours that are easy to get subtly wrong, each as the
DynamoDB developer guide / API reference describes it (docs/engine.md lists the few places
where the engine chose a behaviour the documentation does not pin down)."""

import unittest

import boto3
from botocore.config import Config

from engine import EngineTestCase, N, S
from streams_support import read_stream


class UpdateSemanticsTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("UpdSem", StreamSpecification={"StreamEnabled": True,
                                                        "StreamViewType": "NEW_AND_OLD_IMAGES"})

    def streams(self):
        cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"})
        return boto3.client("dynamodbstreams", endpoint_url=self.engine.endpoint,
                            region_name="us-east-1", config=cfg)

    def test_remove_only_update_of_a_missing_item_creates_nothing(self):
        for expr in ("REMOVE a", "REMOVE a.b", "REMOVE a[3], b.c.d"):
            with self.subTest(expr=expr):
                resp = self.ddb.update_item(TableName="UpdSem", Key={"pk": S("ghost")},
                                            UpdateExpression=expr, ReturnValues="ALL_NEW")
                self.assertNotIn("Attributes", resp)
                self.assertNotIn("Item", self.ddb.get_item(TableName="UpdSem",
                                                           Key={"pk": S("ghost")},
                                                           ConsistentRead=True))
        # Removing a key attribute is still refused.
        with self.assertValidation(contains="This attribute is part of the key"):
            self.ddb.update_item(TableName="UpdSem", Key={"pk": S("ghost")},
                                 UpdateExpression="REMOVE pk")
        # The legacy form too: AttributeUpdates DELETE of a missing item.
        self.ddb.update_item(TableName="UpdSem", Key={"pk": S("ghost")},
                             AttributeUpdates={"a": {"Action": "DELETE"}})
        self.assertEqual(self.ddb.scan(TableName="UpdSem", ConsistentRead=True)["Count"], 0)
        # ... and no stream record: the only one is the put below.
        self.ddb.put_item(TableName="UpdSem", Item={"pk": S("real")})
        arn = self.ddb.describe_table(TableName="UpdSem")["Table"]["LatestStreamArn"]
        records = [r for _, r in read_stream(self.streams(), arn)]
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]) for r in records],
                         [("INSERT", {"pk": S("real")})])
        self.ddb.delete_item(TableName="UpdSem", Key={"pk": S("real")})

    def test_remove_through_a_missing_parent_of_an_existing_item_is_an_error(self):
        self.ddb.put_item(TableName="UpdSem", Item={"pk": S("there"), "x": N(1)})
        with self.assertValidation(
                message="The document path provided in the update expression is invalid for "
                        "update"):
            self.ddb.update_item(TableName="UpdSem", Key={"pk": S("there")},
                                 UpdateExpression="REMOVE a.b")
        self.ddb.delete_item(TableName="UpdSem", Key={"pk": S("there")})

    def test_updated_old_and_new_return_only_the_updated_paths(self):
        item = {"pk": S("nested"), "m": {"M": {"x": N(1), "y": N(2)}},
                "l": {"L": [N(1), N(2), N(3)]}, "o": S("other"), "gone": S("bye")}

        def upd(rv):
            self.ddb.put_item(TableName="UpdSem", Item=item)
            return self.ddb.update_item(
                TableName="UpdSem", Key={"pk": S("nested")},
                UpdateExpression="SET m.x = :v, l[1] = :v, m.z = :v REMOVE gone",
                ExpressionAttributeValues={":v": N(9)}, ReturnValues=rv)["Attributes"]

        self.assertEqual(upd("UPDATED_OLD"), {"m": {"M": {"x": N(1)}}, "l": {"L": [N(2)]},
                                              "gone": S("bye")})
        self.assertEqual(upd("UPDATED_NEW"), {"m": {"M": {"x": N(9), "z": N(9)}},
                                              "l": {"L": [N(9)]}})
        self.ddb.delete_item(TableName="UpdSem", Key={"pk": S("nested")})


class ExpressionValidationTest(EngineTestCase):
    """Static expression checks DynamoDB makes before reading anything: they fail on an empty
    table too, and before the table is looked up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("ExprVal")  # stays empty: nothing is ever evaluated

    def scan_error(self, expr, values=None, table="ExprVal"):
        kw = {"FilterExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        with self.assertValidation() as h:
            self.ddb.scan(TableName=table, **kw)
        return h.exception.response["Error"]["Message"]

    def test_redundant_parentheses(self):
        for expr in ("((a = :v))", "NOT ((a = :v))", "((a = :v)) AND b = :v",
                     "(((a = :v) OR b = :v))"):
            with self.subTest(expr=expr):
                self.assertEqual(self.scan_error(expr, {":v": N(1)}),
                                 "Invalid FilterExpression: The expression has redundant "
                                 "parentheses;")
        # One pair around a group, or groups side by side, are fine.
        for expr in ("(a = :v)", "(a = :v) AND (b = :v)", "((a = :v) AND b = :v)"):
            with self.subTest(expr=expr):
                self.ddb.scan(TableName="ExprVal", FilterExpression=expr,
                              ExpressionAttributeValues={":v": N(1)})

    def test_first_operand_must_be_distinct(self):
        for expr, op, shown in (("contains(a, a)", "contains", "[a]"),
                                ("begins_with(a.b, a.b)", "begins_with", "[a, b]"),
                                ("a[1] = a[1]", "=", "[a, [1]]"),
                                ("#x < a", "<", "[a]")):
            with self.subTest(expr=expr):
                kw = {"FilterExpression": expr}
                if "#x" in expr:
                    kw["ExpressionAttributeNames"] = {"#x": "a"}
                with self.assertValidation() as h:
                    self.ddb.scan(TableName="ExprVal", **kw)
                self.assertEqual(h.exception.response["Error"]["Message"],
                                 "Invalid FilterExpression: The first operand must be distinct "
                                 "from the remaining operands for this operator or function; "
                                 f"operator: {op}, first operand: {shown}")

    def test_attribute_type_needs_a_value_as_its_type(self):
        self.assertEqual(self.scan_error("attribute_type(a, b)"),
                         "Invalid FilterExpression: Incorrect operand type for operator or "
                         "function; operator or function: attribute_type, operand type: "
                         "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")

    def test_functions_are_checked_on_an_empty_table(self):
        self.assertEqual(self.scan_error("begins_with(a, :n)", {":n": N(1)}),
                         "Invalid FilterExpression: Incorrect operand type for operator or "
                         "function; operator or function: begins_with, operand type: N")
        self.assertEqual(self.scan_error("attribute_type(a, :t)", {":t": S("STRING")}),
                         "Invalid FilterExpression: Invalid attribute type name found; type: "
                         "STRING, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }")
        self.assertEqual(self.scan_error("size(:n) > :n", {":n": N(1)}),
                         "Invalid FilterExpression: Incorrect operand type for operator or "
                         "function; operator or function: size, operand type: N")
        self.assertIn("Invalid function name; function: nofunc", self.scan_error("nofunc(a)"))

    def test_static_errors_come_before_the_table_lookup(self):
        for expr, values in (("((a = :v))", {":v": N(1)}), ("contains(a, a)", None),
                             ("a BETWEEN :b AND :a", {":a": N(1), ":b": N(2)})):
            with self.subTest(expr=expr):
                self.scan_error(expr, values, table="NoSuchTable")

    def test_query_checks_what_needs_no_table_before_the_table_lookup(self):
        cases = (
            # key condition grammar, its placeholders, the filter, unused values
            dict(KeyConditionExpression="pk = = :v", ExpressionAttributeValues={":v": S("a")}),
            dict(KeyConditionExpression="pk = :nope", ExpressionAttributeValues={":v": S("a")}),
            dict(KeyConditionExpression="pk = :v", FilterExpression="((a = :v))",
                 ExpressionAttributeValues={":v": S("a")}),
            dict(KeyConditionExpression="pk = :v",
                 ExpressionAttributeValues={":v": S("a"), ":w": S("b")}),
        )
        for args in cases:
            with self.subTest(args=args):
                with self.assertValidation():
                    self.ddb.query(TableName="NoSuchTable", **args)
        # What needs the schema follows the lookup: a missing table is reported first.
        with self.assertClientError("ResourceNotFoundException"):
            self.ddb.query(TableName="NoSuchTable", KeyConditionExpression="nokey = :v",
                           ExpressionAttributeValues={":v": S("a")})

    def test_a_value_as_first_operand_of_attribute_type_and_size(self):
        self.ddb.put_item(TableName="ExprVal", Item={"pk": S("v")},
                          ConditionExpression="attribute_type(:v, :t) AND size(:v) = :two",
                          ExpressionAttributeValues={":v": S("ab"), ":t": S("S"),
                                                     ":two": N(2)})
        with self.assertClientError("ConditionalCheckFailedException"):
            self.ddb.put_item(TableName="ExprVal", Item={"pk": S("v")},
                              ConditionExpression="attribute_type(:v, :t)",
                              ExpressionAttributeValues={":v": S("ab"), ":t": S("N")})
        self.ddb.delete_item(TableName="ExprVal", Key={"pk": S("v")})

    def test_size_of_a_string_counts_utf8_bytes(self):
        self.ddb.put_item(TableName="ExprVal", Item={"pk": S("utf8"), "s": S("é🎮")})
        for n, holds in ((6, True), (2, False)):
            kw = dict(TableName="ExprVal", Key={"pk": S("utf8")}, UpdateExpression="SET s = s",
                      ConditionExpression="size(s) = :n", ExpressionAttributeValues={":n": N(n)})
            if holds:
                self.ddb.update_item(**kw)
            else:
                with self.assertClientError("ConditionalCheckFailedException"):
                    self.ddb.update_item(**kw)
        self.ddb.delete_item(TableName="ExprVal", Key={"pk": S("utf8")})


class RequestValidationTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("ReqVal", sk=("sk", "S"))
        cls.ddb.put_item(TableName="ReqVal", Item={"pk": S("p"), "sk": S("1"), "a": N(1),
                                                   "b": N(2)})
        cls.ddb.put_item(TableName="ReqVal", Item={"pk": S("p"), "sk": S("2"), "a": N(5)})

    def test_legacy_key_conditions_with_filter_and_projection_expressions(self):
        kc = {"pk": {"AttributeValueList": [S("p")], "ComparisonOperator": "EQ"}}
        resp = self.ddb.query(TableName="ReqVal", KeyConditions=kc,
                              FilterExpression="a > :v", ProjectionExpression="sk, a",
                              ExpressionAttributeValues={":v": N(2)})
        self.assertEqual(resp["Items"], [{"sk": S("2"), "a": N(5)}])
        # KeyConditions with a KeyConditionExpression, or QueryFilter with a
        # FilterExpression, stay refused.
        with self.assertValidation(startswith="Can not use both expression and non-expression"):
            self.ddb.query(TableName="ReqVal", KeyConditions=kc,
                           KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": S("p")})
        with self.assertValidation(startswith="Can not use both expression and non-expression"):
            self.ddb.query(TableName="ReqVal", KeyConditions=kc,
                           QueryFilter={"a": {"AttributeValueList": [N(1)],
                                              "ComparisonOperator": "GT"}},
                           FilterExpression="a > :v", ExpressionAttributeValues={":v": N(2)})

    def test_duplicate_attributes_to_get(self):
        with self.assertValidation(message="One or more parameter values were invalid: "
                                           "Duplicate value in attribute name: a"):
            self.ddb.get_item(TableName="ReqVal", Key={"pk": S("p"), "sk": S("1")},
                              AttributesToGet=["a", "b", "a"])

    def test_index_name_used_by_a_gsi_and_an_lsi(self):
        with self.assertValidation(message="One or more parameter values were invalid: "
                                           "Duplicate index name: idx"):
            self.ddb.create_table(
                TableName="DupIdx", BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                           {"AttributeName": "sk", "KeyType": "RANGE"}],
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                      {"AttributeName": "sk", "AttributeType": "S"},
                                      {"AttributeName": "x", "AttributeType": "S"}],
                LocalSecondaryIndexes=[{"IndexName": "idx", "Projection": {"ProjectionType": "ALL"},
                                        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                      {"AttributeName": "x", "KeyType": "RANGE"}]}],
                GlobalSecondaryIndexes=[{"IndexName": "idx", "Projection": {"ProjectionType": "ALL"},
                                         "KeySchema": [{"AttributeName": "x", "KeyType": "HASH"}]}])

    def test_key_and_ttl_attribute_names_are_at_most_255(self):
        long = "k" * 256
        with self.assertValidation(contains=["member.attributeName",
                                             "Member must have length less than or equal to 255"]):
            self.ddb.create_table(TableName="LongKey", BillingMode="PAY_PER_REQUEST",
                                  KeySchema=[{"AttributeName": long, "KeyType": "HASH"}],
                                  AttributeDefinitions=[{"AttributeName": long,
                                                         "AttributeType": "S"}])
        self.create_table("LongKeyOk", pk=("k" * 255, "S"))
        with self.assertValidation(contains=["timeToLiveSpecification.attributeName",
                                             "Member must have length less than or equal to 255"]):
            self.ddb.update_time_to_live(TableName="ReqVal", TimeToLiveSpecification={
                "Enabled": True, "AttributeName": long})

    def test_tag_limits(self):
        arn = self.ddb.describe_table(TableName="ReqVal")["Table"]["TableArn"]
        for tag, where, rule in (({"Key": "k" * 129, "Value": "v"}, "tags.1.member.key", "128"),
                                 ({"Key": "k", "Value": "v" * 257}, "tags.1.member.value", "256"),
                                 ({"Key": "k{}", "Value": "v"}, "tags.1.member.key",
                                  "regular expression pattern"),
                                 ({"Key": "k", "Value": "v;"}, "tags.1.member.value",
                                  "regular expression pattern")):
            with self.subTest(tag=tag):
                with self.assertValidation(contains=[where, rule]):
                    self.ddb.tag_resource(ResourceArn=arn, Tags=[tag])
        # Static checks come before the table lookup.
        with self.assertValidation(contains="tags.1.member.key"):
            self.ddb.tag_resource(ResourceArn=arn.replace("ReqVal", "NoSuchTable"),
                                  Tags=[{"Key": "k" * 129, "Value": "v"}])
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "Team é:/=+-@_. x", "Value": ""}])
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"t{i}", "Value": "v"}
                                                     for i in range(49)])
        with self.assertClientError("LimitExceededException", contains="50"):
            self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "one-more", "Value": "v"}])
        self.assertEqual(len(self.ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]), 50)
        self.ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "t0", "Value": "changed"}])

    def test_secondary_index_key_values_obey_key_size_limits(self):
        self.create_table("GsiLimits", extra_attrs=(("g", "S"), ("h", "S")), gsis=[{
            "IndexName": "gix", "Projection": {"ProjectionType": "ALL"},
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                          {"AttributeName": "h", "KeyType": "RANGE"}]}])
        with self.assertValidation(contains=["secondary index key", "2048 bytes", "IndexKey: g"]):
            self.ddb.put_item(TableName="GsiLimits", Item={"pk": S("a"), "g": S("x" * 2049)})
        with self.assertValidation(contains=["secondary index key", "1024 bytes", "IndexKey: h"]):
            self.ddb.put_item(TableName="GsiLimits", Item={"pk": S("a"), "g": S("x"),
                                                           "h": S("y" * 1025)})
        self.ddb.put_item(TableName="GsiLimits", Item={"pk": S("a"), "g": S("x" * 2048),
                                                       "h": S("y" * 1024)})
        self.assertEqual(self.ddb.scan(TableName="GsiLimits", IndexName="gix")["Count"], 1)

    def test_describe_endpoints(self):
        resp = self.ddb.describe_endpoints()
        self.assertEqual(resp["Endpoints"], [{"Address": "dynamodb.us-east-1.amazonaws.com",
                                              "CachePeriodInMinutes": 1440}])


if __name__ == "__main__":
    unittest.main()
