#include "dynamo/dynamodb_client.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "dynamo/retry.h"

namespace sb::dynamo {
namespace {

using http::ClientRequest;
using http::Response;
using protocol::AttributeValue;
using protocol::Number;

Number N(int64_t v) { return Number::FromInt(v); }

struct Fixture {
  explicit Fixture(std::string response_body, int status = 200)
      : http([this](const ClientRequest&) -> Result<Response> {
          Response r;
          r.status = status_;
          r.body = body_;
          return r;
        }),
        transport(MakeConfig(), http, clock, sleeper, random),
        client(transport),
        body_(std::move(response_body)),
        status_(status) {}
  static ClientConfig MakeConfig() {
    ClientConfig c;
    c.endpoint = "http://db:1";
    c.streams_endpoint = "http://streams:2";
    c.retry.max_attempts = 1;
    return c;
  }
  boost::json::value SentBody(size_t i = 0) { return boost::json::parse(http.requests()[i].body); }
  std::string SentTarget(size_t i = 0) {
    return std::string(http.requests()[i].headers.Get("X-Amz-Target").value_or(""));
  }

  FakeClock clock;
  FakeSleeper sleeper;
  SeededRandom random{1};
  http::FakeClient http;
  Transport transport;
  DynamoDbClient client;
  std::string body_;
  int status_;
};

TEST(DynamoDbClientTest, GetItemConsistentRead) {
  Fixture f(R"({"Item":{"GameId":{"S":"g"},"Version":{"N":"3"}}})");
  auto r = f.client.GetItem({.table_name = "Leaderboard",
                             .key = {{"GameId", AttributeValue::S("g")}},
                             .consistent_read = true});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->item.has_value());
  EXPECT_EQ(r->item->at("Version"), AttributeValue::N(N(3)));
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(f.http.requests()[0].url, "http://db:1/");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"Leaderboard",
      "Key":{"GameId":{"S":"g"}},"ConsistentRead":true})"));
}

TEST(DynamoDbClientTest, TransactWriteItemsSendsEachAction) {
  Fixture f("{}");
  TransactWriteItemsRequest req;
  TransactWriteItem put;
  put.put = PutItemRequest{.table_name = "Ranks",
                           .item = {{"Board", AttributeValue::S("g")}},
                           .condition_expression = "attribute_not_exists(#p)",
                           .attributes = {.names = {{"#p", "PlayerId"}}}};
  TransactWriteItem update;
  update.update = UpdateItemRequest{
      .table_name = "RankCounts",
      .key = {{"Node", AttributeValue::B(std::string("\x00\x01g", 3))}},
      .update_expression = "ADD #a :a SET #x = :x",
      .attributes = {
          .names = {{"#a", "c41"}, {"#x", "ExpiresAt"}},
          .values = {{":a", AttributeValue::N(N(-1))}, {":x", AttributeValue::N(N(9))}}}};
  TransactWriteItem check;
  check.condition_check = ConditionCheck{.table_name = "T",
                                         .key = {{"K", AttributeValue::S("k")}},
                                         .condition_expression = "attribute_exists(K)"};
  TransactWriteItem del;
  del.delete_item = DeleteItemRequest{.table_name = "T", .key = {{"K", AttributeValue::S("d")}}};
  req.transact_items = {put, update, check, del};
  req.client_request_token = "tok";
  ASSERT_TRUE(f.client.TransactWriteItems(req).ok());
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.TransactWriteItems");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"J({"TransactItems":[
      {"Put":{"TableName":"Ranks","Item":{"Board":{"S":"g"}},
              "ConditionExpression":"attribute_not_exists(#p)",
              "ExpressionAttributeNames":{"#p":"PlayerId"}}},
      {"Update":{"TableName":"RankCounts","Key":{"Node":{"B":"AAFn"}},
                 "UpdateExpression":"ADD #a :a SET #x = :x",
                 "ExpressionAttributeNames":{"#a":"c41","#x":"ExpiresAt"},
                 "ExpressionAttributeValues":{":a":{"N":"-1"},":x":{"N":"9"}}}},
      {"ConditionCheck":{"TableName":"T","Key":{"K":{"S":"k"}},
                         "ConditionExpression":"attribute_exists(K)"}},
      {"Delete":{"TableName":"T","Key":{"K":{"S":"d"}}}}],
      "ClientRequestToken":"tok"})J"));
}

