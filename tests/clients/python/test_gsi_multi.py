"""boto3 against the engine: global secondary indexes with multi-attribute keys (up to four
HASH and four RANGE attributes, each with its own type) — CreateTable / DescribeTable shapes
and validation, sparse membership, Query on every allowed key condition shape checked against
an oracle (numbers sort numerically per attribute, strings and binaries bytewise), paging,
invalid key conditions, writes that move index entries, UpdateTable backfill that skips items
whose index key values could not be written, stream records of such a table (table key only),
and the catalog surviving a restart."""

import decimal
import random
import unittest

from engine import B, EngineTestCase, N, RestartableEngineTestCase, S, query_all
from streams_support import StreamsEngine, read_stream


def ks(hashes, ranges=()):
    return ([{"AttributeName": h, "KeyType": "HASH"} for h in hashes] +
            [{"AttributeName": r, "KeyType": "RANGE"} for r in ranges])


def gsi(name, hashes, ranges=(), projection="ALL", non_key=None):
    proj = {"ProjectionType": projection}
    if non_key:
        proj["NonKeyAttributes"] = non_key
    return {"IndexName": name, "KeySchema": ks(hashes, ranges), "Projection": proj}


TYPES = {"t": "S", "r": "S", "round": "N", "bracket": "S", "day": "N", "bin": "B"}
INDEXES = {
    # name: (hash attributes, range attributes)
    "ByTR": (["t", "r"], ["round", "bracket", "day"]),
    "Four": (["t", "r", "round", "bracket"], []),
    "OneHash": (["t"], ["round", "bracket", "day", "bin"]),
    "TwoOne": (["t", "r"], ["day"]),
}


def sort_value(av):
    (typ, v), = av.items()
    if typ == "N":
        return decimal.Decimal(v)
    if typ == "S":
        return v.encode("utf-8")
    return bytes(v)


def make_items(seed=5, count=160):
    """Items with a spread of values (9 and 10, negatives, decimals), some lacking attributes."""
    rng = random.Random(seed)
    items = []
    for i in range(count):
        item = {"id": S(f"m{i:04}"), "note": S(f"n{i}")}
        if rng.random() > 0.08:
            item["t"] = S(rng.choice(["W24", "S25"]))
        if rng.random() > 0.08:
            item["r"] = S(rng.choice(["na", "eu"]))
        if rng.random() > 0.08:
            item["round"] = N(rng.choice(["1", "2", "9", "10", "-3", "2.5", "100"]))
        if rng.random() > 0.08:
            item["bracket"] = S(rng.choice(["up", "upper", "low", "a", "é"]))
        if rng.random() > 0.08:
            item["day"] = N(rng.choice(["5", "40", "300", "-1", "0.25"]))
        if rng.random() > 0.08:
            item["bin"] = B(bytes([rng.choice([0, 1, 200]), rng.choice([0, 7])]))
        items.append(item)
    return items


def oracle(items, index, eq=None, sort_filter=None, forward=True):
    """The index's items matching equality on `eq` and `sort_filter`, in index order."""
    hashes, ranges = INDEXES[index]
    keys = hashes + ranges
    out = [i for i in items if all(k in i for k in keys)]
    for name, value in (eq or {}).items():
        out = [i for i in out if sort_value(i[name]) == sort_value(value)]
    if sort_filter:
        out = [i for i in out if sort_filter(i)]
    out.sort(key=lambda i: ([sort_value(i[k]) for k in ranges], i["id"]["S"].encode()),
             reverse=not forward)
    return [i["id"]["S"] for i in out]


def ids(items):
    return [i["id"]["S"] for i in items]


