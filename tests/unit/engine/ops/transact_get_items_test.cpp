#include "engine/ops/transact_get_items.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "engine/ops/transact_write_items.h"
#include "engine/storage/store.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::AttributeValue;
using protocol::Item;

AttributeValue Num(const std::string& n) {
  return AttributeValue::N(protocol::Number::Parse(n).value());
}

// Tables Acc(pk S) holding alice {bal 100} and bob {bal 50}, and Log(pk S, sk N).
class TransactGetItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions opts;
    opts.in_memory = true;
    Open(opts);
  }
  void Open(const storage::StoreOptions& opts) {
    store_ = storage::Store::Open(opts).value();
    ctx_.store = store_.get();
    TableDef acc;
    acc.name = "Acc";
    acc.key = {{"pk", ScalarType::S}, std::nullopt};
    acc.attribute_definitions = {{"pk", ScalarType::S}};
    TableDef log;
    log.name = "Log";
    log.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
    log.attribute_definitions = {{"pk", ScalarType::S}, {"sk", ScalarType::N}};
    auto created = store_->Write([&](storage::WriteTxn& txn) -> Result<int> {
      SB_ASSIGN_OR_RETURN(auto t, txn.CreateTable(acc));
      SB_TRY_STATUS(txn.CreateTable(log));
      SB_TRY_STATUS(
          txn.Put(*t, Item{{"pk", AttributeValue::S("alice")}, {"bal", Num("100")}}, std::nullopt));
      SB_TRY_STATUS(
          txn.Put(*t, Item{{"pk", AttributeValue::S("bob")}, {"bal", Num("50")}}, std::nullopt));
      return 0;
    });
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  OpResult Run(const std::string& body) {
    return TransactGetItems(ctx_, json::parse(body).as_object());
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

  std::unique_ptr<storage::Store> store_;
  Context ctx_;
};

TEST_F(TransactGetItemsTest, ResponsesFollowTheRequestOrder) {
  json::object r = Ok(R"({"TransactItems":[
      {"Get":{"TableName":"Acc","Key":{"pk":{"S":"bob"}}}},
      {"Get":{"TableName":"Acc","Key":{"pk":{"S":"nobody"}}}},
      {"Get":{"TableName":"Acc","Key":{"pk":{"S":"alice"}},
              "ProjectionExpression":"#b","ExpressionAttributeNames":{"#b":"bal"}}}]})");
  EXPECT_EQ(json::serialize(r), R"({"Responses":[{"Item":{"bal":{"N":"50"},"pk":{"S":"bob"}}},{},)"
                                R"({"Item":{"bal":{"N":"100"}}}]})");
}

TEST_F(TransactGetItemsTest, ValidationErrors) {
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Get":{"TableName":"Acc","Key":{"pk":{"S":"bob"}}}},
      {"Get":{"TableName":"Acc","Key":{"pk":{"S":"bob"}}}}]})"),
            "ValidationException: Transaction request cannot include multiple operations on one "
            "item");
  std::string many;
  for (int i = 0; i < 101; ++i) {
    many += std::string(i ? "," : "") + R"({"Get":{"TableName":"Acc","Key":{"pk":{"S":"k)" +
            std::to_string(i) + R"("}}}})";
  }
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[)" + many + "]}"),
            "ValidationException: 1 validation error detected: Value "
            "'[" + many.substr(0, 63) + "...' at 'transactItems' failed to satisfy constraint: "
            "Member must have length less than or equal to 100");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[]})"),
            "ValidationException: 1 validation error detected: Value '[]' at 'transactItems' "
            "failed to satisfy constraint: Member must have length greater than or equal to 1");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Get":{"TableName":"Ghost","Key":{"pk":{"S":"b"}}}}]})"),
            "ResourceNotFoundException: Requested resource not found");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Get":{"TableName":"Log","Key":{"pk":{"S":"b"}}}}]})"),
            "ValidationException: The provided key element does not match the schema");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Get":{"Key":{"pk":{"S":"b"}}}},{}]})"),
            "ValidationException: 2 validation errors detected: Value null at "
            "'transactItems.1.member.get.tableName' failed to satisfy constraint: Member must not "
            "be null; Value null at 'transactItems.2.member.get' failed to satisfy constraint: "
            "Member must not be null");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Get":{"TableName":"Acc","Key":{"pk":{"S":"b"}},
      "ProjectionExpression":"#nope"}}]})")
                .rfind("ValidationException: ", 0),
            0u);
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Get":{"TableName":"Acc","Key":{"pk":{"S":"b"}}}}],
      "ReturnConsumedCapacity":"BOGUS"})"),
            "ValidationException: 1 validation error detected: Value 'BOGUS' at "
            "'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value "
            "set: [INDEXES, TOTAL, NONE]");
}

TEST_F(TransactGetItemsTest, ConsumedCapacityIsTwiceAConsistentRead) {
  json::object r = Ok(R"({"TransactItems":[
      {"Get":{"TableName":"Acc","Key":{"pk":{"S":"alice"}}}},
      {"Get":{"TableName":"Log","Key":{"pk":{"S":"x"},"sk":{"N":"1"}}}},
      {"Get":{"TableName":"Acc","Key":{"pk":{"S":"bob"}}}}],"ReturnConsumedCapacity":"TOTAL"})");
  EXPECT_EQ(json::serialize(r.at("ConsumedCapacity")),
            R"([{"TableName":"Acc","CapacityUnits":4E0},{"TableName":"Log","CapacityUnits":2E0}])");
}

// Transfers between alice and bob keep their sum at 150; a TransactGetItems of both must
// always see the sum (one snapshot), while a writer thread commits transfers. Uses a real
// SQLite file so reads run on their own connections, concurrently with the writer.
TEST_F(TransactGetItemsTest, ReadsOneSnapshotWhileTransactionsCommit) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("sb_transact_get_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  store_.reset();
  storage::StoreOptions opts;
  opts.path = (dir / "db.sqlite").string();
  Open(opts);

  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  std::thread writer([&] {
    for (int i = 0; i < 300 && !stop; ++i) {
      const char* from = i % 2 ? "alice" : "bob";
      const char* to = i % 2 ? "bob" : "alice";
      OpResult r = TransactWriteItems(ctx_, json::parse(std::string(R"({"TransactItems":[
          {"Update":{"TableName":"Acc","Key":{"pk":{"S":")") +
                                                        from + R"("}},
                     "UpdateExpression":"SET bal = bal - :a","ExpressionAttributeValues":{":a":{"N":"7"}}}},
          {"Update":{"TableName":"Acc","Key":{"pk":{"S":")" +
                                                        to + R"("}},
                     "UpdateExpression":"SET bal = bal + :a","ExpressionAttributeValues":{":a":{"N":"7"}}}}]})")
                                                .as_object());
      if (r.ok()) ++committed;
    }
  });
  int reads = 0;
  while (committed < 300 && reads < 100000) {
    json::object r = Ok(R"({"TransactItems":[{"Get":{"TableName":"Acc","Key":{"pk":{"S":"alice"}}}},
        {"Get":{"TableName":"Acc","Key":{"pk":{"S":"bob"}}}}]})");
    const json::array& items = r.at("Responses").as_array();
    const int a = std::stoi(std::string(items[0].at("Item").at("bal").at("N").as_string()));
    const int b = std::stoi(std::string(items[1].at("Item").at("bal").at("N").as_string()));
    ASSERT_EQ(a + b, 150) << "after " << committed << " transfers";
    ++reads;
  }
  stop = true;
  writer.join();
  EXPECT_EQ(committed, 300);
  store_.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sb::engine::ops
