#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "engine/ops/operations.h"
#include "engine/ops/ttl_sweeper.h"
#include "op_test_util.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;

class ItemOpsTest : public OpTest {
 protected:
  void SetUp() override {
    OpTest::SetUp();
    Ok(CreateTable, R"({"TableName": "Scores", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "PlayerId", "AttributeType": "S"},
                               {"AttributeName": "GameId", "AttributeType": "S"},
                               {"AttributeName": "Score", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "PlayerId", "KeyType": "HASH"},
                    {"AttributeName": "GameId", "KeyType": "RANGE"}],
      "GlobalSecondaryIndexes": [{"IndexName": "ByGameScore",
        "KeySchema": [{"AttributeName": "GameId", "KeyType": "HASH"},
                      {"AttributeName": "Score", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}]})");
  }
  std::string Get(const std::string& player, const std::string& game) {
    json::object r = Ok(GetItem, R"({"TableName": "Scores", "ConsistentRead": true, "Key": {
        "PlayerId": {"S": ")" + player + R"("}, "GameId": {"S": ")" + game + R"("}}})");
    return r.contains("Item") ? json::serialize(r.at("Item")) : "";
  }
};

TEST_F(ItemOpsTest, PutGetDelete) {
  json::object r = Ok(PutItem, R"({"TableName": "Scores", "Item": {
      "PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}, "Score": {"N": "10.50"}}})");
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(Get("p1", "g1"), R"({"GameId":{"S":"g1"},"PlayerId":{"S":"p1"},"Score":{"N":"10.5"}})");
  r = Ok(PutItem, R"({"TableName": "Scores", "ReturnValues": "ALL_OLD", "Item": {
      "PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}, "Score": {"N": "11"}}})");
  EXPECT_EQ(json::serialize(r.at("Attributes").at("Score")), R"({"N":"10.5"})");
  r = Ok(DeleteItem, R"({"TableName": "Scores", "ReturnValues": "ALL_OLD",
      "Key": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}}})");
  EXPECT_EQ(json::serialize(r.at("Attributes").at("Score")), R"({"N":"11"})");
  EXPECT_EQ(Get("p1", "g1"), "");
  r = Ok(DeleteItem, R"({"TableName": "Scores", "ReturnValues": "ALL_OLD",
      "Key": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}}})");
  EXPECT_FALSE(r.contains("Attributes"));
}

TEST_F(ItemOpsTest, KeyValidationMessages) {
  auto e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p1"}}})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Missing the key GameId in the item");
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"N": "1"}, "GameId": {"S": "g"}}})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Type mismatch for key PlayerId "
            "expected: S actual: N");
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": ""}, "GameId": {"S": "g"}}})");
  EXPECT_EQ(e.message,
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: PlayerId");
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p"}, "GameId": {"S": "g"},
      "Score": {"S": "high"}}})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Type mismatch for Index Key Score "
            "Expected: N Actual: S IndexName: ByGameScore");
  e = Err(GetItem, R"({"TableName": "Scores", "Key": {"PlayerId": {"S": "p1"}}})");
  EXPECT_EQ(e.message, "The provided key element does not match the schema");
  e = Err(GetItem, R"({"TableName": "Scores", "Key": {"PlayerId": {"S": "p1"},
      "GameId": {"S": "g"}, "Extra": {"S": "x"}}})");
  EXPECT_EQ(e.message, "The provided key element does not match the schema");
  e = Err(GetItem, R"({"TableName": "Nope", "Key": {"PlayerId": {"S": "p1"}}})");
  EXPECT_EQ(e.type, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Requested resource not found");
  e = Err(PutItem, R"({"TableName": "Scores"})");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value null at 'item' failed to satisfy constraint: "
            "Member must not be null");
  std::string big(2049, 'x');
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": ")" + big +
                       R"("}, "GameId": {"S": "g"}}})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Size of hashkey has exceeded the "
            "maximum size limit of2048 bytes");
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p"}, "GameId": {"S": ")" +
                       std::string(1025, 'y') + R"("}}})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Aggregated size of all range keys has "
            "exceeded the size limit of 1024 bytes");
}