class GsiMultiTest(EngineTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.create_table(
            "Matches", pk=("id", "S"), extra_attrs=list(TYPES.items()),
            gsis=[gsi("ByTR", *INDEXES["ByTR"]),
                  gsi("Four", *INDEXES["Four"], projection="KEYS_ONLY"),
                  gsi("OneHash", *INDEXES["OneHash"], projection="INCLUDE", non_key=["note"]),
                  gsi("TwoOne", *INDEXES["TwoOne"])])
        cls.items = make_items()
        for item in cls.items:
            cls.ddb.put_item(TableName="Matches", Item=item)

    def query(self, index, cond, values, **kw):
        names = {f"#{k}": k for k in TYPES if f"#{k}" in cond}
        args = dict(TableName="Matches", IndexName=index, KeyConditionExpression=cond,
                    ExpressionAttributeValues=values, **kw)
        if names:
            args["ExpressionAttributeNames"] = names
        items, _ = query_all(self.ddb, **args)
        return items

    # -- tables -------------------------------------------------------------------------

    def test_describe_shows_key_schemas_as_given(self):
        t = self.ddb.describe_table(TableName="Matches")["Table"]
        got = {g["IndexName"]: g["KeySchema"] for g in t["GlobalSecondaryIndexes"]}
        for name, (hashes, ranges) in INDEXES.items():
            self.assertEqual(got[name], ks(hashes, ranges))
        self.assertEqual(t["KeySchema"], ks(["id"]))
        defs = {d["AttributeName"]: d["AttributeType"] for d in t["AttributeDefinitions"]}
        self.assertEqual(defs, dict(TYPES, id="S"))

    def test_create_validation(self):
        def create(key_schema, **kw):
            # Exactly the attributes the key schemas name are defined (but "zz"), so each
            # case fails for its own reason.
            names = {"p"}
            for schema in [key_schema] + [i["KeySchema"] for i in
                                          kw.get("GlobalSecondaryIndexes", []) +
                                          kw.get("LocalSecondaryIndexes", [])]:
                names |= {e["AttributeName"] for e in schema} - {"zz"}
            self.ddb.create_table(TableName="Bad", BillingMode="PAY_PER_REQUEST",
                                  KeySchema=key_schema,
                                  AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"}
                                                        for n in sorted(names)], **kw)

        bad_gsis = [
            (ks(list("abcde")), "at most 4 HASH"),
            (ks(["a"], list("bcdef")), "at most 4 RANGE"),
            (ks(["a"], ["b"]) + ks(["c"]), "HASH KeySchemaElements must all come before"),
            ([{"AttributeName": "a", "KeyType": "RANGE"}],
             "The first KeySchemaElement is not a HASH key type"),
            (ks(["a", "a"]), "have the same name"),
            (ks(["a", "zz"]), "not defined in AttributeDefinitions"),
        ]
        for schema, message in bad_gsis:
            with self.subTest(schema=schema), self.assertValidation(contains=message):
                create(ks(["p"]),
                       GlobalSecondaryIndexes=[{"IndexName": "gsi", "KeySchema": schema,
                                                "Projection": {"ProjectionType": "ALL"}}])
        # Tables and LSIs keep single-attribute keys.
        with self.assertValidation(contains="second KeySchemaElement is not a RANGE"):
            create(ks(["p", "a"]))
        with self.assertValidation(contains="length less than or equal to 2"):
            create(ks(["p"], ["a", "b"]))
        with self.assertValidation(contains="length less than or equal to 2"):
            create(ks(["p"], ["a"]),
                   LocalSecondaryIndexes=[{"IndexName": "lsi", "KeySchema": ks(["p"], ["b", "c"]),
                                           "Projection": {"ProjectionType": "ALL"}}])
        self.assertNotIn("Bad", self.ddb.list_tables()["TableNames"])
        # At the limits (4 + 4, mixed types) the table is created.
        types = dict(zip("abcdefgh", "SNBSNBSN"))
        self.ddb.create_table(
            TableName="Widest", BillingMode="PAY_PER_REQUEST", KeySchema=ks(["p"]),
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                                  for n, t in dict(types, p="S").items()],
            GlobalSecondaryIndexes=[gsi("Wide", list("abcd"), list("efgh"))])
        t = self.wait_active("Widest")
        self.assertEqual(t["GlobalSecondaryIndexes"][0]["KeySchema"],
                         ks(list("abcd"), list("efgh")))
        self.ddb.delete_table(TableName="Widest")

    # -- membership and queries ----------------------------------------------------------

    def test_sparse_membership(self):
        for index in INDEXES:
            with self.subTest(index=index):
                items, _ = query_all(self.ddb, op="scan", TableName="Matches", IndexName=index)
                self.assertEqual(sorted(ids(items)), sorted(oracle(self.items, index)))
        # Scan pages on a multi-attribute index resume after LastEvaluatedKey.
        items, pages = query_all(self.ddb, op="scan", TableName="Matches", IndexName="ByTR",
                                 Limit=7)
        self.assertEqual(sorted(ids(items)), sorted(oracle(self.items, "ByTR")))
        self.assertGreater(pages, 3)
        # Some items lack an attribute: the test data must make the index sparse.
        self.assertLess(len(oracle(self.items, "ByTR")), len(self.items))

    def test_query_patterns_match_the_oracle(self):
        tr = {":t": S("W24"), ":r": S("na")}
        eq_tr = {"t": S("W24"), "r": S("na")}
        d = decimal.Decimal
        cases = [
            ("t = :t AND r = :r", {}, {}, None),
            ("r = :r AND t = :t AND round = :a", {":a": N(9)}, {"round": N(9)}, None),
            ("t = :t AND r = :r AND round = :a AND bracket = :b", {":a": N(2), ":b": S("up")},
             {"round": N(2), "bracket": S("up")}, None),
            ("t = :t AND r = :r AND round = :a AND bracket = :b AND #day = :c",
             {":a": N(2), ":b": S("up"), ":c": N(40)},
             {"round": N(2), "bracket": S("up"), "day": N(40)}, None),
            ("t = :t AND r = :r AND round < :a", {":a": N(10)}, {},
             lambda i: d(i["round"]["N"]) < 10),
            ("t = :t AND r = :r AND round <= :a", {":a": N(9)}, {},
             lambda i: d(i["round"]["N"]) <= 9),
            ("t = :t AND r = :r AND round > :a", {":a": N(9)}, {},
             lambda i: d(i["round"]["N"]) > 9),
            ("t = :t AND r = :r AND round >= :a", {":a": N(2.5)}, {},
             lambda i: d(i["round"]["N"]) >= d("2.5")),
            ("t = :t AND r = :r AND round BETWEEN :a AND :b", {":a": N(-3), ":b": N(9)}, {},
             lambda i: -3 <= d(i["round"]["N"]) <= 9),
            ("t = :t AND r = :r AND round = :a AND begins_with(bracket, :b)",
             {":a": N(2), ":b": S("up")}, {"round": N(2)},
             lambda i: i["bracket"]["S"].startswith("up")),
            ("t = :t AND r = :r AND round = :a AND bracket BETWEEN :b AND :c",
             {":a": N(10), ":b": S("low"), ":c": S("up")}, {"round": N(10)},
             lambda i: "low" <= i["bracket"]["S"] <= "up"),
            ("t = :t AND r = :r AND round = :a AND bracket > :b",
             {":a": N(10), ":b": S("up")}, {"round": N(10)},
             lambda i: i["bracket"]["S"].encode() > b"up"),
            ("t = :t AND r = :r AND round = :a AND bracket = :b AND #day > :c",
             {":a": N(1), ":b": S("up"), ":c": N(5)},
             {"round": N(1), "bracket": S("up")}, lambda i: d(i["day"]["N"]) > 5),
            ("t = :t AND r = :r AND round = :a AND bracket = :b AND #day <= :c",
             {":a": N(1), ":b": S("low"), ":c": N(40)},
             {"round": N(1), "bracket": S("low")}, lambda i: d(i["day"]["N"]) <= 40),
        ]
        nonempty = 0
        for cond, values, eq, filt in cases:
            for forward in (True, False):
                with self.subTest(cond=cond, forward=forward):
                    got = ids(self.query("ByTR", cond, dict(tr, **values),
                                         ScanIndexForward=forward))
                    want = oracle(self.items, "ByTR", dict(eq_tr, **eq), filt, forward)
                    self.assertEqual(got, want)
                    nonempty += bool(want)
        self.assertGreater(nonempty, 20)  # the data exercises most shapes

    def test_numeric_components_sort_numerically(self):
        got = self.query("ByTR", "t = :t AND r = :r", {":t": S("S25"), ":r": S("eu")})
        rounds = [decimal.Decimal(i["round"]["N"]) for i in got]
        self.assertEqual(rounds, sorted(rounds))
        self.assertIn(decimal.Decimal(9), rounds)
        self.assertIn(decimal.Decimal(10), rounds)

    def test_other_shapes(self):
        # Four HASH attributes, no sort key (KEYS_ONLY).
        values = {":t": S("W24"), ":r": S("eu"), ":a": N(10), ":b": S("up")}
        got = self.query("Four", "t = :t AND r = :r AND round = :a AND bracket = :b", values)
        want = oracle(self.items, "Four",
                      {"t": S("W24"), "r": S("eu"), "round": N(10), "bracket": S("up")})
        self.assertEqual(sorted(ids(got)), sorted(want))
        for i in got:
            self.assertEqual(set(i), {"id", "t", "r", "round", "bracket"})
        # One HASH, four RANGE with a binary last (INCLUDE).
        got = self.query("OneHash", "t = :t AND round = :a AND bracket = :b AND #day = :c "
                         "AND bin >= :d", {":t": S("W24"), ":a": N(2), ":b": S("up"),
                                           ":c": N(5), ":d": B(b"\x01")})
        want = oracle(self.items, "OneHash",
                      {"t": S("W24"), "round": N(2), "bracket": S("up"), "day": N(5)},
                      lambda i: bytes(i["bin"]["B"]) >= b"\x01")
        self.assertEqual(ids(got), want)
        for i in got:
            self.assertLessEqual(set(i), {"id", "t", "r", "round", "bracket", "day", "bin",
                                          "note"})
        # Two HASH, one RANGE.
        for forward in (True, False):
            got = self.query("TwoOne", "t = :t AND r = :r AND #day < :c",
                             {":t": S("S25"), ":r": S("na"), ":c": N(300)},
                             ScanIndexForward=forward)
            want = oracle(self.items, "TwoOne", {"t": S("S25"), "r": S("na")},
                          lambda i: decimal.Decimal(i["day"]["N"]) < 300, forward)
            self.assertEqual(ids(got), want)

    def test_paging_with_limit_returns_exactly_the_oracle(self):
        for forward in (True, False):
            got, pages = [], 0
            kw = dict(TableName="Matches", IndexName="ByTR", Limit=3,
                      KeyConditionExpression="t = :t AND r = :r AND round >= :a",
                      ExpressionAttributeValues={":t": S("W24"), ":r": S("na"), ":a": N(2)},
                      ScanIndexForward=forward)
            while True:
                resp = self.ddb.query(**kw)
                pages += 1
                got.extend(resp["Items"])
                if "LastEvaluatedKey" not in resp:
                    break
                self.assertEqual(set(resp["LastEvaluatedKey"]),
                                 {"id", "t", "r", "round", "bracket", "day"})
                kw["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
            want = oracle(self.items, "ByTR", {"t": S("W24"), "r": S("na")},
                          lambda i: decimal.Decimal(i["round"]["N"]) >= 2, forward)
            self.assertEqual(ids(got), want)
            self.assertGreater(pages, 2)

    def test_select_projection_and_scan(self):
        values = {":t": S("W24"), ":r": S("na")}
        resp = self.ddb.query(TableName="Matches", IndexName="ByTR", Select="COUNT",
                              KeyConditionExpression="t = :t AND r = :r",
                              ExpressionAttributeValues=values)
        self.assertEqual(resp["Count"], len(oracle(self.items, "ByTR", {"t": values[":t"],
                                                                        "r": values[":r"]})))
        self.assertNotIn("Items", resp)
        got = self.query("ByTR", "t = :t AND r = :r", values, ProjectionExpression="id, note")
        self.assertTrue(got)
        for i in got:
            self.assertEqual(set(i), {"id", "note"})
        resp = self.ddb.query(TableName="Matches", IndexName="ByTR",
                              KeyConditionExpression="t = :t AND r = :r",
                              FilterExpression="note = :n",
                              ExpressionAttributeValues=dict(values, **{":n": S("n1")}))
        self.assertLessEqual(resp["Count"], 1)

    def test_invalid_key_conditions(self):
        v = {":t": S("W24"), ":r": S("na"), ":a": N(1), ":b": S("up"), ":c": N(5)}
        cases = [
            ("t = :t", "missed key schema element: r"),                      # a HASH attribute
            ("t = :t AND r > :r", "Query key condition not supported"),       # HASH not equality
            ("t = :t AND r = :r AND bracket = :b", "missed key schema element: round"),  # skip
            ("t = :t AND r = :r AND round = :a AND #day = :c",
             "missed key schema element: bracket"),
            ("t = :t AND r = :r AND round > :a AND bracket = :b", "Only the last sort key"),
            ("t = :t AND r = :r AND round BETWEEN :a AND :c AND bracket = :b AND #day = :c",
             "Only the last sort key"),
            ("t = :t AND r = :r AND note = :b", "missed key schema element: round"),
            ("t = :t AND r = :r AND round = :a AND round = :c", "one condition per key"),
            ("t = :t OR r = :r", "Invalid operator used in KeyConditionExpression: OR"),
        ]
        for cond, message in cases:
            values = {k: val for k, val in v.items() if k in cond}
            kw = dict(TableName="Matches", IndexName="ByTR", KeyConditionExpression=cond,
                      ExpressionAttributeValues=values)
            if "#day" in cond:
                kw["ExpressionAttributeNames"] = {"#day": "day"}
            with self.subTest(cond=cond), self.assertValidation(contains=message):
                self.ddb.query(**kw)
        for cond, values in [("t = :t AND r = :a", {":t": S("W24"), ":a": N(1)}),
                             ("t = :t AND r = :r AND round = :b",
                              {":t": S("W24"), ":r": S("na"), ":b": S("x")}),
                             ("t = :t AND r = :r AND round = :a AND begins_with(bracket, :c)",
                              {":t": S("W24"), ":r": S("na"), ":a": N(1), ":c": N(5)})]:
            with self.subTest(cond=cond), self.assertValidation():
                self.ddb.query(TableName="Matches", IndexName="ByTR",
                               KeyConditionExpression=cond, ExpressionAttributeValues=values)
        with self.assertValidation(contains="KeyConditionExpression"):
            self.ddb.query(TableName="Matches", IndexName="ByTR",
                           KeyConditions={"t": {"ComparisonOperator": "EQ",
                                                "AttributeValueList": [S("W24")]},
                                          "r": {"ComparisonOperator": "EQ",
                                                "AttributeValueList": [S("na")]}})

    # -- writes ---------------------------------------------------------------------------

    def test_writes_move_index_entries(self):
        self.create_table("Moves", pk=("id", "S"), extra_attrs=[("a", "S"), ("b", "N"),
                                                                 ("c", "S")],
                          gsis=[gsi("GAB", ["a", "b"], ["c"])])

        def members(a="x", b=1):
            return ids(query_all(self.ddb, TableName="Moves", IndexName="GAB",
                                 KeyConditionExpression="a = :a AND b = :b",
                                 ExpressionAttributeValues={":a": S(a), ":b": N(b)})[0])

        self.ddb.put_item(TableName="Moves", Item={"id": S("1"), "a": S("x"), "b": N(1),
                                                   "c": S("k")})
        self.ddb.put_item(TableName="Moves", Item={"id": S("2"), "a": S("x"), "b": N(1)})
        self.assertEqual(members(), ["1"])  # 2 lacks c
        self.ddb.update_item(TableName="Moves", Key={"id": S("2")}, UpdateExpression="SET c = :c",
                             ExpressionAttributeValues={":c": S("a")})
        self.assertEqual(members(), ["2", "1"])  # "a" < "k"
        self.ddb.update_item(TableName="Moves", Key={"id": S("1")}, UpdateExpression="SET b = :b",
                             ExpressionAttributeValues={":b": N(2)})
        self.assertEqual(members(), ["2"])
        self.assertEqual(members(b=2), ["1"])
        self.ddb.update_item(TableName="Moves", Key={"id": S("2")}, UpdateExpression="REMOVE a")
        self.assertEqual(members(), [])
        self.ddb.delete_item(TableName="Moves", Key={"id": S("1")})
        self.assertEqual(members(b=2), [])
        # Wrong types, empty values and oversized components are refused, per attribute.
        bad = [({"b": S("1")}, "Type mismatch for Index Key b"),
               ({"a": S("")}, "cannot contain an empty string value"),
               ({"a": S("x" * 2049)}, "maximum of 2048 bytes"),
               ({"c": S("x" * 1025)}, "maximum of 1024 bytes")]
        for extra, message in bad:
            with self.subTest(extra=extra), self.assertValidation(contains=message):
                self.ddb.put_item(TableName="Moves", Item=dict({"id": S("3")}, **extra))
        # At the limits each component is accepted.
        self.ddb.put_item(TableName="Moves", Item={"id": S("4"), "a": S("x" * 2048), "b": N(1),
                                                   "c": S("y" * 1024)})
        self.assertEqual(members(a="x" * 2048), ["4"])

    def test_update_table_backfills_and_skips_bad_items(self):
        self.create_table("Backfill", pk=("id", "S"))
        good = {"1": {"a": S("x"), "b": N(10), "c": S("k")},
                "2": {"a": S("x"), "b": N(9), "c": S("k")},
                "3": {"a": S("x"), "b": N(10), "c": S("a")}}
        bad = {"4": {"a": S(""), "b": N(1), "c": S("k")},          # empty string
               "5": {"a": S("x"), "b": S("10"), "c": S("k")},      # wrong type
               "6": {"a": S("x"), "b": N(1), "c": S("k" * 1025)},  # over the sort key limit
               "7": {"a": S("x" * 2049), "b": N(1), "c": S("k")},  # over the partition limit
               "8": {"a": S("x"), "b": N(1)},                      # lacks c
               "9": {"c": S("")}}                                  # empty (for Single)
        for k, v in dict(good, **bad).items():
            self.ddb.put_item(TableName="Backfill", Item=dict({"id": S(k)}, **v))
        defs = [{"AttributeName": "a", "AttributeType": "S"},
                {"AttributeName": "b", "AttributeType": "N"},
                {"AttributeName": "c", "AttributeType": "S"}]
        for index in (gsi("GAB", ["a"], ["b", "c"]), gsi("Single", ["c"])):
            self.ddb.update_table(TableName="Backfill", AttributeDefinitions=defs,
                                  GlobalSecondaryIndexUpdates=[{"Create": index}])
            t = self.wait_active("Backfill")
        self.assertEqual({g["IndexName"]: g["KeySchema"] for g in t["GlobalSecondaryIndexes"]},
                         {"GAB": ks(["a"], ["b", "c"]), "Single": ks(["c"])})
        got, _ = query_all(self.ddb, TableName="Backfill", IndexName="GAB",
                           KeyConditionExpression="a = :a",
                           ExpressionAttributeValues={":a": S("x")})
        self.assertEqual(ids(got), ["2", "3", "1"])  # b 9 < 10, then c "a" < "k"
        scanned, _ = query_all(self.ddb, op="scan", TableName="Backfill", IndexName="GAB")
        self.assertEqual(sorted(ids(scanned)), ["1", "2", "3"])
        # The single-attribute index skips only its own bad values (9's empty c; 6's c is
        # within the 2048-byte partition key limit).
        single, _ = query_all(self.ddb, op="scan", TableName="Backfill", IndexName="Single")
        self.assertEqual(sorted(ids(single)), ["1", "2", "3", "4", "5", "6", "7"])
        self.ddb.update_table(TableName="Backfill",
                              GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "GAB"}}])
        t = self.wait_active("Backfill")
        self.assertEqual([g["IndexName"] for g in t["GlobalSecondaryIndexes"]], ["Single"])
        with self.assertValidation(contains="does not have the specified index"):
            self.ddb.query(TableName="Backfill", IndexName="GAB", KeyConditionExpression="a = :a",
                           ExpressionAttributeValues={":a": S("x")})


