#include "engine/ops/query.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "engine/storage/store.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::AttributeValue;
using protocol::Item;
using protocol::Number;

AttributeValue Str(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue Num(const std::string& n) { return AttributeValue::N(Number::Parse(n).value()); }

// A table Qry(pk S, sk N) with GSI ByCat(cat S, price N, ALL), GSI CatKeys(cat, KEYS_ONLY) and
// LSI ByL(pk, l S, KEYS_ONLY); partition "p" holds sk 0..19.
class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions opts;
    opts.in_memory = true;
    store_ = storage::Store::Open(opts).value();
    ctx_.store = store_.get();
    TableDef def;
    def.name = "Qry";
    def.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
    def.attribute_definitions = {{"pk", ScalarType::S}, {"sk", ScalarType::N},
                                 {"cat", ScalarType::S}, {"price", ScalarType::N},
                                 {"l", ScalarType::S}};
    IndexDef by_cat;
    by_cat.name = "ByCat";
    by_cat.key = {{"cat", ScalarType::S}, KeyElement{"price", ScalarType::N}};
    IndexDef cat_keys;
    cat_keys.name = "CatKeys";
    cat_keys.key = {{"cat", ScalarType::S}, std::nullopt};
    cat_keys.projection.type = ProjectionType::kKeysOnly;
    IndexDef by_l;
    by_l.name = "ByL";
    by_l.global = false;
    by_l.key = {{"pk", ScalarType::S}, KeyElement{"l", ScalarType::S}};
    by_l.projection.type = ProjectionType::kKeysOnly;
    def.gsis = {by_cat, cat_keys};
    def.lsis = {by_l};
    def.billing = BillingMode::kPayPerRequest;
    auto created = store_->Write([&](storage::WriteTxn& txn) -> Result<int> {
      SB_ASSIGN_OR_RETURN(auto t, txn.CreateTable(def));
      for (int i = 0; i < 20; ++i) {
        Item item{{"pk", Str("p")},
                  {"sk", Num(std::to_string(i))},
                  {"cat", Str("c" + std::to_string(i % 3))},
                  {"price", Num(std::to_string(i * 10))},
                  {"l", Str(std::string(1, static_cast<char>('a' + (19 - i))))},
                  {"note", Str("n" + std::to_string(i))}};
        SB_TRY_STATUS(txn.Put(*t, item, std::nullopt));
      }
      Item other{{"pk", Str("q")}, {"sk", Num("0")}};
      SB_TRY_STATUS(txn.Put(*t, other, std::nullopt));
      return 0;
    });
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  OpResult Run(const std::string& body) {
    return Query(ctx_, json::parse(body).as_object());
  }
  json::object Ok(const std::string& body) {
    OpResult r = Run(body);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().type + ": " + r.error().message);
    return r.ok() ? *r : json::object();
  }
  std::string ErrorOf(const std::string& body) {
    OpResult r = Run(body);
    EXPECT_FALSE(r.ok());
    return r.ok() ? "" : r.error().type + ": " + r.error().message;
  }
  static std::vector<std::string> Sks(const json::object& resp) {
    std::vector<std::string> out;
    for (const auto& i : resp.at("Items").as_array()) {
      out.emplace_back(i.at("sk").at("N").as_string());
    }
    return out;
  }

  std::unique_ptr<storage::Store> store_;
  Context ctx_;
};

TEST_F(QueryTest, KeyConditionOperators) {
  auto q = [&](const std::string& cond, const std::string& values) {
    return Sks(Ok(R"({"TableName":"Qry","KeyConditionExpression":")" + cond +
                  R"(","ExpressionAttributeValues":{":p":{"S":"p"})" + values + "}}"));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(q("pk = :p AND sk < :a", R"(,":a":{"N":"3"})"), (V{"0", "1", "2"}));
  EXPECT_EQ(q("pk = :p AND sk <= :a", R"(,":a":{"N":"1"})"), (V{"0", "1"}));
  EXPECT_EQ(q("pk = :p AND sk > :a", R"(,":a":{"N":"17"})"), (V{"18", "19"}));
  EXPECT_EQ(q("pk = :p AND sk >= :a", R"(,":a":{"N":"19"})"), (V{"19"}));
  EXPECT_EQ(q("pk = :p AND sk = :a", R"(,":a":{"N":"7.0"})"), (V{"7"}));
  EXPECT_EQ(q("pk = :p AND sk BETWEEN :a AND :b", R"(,":a":{"N":"4"},":b":{"N":"6"})"),
            (V{"4", "5", "6"}));
  EXPECT_EQ(q("pk = :p", "").size(), 20u);
}

TEST_F(QueryTest, LimitCountsItemsReadBeforeTheFilterAndPagesResume) {
  json::object first = Ok(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p","Limit":6,
      "FilterExpression":"cat = :c",
      "ExpressionAttributeValues":{":p":{"S":"p"},":c":{"S":"c0"}}})");
  EXPECT_EQ(Sks(first), (std::vector<std::string>{"0", "3"}));
  EXPECT_EQ(first.at("Count").as_int64(), 2);
  EXPECT_EQ(first.at("ScannedCount").as_int64(), 6);
  EXPECT_EQ(json::serialize(first.at("LastEvaluatedKey")),
            R"({"pk":{"S":"p"},"sk":{"N":"5"}})");
  json::object next = Ok(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p",
      "ExclusiveStartKey":{"pk":{"S":"p"},"sk":{"N":"5"}},"ScanIndexForward":false,
      "ExpressionAttributeValues":{":p":{"S":"p"}}})");
  EXPECT_EQ(Sks(next), (std::vector<std::string>{"4", "3", "2", "1", "0"}));
  EXPECT_FALSE(next.contains("LastEvaluatedKey"));
  // Limit reached on the last row: DynamoDB still returns a LastEvaluatedKey.
  json::object exact = Ok(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p","Limit":20,
      "ExpressionAttributeValues":{":p":{"S":"p"}}})");
  EXPECT_TRUE(exact.contains("LastEvaluatedKey"));
}