TEST_F(ItemOpsTest, ItemSizeLimit) {
  std::string just_under(400 * 1024 - 100, 'a');
  Ok(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p"}, "GameId": {"S": "g"},
      "Blob": {"S": ")" + just_under + R"("}}})");
  std::string over(400 * 1024, 'a');
  auto e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p"},
      "GameId": {"S": "g"}, "Blob": {"S": ")" + over + R"("}}})");
  EXPECT_EQ(e.message, "Item size has exceeded the maximum allowed size");
  // An update that grows the item past the limit fails and changes nothing.
  e = Err(UpdateItem, R"({"TableName": "Scores", "Key": {"PlayerId": {"S": "p"}, "GameId": {"S": "g"}},
      "UpdateExpression": "SET More = :m", "ExpressionAttributeValues": {":m": {"S": ")" +
                          std::string(200, 'b') + R"("}}})");
  EXPECT_EQ(e.message, "Item size has exceeded the maximum allowed size");
}

TEST_F(ItemOpsTest, ConditionalWrites) {
  const std::string put = R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p1"},
      "GameId": {"S": "g1"}, "Score": {"N": "5"}},
      "ConditionExpression": "attribute_not_exists(PlayerId) "})";
  Ok(PutItem, put);
  auto e = Err(PutItem, put);
  EXPECT_EQ(e.type, "ConditionalCheckFailedException");
  EXPECT_EQ(e.message, "The conditional request failed");
  EXPECT_TRUE(e.extra_json.empty());
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p1"},
      "GameId": {"S": "g1"}, "Score": {"N": "6"}},
      "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
      "ConditionExpression": "Score > :s", "ExpressionAttributeValues": {":s": {"N": "100"}}})");
  EXPECT_EQ(e.type, "ConditionalCheckFailedException");
  EXPECT_EQ(e.extra_json,
            R"("Item":{"GameId":{"S":"g1"},"PlayerId":{"S":"p1"},"Score":{"N":"5"}})");
  e = Err(DeleteItem, R"({"TableName": "Scores", "Key": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}},
      "ConditionExpression": "Score = :s", "ExpressionAttributeValues": {":s": {"N": "4"}}})");
  EXPECT_EQ(e.type, "ConditionalCheckFailedException");
  EXPECT_NE(Get("p1", "g1"), "");
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}},
      "ConditionExpression": "Score > :s", "ExpressionAttributeValues": {":s": {"N": "1"}, ":t": {"N": "2"}}})");
  EXPECT_EQ(e.type, "ValidationException");
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}},
      "ExpressionAttributeValues": {":s": {"N": "1"}}})");
  EXPECT_EQ(e.message, "ExpressionAttributeValues can only be specified when using expressions");
  e = Err(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}},
      "Expected": {"Score": {"Exists": false}}})");
  EXPECT_EQ(e.type, "ConditionalCheckFailedException");  // legacy Expected is supported
  e = Err(PutItem, R"({"TableName": "Scores", "ReturnValues": "ALL_NEW",
      "Item": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}}})");
  EXPECT_EQ(e.message, "ReturnValues can only be ALL_OLD or NONE");
  e = Err(PutItem, R"({"TableName": "Scores", "ReturnValues": "SOME",
      "Item": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}}})");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy "
            "constraint: Member must satisfy enum value set: [NONE, ALL_OLD, UPDATED_OLD, "
            "ALL_NEW, UPDATED_NEW]");
}

