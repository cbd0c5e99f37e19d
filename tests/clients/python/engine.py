"""A Streamboard engine child process for the boto3 client suites, and shared test helpers.

Each test module starts its own engine (`streamboard engine --in-memory`, or `--data-dir` in a
temporary directory) on a free 127.0.0.1 port, talks to it with boto3 exactly as a user would,
and stops exactly that process at the end. The binary comes from $SB_BIN_DIR (set by CTest);
without it the suite fails loudly rather than testing something else.

The assertions in these suites encode what real DynamoDB returns (shapes, error types and
messages), so they hold the engine to the service, not to itself.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

# Dummy credentials and a fixed region, from the standard environment as any SDK user would
# set them; shared config files are ignored so a developer's ~/.aws cannot change the tests.
os.environ["AWS_ACCESS_KEY_ID"] = "test"
os.environ["AWS_SECRET_ACCESS_KEY"] = "test"
os.environ.pop("AWS_SESSION_TOKEN", None)
os.environ.pop("AWS_PROFILE", None)
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

import boto3  # noqa: E402  (after the environment is pinned)
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

STARTUP_TIMEOUT_S = 30.0


def engine_binary():
    """Returns the path of the `streamboard` binary; raises if SB_BIN_DIR is unusable."""
    bin_dir = os.environ.get("SB_BIN_DIR")
    if not bin_dir:
        raise RuntimeError("SB_BIN_DIR is not set: run these suites through CTest "
                           "(or export SB_BIN_DIR=<build>/bin)")
    path = os.path.join(bin_dir, "streamboard")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"engine binary not found or not executable: {path}")
    return path


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """One `streamboard engine` child process. Not thread-safe; one per test module."""

    def __init__(self, data_dir=None):
        self.data_dir = data_dir  # None: --in-memory
        self.proc = None
        self.port = None
        self._log = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Starts the engine and waits until it answers ListTables. Raises on failure."""
        binary = engine_binary()
        last_error = None
        for _ in range(3):  # a freshly picked free port can be taken by someone else
            self.port = _free_port()
            args = [binary, "engine", "--host", "127.0.0.1", "--port", str(self.port)]
            args += ["--data-dir", self.data_dir] if self.data_dir else ["--in-memory"]
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

    def _wait_ready(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"engine exited with {self.proc.returncode}:\n{self.output()}")
            try:
                status, _ = self.raw("ListTables", {}, timeout=2)
                if status == 200:
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"engine did not answer within {STARTUP_TIMEOUT_S}s:\n{self.output()}")

    def output(self):
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        """SIGTERM, then SIGKILL after 10 s; only this engine's PID is signalled."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self):
        """SIGKILL (a crash, as far as the engine can tell)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def client(self, **config):
        """A boto3 DynamoDB client for this engine. Retries are off so errors surface at once."""
        cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"},
                     connect_timeout=5, read_timeout=60, **config)
        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name="us-east-1",
                            config=cfg)

    def raw(self, operation, body, timeout=30):
        """POSTs a JSON 1.0 request directly (for parameters this botocore does not model).

        Returns (http_status, decoded JSON body)."""
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        req = urllib.request.Request(self.endpoint + "/", data=data, method="POST", headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"DynamoDB_20120810.{operation}",
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


def error_type(body):
    """The part of a raw error body's __type after '#', as SDKs read it."""
    return body.get("__type", "").rsplit("#", 1)[-1]


class RestartableEngineTestCase(unittest.TestCase):
    """Each test has its own data directory and starts the engine itself (start()); restart()
    stops it cleanly or with kill -9 and starts a new engine on the same directory."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sb-clients-restart-")
        self.engine = None

    def tearDown(self):
        if self.engine is not None:
            self.engine.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self):
        """Starts the engine on the test's directory and returns a boto3 client for it."""
        self.engine = Engine(data_dir=self.dir).start()
        return self.engine.client()

    def restart(self, crash):
        """Stops the engine (kill -9 when crash) and starts it again; returns a new client."""
        if crash:
            self.engine.kill()
        else:
            self.engine.stop()
        return self.start()


class EngineTestCase(unittest.TestCase):
    """Starts one in-memory engine per test class (set DATA_DIR = True for a temp data dir)."""

    DATA_DIR = False
    engine = None
    ddb = None

    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.mkdtemp(prefix="sb-clients-") if cls.DATA_DIR else None
        cls.engine = Engine(data_dir=cls._tmp).start()
        cls.ddb = cls.engine.client()
        cls.resource = boto3.resource("dynamodb", endpoint_url=cls.engine.endpoint,
                                      region_name="us-east-1")

    @classmethod
    def tearDownClass(cls):
        if cls.engine is not None:
            cls.engine.stop()
        if cls._tmp:
            shutil.rmtree(cls._tmp, ignore_errors=True)

    # -- tables ---------------------------------------------------------------------------

    @classmethod
    def create_table(cls, name, pk=("pk", "S"), sk=None, gsis=(), lsis=(), extra_attrs=(),
                     **kwargs):
        """Creates a PAY_PER_REQUEST table and waits until it is ACTIVE.

        gsis/lsis: dicts in the CreateTable shape; extra_attrs: (name, type) pairs they key on.
        """
        attrs = {pk[0]: pk[1]}
        schema = [{"AttributeName": pk[0], "KeyType": "HASH"}]
        if sk:
            attrs[sk[0]] = sk[1]
            schema.append({"AttributeName": sk[0], "KeyType": "RANGE"})
        for n, t in extra_attrs:
            attrs[n] = t
        args = dict(TableName=name, KeySchema=schema,
                    AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                                          for n, t in attrs.items()],
                    BillingMode="PAY_PER_REQUEST")
        if gsis:
            args["GlobalSecondaryIndexes"] = list(gsis)
        if lsis:
            args["LocalSecondaryIndexes"] = list(lsis)
        args.update(kwargs)
        resp = cls.ddb.create_table(**args)
        cls.wait_active(name)
        return resp

    @classmethod
    def wait_active(cls, name, timeout=60):
        """Waits until the table and all its GSIs are ACTIVE (real DynamoDB goes via CREATING)."""
        deadline = time.monotonic() + timeout
        while True:
            t = cls.ddb.describe_table(TableName=name)["Table"]
            if t["TableStatus"] == "ACTIVE" and all(
                    g["IndexStatus"] == "ACTIVE" for g in t.get("GlobalSecondaryIndexes", [])):
                return t
            if time.monotonic() > deadline:
                raise AssertionError(f"table {name} not ACTIVE after {timeout}s: {t}")
            time.sleep(0.2)

    # -- errors ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def assertClientError(self, code, message=None, contains=None, startswith=None):
        """Asserts the block raises botocore ClientError with Error.Code `code`.

        message: exact Error.Message; contains / startswith: partial matches. Yields a holder
        whose .exception is the ClientError."""
        holder = type("Holder", (), {})()
        with self.assertRaises(ClientError) as cm:
            yield holder
        holder.exception = cm.exception
        err = cm.exception.response["Error"]
        self.assertEqual(err["Code"], code, f"wrong error: {err}")
        if message is not None:
            self.assertEqual(err["Message"], message)
        if contains is not None:
            for part in ([contains] if isinstance(contains, str) else contains):
                self.assertIn(part, err["Message"])
        if startswith is not None:
            self.assertTrue(err["Message"].startswith(startswith),
                            f"{err['Message']!r} does not start with {startswith!r}")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def assertValidation(self, contains=None, message=None, startswith=None):
        return self.assertClientError("ValidationException", message=message, contains=contains,
                                      startswith=startswith)


def S(v):
    return {"S": v}


def N(v):
    return {"N": str(v)}


def B(v):
    return {"B": v}


def query_all(ddb, **kwargs):
    """Pages a Query (or Scan with op='scan') to the end; returns (items, pages)."""
    op = kwargs.pop("op", "query")
    items, pages = [], 0
    while True:
        resp = getattr(ddb, op)(**kwargs)
        pages += 1
        items.extend(resp.get("Items", []))
        if "LastEvaluatedKey" not in resp:
            return items, pages
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
