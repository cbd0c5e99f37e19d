#include "engine/ops/batch_get_item.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "engine/storage/store.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::AttributeValue;
using protocol::Item;

AttributeValue Str(std::string s) { return AttributeValue::S(std::move(s)); }

// Tables Tab(pk S) holding g0..g4 {v: i, w: "w"} and Two(pk S, sk N) holding ("g", 0..4).
class BatchGetItemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions opts;
    opts.in_memory = true;
    store_ = storage::Store::Open(opts).value();
    ctx_.store = store_.get();
    TableDef a;
    a.name = "Tab";
    a.key = {{"pk", ScalarType::S}, std::nullopt};
    a.attribute_definitions = {{"pk", ScalarType::S}};
    TableDef b;
    b.name = "Two";
    b.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
    b.attribute_definitions = {{"pk", ScalarType::S}, {"sk", ScalarType::N}};
    auto created = store_->Write([&](storage::WriteTxn& txn) -> Result<int> {
      SB_ASSIGN_OR_RETURN(auto ta, txn.CreateTable(a));
      SB_ASSIGN_OR_RETURN(auto tb, txn.CreateTable(b));
      for (int i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i);
        SB_TRY_STATUS(
            txn.Put(*ta, Item{{"pk", Str("g" + n)}, {"v", Num(n)}, {"w", Str("w")}}, std::nullopt));
        SB_TRY_STATUS(txn.Put(*tb, Item{{"pk", Str("g")}, {"sk", Num(n)}}, std::nullopt));
      }
      return 0;
    });
    ASSERT_TRUE(created.ok()) << created.error().message;
  }
  static AttributeValue Num(const std::string& n) {
    return AttributeValue::N(protocol::Number::Parse(n).value());
  }

  OpResult Run(const std::string& body) {
    return BatchGetItem(ctx_, json::parse(body).as_object());
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
  static std::string Keys(int n, const std::string& prefix = "k") {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out += std::string(i ? "," : "") + R"({"pk":{"S":")" + prefix + std::to_string(i) + R"("}})";
    }
    return out;
  }

  std::unique_ptr<storage::Store> store_;
  Context ctx_;
};

TEST_F(BatchGetItemTest, ReadsEveryTableWithItsOptions) {
  json::object r = Ok(R"({"RequestItems":{
      "Tab":{"Keys":[{"pk":{"S":"g1"}},{"pk":{"S":"g3"}},{"pk":{"S":"missing"}}],
             "ProjectionExpression":"#v","ExpressionAttributeNames":{"#v":"v"}},
      "Two":{"Keys":[{"pk":{"S":"g"},"sk":{"N":"4"}}],"ConsistentRead":true}}})");
  EXPECT_EQ(json::serialize(r),
            R"({"Responses":{"Tab":[{"v":{"N":"1"}},{"v":{"N":"3"}}],)"
            R"("Two":[{"pk":{"S":"g"},"sk":{"N":"4"}}]},"UnprocessedKeys":{}})");
  // A table whose keys all miss still appears, with an empty list.
  EXPECT_EQ(json::serialize(Ok(R"({"RequestItems":{"Tab":{"Keys":[{"pk":{"S":"nope"}}]}}})")),
            R"({"Responses":{"Tab":[]},"UnprocessedKeys":{}})");
}

TEST_F(BatchGetItemTest, LimitsAndErrors) {
  Ok(R"({"RequestItems":{"Tab":{"Keys":[)" + Keys(100) + "]}}}");
  const std::string too_many =
      "ValidationException: Too many items requested for the BatchGetItem call";
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{"Keys":[)" + Keys(101) + "]}}}"), too_many);
  std::string two_keys;
  for (int i = 0; i < 50; ++i) {
    two_keys +=
        std::string(i ? "," : "") + R"({"pk":{"S":"g"},"sk":{"N":")" + std::to_string(i) + R"("}})";
  }
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{"Keys":[)" + Keys(51) + R"(]},"Two":{"Keys":[)" +
                    two_keys + "]}}}"),
            too_many);
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{"Keys":[{"pk":{"S":"k"}},{"pk":{"S":"k"}}]}}})"),
            "ValidationException: Provided list of item keys contains duplicates");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Two":{"Keys":[{"pk":{"S":"k"}}]}}})"),
            "ValidationException: The provided key element does not match the schema");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Ghost":{"Keys":[{"pk":{"S":"k"}}]}}})"),
            "ResourceNotFoundException: Requested resource not found");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{"Keys":[]}}})"),
            "ValidationException: 1 validation error detected: Value '[]' at "
            "'requestItems.Tab.member.keys' failed to satisfy constraint: Member must have "
            "length greater than or equal to 1");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{}}})"),
            "ValidationException: 1 validation error detected: Value null at "
            "'requestItems.Tab.member.keys' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(ErrorOf(R"({})"),
            "ValidationException: 1 validation error detected: Value null at 'requestItems' "
            "failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{"Keys":[{"pk":{"S":"k"}}],
      "ExpressionAttributeNames":{"#v":"v"}}}})"),
            "ValidationException: ExpressionAttributeNames can only be specified when using "
            "expressions");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{"Keys":[{"pk":{"S":"k"}}],
      "ProjectionExpression":"v","ExpressionAttributeNames":{"#v":"v"}}}})")
                .rfind("ValidationException: Value provided in ExpressionAttributeNames unused", 0),
            0u);
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{"Keys":[{"pk":{"S":"k"}}],
      "AttributesToGet":["v"],"ProjectionExpression":"v"}}})")
                .rfind("ValidationException: Can not use both expression and non-expression", 0),
            0u);
}