TEST_F(ItemOpsTest, UpdateItemReturnValues) {
  const std::string key = R"("Key": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}})";
  json::object r = Ok(UpdateItem, R"({"TableName": "Scores", )" + key + R"(,
      "UpdateExpression": "SET Score = :s, #n = :n", "ExpressionAttributeNames": {"#n": "Name"},
      "ExpressionAttributeValues": {":s": {"N": "1"}, ":n": {"S": "Ann"}},
      "ReturnValues": "ALL_NEW"})");
  EXPECT_EQ(json::serialize(r.at("Attributes")),
            R"({"GameId":{"S":"g1"},"Name":{"S":"Ann"},"PlayerId":{"S":"p1"},"Score":{"N":"1"}})");
  r = Ok(UpdateItem, R"({"TableName": "Scores", )" + key + R"(,
      "UpdateExpression": "ADD Score :d", "ExpressionAttributeValues": {":d": {"N": "2"}},
      "ReturnValues": "UPDATED_OLD"})");
  EXPECT_EQ(json::serialize(r.at("Attributes")), R"({"Score":{"N":"1"}})");
  r = Ok(UpdateItem, R"({"TableName": "Scores", )" + key + R"(,
      "UpdateExpression": "ADD Score :d", "ExpressionAttributeValues": {":d": {"N": "2"}},
      "ReturnValues": "UPDATED_NEW"})");
  EXPECT_EQ(json::serialize(r.at("Attributes")), R"({"Score":{"N":"5"}})");
  r = Ok(UpdateItem, R"({"TableName": "Scores", )" + key + R"(,
      "UpdateExpression": "REMOVE #n", "ExpressionAttributeNames": {"#n": "Name"},
      "ReturnValues": "ALL_OLD"})");
  EXPECT_EQ(json::serialize(r.at("Attributes").at("Name")), R"({"S":"Ann"})");
  auto e = Err(UpdateItem, R"({"TableName": "Scores", )" + key + R"(,
      "UpdateExpression": "SET PlayerId = :p", "ExpressionAttributeValues": {":p": {"S": "x"}}})");
  EXPECT_EQ(e.message, "One or more parameter values were invalid: Cannot update attribute PlayerId. This attribute is part of the key");
  // Legacy AttributeUpdates are supported (legacy_params_test.cpp has the details).
  r = Ok(UpdateItem, R"({"TableName": "Scores", )" + key + R"(, "ReturnValues": "UPDATED_NEW",
      "AttributeUpdates": {"Score": {"Action": "PUT", "Value": {"N": "1"}}}})");
  EXPECT_EQ(json::serialize(r.at("Attributes")), R"({"Score":{"N":"1"}})");
  // An update without UpdateExpression creates the item from its key.
  Ok(UpdateItem, R"({"TableName": "Scores", "Key": {"PlayerId": {"S": "p2"}, "GameId": {"S": "g2"}}})");
  EXPECT_EQ(Get("p2", "g2"), R"({"GameId":{"S":"g2"},"PlayerId":{"S":"p2"}})");
  // A false condition on a missing item creates nothing.
  e = Err(UpdateItem, R"({"TableName": "Scores", "Key": {"PlayerId": {"S": "p3"}, "GameId": {"S": "g"}},
      "UpdateExpression": "SET Score = :s", "ConditionExpression": "attribute_exists(PlayerId) ",
      "ExpressionAttributeValues": {":s": {"N": "1"}}})");
  EXPECT_EQ(e.type, "ConditionalCheckFailedException");
  EXPECT_EQ(Get("p3", "g"), "");
}

