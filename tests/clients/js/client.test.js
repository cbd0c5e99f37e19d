// The JavaScript SDK v3 (@aws-sdk/client-dynamodb and lib-dynamodb) against the engine: create,
// put, get, a conditional failure that is an instance of ConditionalCheckFailedException, query
// with paging, batches and transactions. Run by CTest as `node --test` in this directory.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  TransactionCanceledException,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
  paginateQuery,
} from "@aws-sdk/lib-dynamodb";
import { startEngine } from "./engine.js";

let engine;
let client;
let doc;

before(async () => {
  engine = await startEngine();
  client = new DynamoDBClient({
    endpoint: engine.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
  doc = DynamoDBDocumentClient.from(client);
  await client.send(new CreateTableCommand({
    TableName: "Scores",
    BillingMode: "PAY_PER_REQUEST",
    KeySchema: [
      { AttributeName: "PlayerId", KeyType: "HASH" },
      { AttributeName: "GameId", KeyType: "RANGE" },
    ],
    AttributeDefinitions: [
      { AttributeName: "PlayerId", AttributeType: "S" },
      { AttributeName: "GameId", AttributeType: "S" },
      { AttributeName: "Score", AttributeType: "N" },
    ],
    GlobalSecondaryIndexes: [{
      IndexName: "ByGameScore",
      KeySchema: [
        { AttributeName: "GameId", KeyType: "HASH" },
        { AttributeName: "Score", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    }],
  }));
  await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: 60 }, { TableName: "Scores" });
});

after(async () => {
  client?.destroy();
  await engine?.stop();
});

test("describe table", async () => {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: "Scores" }));
  assert.equal(Table.TableStatus, "ACTIVE");
  assert.equal(Table.GlobalSecondaryIndexes[0].IndexName, "ByGameScore");
  await assert.rejects(client.send(new DescribeTableCommand({ TableName: "Nope" })),
    (e) => e instanceof ResourceNotFoundException && e.$metadata.httpStatusCode === 400);
});

test("put, get and update", async () => {
  await doc.send(new PutCommand({
    TableName: "Scores",
    Item: { PlayerId: "p1", GameId: "g1", Score: 10, Tags: new Set(["a", "b"]), Meta: { L: [1, "x"] } },
  }));
  const { Item } = await doc.send(new GetCommand({
    TableName: "Scores", Key: { PlayerId: "p1", GameId: "g1" }, ConsistentRead: true,
  }));
  assert.deepEqual(Item, {
    PlayerId: "p1", GameId: "g1", Score: 10, Tags: new Set(["a", "b"]), Meta: { L: [1, "x"] },
  });
  const { Attributes } = await doc.send(new UpdateCommand({
    TableName: "Scores", Key: { PlayerId: "p1", GameId: "g1" },
    UpdateExpression: "SET Score = Score + :d", ExpressionAttributeValues: { ":d": 5 },
    ReturnValues: "UPDATED_NEW",
  }));
  assert.deepEqual(Attributes, { Score: 15 });
});

test("conditional failure is a ConditionalCheckFailedException", async () => {
  await doc.send(new PutCommand({ TableName: "Scores", Item: { PlayerId: "c", GameId: "g", Score: 1 } }));
  await assert.rejects(
    doc.send(new PutCommand({
      TableName: "Scores", Item: { PlayerId: "c", GameId: "g", Score: 2 },
      ConditionExpression: "attribute_not_exists(PlayerId)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    })),
    (e) => {
      assert.ok(e instanceof ConditionalCheckFailedException, `got ${e.name}`);
      assert.equal(e.name, "ConditionalCheckFailedException");
      assert.equal(e.message, "The conditional request failed");
      assert.deepEqual(e.Item, { PlayerId: { S: "c" }, GameId: { S: "g" }, Score: { N: "1" } });
      return true;
    });
});

test("query with paging, on the table and on the GSI", async () => {
  const games = Array.from({ length: 23 }, (_, i) => `game${String(i).padStart(2, "0")}`);
  for (const g of games) {
    await doc.send(new PutCommand({ TableName: "Scores", Item: { PlayerId: "pq", GameId: g, Score: 1 } }));
  }
  const seen = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: doc, pageSize: 5 }, {
    TableName: "Scores", KeyConditionExpression: "PlayerId = :p",
    ExpressionAttributeValues: { ":p": "pq" },
  })) {
    pages += 1;
    seen.push(...page.Items.map((i) => i.GameId));
  }
  assert.deepEqual(seen, games);
  assert.equal(pages, 5);

  for (const [player, score] of [["x1", 30], ["x2", 50], ["x3", 40]]) {
    await doc.send(new PutCommand({ TableName: "Scores", Item: { PlayerId: player, GameId: "top", Score: score } }));
  }
  const first = await doc.send(new QueryCommand({
    TableName: "Scores", IndexName: "ByGameScore", KeyConditionExpression: "GameId = :g",
    ExpressionAttributeValues: { ":g": "top" }, ScanIndexForward: false, Limit: 2,
  }));
  assert.deepEqual(first.Items.map((i) => i.PlayerId), ["x2", "x3"]);
  assert.deepEqual(first.LastEvaluatedKey, { PlayerId: "x3", GameId: "top", Score: 40 });
  const rest = await doc.send(new QueryCommand({
    TableName: "Scores", IndexName: "ByGameScore", KeyConditionExpression: "GameId = :g",
    ExpressionAttributeValues: { ":g": "top" }, ScanIndexForward: false, Limit: 2,
    ExclusiveStartKey: first.LastEvaluatedKey,
  }));
  assert.deepEqual(rest.Items.map((i) => i.PlayerId), ["x1"]);
});

