#include "engine/ops/batch_write_item.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "engine/ops/query.h"
#include "engine/storage/store.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::AttributeValue;
using protocol::Item;

std::string Big(size_t n) { return std::string(n, 'x'); }

// Tables Tab(pk S) with GSI ByCat(cat S, ALL) and Two(pk S, sk N), in an in-memory store.
class BatchWriteItemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions opts;
    opts.in_memory = true;
    store_ = storage::Store::Open(opts).value();
    ctx_.store = store_.get();
    TableDef a;
    a.name = "Tab";
    a.key = {{"pk", ScalarType::S}, std::nullopt};
    a.attribute_definitions = {{"pk", ScalarType::S}, {"cat", ScalarType::S}};
    IndexDef by_cat;
    by_cat.name = "ByCat";
    by_cat.key = {{"cat", ScalarType::S}, std::nullopt};
    a.gsis = {by_cat};
    TableDef b;
    b.name = "Two";
    b.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
    b.attribute_definitions = {{"pk", ScalarType::S}, {"sk", ScalarType::N}};
    auto created = store_->Write([&](storage::WriteTxn& txn) -> Result<int> {
      SB_TRY_STATUS(txn.CreateTable(a));
      SB_TRY_STATUS(txn.CreateTable(b));
      return 0;
    });
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  OpResult Run(const std::string& body) {
    return BatchWriteItem(ctx_, json::parse(body).as_object());
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
  // The stored item of table `table` with that JSON key, serialized; "" if absent.
  std::string Get(const std::string& table, const std::string& key_json) {
    auto def = store_->FindTable(table);
    Item key = protocol::DecodeItem(json::parse(key_json)).value();
    auto k = storage::EncodeItemKey(def->key, key);
    std::optional<Item> item;
    Status st = store_->Read([&](storage::ReadView& view) -> Status {
      SB_ASSIGN_OR_RETURN(item, view.Get(*def, *k));
      return {};
    });
    EXPECT_TRUE(st.ok());
    return item ? json::serialize(protocol::EncodeItem(*item)) : "";
  }
  int64_t Count(const std::string& table) {
    auto def = store_->FindTable(table);
    int64_t n = -1;
    Status st = store_->Read([&](storage::ReadView& view) -> Status {
      SB_ASSIGN_OR_RETURN(auto stats, view.Stats(*def));
      n = stats.item_count;
      return {};
    });
    EXPECT_TRUE(st.ok());
    return n;
  }
  // Puts of Tab items pk = <prefix><i>, i in [0, n).
  static std::string Puts(const std::string& prefix, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += ",";
      out += R"({"PutRequest":{"Item":{"pk":{"S":")" + prefix + std::to_string(i) + R"("}}}})";
    }
    return out;
  }

  std::unique_ptr<storage::Store> store_;
  Context ctx_;
};

TEST_F(BatchWriteItemTest, PutsAndDeletesAcrossTables) {
  Ok(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"gone"}}}}]}})");
  json::object r = Ok(R"({"RequestItems":{
      "Tab":[{"PutRequest":{"Item":{"pk":{"S":"a1"},"v":{"N":"1"}}}},
           {"DeleteRequest":{"Key":{"pk":{"S":"gone"}}}},
           {"DeleteRequest":{"Key":{"pk":{"S":"never-there"}}}}],
      "Two":[{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"1"}}}},
           {"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"2"}}}}]}})");
  EXPECT_EQ(json::serialize(r), R"({"UnprocessedItems":{}})");
  EXPECT_EQ(Get("Tab", R"({"pk":{"S":"a1"}})"), R"({"pk":{"S":"a1"},"v":{"N":"1"}})");
  EXPECT_EQ(Get("Tab", R"({"pk":{"S":"gone"}})"), "");
  EXPECT_EQ(Count("Tab"), 1);
  EXPECT_EQ(Count("Two"), 2);
  // A put replaces the whole item.
  Ok(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"a1"},"w":{"S":"x"}}}}]}})");
  EXPECT_EQ(Get("Tab", R"({"pk":{"S":"a1"}})"), R"({"pk":{"S":"a1"},"w":{"S":"x"}})");
}