TEST_F(ItemOpsTest, ProjectionAndConsumedCapacity) {
  Ok(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"},
      "Score": {"N": "5"}, "Name": {"S": ")" + std::string(5000, 'n') + R"("}}})");
  json::object r = Ok(GetItem, R"({"TableName": "Scores", "Key": {"PlayerId": {"S": "p1"},
      "GameId": {"S": "g1"}}, "ProjectionExpression": "#s", "ExpressionAttributeNames": {"#s": "Score"},
      "ReturnConsumedCapacity": "TOTAL"})");
  EXPECT_EQ(json::serialize(r.at("Item")), R"({"Score":{"N":"5"}})");
  // ~5 KB item: 2 read units, halved for an eventually consistent read.
  EXPECT_EQ(r.at("ConsumedCapacity").at("CapacityUnits").as_double(), 1.0);
  EXPECT_EQ(r.at("ConsumedCapacity").at("TableName"), "Scores");
  r = Ok(PutItem, R"({"TableName": "Scores", "ReturnConsumedCapacity": "INDEXES",
      "Item": {"PlayerId": {"S": "p1"}, "GameId": {"S": "g1"}, "Score": {"N": "6"}}})");
  const auto& cc = r.at("ConsumedCapacity").as_object();
  EXPECT_EQ(cc.at("Table").at("CapacityUnits").as_double(), 5.0);  // max(old ~5 KB, new)
  EXPECT_EQ(cc.at("GlobalSecondaryIndexes").at("ByGameScore").at("CapacityUnits").as_double(), 2.0);
  EXPECT_EQ(cc.at("CapacityUnits").as_double(), 7.0);
  r = Ok(DeleteItem, R"({"TableName": "Scores", "ReturnConsumedCapacity": "TOTAL",
      "Key": {"PlayerId": {"S": "nobody"}, "GameId": {"S": "g1"}}})");
  EXPECT_EQ(r.at("ConsumedCapacity").at("CapacityUnits").as_double(), 1.0);
}

TEST_F(ItemOpsTest, ConcurrentConditionalIncrementsLoseNoUpdate) {
  Ok(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "c"}, "GameId": {"S": "g"},
      "Version": {"N": "0"}}})");
  // Optimistic concurrency as the leaderboard function does it: read, then write with
  // "Version = :seen"; retry on conflict. Every increment must land exactly once.
  const int kThreads = 4, kIncrements = 50;
  std::vector<std::thread> threads;
  std::atomic<int> conflicts{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        for (;;) {
          std::string item = Get("c", "g");
          int64_t seen = std::stoll(std::string(
              json::parse(item).at("Version").at("N").as_string()));
          auto r = Call(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": "c"},
              "GameId": {"S": "g"}, "Version": {"N": ")" + std::to_string(seen + 1) + R"("}},
              "ConditionExpression": "Version = :seen",
              "ExpressionAttributeValues": {":seen": {"N": ")" + std::to_string(seen) + R"("}}})");
          if (r.ok()) break;
          EXPECT_EQ(r.error().type, "ConditionalCheckFailedException");
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Get("c", "g"), R"({"GameId":{"S":"g"},"PlayerId":{"S":"c"},"Version":{"N":")" +
                               std::to_string(kThreads * kIncrements) + R"("}})");
}

TEST_F(ItemOpsTest, TtlSweepDeletesExpiredItemsOnly) {
  Ok(UpdateTimeToLive, R"({"TableName": "Scores",
      "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "Exp"}})");
  const int64_t now = 1'700'000'000;
  auto put = [&](const std::string& player, const std::string& exp_json) {
    Ok(PutItem, R"({"TableName": "Scores", "Item": {"PlayerId": {"S": ")" + player +
                    R"("}, "GameId": {"S": "g"}, "Score": {"N": "1"}, "Exp": )" + exp_json + "}}");
  };
  put("past", R"({"N": ")" + std::to_string(now - 10) + R"("})");
  put("future", R"({"N": ")" + std::to_string(now + 10) + R"("})");
  put("string", R"({"S": "1"})");
  put("ancient", R"({"N": ")" + std::to_string(now - 6LL * 365 * 24 * 3600) + R"("})");
  auto swept = SweepExpiredItems(ctx_, now, 100);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept.value(), 1);
  EXPECT_EQ(Get("past", "g"), "");
  EXPECT_NE(Get("future", "g"), "");
  EXPECT_NE(Get("string", "g"), "");
  EXPECT_NE(Get("ancient", "g"), "");
  json::object d = Ok(DescribeTable, R"({"TableName": "Scores"})");
  EXPECT_EQ(d.at("Table").at("ItemCount"), 3);
  EXPECT_EQ(d.at("Table").at("GlobalSecondaryIndexes").as_array()[0].at("ItemCount"), 3);
}

}  // namespace
}  // namespace sb::engine::ops