TEST(DynamoDbClientTest, TransactionCancellationReasonsInRequestOrder) {
  Fixture f(R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      "message":"Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, TransactionConflict]",
      "CancellationReasons":[{"Code":"ConditionalCheckFailed"},{"Code":"None"},{"Code":"TransactionConflict"}]})",
            400);
  TransactWriteItem del;
  del.delete_item = DeleteItemRequest{.table_name = "T", .key = {{"K", AttributeValue::S("d")}}};
  auto r = f.client.TransactWriteItems({.transact_items = {del}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "TransactionCanceledException");
  EXPECT_EQ(CancellationReasonCodes(r.error()),
            (std::vector<std::string>{"ConditionalCheckFailed", "None", "TransactionConflict"}));
  EXPECT_TRUE(CancellationReasonCodes(protocol::ApiError::ConditionalCheckFailed()).empty());
}

// The CancellationReasons member survives the transport: each reason's code and message, so
// a caller sees which action failed and why.
TEST(DynamoDbClientTest, TransactionCancellationReasonsKeepTheirMessages) {
  Fixture f(R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      "message":"Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
      "CancellationReasons":[{"Code":"None"},
                             {"Code":"ConditionalCheckFailed","Message":"The conditional request failed",
                              "Item":{"K":{"S":"d"}}}]})",
            400);
  TransactWriteItem del;
  del.delete_item = DeleteItemRequest{.table_name = "T", .key = {{"K", AttributeValue::S("d")}}};
  auto r = f.client.TransactWriteItems({.transact_items = {del, del}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(CancellationReasons(r.error()),
            (std::vector<CancellationReason>{
                {"None", ""}, {"ConditionalCheckFailed", "The conditional request failed"}}));
}

TEST(DynamoDbClientTest, GetItemMissing) {
  Fixture f("{}");
  auto r = f.client.GetItem({.table_name = "T", .key = {{"k", AttributeValue::S("x")}}});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->item.has_value());
}

TEST(DynamoDbClientTest, PutItemWithCondition) {
  Fixture f("{}");
  PutItemRequest req;
  req.table_name = "Leaderboard";
  req.item = {{"GameId", AttributeValue::S("g")}, {"Version", AttributeValue::N(N(4))}};
  req.condition_expression = "#v = :seen";
  req.attributes.names = {{"#v", "Version"}};
  req.attributes.values = {{":seen", AttributeValue::N(N(3))}};
  ASSERT_TRUE(f.client.PutItem(req).ok());
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"Leaderboard",
      "Item":{"GameId":{"S":"g"},"Version":{"N":"4"}},
      "ConditionExpression":"#v = :seen",
      "ExpressionAttributeNames":{"#v":"Version"},
      "ExpressionAttributeValues":{":seen":{"N":"3"}}})"));
}

TEST(DynamoDbClientTest, ConditionalCheckFailedIsTyped) {
  Fixture f(R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                "message":"The conditional request failed"})",
            400);
  auto r = f.client.PutItem({.table_name = "T",
                             .item = {{"k", AttributeValue::S("x")}},
                             .condition_expression = "attribute_not_exists(k)"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "ConditionalCheckFailedException");
}

