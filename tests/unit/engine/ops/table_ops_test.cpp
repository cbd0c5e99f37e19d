#include <gtest/gtest.h>

#include "engine/ops/operations.h"
#include "op_test_util.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;

constexpr const char* kGameScores = R"({
  "TableName": "GameScores",
  "AttributeDefinitions": [
    {"AttributeName": "PlayerId", "AttributeType": "S"},
    {"AttributeName": "GameId", "AttributeType": "S"},
    {"AttributeName": "Score", "AttributeType": "N"}],
  "KeySchema": [{"AttributeName": "PlayerId", "KeyType": "HASH"},
                {"AttributeName": "GameId", "KeyType": "RANGE"}],
  "BillingMode": "PAY_PER_REQUEST",
  "GlobalSecondaryIndexes": [{"IndexName": "ByGameScore",
    "KeySchema": [{"AttributeName": "GameId", "KeyType": "HASH"},
                  {"AttributeName": "Score", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["PlayerName"]}}],
  "LocalSecondaryIndexes": [{"IndexName": "ByScore",
    "KeySchema": [{"AttributeName": "PlayerId", "KeyType": "HASH"},
                  {"AttributeName": "Score", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "KEYS_ONLY"}}],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
  "Tags": [{"Key": "team", "Value": "games"}]
})";

using TableOpsTest = OpTest;

TEST_F(TableOpsTest, CreateTableDescribesLikeDynamoDB) {
  json::object resp = Ok(CreateTable, kGameScores);
  const json::object& d = resp.at("TableDescription").as_object();
  EXPECT_EQ(d.at("TableName"), "GameScores");
  EXPECT_EQ(d.at("TableStatus"), "ACTIVE");
  EXPECT_EQ(d.at("TableArn"), "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores");
  EXPECT_EQ(d.at("CreationDateTime").as_double(), 1'700'000'000.0);
  EXPECT_EQ(d.at("ItemCount"), 0);
  EXPECT_EQ(d.at("BillingModeSummary").at("BillingMode"), "PAY_PER_REQUEST");
  const auto& gsi = d.at("GlobalSecondaryIndexes").as_array()[0].as_object();
  EXPECT_EQ(gsi.at("IndexName"), "ByGameScore");
  EXPECT_EQ(gsi.at("IndexStatus"), "ACTIVE");
  EXPECT_EQ(gsi.at("Projection").at("ProjectionType"), "INCLUDE");
  EXPECT_EQ(gsi.at("IndexArn"),
            "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores/index/ByGameScore");
  EXPECT_EQ(d.at("LocalSecondaryIndexes").as_array().size(), 1u);
  EXPECT_EQ(d.at("StreamSpecification").at("StreamViewType"), "NEW_IMAGE");
  EXPECT_EQ(d.at("LatestStreamLabel"), "2023-11-14T22:13:20.000");
  EXPECT_EQ(d.at("LatestStreamArn"),
            "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores/stream/"
            "2023-11-14T22:13:20.000");

  json::object described = Ok(DescribeTable, R"({"TableName": "GameScores"})");
  EXPECT_EQ(described.at("Table").at("TableId"), d.at("TableId"));

  auto again = Err(CreateTable, kGameScores);
  EXPECT_EQ(again.type, "ResourceInUseException");
  EXPECT_EQ(again.message, "Table already exists: GameScores");
}

TEST_F(TableOpsTest, CreateTableValidation) {
  auto e = Err(CreateTable, R"({"TableName": "ab", "KeySchema": [], "AttributeDefinitions": []})");
  EXPECT_EQ(e.type, "ValidationException");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 3");
  e = Err(CreateTable, R"({"TableName": "Good"})");
  EXPECT_EQ(e.message,
            "2 validation errors detected: Value null at 'attributeDefinitions' failed to "
            "satisfy constraint: Member must not be null; Value null at 'keySchema' failed to "
            "satisfy constraint: Member must not be null");
  e = Err(CreateTable, R"({"TableName": "Tab1", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "b", "KeyType": "HASH"}]})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Some index key attributes are not "
            "defined in AttributeDefinitions. Keys: [b], AttributeDefinitions: [a]");
  e = Err(CreateTable, R"({"TableName": "Tab1", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"},
                               {"AttributeName": "x", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}]})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Number of attributes in KeySchema does "
            "not exactly match number of attributes defined in AttributeDefinitions");
  e = Err(CreateTable, R"({"TableName": "Tab1",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}]})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: ReadCapacityUnits and "
            "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  e = Err(CreateTable, R"({"TableName": "Tab1",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "X"}],
      "KeySchema": [{"AttributeName": "a", "KeyType": "RANGE"}]})");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' "
            "failed to satisfy "
            "constraint: Member must satisfy enum value set: [B, N, S]");
  e = Err(CreateTable, R"({"TableName": "Tab1", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "a", "KeyType": "RANGE"}]})");
  EXPECT_EQ(e.message, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  e = Err(CreateTable, R"({"TableName": "Tab1", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"},
                               {"AttributeName": "b", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
      "LocalSecondaryIndexes": [{"IndexName": "L1",
        "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
                      {"AttributeName": "b", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}]})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Table KeySchema does not have a range "
            "key, which is required when specifying a LocalSecondaryIndex");
  e = Err(CreateTable, R"({"TableName": "Tab1",
      "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 5},
      "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}]})");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' "
            "failed to satisfy constraint: Member must have value greater than or equal to 1");
  e = Err(CreateTable, R"({"TableName": 5})");
  EXPECT_EQ(e.type, "SerializationException");
  EXPECT_TRUE(store_->ListTables().empty());
}

