"""boto3's `dynamodbstreams` client and the AWS CLI against the engine's DynamoDB Streams:
stream settings on CreateTable / UpdateTable / DescribeTable, the four Streams operations with
their paging and errors, one record per real change from every write path, shard lineage."""

import json
import os
import re
import subprocess
import time
import unittest

from engine import EngineTestCase, N, S
from streams_support import StreamsEngine, all_shards, drain, read_stream, seq_key

SEQ = re.compile(r"^[0-9]{21,40}$")
SHARD_ID = re.compile(r"^shardId-[0-9]{20}-[0-9a-f]{8}$")
LABEL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")
AWS = "/usr/bin/aws"


def unknown_arn(arn):
    """A well-formed stream ARN of the same table that names no stream."""
    return arn.rsplit("/", 1)[0] + "/2000-01-01T00:00:00.000"


class StreamsTestCase(EngineTestCase):
    """One engine per class; EXTRA_ARGS go to `streamboard engine`."""

    EXTRA_ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls._tmp = None
        cls.engine = StreamsEngine(extra_args=cls.EXTRA_ARGS).start()
        cls.ddb = cls.engine.client()
        cls.streams = cls.engine.streams_client()

    def make_table(self, name, view="NEW_AND_OLD_IMAGES", sk=False):
        kwargs = {}
        if view:
            kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view}
        self.create_table(name, pk=("pk", "S"), sk=("sk", "N") if sk else None, **kwargs)
        if view:
            return self.ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        return None

    def records(self, arn):
        return [r for _, r in read_stream(self.streams, arn)]