TEST(DynamoDbClientTest, UpdateAndDelete) {
  Fixture f(R"({"Attributes":{"k":{"S":"x"},"n":{"N":"2"}}})");
  UpdateItemRequest u;
  u.table_name = "T";
  u.key = {{"k", AttributeValue::S("x")}};
  u.update_expression = "ADD n :one";
  u.attributes.values = {{":one", AttributeValue::N(N(1))}};
  u.return_values = "ALL_NEW";
  auto ur = f.client.UpdateItem(u);
  ASSERT_TRUE(ur.ok());
  EXPECT_EQ(ur->attributes->at("n"), AttributeValue::N(N(2)));
  EXPECT_EQ(f.SentBody(0), boost::json::parse(R"({"TableName":"T","Key":{"k":{"S":"x"}},
      "UpdateExpression":"ADD n :one","ExpressionAttributeValues":{":one":{"N":"1"}},
      "ReturnValues":"ALL_NEW"})"));
  DeleteItemRequest d;
  d.table_name = "T";
  d.key = {{"k", AttributeValue::S("x")}};
  d.return_values = "ALL_OLD";
  ASSERT_TRUE(f.client.DeleteItem(d).ok());
  EXPECT_EQ(f.SentTarget(1), "DynamoDB_20120810.DeleteItem");
  EXPECT_EQ(
      f.SentBody(1),
      boost::json::parse(R"({"TableName":"T","Key":{"k":{"S":"x"}},"ReturnValues":"ALL_OLD"})"));
}

TEST(DynamoDbClientTest, QueryIndexDescendingWithLimitAndStartKey) {
  Fixture f(R"({"Items":[{"PlayerId":{"S":"a"},"Score":{"N":"9"}}],"Count":1,"ScannedCount":1,
                "LastEvaluatedKey":{"PlayerId":{"S":"a"},"GameId":{"S":"g"},"Score":{"N":"9"}}})");
  QueryRequest q;
  q.table_name = "GameScores";
  q.index_name = "ByGameScore";
  q.key_condition_expression = "#g = :g";
  q.attributes.names = {{"#g", "GameId"}};
  q.attributes.values = {{":g", AttributeValue::S("g")}};
  q.limit = 10;
  q.scan_index_forward = false;
  q.exclusive_start_key = protocol::Item{{"PlayerId", AttributeValue::S("z")}};
  auto r = f.client.Query(q);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].at("Score"), AttributeValue::N(N(9)));
  EXPECT_EQ(r->count, 1);
  ASSERT_TRUE(r->last_evaluated_key.has_value());
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.Query");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"GameScores",
      "IndexName":"ByGameScore","KeyConditionExpression":"#g = :g",
      "ExpressionAttributeNames":{"#g":"GameId"},"ExpressionAttributeValues":{":g":{"S":"g"}},
      "Limit":10,"ScanIndexForward":false,"ExclusiveStartKey":{"PlayerId":{"S":"z"}}})"));
}

TEST(DynamoDbClientTest, ScanSegments) {
  Fixture f(R"({"Items":[],"Count":0,"ScannedCount":5})");
  auto r = f.client.Scan(
      {.table_name = "T", .limit = 5, .consistent_read = true, .segment = 1, .total_segments = 4});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->items.empty());
  EXPECT_EQ(r->scanned_count, 5);
  EXPECT_FALSE(r->last_evaluated_key.has_value());
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"T","Limit":5,
      "ConsistentRead":true,"Segment":1,"TotalSegments":4})"));
}

