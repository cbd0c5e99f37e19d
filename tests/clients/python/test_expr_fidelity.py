"""boto3 against the engine: expression details as DynamoDB has them. Bare attribute names
(developer guide, "Key condition expressions": the first character a-z or A-Z), parentheses
around operands, DynamoDB's wording for type, placeholder, nesting, size and path errors, and
the order in which DynamoDB reports two errors in one expression (docs/engine.md)."""

import unittest

from engine import EngineTestCase, N, S

SYNTAX = "Syntax error; token: "


class ExprFidelityTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table("ExprFid", sk=("sk", "S"))

    def setUp(self):
        self.ddb.put_item(TableName="ExprFid", Item={
            "pk": S("k"), "sk": S("s"), "s": S("text"), "n": N(1), "ns": {"NS": ["1"]},
            "ss": {"SS": ["a"]}, "l": {"L": [N(1)]}, "m": {"M": {"x": N(1)}}})

    KEY = {"pk": S("k"), "sk": S("s")}

    def update(self, expr, values=None, names=None, **kw):
        args = dict(TableName="ExprFid", Key=self.KEY, UpdateExpression=expr,
                    ReturnValues="ALL_NEW", **kw)
        if values is not None:
            args["ExpressionAttributeValues"] = values
        if names is not None:
            args["ExpressionAttributeNames"] = names
        return self.ddb.update_item(**args).get("Attributes")

    def cond(self, expr, values=None, names=None):
        """An update guarded by `expr` on the stored item; returns True if it passed. Only the
        values `expr` names are sent (DynamoDB refuses unused ones)."""
        used = {k: v for k, v in (values or {}).items() if k in expr}
        args = dict(TableName="ExprFid", Key=self.KEY, ConditionExpression=expr,
                    UpdateExpression="SET touched = :touched",
                    ExpressionAttributeValues={":touched": N(1), **used})
        if names is not None:
            args["ExpressionAttributeNames"] = names
        try:
            self.ddb.update_item(**args)
            return True
        except self.ddb.exceptions.ConditionalCheckFailedException:
            return False

    # -- bare names -------------------------------------------------------------------------

    def test_a_bare_name_must_start_with_a_letter_in_every_expression_kind(self):
        calls = {
            "ConditionExpression": lambda: self.cond("_123 = :v", {":v": N(1)}),
            "FilterExpression": lambda: self.ddb.scan(
                TableName="ExprFid", FilterExpression="_a = :v",
                ExpressionAttributeValues={":v": N(1)}),
            "KeyConditionExpression": lambda: self.ddb.query(
                TableName="ExprFid", KeyConditionExpression="pk = :v AND _sk = :w",
                ExpressionAttributeValues={":v": S("k"), ":w": S("s")}),
            "ProjectionExpression": lambda: self.ddb.get_item(
                TableName="ExprFid", Key=self.KEY, ProjectionExpression="s, _a"),
            "UpdateExpression": lambda: self.update("SET _a = :v", {":v": N(1)}),
        }
        near = {"ConditionExpression": "_123", "FilterExpression": "_a",
                "KeyConditionExpression": "AND _sk", "ProjectionExpression": ", _a",
                "UpdateExpression": "SET _a"}
        for kind, call in calls.items():
            with self.subTest(kind=kind):
                with self.assertValidation(
                        message=f'Invalid {kind}: {SYNTAX}"_", near: "{near[kind]}"'):
                    call()

    def test_underscores_inside_names_and_in_placeholders_are_fine(self):
        item = self.update("SET a_1 = :_v, #_x = :_v", {":_v": N(7)}, {"#_x": "_lead"})
        self.assertEqual(item["a_1"], N(7))
        self.assertEqual(item["_lead"], N(7))
        self.assertTrue(self.cond("a_1 = :v AND #_x = :v", {":v": N(7)}, {"#_x": "_lead"}))
        got = self.ddb.get_item(TableName="ExprFid", Key=self.KEY, ProjectionExpression="a_1, #u",
                                ExpressionAttributeNames={"#u": "_lead"})["Item"]
        self.assertEqual(got, {"a_1": N(7), "_lead": N(7)})

    # -- parentheses ------------------------------------------------------------------------

    def test_parentheses_around_set_operands(self):
        vals = {":v": N(1), ":w": N(2)}
        for expr, want in (("SET o = (:v)", N(1)), ("SET o = (:v + :w)", N(3)),
                           ("SET o = (:v) + (:w)", N(3)), ("SET o = ((:w) - :v)", N(1)),
                           ("SET o = ((:w))", N(2)), ("SET o = (n) + :w", N(3))):
            with self.subTest(expr=expr):
                used = {k: x for k, x in vals.items() if k in expr}
                self.assertEqual(self.update(expr, used)["o"], want)
        item = self.update("SET l = list_append((l), (:l)), o = (if_not_exists(gone, :v))",
                           {":l": {"L": [N(2)]}, ":v": N(1)})
        self.assertEqual(item["l"], {"L": [N(1), N(2)]})
        self.assertEqual(item["o"], N(1))
        for expr, token, near in (("SET o = (((:v)))", "(", "((:v"),
                                  ("SET o = ((:v)) + :w", "+", ") + :w"),
                                  ("SET o = (:v + :w) + :v", "+", ") + :v"),
                                  ("SET (o = :v)", "(", "SET (o")):
            with self.subTest(expr=expr):
                with self.assertValidation(
                        message=f'Invalid UpdateExpression: {SYNTAX}"{token}", near: "{near}"'):
                    self.update(expr, {k: x for k, x in vals.items() if k in expr})

    def test_parentheses_around_condition_operands(self):
        v = {":v": N(1), ":w": N(2)}
        self.assertTrue(self.cond("(n) = :v", v))
        self.assertTrue(self.cond("n = (:v) AND (size(s)) > (:w)", v))
        self.assertTrue(self.cond("(m).x BETWEEN (:v) AND :w", v))
        self.assertTrue(self.cond("(l)[0] IN ((:w), :v)", v))
        self.assertFalse(self.cond("(n) = (:w)", v))
        with self.assertValidation(
                message="Invalid ConditionExpression: The expression has redundant parentheses;"):
            self.cond("((n)) = :v", v)

    # -- wording ----------------------------------------------------------------------------

    def test_add_with_a_mismatched_type(self):
        for expr, value in (("ADD s :v", N(1)), ("ADD ns :v", {"SS": ["x"]}),
                            ("ADD ns :v", N(1)), ("ADD n :v", {"NS": ["1"]}),
                            ("DELETE ss :v", {"NS": ["1"]})):
            with self.subTest(expr=expr, value=value):
                with self.assertValidation(
                        message="An operand in the update expression has an incorrect data type"):
                    self.update(expr, {":v": value})
        with self.assertValidation(
                message="Invalid UpdateExpression: Incorrect operand type for operator or "
                        "function; operator: ADD, operand type: STRING"):
            self.update("ADD n :v", {":v": S("x")})

    def test_unknown_functions(self):
        with self.assertValidation(
                message="Invalid ConditionExpression: Invalid function name; function: foo"):
            self.cond("foo(n)")
        with self.assertValidation(
                message="Invalid UpdateExpression: The function is not allowed in an update "
                        "expression; function: size"):
            self.update("SET o = size(s)")
        with self.assertValidation(
                message="Invalid UpdateExpression: Invalid function name; function: Size"):
            self.update("SET o = Size(s)")
        with self.assertValidation(
                message=f'Invalid ProjectionExpression: {SYNTAX}"(", near: "foo(s"'):
            self.ddb.get_item(TableName="ExprFid", Key=self.KEY, ProjectionExpression="foo(s)")

    def test_between_bounds_of_different_types(self):
        with self.assertValidation(
                message="Invalid ConditionExpression: The BETWEEN operator requires same data "
                        "type for lower and upper bounds; lower bound operand: AttributeValue: "
                        "{N:1}, upper bound operand: AttributeValue: {S:a}"):
            self.cond("n BETWEEN :v AND :s", {":v": N(1), ":s": S("a")})
        self.assertTrue(self.cond("s BETWEEN :a AND :z", {":a": S("a"), ":z": S("z")}))

    def test_placeholders_unused_undefined_and_invalid(self):
        with self.assertValidation(message="Value provided in ExpressionAttributeValues unused "
                                           "in expressions: keys: {:w}"):
            self.update("SET o = :v", {":v": N(1), ":w": N(2)})
        with self.assertValidation(message="Value provided in ExpressionAttributeNames unused "
                                           "in expressions: keys: {#x}"):
            self.cond("n = :v", {":v": N(1)}, {"#x": "x"})
        with self.assertValidation(message="Invalid UpdateExpression: An expression attribute "
                                           "value used in expression is not defined; attribute "
                                           "value: :nope"):
            self.update("SET o = :nope", {":v": N(1)})
        with self.assertValidation(message="ExpressionAttributeNames contains invalid key: "
                                           "Syntax error; key: \"x\""):
            self.cond("n = :v", {":v": N(1)}, {"x": "x"})
        # A name placeholder holding a dotted name is one attribute, not a path.
        item = self.update("SET #d = :v", {":v": N(5)}, {"#d": "m.x"})
        self.assertEqual(item["m.x"], N(5))
        self.assertEqual(item["m"], {"M": {"x": N(1)}})

    def test_placeholder_maps_keys_and_values(self):
        # An empty attribute name behind a placeholder.
        with self.assertValidation(message="ExpressionAttributeNames contains invalid value: "
                                           "Empty attribute name for key #e"):
            self.cond("attribute_exists(#e)", names={"#e": ""})
        # A name is under 64 KB: 65535 bytes is the longest.
        with self.assertValidation(message="ExpressionAttributeNames contains invalid value: "
                                           "Attribute name exceeds the maximum length of 65535 "
                                           "bytes for key #e"):
            self.cond("attribute_exists(#e)", names={"#e": "x" * 65536})
        self.assertFalse(self.cond("attribute_exists(#e)", names={"#e": "x" * 65535}))
        # Keys over 255 bytes: refused by length before syntax; names give the size, values
        # do not (as DynamoDB words them). 255 bytes is fine.
        long_name = "#" + "a" * 254 + "-x"
        with self.assertValidation(message="ExpressionAttributeNames contains invalid key: The "
                                           "expression attribute map contains a key that is "
                                           "too long; size of key: 257"):
            self.cond("attribute_exists(#n)", names={"#n": "n", long_name: "x"})
        ok_name = "#" + "a" * 254
        self.assertTrue(self.cond(f"attribute_exists({ok_name})", names={ok_name: "n"}))
        long_value = ":" + "v" * 255
        with self.assertValidation(message="ExpressionAttributeValues contains invalid key: The "
                                           "expression attribute map contains a key that is "
                                           "too long"):
            self.cond(f"n = {long_value}", {long_value: N(1)})
        # A bad value names its key; a bad key wins over a bad value.
        with self.assertValidation(message="ExpressionAttributeValues contains invalid value: "
                                           "One or more parameter values were invalid: An "
                                           "string set  may not be empty for key :e"):
            self.cond("ss = :e", {":e": {"SS": []}})
        with self.assertValidation(message="ExpressionAttributeValues contains invalid value: "
                                           "Supplied AttributeValue is empty, must contain "
                                           "exactly one of the supported datatypes for key :e"):
            self.cond("n = :e", {":e": {}})
        with self.assertValidation(message="ExpressionAttributeValues contains invalid key: "
                                           "Syntax error; key: \"b\""):
            self.ddb.update_item(TableName="ExprFid", Key=self.KEY, UpdateExpression="SET o = :e",
                                 ExpressionAttributeValues={":e": {"SS": []}, "b": N(1)})

    def test_nesting_and_size_limits(self):
        deep = ".".join(["m"] * 33)
        with self.assertValidation(message="Invalid ConditionExpression: The document path has "
                                           "too many nesting levels; nesting levels: 33"):
            self.cond(f"attribute_exists({deep})")
        with self.assertValidation(message="Invalid UpdateExpression: The document path has "
                                           "too many nesting levels; nesting levels: 33"):
            self.update(f"REMOVE {deep}")
        self.assertFalse(self.cond("attribute_exists(" + ".".join(["m"] * 32) + ")"))
        big = "attribute_exists(n) OR " + " OR ".join(["n = :v"] * 600)
        with self.assertValidation(
                message="Invalid ConditionExpression: Expression size has exceeded the maximum "
                        f"allowed size; expression size: {len(big)}"):
            self.cond(big, {":v": N(1)})

    def test_overlapping_and_conflicting_paths(self):
        v = {":v": N(1)}
        with self.assertValidation(
                message="Invalid UpdateExpression: Two document paths overlap with each other; "
                        "must remove or rewrite one of these paths; path one: [a], "
                        "path two: [a, b]"):
            self.update("SET a = :v REMOVE a.b", v)
        with self.assertValidation(
                message="Invalid UpdateExpression: Two document paths conflict with each other; "
                        "must remove or rewrite one of these paths; path one: [a, c], "
                        "path two: [a, [1]]"):
            self.update("REMOVE a.c SET a[1] = :v", v)
        # An overlap anywhere is reported before an earlier conflict.
        with self.assertValidation(
                message="Invalid UpdateExpression: Two document paths overlap with each other; "
                        "must remove or rewrite one of these paths; path one: [c, [1], a], "
                        "path two: [c]"):
            self.update("SET d[1] = :v, d.b = :v, c[1].a = :v, c = :v", v)
        # Paths compare after placeholders resolve; a name that looks like an index prints as
        # one but is a name.
        with self.assertValidation(contains="overlap with each other; must remove or rewrite one "
                                            "of these paths; path one: [a], path two: [a]"):
            self.update("SET #a = :v REMOVE a", v, {"#a": "a"})
        with self.assertValidation(contains="conflict with each other; must remove or rewrite "
                                            "one of these paths; path one: [c, [3], [3]], path "
                                            "two: [c, [3], [3]]"):
            self.update("SET #c[3].#d = :v, #c.#d[3] = :v", v, {"#c": "c", "#d": "[3]"})

    # -- which of two errors ----------------------------------------------------------------

    def test_update_errors_come_in_dynamodbs_order(self):
        # An undefined name before an undefined value, wherever each is.
        with self.assertValidation(
                message="Invalid UpdateExpression: An expression attribute name used in the "
                        "document path is not defined; attribute name: #nope"):
            self.update("SET a = :nope, #nope = :v", {":v": N(1)})
        # Paths before operand types; ADD's operand type before list_append's.
        with self.assertValidation(contains="Two document paths overlap"):
            self.update("ADD a :s SET a.b = :s", {":s": S("x")})
        with self.assertValidation(
                message="Invalid UpdateExpression: Incorrect operand type for operator or "
                        "function; operator: ADD, operand type: STRING"):
            self.update("SET b = list_append(:s, a) ADD c :s", {":s": S("x")})
        # ... and before the parser's function errors, which come after undefined placeholders.
        with self.assertValidation(
                message="Invalid UpdateExpression: Incorrect operand type for operator or "
                        "function; operator: ADD, operand type: STRING"):
            self.update("SET b = if_not_exists(a) ADD c :s", {":s": S("x")})
        with self.assertValidation(
                message="Invalid UpdateExpression: An expression attribute value used in "
                        "expression is not defined; attribute value: :nope"):
            self.update("SET b = if_not_exists(:nope)")
        # A reserved word before a repeated section; an unknown function before it too.
        with self.assertValidation(
                message="Invalid UpdateExpression: Attribute name is a reserved keyword; "
                        "reserved keyword: abOrt"):
            self.update("SET o = :v SET abOrt = :v", {":v": N(1)})
        with self.assertValidation(
                message="Invalid UpdateExpression: Invalid function name; function: foo"):
            self.update("SET o = :v SET p = foo(:v)", {":v": N(1)})

    def test_condition_errors_come_in_dynamodbs_order(self):
        # A syntax error anywhere wins.
        with self.assertValidation(
                message=f'Invalid ConditionExpression: {SYNTAX}"=", near: "= = :v"'):
            self.cond("foo(n) = = :v", {":v": N(1)})
        with self.assertValidation(
                message="Invalid ConditionExpression: The expression has redundant parentheses;"):
            self.cond("((n = :v)) AND foo(n)", {":v": N(1)})
        with self.assertValidation(
                message="Invalid ConditionExpression: Invalid function name; function: foo"):
            self.cond("status = :v AND foo(n)", {":v": N(1)})
        with self.assertValidation(
                message="Invalid ConditionExpression: Attribute name is a reserved keyword; "
                        "reserved keyword: status"):
            self.cond("size(n, s) = :v AND status = :v", {":v": N(1)})
        # Then comparison by comparison: the first with an error decides; within it an
        # undefined placeholder comes before a wrong operand count.
        with self.assertValidation(
                message="Invalid ConditionExpression: An expression attribute name used in the "
                        "document path is not defined; attribute name: #nope"):
            self.cond("attribute_exists(#nope.b, :v) AND n = :v", {":v": N(1)})
        with self.assertValidation(
                message="Invalid ConditionExpression: The first operand must be distinct from "
                        "the remaining operands for this operator or function; operator: =, "
                        "first operand: [n]"):
            self.cond("n = n AND :nope > n")

    def test_size_as_a_function_argument(self):
        # size() may be an argument; it is a number there.
        with self.assertValidation(
                message="Invalid FilterExpression: Incorrect operand type for operator or "
                        "function; operator or function: begins_with, operand type: N"):
            self.ddb.scan(TableName="ExprFid", FilterExpression="begins_with(s, size(s))")
        with self.assertValidation(
                message="Invalid FilterExpression: Incorrect operand type for operator or "
                        "function; operator or function: size, operand type: N"):
            self.ddb.scan(TableName="ExprFid", FilterExpression="size(size(s)) > :v",
                          ExpressionAttributeValues={":v": N(1)})
        self.assertTrue(self.cond("contains(l, size(m))"))  # m has one entry; l holds 1
        self.assertFalse(self.cond("contains(l, size(s))"))  # "text" is 4 bytes


if __name__ == "__main__":
    unittest.main()
