"""boto3 against the engine: condition semantics, and expression errors exactly as DynamoDB
reports them (reserved words, unused/undefined placeholders, syntax, size, mixing legacy and
expression parameters)."""

import unittest

from botocore.exceptions import ClientError

from engine import EngineTestCase, B, N, S


class ConditionSemanticsTest(EngineTestCase):

    ITEM = {"pk": S("it"), "n": N(5), "s": S("hello"), "b": B(b"\x01\x02"),
            "t": {"BOOL": True}, "z": {"NULL": True}, "l": {"L": [N(1), S("two")]},
            "m": {"M": {"k": S("v"), "deep": {"M": {"x": N(1)}}}},
            "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2", "3"]}}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("CondTbl")
        cls.ddb.put_item(TableName="CondTbl", Item=cls.ITEM)

    def holds(self, expr, values=None, names=None):
        kw = {"ConditionExpression": expr}
        if values:
            kw["ExpressionAttributeValues"] = values
        if names:
            kw["ExpressionAttributeNames"] = names
        try:
            # A no-op update guarded by the condition: succeeds iff the condition holds.
            self.ddb.update_item(TableName="CondTbl", Key={"pk": S("it")},
                                 UpdateExpression="SET n = n", **kw)
            return True
        except self.ddb.exceptions.ConditionalCheckFailedException:
            return False

    def test_conditions(self):
        cases = [
            ("n = :v", {":v": N(5)}, True), ("n = :v", {":v": N("5.0")}, True),
            ("n <> :v", {":v": N(5)}, False), ("n < :v", {":v": N(6)}, True),
            ("n <= :v", {":v": N(5)}, True), ("n > :v", {":v": N(5)}, False),
            ("n >= :v", {":v": N(5)}, True), ("n < :v", {":v": S("6")}, False),  # type mismatch
            ("s < :v", {":v": S("hellp")}, True), ("b < :v", {":v": B(b"\x01\x03")}, True),
            ("n BETWEEN :a AND :b", {":a": N(1), ":b": N(5)}, True),
            ("n BETWEEN :a AND :b", {":a": N(6), ":b": N(9)}, False),
            ("n IN (:a, :b)", {":a": N(1), ":b": N(5)}, True),
            ("n IN (:a)", {":a": N(1)}, False),
            ("attribute_exists(m.deep.x)", None, True), ("attribute_exists(m.nope)", None, False),
            ("attribute_not_exists(nope)", None, True), ("attribute_exists(l[1])", None, True),
            ("attribute_exists(l[2])", None, False),
            ("attribute_type(z, :t)", {":t": S("NULL")}, True),
            ("attribute_type(ss, :t)", {":t": S("SS")}, True),
            ("attribute_type(n, :t)", {":t": S("S")}, False),
            ("begins_with(s, :p)", {":p": S("he")}, True),
            ("begins_with(s, :p)", {":p": S("lo")}, False),
            ("begins_with(b, :p)", {":p": B(b"\x01")}, True),
            ("contains(s, :p)", {":p": S("ell")}, True), ("contains(ss, :p)", {":p": S("b")}, True),
            ("contains(ns, :p)", {":p": N(4)}, False), ("contains(l, :p)", {":p": S("two")}, True),
            ("size(s) = :v", {":v": N(5)}, True), ("size(l) = :v", {":v": N(2)}, True),
            ("size(m) = :v", {":v": N(2)}, True), ("size(ss) > :v", {":v": N(1)}, True),
            ("size(b) = :v", {":v": N(2)}, True),
            ("m.k = :v", {":v": S("v")}, True), ("l[0] = :v", {":v": N(1)}, True),
            ("t = :v", {":v": {"BOOL": True}}, True),
            ("m = :v", {":v": {"M": {"k": S("v"), "deep": {"M": {"x": N(1)}}}}}, True),
            ("ss = :v", {":v": {"SS": ["b", "a"]}}, True),
            ("NOT n = :v", {":v": N(5)}, False),
            ("n = :a OR n = :b AND s = :c", {":a": N(5), ":b": N(0), ":c": S("x")}, True),
            ("(n = :a OR n = :b) AND s = :c", {":a": N(5), ":b": N(0), ":c": S("x")}, False),
            ("NOT (n = :a AND s = :c)", {":a": N(5), ":c": S("x")}, True),
            ("#s = :v", {":v": S("hello")}, True),
        ]
        for expr, values, expected in cases:
            names = {"#s": "s"} if "#s" in expr else None
            self.assertEqual(self.holds(expr, values, names), expected, expr)

    def test_missing_attributes(self):
        # An unset attribute equals nothing and orders with nothing; "<>" is then true.
        self.assertFalse(self.holds("nope = :v", {":v": N(1)}))
        self.assertTrue(self.holds("nope <> :v", {":v": N(1)}))
        self.assertTrue(self.holds("nope <> other_nope"))
        for op in ("<", "<=", ">", ">="):
            self.assertFalse(self.holds(f"nope {op} :v", {":v": N(1)}), op)
        self.assertFalse(self.holds("nope BETWEEN :a AND :b", {":a": N(1), ":b": N(2)}))
        self.assertTrue(self.holds("NOT nope = :v", {":v": N(1)}))

    def test_ordering_a_constant_of_unorderable_type_is_an_error(self):
        # From the item, a list is simply not "<" anything; from the request it is invalid.
        self.assertFalse(self.holds("l < :v", {":v": N(1)}))
        with self.assertValidation():
            self.holds("n < :v", {":v": {"L": [N(1)]}})


class ExpressionErrorsTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("ErrTbl")
        cls.ddb.put_item(TableName="ErrTbl", Item={"pk": S("k"), "v": N(1)})

    def cond(self, expr, values=None, names=None, **kw):
        args = dict(TableName="ErrTbl", Key={"pk": S("k")}, UpdateExpression="SET v = v",
                    ConditionExpression=expr, **kw)
        if values is not None:
            args["ExpressionAttributeValues"] = values
        if names is not None:
            args["ExpressionAttributeNames"] = names
        return self.ddb.update_item(**args)

    def test_reserved_words(self):
        with self.assertValidation(message="Invalid ConditionExpression: Attribute name is a "
                                           "reserved keyword; reserved keyword: status"):
            self.cond("status = :s", {":s": S("x")})
        with self.assertValidation(message="Invalid ProjectionExpression: Attribute name is a "
                                           "reserved keyword; reserved keyword: name"):
            self.ddb.get_item(TableName="ErrTbl", Key={"pk": S("k")}, ProjectionExpression="name")
        with self.assertValidation(startswith="Invalid UpdateExpression: Attribute name is a "
                                              "reserved keyword"):
            self.ddb.update_item(TableName="ErrTbl", Key={"pk": S("k")},
                                 UpdateExpression="SET #ok = :v, size = :v",
                                 ExpressionAttributeNames={"#ok": "x"},
                                 ExpressionAttributeValues={":v": N(1)})
        # Through a placeholder it is fine.
        self.cond("#st = :s OR attribute_not_exists(#st)", {":s": S("x")}, {"#st": "status"})

    def test_unused_and_undefined_placeholders(self):
        with self.assertValidation(message="Value provided in ExpressionAttributeValues unused "
                                           "in expressions: keys: {:extra}"):
            self.cond("v = :v", {":v": N(1), ":extra": N(2)})
        with self.assertValidation(message="Value provided in ExpressionAttributeNames unused "
                                           "in expressions: keys: {#extra}"):
            self.cond("v = :v", {":v": N(1)}, {"#extra": "x"})
        with self.assertValidation(message="Invalid ConditionExpression: An expression attribute "
                                           "value used in expression is not defined; attribute "
                                           "value: :missing"):
            self.cond("v = :missing")
        with self.assertValidation(message="Invalid ConditionExpression: An expression attribute "
                                           "name used in the document path is not defined; "
                                           "attribute name: #missing"):
            self.cond("#missing = :v", {":v": N(1)})
        with self.assertValidation(contains="ExpressionAttributeValues must not be empty"):
            self.cond("v = v", {})
        with self.assertValidation(contains="ExpressionAttributeNames must not be empty"):
            self.cond("v = v", None, {})

    def test_syntax_errors(self):
        for expr in ("v = ", "v == :v", "(v = :v", "v = :v AND", "v BETWEEN :v",
                     "v IN ()", "= :v", "v = :v extra"):
            with self.assertRaises(ClientError, msg=expr) as cm:
                self.cond(expr, {":v": N(1)})
            err = cm.exception.response["Error"]
            self.assertEqual(err["Code"], "ValidationException", expr)
            self.assertTrue(err["Message"].startswith("Invalid ConditionExpression: "), err)
        with self.assertValidation(startswith="Invalid ConditionExpression: Syntax error; token:"):
            self.cond("v = :v )", {":v": N(1)})
        with self.assertValidation(startswith="Invalid ConditionExpression: Invalid function "
                                              "name; function: foo"):
            self.cond("foo(v)")
        with self.assertValidation(startswith="Invalid UpdateExpression: Syntax error"):
            self.ddb.update_item(TableName="ErrTbl", Key={"pk": S("k")}, UpdateExpression="SET")

    def test_expression_size_limit(self):
        # 4 KB per expression string: 4096 bytes pass, 4097 do not.
        head = "v = :v OR attribute_exists("
        ok = head + "a" * (4096 - len(head) - 1) + ")"
        self.assertEqual(len(ok), 4096)
        self.cond(ok, {":v": N(1)})
        with self.assertValidation(contains="size"):
            self.cond(head + "a" * (4097 - len(head) - 1) + ")", {":v": N(1)})

    def test_mixing_legacy_and_expression_parameters(self):
        with self.assertValidation(contains="Can not use both expression and non-expression"):
            self.ddb.put_item(TableName="ErrTbl", Item={"pk": S("k"), "v": N(1)},
                              ConditionExpression="attribute_exists(pk)",
                              Expected={"v": {"Value": N(1)}})
        with self.assertValidation(contains="Can not use both expression and non-expression"):
            self.ddb.get_item(TableName="ErrTbl", Key={"pk": S("k")}, ProjectionExpression="v",
                              AttributesToGet=["v"])

    def test_legacy_expected_supported_or_clearly_refused(self):
        # Expected/AttributeUpdates/AttributesToGet are either implemented with DynamoDB's
        # semantics or refused with a ValidationException naming the parameter.
        try:
            self.ddb.put_item(TableName="ErrTbl", Item={"pk": S("legacy"), "v": N(2)},
                              Expected={"pk": {"Exists": False}})
        except ClientError as e:
            self.assertEqual(e.response["Error"]["Code"], "ValidationException")
            self.assertIn("Expected", e.response["Error"]["Message"])
            return
        with self.assertClientError("ConditionalCheckFailedException"):
            self.ddb.put_item(TableName="ErrTbl", Item={"pk": S("legacy"), "v": N(3)},
                              Expected={"v": {"Value": N(9)}})
        self.ddb.put_item(TableName="ErrTbl", Item={"pk": S("legacy"), "v": N(3)},
                          Expected={"v": {"ComparisonOperator": "EQ",
                                          "AttributeValueList": [N(2)]}})
        got = self.ddb.get_item(TableName="ErrTbl", Key={"pk": S("legacy")}, ConsistentRead=True)
        self.assertEqual(got["Item"]["v"], N(3))


if __name__ == "__main__":
    unittest.main()