class GsiMultiStreamTest(EngineTestCase):
    """A table with a stream and a multi-attribute GSI: the records carry the table key only,
    and the index follows puts, moves and deletes."""

    @classmethod
    def setUpClass(cls):
        cls._tmp = None
        cls.engine = StreamsEngine().start()
        cls.ddb = cls.engine.client()
        cls.streams = cls.engine.streams_client()

    def test_stream_records_and_index_follow_writes(self):
        self.create_table("Streamed", pk=("id", "S"), extra_attrs=[("a", "S"), ("b", "N")],
                          gsis=[gsi("GAB", ["a", "b"])],
                          StreamSpecification={"StreamEnabled": True,
                                               "StreamViewType": "NEW_AND_OLD_IMAGES"})
        arn = self.ddb.describe_table(TableName="Streamed")["Table"]["LatestStreamArn"]

        def members(b):
            return ids(query_all(self.ddb, TableName="Streamed", IndexName="GAB",
                                 KeyConditionExpression="a = :a AND b = :b",
                                 ExpressionAttributeValues={":a": S("x"), ":b": N(b)})[0])

        self.ddb.put_item(TableName="Streamed", Item={"id": S("1"), "a": S("x"), "b": N(1)})
        self.ddb.update_item(TableName="Streamed", Key={"id": S("1")},
                             UpdateExpression="SET b = :b", ExpressionAttributeValues={":b": N(2)})
        self.assertEqual((members(1), members(2)), ([], ["1"]))
        self.ddb.delete_item(TableName="Streamed", Key={"id": S("1")})
        self.assertEqual(members(2), [])
        records = [r for _, r in read_stream(self.streams, arn)]
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        for r in records:
            self.assertEqual(r["dynamodb"]["Keys"], {"id": S("1")})


