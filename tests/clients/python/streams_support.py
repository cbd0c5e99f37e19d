"""Shared helpers for the DynamoDB Streams client suites (test_streams*.py).

StreamsEngine is engine.Engine with extra `streamboard engine` arguments (--stream-shards,
--stream-rollover-*); the readers below consume a stream the way a DynamoDB Streams consumer
must: DescribeStream paged to the end, parents before children, each shard from TRIM_HORIZON
until its NextShardIterator disappears (closed) or a page comes back empty (open).
"""

import json
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import boto3
from botocore.config import Config

from engine import Engine, _free_port, engine_binary


class StreamsEngine(Engine):
    """An engine child process started with extra command-line arguments."""

    def __init__(self, data_dir=None, extra_args=()):
        super().__init__(data_dir=data_dir)
        self.extra_args = list(extra_args)

    def start(self):
        binary = engine_binary()
        last_error = None
        for _ in range(3):  # a freshly picked free port can be taken by someone else
            self.port = _free_port()
            args = [binary, "engine", "--host", "127.0.0.1", "--port", str(self.port)]
            args += ["--data-dir", self.data_dir] if self.data_dir else ["--in-memory"]
            args += self.extra_args
            self._log = tempfile.TemporaryFile()
            self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
            try:
                self._wait_ready()
                return self
            except RuntimeError as e:
                last_error = e
                self.kill()
        raise last_error

    def streams_raw(self, operation, body, timeout=30):
        """POSTs a DynamoDB Streams request directly (for members an older botocore does not
        model, e.g. DescribeStream's ShardFilter). Returns (http_status, decoded body)."""
        data = json.dumps(body).encode()
        req = urllib.request.Request(self.endpoint + "/", data=data, method="POST", headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"DynamoDBStreams_20120810.{operation}",
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/"
                             "aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                             "x-amz-target, Signature=0000",
            "X-Amz-Date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
        })
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def streams_client(self):
        """boto3's `dynamodbstreams` client for this engine (same port, retries off)."""
        cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"},
                     connect_timeout=5, read_timeout=60)
        return boto3.client("dynamodbstreams", endpoint_url=self.endpoint,
                            region_name="us-east-1", config=cfg)


def all_shards(streams, arn):
    """Every shard of a stream, DescribeStream paged to the end."""
    shards, kwargs = [], {"StreamArn": arn}
    while True:
        desc = streams.describe_stream(**kwargs)["StreamDescription"]
        shards.extend(desc["Shards"])
        if "LastEvaluatedShardId" not in desc:
            return shards
        kwargs["ExclusiveStartShardId"] = desc["LastEvaluatedShardId"]


def drain(streams, iterator, limit=1000):
    """Reads a shard from `iterator`; returns (records, closed) where closed means the
    NextShardIterator disappeared (a closed shard read to its end)."""
    records = []
    while True:
        page = streams.get_records(ShardIterator=iterator, Limit=limit)
        records.extend(page["Records"])
        if "NextShardIterator" not in page:
            return records, True
        if not page["Records"]:
            return records, False
        iterator = page["NextShardIterator"]


def read_stream(streams, arn):
    """All records of a stream, parents' shards before their children's. Returns a list of
    (shard_id, record)."""
    shards = all_shards(streams, arn)
    known = {s["ShardId"] for s in shards}
    done, out = set(), []
    while len(done) < len(shards):
        progressed = False
        for s in shards:
            sid = s["ShardId"]
            parent = s.get("ParentShardId")
            if sid in done or (parent in known and parent not in done):
                continue
            it = streams.get_shard_iterator(StreamArn=arn, ShardId=sid,
                                            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            records, _ = drain(streams, it)
            out.extend((sid, r) for r in records)
            done.add(sid)
            progressed = True
        if not progressed:
            raise AssertionError(f"shard lineage does not resolve: {shards}")
    return out


def seq_key(seq):
    """Sort key for sequence numbers: numeric order of decimal strings."""
    return (len(seq.lstrip("0")), seq.lstrip("0"))