TEST_F(QueryTest, IndexQueriesCarryTheIndexKeyInLastEvaluatedKey) {
  json::object r = Ok(R"({"TableName":"Qry","IndexName":"ByCat","Limit":2,
      "KeyConditionExpression":"cat = :c","ExpressionAttributeValues":{":c":{"S":"c2"}}})");
  EXPECT_EQ(Sks(r), (std::vector<std::string>{"2", "5"}));
  EXPECT_EQ(json::serialize(r.at("LastEvaluatedKey")),
            R"({"cat":{"S":"c2"},"pk":{"S":"p"},"price":{"N":"50"},"sk":{"N":"5"}})");
  json::object keys = Ok(R"({"TableName":"Qry","IndexName":"CatKeys",
      "KeyConditionExpression":"cat = :c","ExpressionAttributeValues":{":c":{"S":"c1"}}})");
  EXPECT_EQ(keys.at("Count").as_int64(), 7);
  for (const auto& i : keys.at("Items").as_array()) EXPECT_EQ(i.as_object().size(), 3u);
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry","IndexName":"CatKeys","Select":"ALL_ATTRIBUTES",
      "KeyConditionExpression":"cat = :c","ExpressionAttributeValues":{":c":{"S":"c1"}}})")
                .rfind("ValidationException", 0),
            0u);
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry","IndexName":"ByCat","ConsistentRead":true,
      "KeyConditionExpression":"cat = :c","ExpressionAttributeValues":{":c":{"S":"c1"}}})"),
            "ValidationException: Consistent reads are not supported on global secondary "
            "indexes");
  // An LSI with KEYS_ONLY serves ALL_ATTRIBUTES from the table.
  json::object lsi = Ok(R"({"TableName":"Qry","IndexName":"ByL","Select":"ALL_ATTRIBUTES",
      "KeyConditionExpression":"pk = :p AND l = :l",
      "ExpressionAttributeValues":{":p":{"S":"p"},":l":{"S":"a"}}})");
  ASSERT_EQ(lsi.at("Count").as_int64(), 1);
  EXPECT_EQ(lsi.at("Items").as_array()[0].at("note").at("S").as_string(), "n19");
}

TEST_F(QueryTest, SelectCountAndProjection) {
  json::object c = Ok(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p","Select":"COUNT",
      "FilterExpression":"price >= :x","ExpressionAttributeValues":{":p":{"S":"p"},":x":{"N":"100"}}})");
  EXPECT_FALSE(c.contains("Items"));
  EXPECT_EQ(c.at("Count").as_int64(), 10);
  EXPECT_EQ(c.at("ScannedCount").as_int64(), 20);
  json::object p = Ok(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p AND sk = :s",
      "ProjectionExpression":"note","ExpressionAttributeValues":{":p":{"S":"p"},":s":{"N":"3"}}})");
  EXPECT_EQ(json::serialize(p.at("Items")), R"([{"note":{"S":"n3"}}])");
}

TEST_F(QueryTest, ValidationErrors) {
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry"})"),
            "ValidationException: Either the KeyConditions or KeyConditionExpression parameter "
            "must be specified in the request.");
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p",
      "FilterExpression":"sk > :a","ExpressionAttributeValues":{":p":{"S":"p"},":a":{"N":"1"}}})"),
            "ValidationException: Filter Expression can only contain non-primary key "
            "attributes: Primary key attribute: sk");
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p AND sk = :a",
      "ExpressionAttributeValues":{":p":{"S":"p"},":a":{"S":"1"}}})")
                .rfind("ValidationException", 0),
            0u);
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p",
      "ExclusiveStartKey":{"pk":{"S":"p"}},"ExpressionAttributeValues":{":p":{"S":"p"}}})")
                .rfind("ValidationException: The provided starting key is invalid", 0),
            0u);
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry","IndexName":"Nope","KeyConditionExpression":"pk = :p",
      "ExpressionAttributeValues":{":p":{"S":"p"}}})"),
            "ValidationException: The table does not have the specified index: Nope");
  EXPECT_EQ(ErrorOf(R"({"TableName":"Ghost","KeyConditionExpression":"pk = :p",
      "ExpressionAttributeValues":{":p":{"S":"p"}}})")
                .rfind("ResourceNotFoundException", 0),
            0u);
  EXPECT_EQ(ErrorOf(R"({"TableName":"Qry","KeyConditions":{}})").rfind("ValidationException", 0),
            0u);
}

TEST_F(QueryTest, ConsumedCapacity) {
  json::object r = Ok(R"({"TableName":"Qry","KeyConditionExpression":"pk = :p",
      "ReturnConsumedCapacity":"TOTAL","ExpressionAttributeValues":{":p":{"S":"p"}}})");
  EXPECT_EQ(r.at("ConsumedCapacity").at("TableName").as_string(), "Qry");
  EXPECT_EQ(r.at("ConsumedCapacity").at("CapacityUnits").to_number<double>(), 0.5);
}

}  // namespace
}  // namespace sb::engine::ops
