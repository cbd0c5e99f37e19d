// The legacy (pre-expression) parameters through the operations: Expected, AttributeUpdates,
// KeyConditions, QueryFilter, ScanFilter, AttributesToGet, and the no-mixing rule.
#include <gtest/gtest.h>

#include <string>

#include "engine/ops/batch_get_item.h"
#include "engine/ops/operations.h"
#include "engine/ops/query.h"
#include "engine/ops/scan.h"
#include "op_test_util.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;

class LegacyParamsTest : public OpTest {
 protected:
  void SetUp() override {
    OpTest::SetUp();
    Ok(CreateTable, R"j({"TableName": "Leg", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                               {"AttributeName": "sk", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"}]})j");
    for (int i = 1; i <= 5; ++i) {
      const std::string n = std::to_string(i), v = std::to_string(i * 10);
      Ok(PutItem, R"j({"TableName": "Leg", "Item": {"pk": {"S": "p"}, "sk": {"N": ")j" + n +
                      R"j("}, "v": {"N": ")j" + v + R"j("}, "t": {"S": "x"}}})j");
    }
  }
  std::string Get(int sk) {
    json::object r = Ok(GetItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": ")j" +
                                     std::to_string(sk) + R"j("}}})j");
    return r.contains("Item") ? json::serialize(r.at("Item")) : "";
  }
};

TEST_F(LegacyParamsTest, ExpectedGuardsPutDeleteAndUpdate) {
  auto e = Err(PutItem, R"j({"TableName": "Leg", "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}},
                            "Expected": {"v": {"Value": {"N": "99"}}}})j");
  EXPECT_EQ(e.type, "ConditionalCheckFailedException");
  Ok(PutItem, R"j({"TableName": "Leg", "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}, "v": {"N": "11"}},
                  "Expected": {"v": {"Value": {"N": "10"}}, "t": {"Exists": true, "Value": {"S": "x"}}}})j");
  EXPECT_EQ(Get(1), R"j({"pk":{"S":"p"},"sk":{"N":"1"},"v":{"N":"11"}})j");
  // Exists: false on a missing item; OR combines.
  Ok(PutItem, R"j({"TableName": "Leg", "Item": {"pk": {"S": "new"}, "sk": {"N": "1"}},
                  "Expected": {"pk": {"Exists": false}}})j");
  Ok(DeleteItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "2"}},
                     "ConditionalOperator": "OR",
                     "Expected": {"v": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "100"}]},
                                  "t": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "x"}]}}})j");
  EXPECT_EQ(Get(2), "");
  e = Err(UpdateItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "3"}},
                          "Expected": {"v": {"ComparisonOperator": "NULL"}},
                          "AttributeUpdates": {"v": {"Action": "PUT", "Value": {"N": "1"}}}})j");
  EXPECT_EQ(e.type, "ConditionalCheckFailedException");
  e = Err(PutItem, R"j({"TableName": "Leg", "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}},
                       "Expected": {"v": {"Exists": false, "Value": {"N": "1"}}}})j");
  EXPECT_EQ(e.message,
            "One or more parameter values were invalid: Value cannot be used when "
            "Exists is false for Attribute: v");
  e = Err(PutItem, R"j({"TableName": "Leg", "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}},
                       "ConditionalOperator": "AND"})j");
  EXPECT_EQ(e.message, "ConditionalOperator cannot be used without Filter or Expected");
}

TEST_F(LegacyParamsTest, AttributeUpdatesPutAddDelete) {
  json::object r = Ok(UpdateItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "3"}},
      "ReturnValues": "UPDATED_NEW",
      "AttributeUpdates": {"v": {"Action": "ADD", "Value": {"N": "5"}},
                           "s": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
                           "t": {"Action": "DELETE"},
                           "u": {"Value": {"S": "put is the default"}}}})j");
  EXPECT_EQ(json::serialize(r.at("Attributes")),
            R"j({"s":{"SS":["a","b"]},"u":{"S":"put is the default"},"v":{"N":"35"}})j");
  Ok(UpdateItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "3"}},
      "AttributeUpdates": {"s": {"Action": "DELETE", "Value": {"SS": ["a"]}}}})j");
  EXPECT_EQ(Get(3),
            R"j({"pk":{"S":"p"},"s":{"SS":["b"]},"sk":{"N":"3"},"u":{"S":"put is the default"},"v":{"N":"35"}})j");
  auto e = Err(UpdateItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "3"}},
      "AttributeUpdates": {"v": {"Action": "ADD", "Value": {"S": "no"}}}})j");
  EXPECT_EQ(e.type, "ValidationException");
}