TEST(DynamoDbClientTest, MalformedItemsAreAnInvalidResponse) {
  Fixture f(R"({"Items":[{"a":{"Q":"?"}}]})");
  auto r = f.client.Scan({.table_name = "T"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, kInvalidResponseError);
}

TEST(DynamoDbClientTest, CreateAndDescribeTable) {
  Fixture f(R"({"TableDescription":{"TableName":"GameScores","TableStatus":"ACTIVE",
      "KeySchema":[{"AttributeName":"PlayerId","KeyType":"HASH"},
                   {"AttributeName":"GameId","KeyType":"RANGE"}],
      "AttributeDefinitions":[{"AttributeName":"PlayerId","AttributeType":"S"}],
      "GlobalSecondaryIndexes":[{"IndexName":"ByGameScore",
         "KeySchema":[{"AttributeName":"GameId","KeyType":"HASH"}],
         "Projection":{"ProjectionType":"ALL"}}],
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},
      "LatestStreamArn":"arn:aws:dynamodb:us-east-1:000000000000:table/GameScores/stream/x"}})");
  CreateTableRequest c;
  c.table_name = "GameScores";
  c.attribute_definitions = {{"PlayerId", "S"}, {"GameId", "S"}, {"Score", "N"}};
  c.key_schema = {{"PlayerId", "HASH"}, {"GameId", "RANGE"}};
  c.global_secondary_indexes = {
      {"ByGameScore", {{"GameId", "HASH"}, {"Score", "RANGE"}}, "ALL", {}}};
  c.stream_specification = StreamSpecification{true, "NEW_IMAGE"};
  auto r = f.client.CreateTable(c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table_status, "ACTIVE");
  ASSERT_EQ(r->key_schema.size(), 2u);
  EXPECT_EQ(r->key_schema[1].attribute_name, "GameId");
  ASSERT_EQ(r->global_secondary_indexes.size(), 1u);
  EXPECT_EQ(r->global_secondary_indexes[0].index_name, "ByGameScore");
  ASSERT_TRUE(r->stream_specification.has_value());
  EXPECT_EQ(r->stream_specification->stream_view_type, "NEW_IMAGE");
  EXPECT_TRUE(r->latest_stream_arn.has_value());
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"GameScores",
      "AttributeDefinitions":[{"AttributeName":"PlayerId","AttributeType":"S"},
        {"AttributeName":"GameId","AttributeType":"S"},{"AttributeName":"Score","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"PlayerId","KeyType":"HASH"},{"AttributeName":"GameId","KeyType":"RANGE"}],
      "BillingMode":"PAY_PER_REQUEST",
      "GlobalSecondaryIndexes":[{"IndexName":"ByGameScore",
        "KeySchema":[{"AttributeName":"GameId","KeyType":"HASH"},{"AttributeName":"Score","KeyType":"RANGE"}],
        "Projection":{"ProjectionType":"ALL"}}],
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"}})"));
}

TEST(DynamoDbClientTest, CreateTableWithLocalSecondaryIndex) {
  Fixture f(R"({"TableDescription":{"TableName":"Ranks","TableStatus":"ACTIVE",
      "KeySchema":[{"AttributeName":"Board","KeyType":"HASH"},
                   {"AttributeName":"PlayerId","KeyType":"RANGE"}],
      "LocalSecondaryIndexes":[{"IndexName":"ByRank",
         "KeySchema":[{"AttributeName":"Board","KeyType":"HASH"},
                      {"AttributeName":"RankKey","KeyType":"RANGE"}],
         "Projection":{"ProjectionType":"ALL"}}]}})");
  CreateTableRequest c;
  c.table_name = "Ranks";
  c.attribute_definitions = {{"Board", "S"}, {"PlayerId", "S"}, {"RankKey", "B"}};
  c.key_schema = {{"Board", "HASH"}, {"PlayerId", "RANGE"}};
  c.local_secondary_indexes = {{"ByRank", {{"Board", "HASH"}, {"RankKey", "RANGE"}}, "ALL", {}}};
  auto r = f.client.CreateTable(c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->global_secondary_indexes.empty());
  ASSERT_EQ(r->local_secondary_indexes.size(), 1u);
  EXPECT_EQ(r->local_secondary_indexes[0].index_name, "ByRank");
  ASSERT_EQ(r->local_secondary_indexes[0].key_schema.size(), 2u);
  EXPECT_EQ(r->local_secondary_indexes[0].key_schema[1].attribute_name, "RankKey");
  EXPECT_EQ(r->local_secondary_indexes[0].projection_type, "ALL");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"Ranks",
      "AttributeDefinitions":[{"AttributeName":"Board","AttributeType":"S"},
        {"AttributeName":"PlayerId","AttributeType":"S"},{"AttributeName":"RankKey","AttributeType":"B"}],
      "KeySchema":[{"AttributeName":"Board","KeyType":"HASH"},{"AttributeName":"PlayerId","KeyType":"RANGE"}],
      "BillingMode":"PAY_PER_REQUEST",
      "LocalSecondaryIndexes":[{"IndexName":"ByRank",
        "KeySchema":[{"AttributeName":"Board","KeyType":"HASH"},{"AttributeName":"RankKey","KeyType":"RANGE"}],
        "Projection":{"ProjectionType":"ALL"}}]})"));
}