TEST_F(BatchWriteItemTest, TwentyFiveRequestsPerCall) {
  Ok(R"({"RequestItems":{"Tab":[)" + Puts("ok", 25) + "]}}");
  EXPECT_EQ(Count("Tab"), 25);
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[)" + Puts("x", 26) + "]}}"),
            "ValidationException: 1 validation error detected: Value at 'RequestItems.Tab.member' "
            "failed to satisfy constraint: Member must have length less than or equal to 25");
  // 25 is per call, not per table.
  std::string b_puts;
  for (int i = 0; i < 13; ++i) {
    b_puts += std::string(i ? "," : "") + R"({"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":")" +
              std::to_string(i) + R"("}}}})";
  }
  EXPECT_EQ(
      ErrorOf(R"({"RequestItems":{"Tab":[)" + Puts("y", 13) + R"(],"Two":[)" + b_puts + "]}}"),
      "ValidationException: Too many items requested for the BatchWriteItem call");
  EXPECT_EQ(Count("Tab"), 25);
  EXPECT_EQ(Count("Two"), 0);
}

TEST_F(BatchWriteItemTest, RequestShapeErrors) {
  EXPECT_EQ(ErrorOf(R"({})"),
            "ValidationException: 1 validation error detected: Value null at 'requestItems' "
            "failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{}})"),
            "ValidationException: 1 validation error detected: Value at 'RequestItems' failed to "
            "satisfy constraint: Member must have length greater than or equal to 1");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[]}})"),
            "ValidationException: 1 validation error detected: Value '{Tab=[]}' at 'requestItems' "
            "failed to satisfy constraint: Map value must satisfy constraint: [Member must have "
            "length less than or equal to 25, Member must have length greater than or equal to "
            "1]");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"p"}}},
      "DeleteRequest":{"Key":{"pk":{"S":"q"}}}}]}})"),
            "ValidationException: WriteRequest must contain exactly one of PutRequest or "
            "DeleteRequest");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{}]}})"),
            "ValidationException: WriteRequest must contain exactly one of PutRequest or "
            "DeleteRequest");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{}}]}})"),
            "ValidationException: 1 validation error detected: Value null at "
            "'requestItems.Tab.member.1.member.putRequest.item' failed to satisfy constraint: "
            "Member must not be null");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":{}}})").rfind("SerializationException", 0), 0u);
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"p"}}}}]},
      "ReturnConsumedCapacity":"ALL","ReturnItemCollectionMetrics":"BOGUS"})"),
            "ValidationException: 2 validation errors detected: Value 'ALL' at "
            "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value "
            "set: [INDEXES, TOTAL, NONE]; Value 'BOGUS' at 'returnItemCollectionMetrics' failed "
            "to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]");
  EXPECT_EQ(Count("Tab"), 0);
}

TEST_F(BatchWriteItemTest, DuplicateKeysAreRefused) {
  const std::string dup = "ValidationException: Provided list of item keys contains duplicates";
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[
      {"PutRequest":{"Item":{"pk":{"S":"d"},"v":{"N":"1"}}}},
      {"PutRequest":{"Item":{"pk":{"S":"d"},"v":{"N":"2"}}}}]}})"),
            dup);
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"d"}}}},
      {"DeleteRequest":{"Key":{"pk":{"S":"d"}}}}]}})"),
            dup);
  // Numbers compare by value: 1 and 1.0 are one key.
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Two":[
      {"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"1"}}}},
      {"DeleteRequest":{"Key":{"pk":{"S":"b"},"sk":{"N":"1.0"}}}}]}})"),
            dup);
  EXPECT_EQ(Count("Tab"), 0);
  // The same key value in two tables is two items.
  Ok(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"d"}}}}],
      "Two":[{"PutRequest":{"Item":{"pk":{"S":"d"},"sk":{"N":"1"}}}}]}})");
  EXPECT_EQ(Count("Tab"), 1);
  EXPECT_EQ(Count("Two"), 1);
}