TEST_F(LegacyParamsTest, KeyConditionsQueryFilterAndAttributesToGet) {
  json::object r = Ok(Query, R"j({"TableName": "Leg",
      "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
                        "sk": {"ComparisonOperator": "BETWEEN",
                               "AttributeValueList": [{"N": "2"}, {"N": "4"}]}},
      "QueryFilter": {"v": {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "30"}]}},
      "AttributesToGet": ["sk"]})j");
  EXPECT_EQ(json::serialize(r.at("Items")), R"j([{"sk":{"N":"2"}},{"sk":{"N":"4"}}])j");
  EXPECT_EQ(r.at("ScannedCount").as_int64(), 3);
  auto e = Err(Query, R"j({"TableName": "Leg",
      "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}},
      "QueryFilter": {"sk": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]}}})j");
  EXPECT_EQ(e.message,
            "QueryFilter can only contain non-primary key attributes: Primary key "
            "attribute: sk");
}

TEST_F(LegacyParamsTest, ScanFilterAndGetItemAttributesToGet) {
  json::object r = Ok(Scan, R"j({"TableName": "Leg", "Select": "COUNT",
      "ScanFilter": {"v": {"ComparisonOperator": "IN",
                           "AttributeValueList": [{"N": "10"}, {"N": "50"}, {"N": "7"}]}}})j");
  EXPECT_EQ(r.at("Count").as_int64(), 2);
  r = Ok(GetItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "4"}},
                      "AttributesToGet": ["v", "nope"]})j");
  EXPECT_EQ(json::serialize(r.at("Item")), R"j({"v":{"N":"40"}})j");
  r = Ok(BatchGetItem, R"j({"RequestItems": {"Leg": {"AttributesToGet": ["t"],
      "Keys": [{"pk": {"S": "p"}, "sk": {"N": "5"}}]}}})j");
  EXPECT_EQ(json::serialize(r.at("Responses").at("Leg")), R"j([{"t":{"S":"x"}}])j");
}

TEST_F(LegacyParamsTest, MixingIsRefusedWithDynamoDbsMessage) {
  auto e = Err(PutItem, R"j({"TableName": "Leg", "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}},
      "Expected": {"v": {"Exists": false}}, "ConditionExpression": "attribute_exists(pk)"})j");
  EXPECT_EQ(e.message,
            "Can not use both expression and non-expression parameters in the same "
            "request: Non-expression parameters: {Expected} Expression parameters: "
            "{ConditionExpression}");
  e = Err(UpdateItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "1"}},
      "AttributeUpdates": {"v": {"Action": "DELETE"}}, "Expected": {"v": {"Exists": false}},
      "UpdateExpression": "REMOVE v", "ConditionExpression": "attribute_exists(pk)"})j");
  EXPECT_EQ(e.message,
            "Can not use both expression and non-expression parameters in the same "
            "request: Non-expression parameters: {AttributeUpdates, Expected} "
            "Expression parameters: {UpdateExpression, ConditionExpression}");
  e = Err(GetItem, R"j({"TableName": "Leg", "Key": {"pk": {"S": "p"}, "sk": {"N": "1"}},
      "AttributesToGet": ["v"], "ProjectionExpression": "v"})j");
  EXPECT_EQ(e.message,
            "Can not use both expression and non-expression parameters in the same "
            "request: Non-expression parameters: {AttributesToGet} Expression "
            "parameters: {ProjectionExpression}");
  e = Err(Query, R"j({"TableName": "Leg", "KeyConditionExpression": "pk = :p",
      "ExpressionAttributeValues": {":p": {"S": "p"}},
      "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}})j");
  EXPECT_EQ(e.message,
            "Can not use both expression and non-expression parameters in the same "
            "request: Non-expression parameters: {KeyConditions} Expression "
            "parameters: {KeyConditionExpression}");
  e = Err(Scan, R"j({"TableName": "Leg", "FilterExpression": "v > :x",
      "ExpressionAttributeValues": {":x": {"N": "1"}},
      "ScanFilter": {"v": {"ComparisonOperator": "NOT_NULL"}}})j");
  EXPECT_EQ(e.type, "ValidationException");
  EXPECT_NE(e.message.find("{ScanFilter}"), std::string::npos) << e.message;
}

}  // namespace
}  // namespace sb::engine::ops