class GsiMultiRestartTest(RestartableEngineTestCase):

    def test_multi_attribute_index_survives_restart(self):
        ddb = self.start()
        ddb.create_table(
            TableName="Persist", BillingMode="PAY_PER_REQUEST", KeySchema=ks(["id"]),
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                                  for n, t in dict(TYPES, id="S").items() if n != "bin"],
            GlobalSecondaryIndexes=[gsi("ByTR", *INDEXES["ByTR"])])
        items = make_items(seed=9, count=60)
        for item in items:
            ddb.put_item(TableName="Persist", Item=item)
        want = oracle(items, "ByTR", {"t": S("W24"), "r": S("eu")})
        self.assertTrue(want)
        for crash in (False, True):
            ddb = self.restart(crash)
            t = ddb.describe_table(TableName="Persist")["Table"]
            self.assertEqual(t["GlobalSecondaryIndexes"][0]["KeySchema"],
                             ks(*INDEXES["ByTR"]))
            got, _ = query_all(ddb, TableName="Persist", IndexName="ByTR",
                               KeyConditionExpression="t = :t AND r = :r",
                               ExpressionAttributeValues={":t": S("W24"), ":r": S("eu")})
            self.assertEqual(ids(got), want)


if __name__ == "__main__":
    unittest.main()