class StreamSettingsTest(StreamsTestCase):

    def test_create_table_with_stream(self):
        resp = self.ddb.create_table(
            TableName="Created", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        desc = resp["TableDescription"]
        self.assertEqual(desc["StreamSpecification"],
                         {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        self.assertRegex(desc["LatestStreamLabel"], LABEL)
        self.assertEqual(desc["LatestStreamArn"],
                         f"arn:aws:dynamodb:us-east-1:000000000000:table/Created/stream/"
                         f"{desc['LatestStreamLabel']}")
        table = self.ddb.describe_table(TableName="Created")["Table"]
        self.assertEqual(table["LatestStreamArn"], desc["LatestStreamArn"])

        listed = self.streams.list_streams(TableName="Created")
        self.assertEqual(listed["Streams"], [{"StreamArn": desc["LatestStreamArn"],
                                              "TableName": "Created",
                                              "StreamLabel": desc["LatestStreamLabel"]}])
        self.assertNotIn("LastEvaluatedStreamArn", listed)
        sd = self.streams.describe_stream(StreamArn=desc["LatestStreamArn"])["StreamDescription"]
        self.assertEqual(sd["StreamStatus"], "ENABLED")
        self.assertEqual(sd["StreamViewType"], "NEW_IMAGE")
        self.assertEqual(sd["TableName"], "Created")
        self.assertEqual(sd["StreamLabel"], desc["LatestStreamLabel"])
        self.assertEqual(sd["KeySchema"], [{"AttributeName": "pk", "KeyType": "HASH"}])
        self.assertIn("CreationRequestDateTime", sd)  # botocore parses it as a datetime
        self.assertEqual(len(sd["Shards"]), 1)
        shard = sd["Shards"][0]
        self.assertRegex(shard["ShardId"], SHARD_ID)
        self.assertRegex(shard["SequenceNumberRange"]["StartingSequenceNumber"], SEQ)
        self.assertNotIn("EndingSequenceNumber", shard["SequenceNumberRange"])

    def test_enable_disable_reenable(self):
        self.make_table("Toggled", view=None)
        self.assertNotIn("LatestStreamArn", self.ddb.describe_table(TableName="Toggled")["Table"])
        self.assertEqual(self.streams.list_streams(TableName="Toggled")["Streams"], [])
        with self.assertValidation():
            self.ddb.update_table(TableName="Toggled", StreamSpecification={"StreamEnabled": False})
        resp = self.ddb.update_table(TableName="Toggled", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        first = resp["TableDescription"]["LatestStreamArn"]
        with self.assertValidation(contains="Table already has an enabled stream"):
            self.ddb.update_table(TableName="Toggled", StreamSpecification={
                "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        self.ddb.put_item(TableName="Toggled", Item={"pk": S("a")})
        time.sleep(0.002)  # a later label than the first stream's
        self.ddb.update_table(TableName="Toggled", StreamSpecification={"StreamEnabled": False})
        table = self.ddb.describe_table(TableName="Toggled")["Table"]
        self.assertNotIn("StreamSpecification", table)
        self.assertEqual(table["LatestStreamArn"], first)  # kept after disabling, as on AWS
        # Writes without a stream leave no record anywhere.
        self.ddb.put_item(TableName="Toggled", Item={"pk": S("b")})
        sd = self.streams.describe_stream(StreamArn=first)["StreamDescription"]
        self.assertEqual(sd["StreamStatus"], "DISABLED")
        self.assertTrue(all("EndingSequenceNumber" in s["SequenceNumberRange"]
                            for s in sd["Shards"]))
        recs = self.records(first)
        self.assertEqual([r["dynamodb"]["Keys"] for r in recs], [{"pk": S("a")}])

        time.sleep(0.002)
        resp = self.ddb.update_table(TableName="Toggled", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        second = resp["TableDescription"]["LatestStreamArn"]
        self.assertNotEqual(first, second)
        self.assertEqual(len(self.streams.list_streams(TableName="Toggled")["Streams"]), 2)
        self.ddb.put_item(TableName="Toggled", Item={"pk": S("c")})
        self.assertEqual([r["dynamodb"]["Keys"] for r in self.records(second)], [{"pk": S("c")}])
        self.assertEqual(len(self.records(first)), 1)

    def test_invalid_view_type(self):
        self.make_table("BadView", view=None)
        with self.assertValidation():
            self.ddb.update_table(TableName="BadView", StreamSpecification={
                "StreamEnabled": True, "StreamViewType": "Fisk"})

    def test_list_streams_paging_and_errors(self):
        for i in range(3):
            self.make_table(f"Paged{i}", view="KEYS_ONLY")
        seen, arns, kwargs = [], [], {"Limit": 1}
        while True:
            page = self.streams.list_streams(**kwargs)
            self.assertLessEqual(len(page["Streams"]), 1)
            seen += [s["TableName"] for s in page["Streams"]]
            arns += [s["StreamArn"] for s in page["Streams"]]
            if "LastEvaluatedStreamArn" not in page:
                break
            kwargs["ExclusiveStartStreamArn"] = page["LastEvaluatedStreamArn"]
        for i in range(3):
            self.assertIn(f"Paged{i}", seen)
        self.assertEqual(len(arns), len(set(arns)))
        with self.assertClientError("ValidationException"):
            self.streams.list_streams(Limit=101)
        with self.assertClientError("ValidationException"):
            self.streams.list_streams(
                ExclusiveStartStreamArn="kossaapaaasdafsdaasdasdasdasasdasfadfadfasdasdas")
        with self.assertClientError("ResourceNotFoundException"):
            self.streams.list_streams(TableName="NoSuchTable")

    def test_describe_stream_errors(self):
        arn = self.make_table("Described", view="KEYS_ONLY")
        with self.assertClientError("ValidationException"):
            self.streams.describe_stream(StreamArn="sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf")
        with self.assertClientError("ResourceNotFoundException"):
            self.streams.describe_stream(StreamArn=unknown_arn(arn))
        with self.assertClientError("ValidationException"):
            self.streams.describe_stream(StreamArn=arn, Limit=101)
        empty = self.streams.describe_stream(
            StreamArn=arn, ExclusiveStartShardId="zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgagkjsdfsfsdjfjks")
        self.assertEqual(empty["StreamDescription"]["Shards"], [])

    def test_deleted_table_keeps_a_readable_disabled_stream(self):
        arn = self.make_table("Dropped", view="NEW_IMAGE")
        self.ddb.put_item(TableName="Dropped", Item={"pk": S("x")})
        self.ddb.delete_table(TableName="Dropped")
        sd = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(sd["StreamStatus"], "DISABLED")
        self.assertEqual(len(self.records(arn)), 1)


class StreamRecordsTest(StreamsTestCase):

    def test_every_write_path_and_only_real_changes(self):
        arn = self.make_table("Paths", view="NEW_AND_OLD_IMAGES", sk=True)
        t = "Paths"
        key = {"pk": S("p"), "sk": N(1)}
        self.ddb.put_item(TableName=t, Item={**key, "v": N(1)})                   # INSERT
        self.ddb.put_item(TableName=t, Item={**key, "v": N(1)})                   # no-op
        self.ddb.update_item(TableName=t, Key=key, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": N(2)})              # MODIFY
        self.ddb.update_item(TableName=t, Key=key, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": N("2.0")})          # no-op
        with self.assertClientError("ConditionalCheckFailedException"):
            self.ddb.put_item(TableName=t, Item={**key, "v": N(9)},
                              ConditionExpression="attribute_not_exists(pk)")     # failed
        self.ddb.delete_item(TableName=t, Key=key)                                # REMOVE
        self.ddb.delete_item(TableName=t, Key=key)                                # missing
        self.ddb.batch_write_item(RequestItems={t: [
            {"PutRequest": {"Item": {"pk": S("b"), "sk": N(1), "v": N(1)}}},
            {"PutRequest": {"Item": {"pk": S("b"), "sk": N(2), "v": N(1)}}}]})   # 2 x INSERT
        self.ddb.batch_write_item(RequestItems={t: [
            {"DeleteRequest": {"Key": {"pk": S("b"), "sk": N(2)}}}]})             # REMOVE
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": t, "Item": {"pk": S("t"), "sk": N(1)}}},
            {"Update": {"TableName": t, "Key": {"pk": S("b"), "sk": N(1)},
                        "UpdateExpression": "SET v = :v",
                        "ExpressionAttributeValues": {":v": N(5)}}}])            # INSERT, MODIFY
        with self.assertClientError("TransactionCanceledException"):
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": t, "Item": {"pk": S("u"), "sk": N(1)}}},
                {"ConditionCheck": {"TableName": t, "Key": {"pk": S("nope"), "sk": N(0)},
                                    "ConditionExpression": "attribute_exists(pk)"}}])  # none

        recs = self.records(arn)
        got = [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"], r["dynamodb"]["Keys"]["sk"]["N"])
               for r in recs]
        self.assertCountEqual(got, [
            ("INSERT", "p", "1"), ("MODIFY", "p", "1"), ("REMOVE", "p", "1"),
            ("INSERT", "b", "1"), ("INSERT", "b", "2"), ("REMOVE", "b", "2"),
            ("INSERT", "t", "1"), ("MODIFY", "b", "1")])
        by_p = [r for r in recs if r["dynamodb"]["Keys"]["pk"]["S"] == "p"]
        self.assertEqual([r["eventName"] for r in by_p], ["INSERT", "MODIFY", "REMOVE"])
        seqs = [r["dynamodb"]["SequenceNumber"] for r in recs]
        self.assertEqual(seqs, sorted(seqs, key=seq_key))  # one shard: all in order
        ins, mod, rem = by_p
        self.assertEqual(ins["dynamodb"]["NewImage"], {**key, "v": N(1)})
        self.assertNotIn("OldImage", ins["dynamodb"])
        self.assertEqual(mod["dynamodb"]["OldImage"], {**key, "v": N(1)})
        self.assertEqual(mod["dynamodb"]["NewImage"], {**key, "v": N(2)})
        self.assertEqual(rem["dynamodb"]["OldImage"], {**key, "v": N(2)})
        self.assertNotIn("NewImage", rem["dynamodb"])
        for r in recs:
            self.assertRegex(r["eventID"], r"^[0-9a-f]{32}$")
            self.assertEqual(r["eventSource"], "aws:dynamodb")
            self.assertEqual(r["awsRegion"], "us-east-1")
            self.assertIn(r["eventVersion"], ("1.0", "1.1"))
            self.assertEqual(r["dynamodb"]["StreamViewType"], "NEW_AND_OLD_IMAGES")
            self.assertRegex(r["dynamodb"]["SequenceNumber"], SEQ)
            self.assertGreaterEqual(r["dynamodb"]["SizeBytes"], 1)
            self.assertNotIn("userIdentity", r)
        # SizeBytes: Keys (pk 2+1, sk 2+2 = 7) + NewImage (7 + v 1+2 = 10) = 17 for the INSERT.
        self.assertEqual(ins["dynamodb"]["SizeBytes"], 17)

    def test_images_per_view_type(self):
        expect = {"KEYS_ONLY": (False, False), "NEW_IMAGE": (True, False),
                  "OLD_IMAGE": (False, True), "NEW_AND_OLD_IMAGES": (True, True)}
        for view, (new, old) in expect.items():
            name = f"View_{view}"
            arn = self.make_table(name, view=view)
            self.ddb.put_item(TableName=name, Item={"pk": S("k"), "v": N(1)})
            self.ddb.put_item(TableName=name, Item={"pk": S("k"), "v": N(2)})
            self.ddb.delete_item(TableName=name, Key={"pk": S("k")})
            ins, mod, rem = self.records(arn)
            with self.subTest(view=view):
                self.assertEqual("NewImage" in ins["dynamodb"], new)
                self.assertNotIn("OldImage", ins["dynamodb"])
                self.assertEqual("NewImage" in mod["dynamodb"], new)
                self.assertEqual("OldImage" in mod["dynamodb"], old)
                self.assertNotIn("NewImage", rem["dynamodb"])
                self.assertEqual("OldImage" in rem["dynamodb"], old)
                for r in (ins, mod, rem):
                    self.assertEqual(r["dynamodb"]["Keys"], {"pk": S("k")})
                    self.assertEqual(r["dynamodb"]["StreamViewType"], view)

    def test_ttl_expiry_emits_a_service_remove(self):
        arn = self.make_table("Expiring", view="NEW_IMAGE")
        self.ddb.update_time_to_live(TableName="Expiring", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "exp"})
        self.ddb.put_item(TableName="Expiring", Item={"pk": S("gone"), "exp": N(int(time.time()) - 60)})
        deadline = time.monotonic() + 30
        while "Item" in self.ddb.get_item(TableName="Expiring", Key={"pk": S("gone")}):
            self.assertLess(time.monotonic(), deadline, "TTL sweeper did not delete the item")
            time.sleep(0.2)
        recs = self.records(arn)
        self.assertEqual([r["eventName"] for r in recs], ["INSERT", "REMOVE"])
        self.assertEqual(recs[1]["userIdentity"],
                         {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"})
        self.assertEqual(recs[1]["dynamodb"]["Keys"], {"pk": S("gone")})
        self.assertNotIn("NewImage", recs[1]["dynamodb"])

    def test_iterator_types_and_get_records(self):
        arn = self.make_table("Iter", view="KEYS_ONLY")
        for k in "abc":
            self.ddb.put_item(TableName="Iter", Item={"pk": S(k)})
        shard = all_shards(self.streams, arn)[0]
        sid = shard["ShardId"]
        gsi = self.streams.get_shard_iterator
        horizon = gsi(StreamArn=arn, ShardId=sid, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        recs, closed = drain(self.streams, horizon)
        self.assertFalse(closed)
        self.assertEqual(len(recs), 3)
        seqs = [r["dynamodb"]["SequenceNumber"] for r in recs]
        at = gsi(StreamArn=arn, ShardId=sid, ShardIteratorType="AT_SEQUENCE_NUMBER",
                 SequenceNumber=seqs[1])["ShardIterator"]
        self.assertEqual([r["dynamodb"]["SequenceNumber"] for r in drain(self.streams, at)[0]],
                         seqs[1:])
        after = gsi(StreamArn=arn, ShardId=sid, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                    SequenceNumber=seqs[1])["ShardIterator"]
        self.assertEqual([r["dynamodb"]["SequenceNumber"] for r in drain(self.streams, after)[0]],
                         seqs[2:])
        latest = gsi(StreamArn=arn, ShardId=sid, ShardIteratorType="LATEST")["ShardIterator"]
        page = self.streams.get_records(ShardIterator=latest)
        self.assertEqual(page["Records"], [])
        self.assertIn("NextShardIterator", page)  # an open shard always has a next iterator
        self.ddb.put_item(TableName="Iter", Item={"pk": S("d")})
        page = self.streams.get_records(ShardIterator=page["NextShardIterator"])
        self.assertEqual([r["dynamodb"]["Keys"] for r in page["Records"]], [{"pk": S("d")}])
        one = self.streams.get_records(ShardIterator=horizon, Limit=1)
        self.assertEqual(len(one["Records"]), 1)

        with self.assertClientError("ValidationException"):
            self.streams.get_records(ShardIterator=horizon, Limit=1001)
        with self.assertClientError("ValidationException"):
            self.streams.get_records(
                ShardIterator="sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg")
        forged = horizon[:-6] + ("AAAAAA" if not horizon.endswith("AAAAAA") else "BBBBBB")
        with self.assertClientError("ValidationException"):
            self.streams.get_records(ShardIterator=forged)
        for t in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
            with self.assertClientError("ValidationException"):
                gsi(StreamArn=arn, ShardId=sid, ShardIteratorType=t)
        for t in ("TRIM_HORIZON", "LATEST"):
            with self.assertClientError("ValidationException"):
                gsi(StreamArn=arn, ShardId=sid, ShardIteratorType=t, SequenceNumber=seqs[0])
        with self.assertClientError("ResourceNotFoundException"):
            gsi(StreamArn=arn, ShardId="shardId-00000000000000000000-00000000",
                ShardIteratorType="LATEST")
        with self.assertClientError("ValidationException"):
            gsi(StreamArn="sdfadsfsdfsdgdfsgsfdabadfbabdadsfsdfsdfsdfsdfsdfsdfdfdssdffbdfdf",
                ShardId=sid, ShardIteratorType="LATEST")
        with self.assertClientError("ResourceNotFoundException"):
            gsi(StreamArn=unknown_arn(arn), ShardId=sid, ShardIteratorType="LATEST")
        with self.assertClientError("ValidationException"):
            gsi(StreamArn=arn, ShardId=sid, ShardIteratorType="AT_SEQUENCE_NUMBER",
                SequenceNumber="900000000000000000000")

    def test_one_megabyte_page_cap(self):
        arn = self.make_table("Big", view="NEW_IMAGE")
        blob = "x" * (350 * 1024)
        for i in range(4):
            self.ddb.put_item(TableName="Big", Item={"pk": S(f"k{i}"), "v": S(blob)})
        sid = all_shards(self.streams, arn)[0]["ShardId"]
        it = self.streams.get_shard_iterator(StreamArn=arn, ShardId=sid,
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        page = self.streams.get_records(ShardIterator=it)
        self.assertEqual(len(page["Records"]), 2)
        self.assertEqual(len(drain(self.streams, page["NextShardIterator"])[0]), 2)


class ShardLineageTest(StreamsTestCase):
    """Three shards per stream by partition-key hash, each rolling over every 4 records."""

    EXTRA_ARGS = ("--stream-shards", "3", "--stream-rollover-records", "4")

    def test_lineage_keeps_per_key_order(self):
        arn = self.make_table("Lineage", view="NEW_IMAGE")
        for round_ in range(6):
            for k in range(8):
                self.ddb.put_item(TableName="Lineage", Item={"pk": S(f"k{k}"), "v": N(round_)})
        shards = all_shards(self.streams, arn)
        roots = [s for s in shards if "ParentShardId" not in s]
        self.assertEqual(len(roots), 3)
        ids = {s["ShardId"] for s in shards}
        for s in shards:
            self.assertRegex(s["ShardId"], SHARD_ID)
            if "ParentShardId" in s:
                self.assertIn(s["ParentShardId"], ids)
        closed = [s for s in shards if "EndingSequenceNumber" in s["SequenceNumberRange"]]
        self.assertEqual(len(shards) - len(closed), 3)  # one open shard per slot
        # Children: DescribeStream's ShardFilter finds exactly the shard naming the parent.
        parent = closed[0]["ShardId"]
        status, kids = self.engine.streams_raw("DescribeStream", {
            "StreamArn": arn, "ShardFilter": {"Type": "CHILD_SHARDS", "ShardId": parent}})
        self.assertEqual(status, 200)
        self.assertEqual([k["ParentShardId"] for k in kids["StreamDescription"]["Shards"]],
                         [parent])
        status, err = self.engine.streams_raw("DescribeStream", {
            "StreamArn": arn, "ShardFilter": {"Type": "PARENT_SHARDS", "ShardId": parent}})
        self.assertEqual((status, err["__type"].rsplit("#", 1)[-1]), (400, "ValidationException"))
        # A closed shard read to its end has no NextShardIterator.
        it = self.streams.get_shard_iterator(StreamArn=arn, ShardId=parent,
                                             ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        recs, ended = drain(self.streams, it)
        self.assertTrue(ended)
        self.assertEqual(len(recs), 4)
        # Every key's records, read parents first, are in write order and in one lineage.
        parent_of = {s["ShardId"]: s.get("ParentShardId") for s in shards}

        def root(sid):
            while parent_of.get(sid):
                sid = parent_of[sid]
            return sid

        per_key, lineage = {}, {}
        for sid, r in read_stream(self.streams, arn):
            k = r["dynamodb"]["Keys"]["pk"]["S"]
            per_key.setdefault(k, []).append(int(r["dynamodb"]["NewImage"]["v"]["N"]))
            self.assertEqual(lineage.setdefault(k, root(sid)), root(sid))
        self.assertEqual(per_key, {f"k{k}": list(range(6)) for k in range(8)})
        self.assertGreater(len(set(lineage.values())), 1)  # keys spread over several shards

    def test_describe_stream_paging(self):
        arn = self.make_table("ShardPages", view="KEYS_ONLY")
        for i in range(30):
            self.ddb.put_item(TableName="ShardPages", Item={"pk": S(f"k{i}")})
        every = all_shards(self.streams, arn)
        first = self.streams.describe_stream(StreamArn=arn, Limit=2)["StreamDescription"]
        self.assertEqual(len(first["Shards"]), 2)
        self.assertEqual(first["LastEvaluatedShardId"], first["Shards"][-1]["ShardId"])
        paged, kwargs = [], {"StreamArn": arn, "Limit": 2}
        while True:
            d = self.streams.describe_stream(**kwargs)["StreamDescription"]
            paged += d["Shards"]
            if "LastEvaluatedShardId" not in d:
                break
            kwargs["ExclusiveStartShardId"] = d["LastEvaluatedShardId"]
        self.assertEqual(paged, every)


class AgeRolloverTest(StreamsTestCase):
    """--stream-rollover-seconds: a shard older than that is closed and gets a child."""

    EXTRA_ARGS = ("--stream-rollover-seconds", "1")

    def test_shard_rolls_over_with_age(self):
        arn = self.make_table("Aging", view="KEYS_ONLY")
        self.ddb.put_item(TableName="Aging", Item={"pk": S("a")})
        time.sleep(1.2)
        self.ddb.put_item(TableName="Aging", Item={"pk": S("b")})
        shards = all_shards(self.streams, arn)
        self.assertGreaterEqual(len(shards), 2)
        self.assertEqual(shards[1]["ParentShardId"], shards[0]["ShardId"])
        self.assertIn("EndingSequenceNumber", shards[0]["SequenceNumberRange"])
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in self.records(arn)], ["a", "b"])


class AwsCliStreamsTest(StreamsTestCase):
    """`aws dynamodbstreams` (AWS CLI v2, Debian's) reads the engine's stream unchanged."""

    def aws(self, *args, expect_exit=0):
        env = dict(os.environ, AWS_PAGER="", AWS_MAX_ATTEMPTS="1", AWS_CLI_AUTO_PROMPT="off")
        proc = subprocess.run([AWS, *args, "--endpoint-url", self.engine.endpoint,
                               "--region", "us-east-1", "--output", "json"],
                              env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, expect_exit, proc.stderr)
        return json.loads(proc.stdout) if expect_exit == 0 else proc.stderr

    def test_cli_session(self):
        if not os.access(AWS, os.X_OK):
            raise RuntimeError(f"{AWS} not found: install the Debian awscli package")
        arn = self.make_table("Cli", view="NEW_IMAGE")
        self.ddb.put_item(TableName="Cli", Item={"pk": S("a"), "v": N(1)})
        listed = self.aws("dynamodbstreams", "list-streams", "--table-name", "Cli")
        self.assertEqual([s["StreamArn"] for s in listed["Streams"]], [arn])
        desc = self.aws("dynamodbstreams", "describe-stream", "--stream-arn", arn)
        sid = desc["StreamDescription"]["Shards"][0]["ShardId"]
        it = self.aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
                      "--shard-id", sid, "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
        page = self.aws("dynamodbstreams", "get-records", "--shard-iterator", it)
        self.assertEqual(len(page["Records"]), 1)
        rec = page["Records"][0]
        self.assertEqual(rec["eventName"], "INSERT")
        self.assertEqual(rec["dynamodb"]["NewImage"], {"pk": {"S": "a"}, "v": {"N": "1"}})
        self.assertIn("NextShardIterator", page)
        err = self.aws("dynamodbstreams", "get-records", "--shard-iterator", "not-an-iterator-at-all",
                       expect_exit=254)
        self.assertIn("ValidationException", err)
        err = self.aws("dynamodbstreams", "describe-stream", "--stream-arn", unknown_arn(arn),
                       expect_exit=254)
        self.assertIn("ResourceNotFoundException", err)


if __name__ == "__main__":
    unittest.main()