TEST(DynamoDbClientTest, UpdateTimeToLive) {
  Fixture f(R"({"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"ExpiresAt"}})");
  auto r = f.client.UpdateTimeToLive("Ranks", {.enabled = true, .attribute_name = "ExpiresAt"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->enabled);
  EXPECT_EQ(r->attribute_name, "ExpiresAt");
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.UpdateTimeToLive");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"Ranks",
      "TimeToLiveSpecification":{"Enabled":true,"AttributeName":"ExpiresAt"}})"));
}

TEST(DynamoDbClientTest, UpdateTimeToLiveWithoutSpecificationIsInvalid) {
  Fixture f("{}");
  auto r = f.client.UpdateTimeToLive("Ranks", {.enabled = true, .attribute_name = "ExpiresAt"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, kInvalidResponseError);
}

TEST(DynamoDbClientTest, DescribeTimeToLive) {
  Fixture f(
      R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"ExpiresAt"}})");
  auto r = f.client.DescribeTimeToLive("Ranks");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->time_to_live_status, "ENABLED");
  EXPECT_EQ(r->attribute_name, std::optional<std::string>("ExpiresAt"));
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.DescribeTimeToLive");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"TableName":"Ranks"})"));

  Fixture off(R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  auto d = off.client.DescribeTimeToLive("Ranks");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->time_to_live_status, "DISABLED");
  EXPECT_FALSE(d->attribute_name.has_value());
}

TEST(DynamoDbClientTest, BatchWriteItemPutsDeletesAndUnprocessed) {
  Fixture f(R"({"UnprocessedItems":{"T":[
      {"DeleteRequest":{"Key":{"k":{"S":"b"}}}}]}})");
  BatchWriteItemRequest b;
  b.request_items["T"] = {
      {.put = protocol::Item{{"k", AttributeValue::S("a")}, {"n", AttributeValue::N(N(1))}}},
      {.delete_key = protocol::Item{{"k", AttributeValue::S("b")}}}};
  auto r = f.client.BatchWriteItem(b);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->unprocessed_items.size(), 1u);
  const auto& left = r->unprocessed_items.at("T");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_FALSE(left[0].put.has_value());
  EXPECT_EQ(left[0].delete_key, (protocol::Item{{"k", AttributeValue::S("b")}}));
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.BatchWriteItem");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"RequestItems":{"T":[
      {"PutRequest":{"Item":{"k":{"S":"a"},"n":{"N":"1"}}}},
      {"DeleteRequest":{"Key":{"k":{"S":"b"}}}}]}})"));
}

TEST(DynamoDbClientTest, BatchWriteItemAllProcessed) {
  Fixture f(R"({"UnprocessedItems":{}})");
  BatchWriteItemRequest b;
  b.request_items["T"] = {{.put = protocol::Item{{"k", AttributeValue::S("a")}}}};
  auto r = f.client.BatchWriteItem(b);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->unprocessed_items.empty());
}

TEST(DynamoDbClientTest, BatchWriteItemMalformedUnprocessedIsInvalid) {
  Fixture f(R"({"UnprocessedItems":{"T":[{}]}})");
  BatchWriteItemRequest b;
  b.request_items["T"] = {{.put = protocol::Item{{"k", AttributeValue::S("a")}}}};
  auto r = f.client.BatchWriteItem(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, kInvalidResponseError);
}

TEST(DynamoDbClientTest, BatchGetItemConsistentWithResponsesAndUnprocessedKeys) {
  Fixture f(R"({"Responses":{"T":[{"k":{"B":"AAE="},"c00":{"N":"2"}}]},
      "UnprocessedKeys":{"T":{"Keys":[{"k":{"B":"Ag=="}}],"ConsistentRead":true}}})");
  BatchGetItemRequest b;
  b.request_items["T"] = {.keys = {protocol::Item{{"k", AttributeValue::B(std::string("\0\1", 2))}},
                                   protocol::Item{{"k", AttributeValue::B("\2")}}},
                          .consistent_read = true};
  auto r = f.client.BatchGetItem(b);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(f.SentTarget(), "DynamoDB_20120810.BatchGetItem");
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"RequestItems":{"T":{
      "Keys":[{"k":{"B":"AAE="}},{"k":{"B":"Ag=="}}],"ConsistentRead":true}}})"));
  ASSERT_EQ(r->responses.at("T").size(), 1u);
  EXPECT_EQ(r->responses.at("T")[0].at("c00"), AttributeValue::N(N(2)));
  ASSERT_EQ(r->unprocessed_keys.size(), 1u);
  const KeysAndAttributes& left = r->unprocessed_keys.at("T");
  EXPECT_TRUE(left.consistent_read);
  ASSERT_EQ(left.keys.size(), 1u);
  EXPECT_EQ(left.keys[0], (protocol::Item{{"k", AttributeValue::B("\2")}}));
}

