"""The AWS CLI v2 (Debian's /usr/bin/aws) against the engine: a user's session from create-table
to delete-table, with the CLI's own paging (--max-items / --starting-token / --page-size) and its
error exit codes and messages."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from engine import Engine  # noqa: E402  (sets the dummy credentials and region)

AWS = "/usr/bin/aws"  # the Debian package; a pip-installed v1 earlier on PATH must not win
SERVICE_ERROR_EXIT = 254  # CLI v2: the service returned an error


class AwsCliTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.access(AWS, os.X_OK):
            raise RuntimeError(f"{AWS} not found: install the Debian awscli package")
        cls.engine = Engine().start()
        cls.env = dict(os.environ, AWS_PAGER="", AWS_RETRY_MODE="standard", AWS_MAX_ATTEMPTS="1",
                       AWS_CLI_AUTO_PROMPT="off")

    @classmethod
    def tearDownClass(cls):
        cls.engine.stop()

    def aws(self, *args, expect_exit=0):
        cmd = [AWS, "dynamodb", *args, "--endpoint-url", self.engine.endpoint,
               "--region", "us-east-1", "--output", "json"]
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, expect_exit,
                         f"{' '.join(args[:1])}: exit {proc.returncode}\n"
                         f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
        if expect_exit != 0:
            return proc.stderr
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    def test_session(self):
        created = self.aws(
            "create-table", "--table-name", "Cli",
            "--attribute-definitions", "AttributeName=pk,AttributeType=S",
            "AttributeName=sk,AttributeType=N", "AttributeName=g,AttributeType=S",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
            "--billing-mode", "PAY_PER_REQUEST",
            "--global-secondary-indexes", json.dumps([{
                "IndexName": "ByG", "Projection": {"ProjectionType": "ALL"},
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                              {"AttributeName": "sk", "KeyType": "RANGE"}]}]))
        self.assertEqual(created["TableDescription"]["TableName"], "Cli")
        self.aws("wait", "table-exists", "--table-name", "Cli")
        self.assertIn("Cli", self.aws("list-tables")["TableNames"])
        desc = self.aws("describe-table", "--table-name", "Cli")["Table"]
        self.assertEqual(desc["TableStatus"], "ACTIVE")

        # put / get / update
        self.aws("put-item", "--table-name", "Cli", "--item",
                 json.dumps({"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"},
                             "n": {"N": "1.50"}}))
        got = self.aws("get-item", "--table-name", "Cli", "--consistent-read", "--key",
                       json.dumps({"pk": {"S": "a"}, "sk": {"N": "1"}}))
        self.assertEqual(got["Item"], {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"},
                                       "n": {"N": "1.5"}})
        upd = self.aws("update-item", "--table-name", "Cli",
                       "--key", json.dumps({"pk": {"S": "a"}, "sk": {"N": "1"}}),
                       "--update-expression", "SET n = n + :d, #t = :t",
                       "--expression-attribute-names", json.dumps({"#t": "tag"}),
                       "--expression-attribute-values",
                       json.dumps({":d": {"N": "1"}, ":t": {"S": "hi"}}),
                       "--return-values", "UPDATED_NEW")
        self.assertEqual(upd["Attributes"], {"n": {"N": "2.5"}, "tag": {"S": "hi"}})

        # conditional failure: exit 254 and the error named as the CLI prints it
        err = self.aws("put-item", "--table-name", "Cli", "--item",
                       json.dumps({"pk": {"S": "a"}, "sk": {"N": "1"}}),
                       "--condition-expression", "attribute_not_exists(pk)",
                       expect_exit=SERVICE_ERROR_EXIT)
        # (the CLI inserts " (reached max retries: N)" when retries are configured, as here)
        self.assertRegex(err, r"An error occurred \(ConditionalCheckFailedException\) when "
                              r"calling the PutItem operation( \(reached max retries: \d+\))?: "
                              r"The conditional request failed")

        # batch-write-item, then query and scan with the CLI's paging
        self.aws("batch-write-item", "--request-items", json.dumps({"Cli": [
            {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": str(i)},
                                     "g": {"S": "y" if i % 2 else "x"}}}}
            for i in range(20)]}))
        q = self.aws("query", "--table-name", "Cli",
                     "--key-condition-expression", "pk = :p AND sk BETWEEN :lo AND :hi",
                     "--expression-attribute-values",
                     json.dumps({":p": {"S": "b"}, ":lo": {"N": "5"}, ":hi": {"N": "8"}}),
                     "--no-scan-index-forward")
        self.assertEqual([i["sk"]["N"] for i in q["Items"]], ["8", "7", "6", "5"])
        q = self.aws("query", "--table-name", "Cli", "--index-name", "ByG",
                     "--key-condition-expression", "g = :g",
                     "--expression-attribute-values", json.dumps({":g": {"S": "x"}}),
                     "--page-size", "3")
        self.assertEqual(q["Count"], 11)  # 10 from b plus a; the CLI follows every page

        seen, token, pages = [], None, 0
        while True:
            args = ["scan", "--table-name", "Cli", "--max-items", "6"]
            if token:
                args += ["--starting-token", token]
            page = self.aws(*args)
            pages += 1
            seen += [(i["pk"]["S"], i["sk"]["N"]) for i in page["Items"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(len(seen), 21)
        self.assertEqual(len(set(seen)), 21)
        self.assertEqual(pages, 4)
        full = self.aws("scan", "--table-name", "Cli", "--page-size", "4",
                        "--filter-expression", "g = :g",
                        "--expression-attribute-values", json.dumps({":g": {"S": "y"}}))
        self.assertEqual(full["Count"], 10)
        self.assertEqual(full["ScannedCount"], 21)

        # transactions
        self.aws("transact-write-items", "--transact-items", json.dumps([
            {"Put": {"TableName": "Cli", "Item": {"pk": {"S": "t"}, "sk": {"N": "1"}}}},
            {"Update": {"TableName": "Cli", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}},
                        "UpdateExpression": "REMOVE tag"}}]))
        got = self.aws("get-item", "--table-name", "Cli", "--key",
                       json.dumps({"pk": {"S": "a"}, "sk": {"N": "1"}}))
        self.assertNotIn("tag", got["Item"])
        err = self.aws("transact-write-items", "--transact-items", json.dumps([
            {"Put": {"TableName": "Cli", "Item": {"pk": {"S": "t"}, "sk": {"N": "2"}}}},
            {"ConditionCheck": {"TableName": "Cli", "Key": {"pk": {"S": "t"}, "sk": {"N": "1"}},
                                "ConditionExpression": "attribute_not_exists(pk)"}}]),
            expect_exit=SERVICE_ERROR_EXIT)
        self.assertIn("TransactionCanceledException", err)
        self.assertIn("[None, ConditionalCheckFailed]", err)
        got = self.aws("get-item", "--table-name", "Cli", "--key",
                       json.dumps({"pk": {"S": "t"}, "sk": {"N": "2"}}))
        self.assertNotIn("Item", got)

        # validation and missing resources
        err = self.aws("get-item", "--table-name", "Cli", "--key", json.dumps({"pk": {"S": "a"}}),
                       expect_exit=SERVICE_ERROR_EXIT)
        self.assertIn("(ValidationException)", err)
        self.assertIn("The provided key element does not match the schema", err)
        err = self.aws("describe-table", "--table-name", "Nope", expect_exit=SERVICE_ERROR_EXIT)
        self.assertIn("(ResourceNotFoundException)", err)

        # delete-table
        deleted = self.aws("delete-table", "--table-name", "Cli")
        self.assertEqual(deleted["TableDescription"]["TableName"], "Cli")
        self.aws("wait", "table-not-exists", "--table-name", "Cli")
        self.assertNotIn("Cli", self.aws("list-tables")["TableNames"])


    def test_fidelity(self):
        # DescribeEndpoints answers as DynamoDB does; a tag key of 129 characters is refused
        # (before the table is looked up); a remove-only update of a missing item creates nothing.
        ep = self.aws("describe-endpoints")
        self.assertEqual(ep["Endpoints"][0]["CachePeriodInMinutes"], 1440)
        err = self.aws("tag-resource", "--resource-arn",
                       "arn:aws:dynamodb:us-east-1:000000000000:table/Nope",
                       "--tags", "Key=" + "k" * 129 + ",Value=v", expect_exit=SERVICE_ERROR_EXIT)
        self.assertIn("ValidationException", err)
        self.assertIn("Member must have length less than or equal to 128", err)
        self.aws("create-table", "--table-name", "CliFid",
                 "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                 "--key-schema", "AttributeName=pk,KeyType=HASH",
                 "--billing-mode", "PAY_PER_REQUEST")
        self.aws("update-item", "--table-name", "CliFid", "--key", '{"pk":{"S":"ghost"}}',
                 "--update-expression", "REMOVE a.b")
        self.assertEqual(self.aws("scan", "--table-name", "CliFid")["Count"], 0)
        self.aws("delete-table", "--table-name", "CliFid")

if __name__ == "__main__":
    unittest.main()