test("batch write and batch get", async () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ PlayerId: `b${i}`, GameId: "batch", Score: i }));
  const w = await doc.send(new BatchWriteCommand({
    RequestItems: { Scores: items.map((Item) => ({ PutRequest: { Item } })) },
  }));
  assert.deepEqual(w.UnprocessedItems, {});
  const r = await doc.send(new BatchGetCommand({
    RequestItems: { Scores: { Keys: items.map(({ PlayerId, GameId }) => ({ PlayerId, GameId })) } },
  }));
  assert.deepEqual(r.UnprocessedKeys, {});
  assert.deepEqual(r.Responses.Scores.map((i) => i.Score).sort((a, b) => a - b),
    items.map((i) => i.Score));
});

test("transactions commit together or not at all", async () => {
  await doc.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: "Scores", Item: { PlayerId: "t1", GameId: "tx", Score: 1 } } },
      { Put: { TableName: "Scores", Item: { PlayerId: "t2", GameId: "tx", Score: 2 } } },
    ],
  }));
  await assert.rejects(
    doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: "Scores", Item: { PlayerId: "t3", GameId: "tx", Score: 3 } } },
        {
          Update: {
            TableName: "Scores", Key: { PlayerId: "t1", GameId: "tx" },
            UpdateExpression: "SET Score = :s", ConditionExpression: "Score > :s",
            ExpressionAttributeValues: { ":s": 5 },
          },
        },
      ],
    })),
    (e) => {
      assert.ok(e instanceof TransactionCanceledException, `got ${e.name}`);
      assert.deepEqual(e.CancellationReasons.map((r) => r.Code), ["None", "ConditionalCheckFailed"]);
      return true;
    });
  const got = await doc.send(new TransactGetCommand({
    TransactItems: [
      { Get: { TableName: "Scores", Key: { PlayerId: "t1", GameId: "tx" } } },
      { Get: { TableName: "Scores", Key: { PlayerId: "t3", GameId: "tx" } } },
    ],
  }));
  assert.equal(got.Responses[0].Item.Score, 1);
  assert.equal(got.Responses[1].Item, undefined);
});

test("UPDATED_NEW returns only the updated nested paths; remove-only updates create nothing", async () => {
  await doc.send(new PutCommand({
    TableName: "Scores",
    Item: { PlayerId: "nested", GameId: "g", Stats: { wins: 1, losses: 2 }, Tags: ["a", "b"] },
  }));
  const r = await doc.send(new UpdateCommand({
    TableName: "Scores", Key: { PlayerId: "nested", GameId: "g" },
    UpdateExpression: "SET Stats.wins = :w, Tags[1] = :t",
    ExpressionAttributeValues: { ":w": 5, ":t": "z" }, ReturnValues: "UPDATED_NEW",
  }));
  assert.deepEqual(r.Attributes, { Stats: { wins: 5 }, Tags: ["z"] });
  const removed = await doc.send(new UpdateCommand({
    TableName: "Scores", Key: { PlayerId: "ghost", GameId: "g" },
    UpdateExpression: "REMOVE Stats.wins", ReturnValues: "ALL_NEW",
  }));
  assert.equal(removed.Attributes, undefined);
  const got = await doc.send(new GetCommand({
    TableName: "Scores", Key: { PlayerId: "ghost", GameId: "g" }, ConsistentRead: true,
  }));
  assert.equal(got.Item, undefined);
});

test("redundant parentheses and repeated operands are ValidationExceptions", async () => {
  for (const [expr, message] of [
    ["((Score > :s))", "Invalid ConditionExpression: The expression has redundant parentheses;"],
    ["contains(Score, Score)",
      "Invalid ConditionExpression: The first operand must be distinct from the remaining " +
      "operands for this operator or function; operator: contains, first operand: [Score]"],
  ]) {
    await assert.rejects(
      doc.send(new PutCommand({
        TableName: "Scores", Item: { PlayerId: "p", GameId: "g" }, ConditionExpression: expr,
        ExpressionAttributeValues: expr.includes(":s") ? { ":s": 1 } : undefined,
      })),
      (e) => e.name === "ValidationException" && e.message === message);
  }
});