TEST_F(TableOpsTest, ListTablesPages) {
  for (const char* name : {"delta", "alpha", "charlie", "bravo", "echo"}) {
    Ok(CreateTable, std::string(R"({"TableName": ")") + name + R"(",
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}]})");
  }
  json::object page = Ok(ListTables, R"({"Limit": 2})");
  EXPECT_EQ(json::serialize(page.at("TableNames")), R"(["alpha","bravo"])");
  EXPECT_EQ(page.at("LastEvaluatedTableName"), "bravo");
  page = Ok(ListTables, R"({"Limit": 2, "ExclusiveStartTableName": "bravo"})");
  EXPECT_EQ(json::serialize(page.at("TableNames")), R"(["charlie","delta"])");
  page = Ok(ListTables, R"({"Limit": 2, "ExclusiveStartTableName": "delta"})");
  EXPECT_EQ(json::serialize(page.at("TableNames")), R"(["echo"])");
  EXPECT_FALSE(page.contains("LastEvaluatedTableName"));
  page = Ok(ListTables, R"({})");
  EXPECT_EQ(page.at("TableNames").as_array().size(), 5u);
  EXPECT_EQ(Err(ListTables, R"({"Limit": 0})").type, "ValidationException");
}

TEST_F(TableOpsTest, DeleteTable) {
  Ok(CreateTable, kGameScores);
  json::object resp = Ok(DeleteTable, R"({"TableName": "GameScores"})");
  EXPECT_EQ(resp.at("TableDescription").at("TableStatus"), "DELETING");
  auto e = Err(DescribeTable, R"({"TableName": "GameScores"})");
  EXPECT_EQ(e.type, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Requested resource not found: Table: GameScores not found");
  EXPECT_EQ(Err(DeleteTable, R"({"TableName": "GameScores"})").type, "ResourceNotFoundException");
}

TEST_F(TableOpsTest, UpdateTableAddsBackfilledGsiAndDeletesIt) {
  Ok(CreateTable, R"({"TableName": "Tbl", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "k", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}]})");
  Ok(PutItem, R"({"TableName": "Tbl", "Item": {"k": {"S": "a"}, "g": {"S": "x"}}})");
  Ok(PutItem, R"({"TableName": "Tbl", "Item": {"k": {"S": "b"}, "g": {"N": "1"}}})");
  Ok(PutItem, R"({"TableName": "Tbl", "Item": {"k": {"S": "c"}}})");
  json::object resp = Ok(UpdateTable, R"({"TableName": "Tbl",
      "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "ByG",
        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}}]})");
  const auto& gsi = resp.at("TableDescription").at("GlobalSecondaryIndexes").as_array()[0];
  // Only "a" has g of type S: "b" (wrong type) and "c" (missing) are not in the index.
  EXPECT_EQ(gsi.at("ItemCount"), 1);
  // Writes now maintain it and check its key type.
  auto e = Err(PutItem, R"({"TableName": "Tbl", "Item": {"k": {"S": "d"}, "g": {"N": "5"}}})");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: "
            "S Actual: N IndexName: ByG");
  auto e2 = Err(UpdateTable, R"({"TableName": "Tbl", "GlobalSecondaryIndexUpdates": [
      {"Delete": {"IndexName": "ByG"}}, {"Delete": {"IndexName": "ByG"}}]})");
  EXPECT_EQ(e2.type, "LimitExceededException");
  resp = Ok(UpdateTable, R"({"TableName": "Tbl", "GlobalSecondaryIndexUpdates": [
      {"Delete": {"IndexName": "ByG"}}]})");
  EXPECT_FALSE(resp.at("TableDescription").as_object().contains("GlobalSecondaryIndexes"));
  resp = Ok(UpdateTable, R"({"TableName": "Tbl", "BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}})");
  EXPECT_EQ(resp.at("TableDescription").at("ProvisionedThroughput").at("WriteCapacityUnits"), 4);
  // Once on-demand, the summary stays, showing the current mode and when it last went on-demand.
  EXPECT_EQ(resp.at("TableDescription").at("BillingModeSummary").at("BillingMode"), "PROVISIONED");
  EXPECT_EQ(resp.at("TableDescription")
                .at("BillingModeSummary")
                .at("LastUpdateToPayPerRequestDateTime")
                .as_double(),
            1'700'000'000.0);
  EXPECT_EQ(Err(UpdateTable, R"({"TableName": "Tbl"})").type, "ValidationException");
  EXPECT_EQ(Err(UpdateTable, R"({"TableName": "Nope", "BillingMode": "PAY_PER_REQUEST"})").type,
            "ResourceNotFoundException");
}