TEST(DynamoDbClientTest, BatchGetItemAllProcessed) {
  Fixture f(R"({"Responses":{"T":[]},"UnprocessedKeys":{}})");
  BatchGetItemRequest b;
  b.request_items["T"] = {.keys = {protocol::Item{{"k", AttributeValue::S("a")}}}};
  auto r = f.client.BatchGetItem(b);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->responses.at("T").empty());
  EXPECT_TRUE(r->unprocessed_keys.empty());
  EXPECT_EQ(f.SentBody(), boost::json::parse(R"({"RequestItems":{"T":{
      "Keys":[{"k":{"S":"a"}}]}}})"));
}

TEST(DynamoDbClientTest, BatchGetItemMalformedResponsesAreInvalid) {
  for (const char* body : {R"({"Responses":{"T":{}}})", R"({"Responses":{"T":[{"k":1}]}})",
                           R"({"UnprocessedKeys":{"T":{}}})", R"({"UnprocessedKeys":[]})"}) {
    Fixture f(body);
    BatchGetItemRequest b;
    b.request_items["T"] = {.keys = {protocol::Item{{"k", AttributeValue::S("a")}}}};
    auto r = f.client.BatchGetItem(b);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().type, kInvalidResponseError) << body;
  }
}

TEST(DynamoDbClientTest, QuerySelectCount) {
  Fixture f(R"({"Count":7,"ScannedCount":7})");
  QueryRequest q;
  q.table_name = "Ranks";
  q.key_condition_expression = "#b = :b";
  q.select = "COUNT";
  auto r = f.client.Query(q);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->count, 7);
  EXPECT_TRUE(r->items.empty());
  EXPECT_EQ(f.SentBody().as_object().at("Select"), "COUNT");
}

TEST(DynamoDbClientTest, ConsumedCapacityUnitsOfReads) {
  {
    Fixture f(R"({"Count":3,"ConsumedCapacity":{"TableName":"Ranks","CapacityUnits":1.5}})");
    QueryRequest q;
    q.table_name = "Ranks";
    q.key_condition_expression = "#b = :b";
    q.return_consumed_capacity = "TOTAL";
    auto r = f.client.Query(q);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->consumed_capacity_units, 1.5);
    EXPECT_EQ(f.SentBody().as_object().at("ReturnConsumedCapacity"), "TOTAL");
  }
  {
    Fixture f(R"({"Responses":{},"ConsumedCapacity":[{"TableName":"A","CapacityUnits":2},
        {"TableName":"B","CapacityUnits":0.5}]})");
    BatchGetItemRequest b;
    b.request_items["A"] = {.keys = {protocol::Item{{"k", AttributeValue::S("a")}}}};
    b.return_consumed_capacity = "TOTAL";
    auto r = f.client.BatchGetItem(b);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->consumed_capacity_units, 2.5);
  }
  {
    Fixture f(R"({"ConsumedCapacity":{"TableName":"T","CapacityUnits":1.0}})");
    auto r = f.client.GetItem({.table_name = "T",
                               .key = {{"k", AttributeValue::S("x")}},
                               .return_consumed_capacity = "TOTAL"});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->consumed_capacity_units, 1.0);
    EXPECT_EQ(f.SentBody().as_object().at("ReturnConsumedCapacity"), "TOTAL");
  }
}

}  // namespace
}  // namespace sb::dynamo