TEST_F(BatchGetItemTest, ConsumedCapacityPerTable) {
  json::object r = Ok(R"({"RequestItems":{
      "Tab":{"Keys":[{"pk":{"S":"g0"}},{"pk":{"S":"g1"}},{"pk":{"S":"g2"}}]},
      "Two":{"Keys":[{"pk":{"S":"g"},"sk":{"N":"1"}}],"ConsistentRead":true}},
      "ReturnConsumedCapacity":"TOTAL"})");
  EXPECT_EQ(
      json::serialize(r.at("ConsumedCapacity")),
      R"([{"TableName":"Tab","CapacityUnits":1.5E0},{"TableName":"Two","CapacityUnits":1E0}])");
}

TEST_F(BatchGetItemTest, SixteenMegabytesPerResponseTheRestUnprocessed) {
  auto def = store_->FindTable("Tab");
  const std::string blob(350 * 1000, 'z');
  ASSERT_TRUE(store_
                  ->Write([&](storage::WriteTxn& txn) -> Result<int> {
                    for (int i = 0; i < 60; ++i) {
                      SB_TRY_STATUS(txn.Put(
                          *def, Item{{"pk", Str("h" + std::to_string(i))}, {"blob", Str(blob)}},
                          std::nullopt));
                    }
                    return 0;
                  })
                  .ok());
  // 60 items of ~350 KB (about 21 MB) plus a small table after them.
  json::object r = Ok(R"({"RequestItems":{"Tab":{"Keys":[)" + Keys(60, "h") +
                      R"(],"ConsistentRead":true,"ProjectionExpression":"pk"},
      "Two":{"Keys":[{"pk":{"S":"g"},"sk":{"N":"1"}}]}}})");
  const json::array& got = r.at("Responses").at("Tab").as_array();
  const json::object& pending = r.at("UnprocessedKeys").as_object();
  // 16 MB / ~350 KB: 47 items fit.
  EXPECT_EQ(got.size(), 47u);
  ASSERT_TRUE(pending.contains("Tab"));
  const json::object& again = pending.at("Tab").as_object();
  EXPECT_EQ(again.at("ConsistentRead"), json::value(true));
  EXPECT_EQ(again.at("ProjectionExpression"), json::value("pk"));
  EXPECT_EQ(again.at("Keys").as_array().size(), 13u);
  // Once the limit is reached, later tables are unprocessed too (and still listed).
  EXPECT_EQ(r.at("Responses").at("Two").as_array().size(), 0u);
  EXPECT_TRUE(pending.contains("Two"));
  std::set<std::string> seen;
  for (const auto& i : got) seen.insert(std::string(i.at("pk").at("S").as_string()));
  // Retrying the unprocessed keys returns the rest.
  json::object retry;
  retry["RequestItems"] = pending;
  json::object r2 = Ok(json::serialize(retry));
  EXPECT_EQ(json::serialize(r2.at("UnprocessedKeys")), "{}");
  for (const auto& i : r2.at("Responses").at("Tab").as_array()) {
    seen.insert(std::string(i.at("pk").at("S").as_string()));
  }
  EXPECT_EQ(seen.size(), 60u);
  EXPECT_EQ(r2.at("Responses").at("Two").as_array().size(), 1u);
}

}  // namespace
}  // namespace sb::engine::ops