TEST_F(BatchWriteItemTest, ARefusedBatchWritesNothing) {
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"ok"}}}}],
      "Ghost":[{"PutRequest":{"Item":{"pk":{"S":"x"}}}}]}})"),
            "ResourceNotFoundException: Requested resource not found");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"ok"}}}},
      {"PutRequest":{"Item":{"pk":{"S":"big"},"b":{"S":")" +
                    Big(410 * 1024) + R"("}}}}]}})"),
            "ValidationException: Item size has exceeded the maximum allowed size");
  // BatchWriteItem words a missing or mistyped key differently from PutItem.
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"ok"}}}},
      {"PutRequest":{"Item":{"v":{"N":"1"}}}}]}})"),
            "ValidationException: The provided key element does not match the schema");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"N":"5"}}}}]}})"),
            "ValidationException: The provided key element does not match the schema");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"DeleteRequest":{"Key":{"pk":{"S":"a"},
      "x":{"S":"y"}}}}]}})"),
            "ValidationException: The provided key element does not match the schema");
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":""}}}}]}})"),
            "ValidationException: One or more parameter values are not valid. The AttributeValue "
            "for a key attribute cannot contain an empty string value. Key: pk");
  // An index key of the wrong type refuses the batch too.
  EXPECT_EQ(ErrorOf(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"ok"}}}},
      {"PutRequest":{"Item":{"pk":{"S":"i"},"cat":{"N":"1"}}}}]}})")
                .rfind("ValidationException: One or more parameter values were invalid: Type "
                       "mismatch for Index Key cat",
                       0),
            0u);
  EXPECT_EQ(Count("Tab"), 0);
}

TEST_F(BatchWriteItemTest, IndexesFollowBatchWrites) {
  Ok(R"({"RequestItems":{"Tab":[
      {"PutRequest":{"Item":{"pk":{"S":"1"},"cat":{"S":"red"}}}},
      {"PutRequest":{"Item":{"pk":{"S":"2"},"cat":{"S":"red"}}}},
      {"PutRequest":{"Item":{"pk":{"S":"3"},"cat":{"S":"blue"}}}},
      {"PutRequest":{"Item":{"pk":{"S":"4"}}}}]}})");
  auto red = [&] {
    OpResult r = Query(ctx_, json::parse(R"({"TableName":"Tab","IndexName":"ByCat",
        "KeyConditionExpression":"cat = :c","ExpressionAttributeValues":{":c":{"S":"red"}}})")
                                 .as_object());
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->at("Count").as_int64() : -1;
  };
  EXPECT_EQ(red(), 2);
  // Re-categorise one item and delete the other: the index follows both.
  Ok(R"({"RequestItems":{"Tab":[
      {"PutRequest":{"Item":{"pk":{"S":"1"},"cat":{"S":"blue"}}}},
      {"DeleteRequest":{"Key":{"pk":{"S":"2"}}}}]}})");
  EXPECT_EQ(red(), 0);
  auto def = store_->FindTable("Tab");
  int64_t entries = -1;
  ASSERT_TRUE(store_
                  ->Read([&](storage::ReadView& view) -> Status {
                    SB_ASSIGN_OR_RETURN(auto stats, view.IndexStats(*def->FindIndex("ByCat")));
                    entries = stats.item_count;
                    return {};
                  })
                  .ok());
  EXPECT_EQ(entries, 2);  // items 1 and 3, both blue; item 4 has no cat (sparse index)
}

TEST_F(BatchWriteItemTest, ConsumedCapacityPerTable) {
  json::object r = Ok(R"({"RequestItems":{
      "Tab":[{"PutRequest":{"Item":{"pk":{"S":"c1"}}}},{"PutRequest":{"Item":{"pk":{"S":"c2"},
           "big":{"S":")" +
                      Big(1500) + R"("}}}},{"DeleteRequest":{"Key":{"pk":{"S":"none"}}}}],
      "Two":[{"PutRequest":{"Item":{"pk":{"S":"c"},"sk":{"N":"1"}}}}]},
      "ReturnConsumedCapacity":"TOTAL","ReturnItemCollectionMetrics":"SIZE"})");
  EXPECT_EQ(json::serialize(r.at("ConsumedCapacity")),
            R"([{"TableName":"Tab","CapacityUnits":4E0},{"TableName":"Two","CapacityUnits":1E0}])");
  r = Ok(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"c3"},"cat":{"S":"k"}}}}]},
      "ReturnConsumedCapacity":"INDEXES"})");
  EXPECT_EQ(json::serialize(r.at("ConsumedCapacity")),
            R"([{"TableName":"Tab","CapacityUnits":2E0,"Table":{"CapacityUnits":1E0},)"
            R"("GlobalSecondaryIndexes":{"ByCat":{"CapacityUnits":1E0}}}])");
  EXPECT_FALSE(Ok(R"({"RequestItems":{"Tab":[{"PutRequest":{"Item":{"pk":{"S":"c4"}}}}]}})")
                   .contains("ConsumedCapacity"));
}

}  // namespace
}  // namespace sb::engine::ops