TEST_F(TableOpsTest, Tags) {
  Ok(CreateTable, kGameScores);
  const std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/GameScores";
  Ok(TagResource, R"({"ResourceArn": ")" + arn + R"(", "Tags": [{"Key": "env", "Value": "dev"},
      {"Key": "team", "Value": "ranking"}]})");
  json::object tags = Ok(ListTagsOfResource, R"({"ResourceArn": ")" + arn + R"("})");
  EXPECT_EQ(json::serialize(tags.at("Tags")),
            R"([{"Key":"team","Value":"ranking"},{"Key":"env","Value":"dev"}])");
  Ok(UntagResource, R"({"ResourceArn": ")" + arn + R"(", "TagKeys": ["team"]})");
  tags = Ok(ListTagsOfResource, R"({"ResourceArn": ")" + arn + R"("})");
  EXPECT_EQ(json::serialize(tags.at("Tags")), R"([{"Key":"env","Value":"dev"}])");
  auto e = Err(ListTagsOfResource,
               R"({"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/Nope"})");
  EXPECT_EQ(e.type, "ResourceNotFoundException");
  EXPECT_EQ(Err(ListTagsOfResource, R"({"ResourceArn": "nonsense"})").type, "ValidationException");
}

TEST_F(TableOpsTest, TimeToLive) {
  Ok(CreateTable, kGameScores);
  json::object d = Ok(DescribeTimeToLive, R"({"TableName": "GameScores"})");
  EXPECT_EQ(d.at("TimeToLiveDescription").at("TimeToLiveStatus"), "DISABLED");
  json::object u = Ok(UpdateTimeToLive, R"({"TableName": "GameScores",
      "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ExpiresAt"}})");
  EXPECT_EQ(u.at("TimeToLiveSpecification").at("AttributeName"), "ExpiresAt");
  d = Ok(DescribeTimeToLive, R"({"TableName": "GameScores"})");
  EXPECT_EQ(d.at("TimeToLiveDescription").at("TimeToLiveStatus"), "ENABLED");
  EXPECT_EQ(d.at("TimeToLiveDescription").at("AttributeName"), "ExpiresAt");
  auto e = Err(UpdateTimeToLive, R"({"TableName": "GameScores",
      "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ExpiresAt"}})");
  EXPECT_EQ(e.message, "TimeToLive is already enabled");
}

}  // namespace
}  // namespace sb::engine::ops
