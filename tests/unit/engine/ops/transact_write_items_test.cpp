#include "engine/ops/transact_write_items.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "engine/ops/query.h"
#include "engine/storage/store.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::AttributeValue;
using protocol::Item;

// Tables Acc(pk S) with GSI ByTier(tier S, ALL), holding alice {bal 100, tier gold} and
// bob {bal 50, tier gold}, and Log(pk S, sk N), in an in-memory store (or a fault-injected one).
class TransactWriteItemsTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(nullptr); }

  void Open(storage::FaultInjector* faults) {
    storage::StoreOptions opts;
    opts.in_memory = true;
    opts.faults = faults;
    store_ = storage::Store::Open(opts).value();
    ctx_.store = store_.get();
    ctx_.clock = &clock_;
    TableDef acc;
    acc.name = "Acc";
    acc.key = {{"pk", ScalarType::S}, std::nullopt};
    acc.attribute_definitions = {{"pk", ScalarType::S}, {"tier", ScalarType::S}};
    IndexDef by_tier;
    by_tier.name = "ByTier";
    by_tier.key = {{"tier", ScalarType::S}, std::nullopt};
    acc.gsis = {by_tier};
    TableDef log;
    log.name = "Log";
    log.key = {{"pk", ScalarType::S}, KeyElement{"sk", ScalarType::N}};
    log.attribute_definitions = {{"pk", ScalarType::S}, {"sk", ScalarType::N}};
    auto created = store_->Write([&](storage::WriteTxn& txn) -> Result<int> {
      SB_ASSIGN_OR_RETURN(auto t, txn.CreateTable(acc));
      SB_TRY_STATUS(txn.CreateTable(log));
      for (auto [name, bal] : {std::pair{"alice", "100"}, std::pair{"bob", "50"}}) {
        Item item{{"pk", AttributeValue::S(name)},
                  {"bal", AttributeValue::N(protocol::Number::Parse(bal).value())},
                  {"tier", AttributeValue::S("gold")}};
        SB_TRY_STATUS(txn.Put(*t, item, std::nullopt));
      }
      return 0;
    });
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  OpResult Run(const std::string& body) {
    return TransactWriteItems(ctx_, json::parse(body).as_object());
  }
  json::object Ok(const std::string& body) {
    OpResult r = Run(body);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().type + ": " + r.error().message);
    return r.ok() ? *r : json::object();
  }
  protocol::ApiError Err(const std::string& body) {
    OpResult r = Run(body);
    EXPECT_FALSE(r.ok());
    return r.ok() ? protocol::ApiError{} : r.error();
  }
  std::string ErrorOf(const std::string& body) {
    protocol::ApiError e = Err(body);
    return e.type + ": " + e.message;
  }
  std::string Get(const std::string& table, const std::string& key_json) {
    auto def = store_->FindTable(table);
    Item key = protocol::DecodeItem(json::parse(key_json)).value();
    std::optional<Item> item;
    Status st = store_->Read([&](storage::ReadView& view) -> Status {
      SB_ASSIGN_OR_RETURN(item, view.Get(*def, *storage::EncodeItemKey(def->key, key)));
      return {};
    });
    EXPECT_TRUE(st.ok());
    return item ? json::serialize(protocol::EncodeItem(*item)) : "";
  }
  std::string Bal(const std::string& who) {
    std::string item = Get("Acc", R"({"pk":{"S":")" + who + R"("}})");
    if (item.empty()) return "";
    return std::string(json::parse(item).at("bal").at("N").as_string());
  }
  int64_t TierCount(const std::string& tier) {
    OpResult r = Query(ctx_, json::parse(R"({"TableName":"Acc","IndexName":"ByTier",
        "KeyConditionExpression":"tier = :t","ExpressionAttributeValues":{":t":{"S":")" +
                                         tier + R"("}}})")
                                 .as_object());
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->at("Count").as_int64() : -1;
  }

  // alice pays bob `amount` if she can, and logs it once (attribute_not_exists on the log).
  static std::string Transfer(int amount, const std::string& extra = "") {
    const std::string a = std::to_string(amount);
    return R"({"TransactItems":[
      {"Update":{"TableName":"Acc","Key":{"pk":{"S":"alice"}},
                 "UpdateExpression":"SET bal = bal - :a","ConditionExpression":"bal >= :a",
                 "ExpressionAttributeValues":{":a":{"N":")" +
           a + R"("}}}},
      {"Update":{"TableName":"Acc","Key":{"pk":{"S":"bob"}},
                 "UpdateExpression":"SET bal = bal + :a",
                 "ExpressionAttributeValues":{":a":{"N":")" +
           a + R"("}}}},
      {"Put":{"TableName":"Log","Item":{"pk":{"S":"t"},"sk":{"N":")" +
           a + R"("}},
              "ConditionExpression":"attribute_not_exists(pk) "}}])" +
           extra + "}";
  }

  FakeClock clock_;
  std::unique_ptr<storage::Store> store_;
  Context ctx_;
};

TEST_F(TransactWriteItemsTest, CommitsEveryAction) {
  Ok(R"({"TransactItems":[{"Put":{"TableName":"Acc","Item":{"pk":{"S":"carol"},"bal":{"N":"1"}}}}]})");
  json::object r = Ok(R"({"TransactItems":[
      {"Put":{"TableName":"Acc","Item":{"pk":{"S":"dave"},"bal":{"N":"0"},"tier":{"S":"tin"}}}},
      {"Delete":{"TableName":"Acc","Key":{"pk":{"S":"carol"}},"ConditionExpression":"bal = :one",
                 "ExpressionAttributeValues":{":one":{"N":"1"}}}},
      {"ConditionCheck":{"TableName":"Acc","Key":{"pk":{"S":"alice"}},
                         "ConditionExpression":"bal > :z","ExpressionAttributeValues":{":z":{"N":"0"}}}},
      {"Update":{"TableName":"Log","Key":{"pk":{"S":"u"},"sk":{"N":"1"}},
                 "UpdateExpression":"ADD n :one","ExpressionAttributeValues":{":one":{"N":"1"}}}}]})");
  EXPECT_EQ(json::serialize(r), "{}");
  EXPECT_EQ(Get("Acc", R"({"pk":{"S":"dave"}})"),
            R"({"bal":{"N":"0"},"pk":{"S":"dave"},"tier":{"S":"tin"}})");
  EXPECT_EQ(Bal("carol"), "");
  EXPECT_EQ(Get("Log", R"({"pk":{"S":"u"},"sk":{"N":"1"}})"),
            R"({"n":{"N":"1"},"pk":{"S":"u"},"sk":{"N":"1"}})");
  EXPECT_EQ(TierCount("tin"), 1);  // the index followed the transaction
  Ok(Transfer(30));
  EXPECT_EQ(Bal("alice"), "70");
  EXPECT_EQ(Bal("bob"), "80");
}

TEST_F(TransactWriteItemsTest, AFailedConditionCancelsEverything) {
  protocol::ApiError e = Err(Transfer(500));
  EXPECT_EQ(e.type, "TransactionCanceledException");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[ConditionalCheckFailed, None, None]");
  EXPECT_EQ(e.extra_json,
            R"("CancellationReasons":[{"Code":"ConditionalCheckFailed",)"
            R"("Message":"The conditional request failed"},{"Code":"None"},{"Code":"None"}])");
  EXPECT_EQ(Bal("alice"), "100");
  EXPECT_EQ(Bal("bob"), "50");
  EXPECT_EQ(Get("Log", R"({"pk":{"S":"t"},"sk":{"N":"500"}})"), "");

  Ok(Transfer(30));
  // Now the log item exists: the third action fails, the first two are not applied.
  e = Err(Transfer(30));
  EXPECT_EQ(e.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, None, ConditionalCheckFailed]");
  EXPECT_EQ(Bal("alice"), "70");
  EXPECT_EQ(Bal("bob"), "80");
}

TEST_F(TransactWriteItemsTest, EveryFailedConditionIsReportedWithItsOldItem) {
  protocol::ApiError e = Err(R"({"TransactItems":[
      {"ConditionCheck":{"TableName":"Acc","Key":{"pk":{"S":"bob"}},"ConditionExpression":"bal > :x",
                         "ExpressionAttributeValues":{":x":{"N":"1000"}},
                         "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},
      {"Put":{"TableName":"Acc","Item":{"pk":{"S":"zed"},"tier":{"S":"new"}}}},
      {"Delete":{"TableName":"Acc","Key":{"pk":{"S":"alice"}},"ConditionExpression":"bal < :x",
                 "ExpressionAttributeValues":{":x":{"N":"0"}}}},
      {"Update":{"TableName":"Acc","Key":{"pk":{"S":"ghost"}},"UpdateExpression":"SET a = :x",
                 "ConditionExpression":"attribute_exists(pk) ",
                 "ExpressionAttributeValues":{":x":{"N":"0"}},
                 "ReturnValuesOnConditionCheckFailure":"ALL_OLD"}}]})");
  EXPECT_EQ(e.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[ConditionalCheckFailed, None, ConditionalCheckFailed, ConditionalCheckFailed]");
  // ALL_OLD returns the item when there is one; the missing item has none.
  EXPECT_EQ(e.extra_json,
            R"("CancellationReasons":[{"Code":"ConditionalCheckFailed",)"
            R"("Message":"The conditional request failed",)"
            R"("Item":{"bal":{"N":"50"},"pk":{"S":"bob"},"tier":{"S":"gold"}}},{"Code":"None"},)"
            R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed"},)"
            R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}])");
  EXPECT_EQ(Bal("zed"), "");
  EXPECT_EQ(TierCount("new"), 0);  // the rolled-back put left no index entry
  EXPECT_EQ(TierCount("gold"), 2);
}

TEST_F(TransactWriteItemsTest, RuntimeErrorsAreValidationErrorReasons) {
  // bob's tier is a string: the arithmetic fails at run time, inside the transaction.
  protocol::ApiError e = Err(R"({"TransactItems":[
      {"Put":{"TableName":"Acc","Item":{"pk":{"S":"new"}}}},
      {"Update":{"TableName":"Acc","Key":{"pk":{"S":"bob"}},"UpdateExpression":"SET tier = tier + :o",
                 "ExpressionAttributeValues":{":o":{"N":"1"}}}}]})");
  EXPECT_EQ(e.type, "TransactionCanceledException");
  EXPECT_EQ(e.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, ValidationError]");
  EXPECT_NE(e.extra_json.find(R"({"Code":"ValidationError","Message":"An operand in the update)"),
            std::string::npos)
      << e.extra_json;
  EXPECT_EQ(Bal("new"), "");
  // A key of the wrong type: PutItem's wording for a Put, the schema message otherwise.
  e = Err(R"({"TransactItems":[{"Put":{"TableName":"Acc","Item":{"pk":{"N":"5"}}}},
      {"Delete":{"TableName":"Acc","Key":{"pk":{"N":"5"}}}}]})");
  EXPECT_EQ(e.extra_json,
            R"("CancellationReasons":[{"Code":"ValidationError","Message":"One or more parameter )"
            R"(values were invalid: Type mismatch for key pk expected: S actual: N"},)"
            R"({"Code":"ValidationError","Message":"The provided key element does not match )"
            R"(the schema"}])");
  // An empty key value is refused up front.
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Delete":{"TableName":"Acc","Key":{"pk":{"S":""}}}}]})"),
            "ValidationException: One or more parameter values are not valid. The AttributeValue "
            "for a key attribute cannot contain an empty string value. Key: pk");
  // So is a key over its size limit, beside an action whose key is merely misshapen.
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Delete":{"TableName":"Acc","Key":{"pk":{"N":"5"}}}},
      {"Delete":{"TableName":"Acc","Key":{"pk":{"S":")" + std::string(2049, 'k') + R"("}}}}]})"),
            "ValidationException: One or more parameter values were invalid: Size of hashkey has "
            "exceeded the maximum size limit of2048 bytes");
}

TEST_F(TransactWriteItemsTest, ValidationErrors) {
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[
      {"Put":{"TableName":"Acc","Item":{"pk":{"S":"alice"},"bal":{"N":"1"}}}},
      {"ConditionCheck":{"TableName":"Acc","Key":{"pk":{"S":"alice"}},
                         "ConditionExpression":"attribute_exists(pk) "}}]})"),
            "ValidationException: Transaction request cannot include multiple operations on one "
            "item");
  std::string many;
  for (int i = 0; i < 101; ++i) {
    many += std::string(i ? "," : "") + R"({"Put":{"TableName":"Acc","Item":{"pk":{"S":"m)" +
            std::to_string(i) + R"("}}}})";
  }
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[)" + many + "]}"),
            "ValidationException: 1 validation error detected: Value "
            "'[" + many.substr(0, 63) + "...' at 'transactItems' failed to satisfy constraint: "
            "Member must have length less than or equal to 100");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[]})"),
            "ValidationException: 1 validation error detected: Value '[]' at 'transactItems' "
            "failed to satisfy constraint: Member must have length greater than or equal to 1");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Put":{"TableName":"Acc","Item":{"pk":{"S":"p"}}},
      "Delete":{"TableName":"Acc","Key":{"pk":{"S":"q"}}}}]})"),
            "ValidationException: TransactItems can only contain one of Check, Put, Update or "
            "Delete");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"ConditionCheck":{"TableName":"Acc",
      "Key":{"pk":{"S":"p"}}}},{"Update":{"Key":{"pk":{"S":"q"}}}}]})"),
            "ValidationException: 3 validation errors detected: Value null at "
            "'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy "
            "constraint: Member must not be null; Value null at "
            "'transactItems.2.member.update.tableName' failed to satisfy constraint: Member must "
            "not be null; Value null at 'transactItems.2.member.update.updateExpression' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Update":{"TableName":"Acc","Key":{"pk":{"S":"alice"}},
      "UpdateExpression":"SET pk = :x","ExpressionAttributeValues":{":x":{"S":"y"}}}}]})"),
            "ValidationException: One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
  // Member constraints come first, the token before the enums.
  const std::string token(37, 'x');
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Put":{"TableName":"Acc","Item":{"pk":{"S":"p"}}}}],
      "ClientRequestToken":")" +
                    token + R"(","ReturnConsumedCapacity":"BOGUS"})"),
            "ValidationException: 2 validation errors detected: Value '" + token +
                "' at 'clientRequestToken' failed to satisfy constraint: Member must have length "
                "less than or equal to 36; Value 'BOGUS' at 'returnConsumedCapacity' failed to "
                "satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
  // Expressions are checked before tables, whichever action carries them.
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Put":{"TableName":"Ghost","Item":{"pk":{"S":"a"}}}},
      {"ConditionCheck":{"TableName":"Acc","Key":{"pk":{"S":"c"}},
       "ConditionExpression":"attribute_not_exists(pk) ","ExpressionAttributeValues":{":v":{"S":"x"}}}}]})"),
            "ValidationException: Value provided in ExpressionAttributeValues unused in "
            "expressions: keys: {:v}");
  EXPECT_EQ(ErrorOf(R"({"TransactItems":[{"Put":{"TableName":"Acc","Item":{"pk":{"S":"ok"}}}},
      {"Put":{"TableName":"Ghost","Item":{"pk":{"S":"x"}}}}]})"),
            "ResourceNotFoundException: Requested resource not found");
  // Each Put under 400 KB, but 11 of them over 4 MB.
  std::string big;
  for (int i = 0; i < 11; ++i) {
    big += std::string(i ? "," : "") + R"({"Put":{"TableName":"Acc","Item":{"pk":{"S":"b)" +
           std::to_string(i) + R"("},"blob":{"S":")" + std::string(390 * 1024, 'z') + R"("}}}})";
  }
  const std::string big_error = ErrorOf(R"({"TransactItems":[)" + big + "]}");
  EXPECT_EQ(big_error.rfind("ValidationException: Transaction payload size cannot exceed 4MB. "
                            "Payload Size: : Transaction payload size cannot exceed 4MB. "
                            "Payload Size: ",
                            0),
            0u)
      << big_error;
  EXPECT_EQ(Bal("ok"), "");
  EXPECT_EQ(Bal("alice"), "100");
}

TEST_F(TransactWriteItemsTest, ClientRequestTokenMakesRetriesIdempotent) {
  const std::string add = R"({"TransactItems":[{"Update":{"TableName":"Acc",
      "Key":{"pk":{"S":"bob"}},"UpdateExpression":"ADD bal :one",
      "ExpressionAttributeValues":{":one":{"N":"1"}}}}],"ClientRequestToken":"token-1"})";
  Ok(add);
  // A retry (even with another ReturnConsumedCapacity) succeeds without applying again; it
  // reports the read units of the item.
  json::object again = Ok(add.substr(0, add.size() - 1) + R"(,"ReturnConsumedCapacity":"TOTAL"})");
  EXPECT_EQ(json::serialize(again.at("ConsumedCapacity")),
            R"([{"TableName":"Acc","CapacityUnits":1E0}])");
  EXPECT_EQ(Bal("bob"), "51");
  EXPECT_EQ(Err(R"({"TransactItems":[{"Put":{"TableName":"Acc","Item":{"pk":{"S":"other"}}}}],
      "ClientRequestToken":"token-1"})")
                .type,
            "IdempotentParameterMismatchException");
  EXPECT_EQ(Bal("other"), "");
  // Other tokens are independent.
  Ok(R"({"TransactItems":[{"Put":{"TableName":"Acc","Item":{"pk":{"S":"other"}}}}],
      "ClientRequestToken":"token-2"})");
  EXPECT_EQ(Get("Acc", R"({"pk":{"S":"other"}})"), R"({"pk":{"S":"other"}})");
  // After ten minutes the token is forgotten: the same request applies again.
  clock_.Advance(std::chrono::minutes(9));
  Ok(add);
  EXPECT_EQ(Bal("bob"), "51");
  clock_.Advance(std::chrono::minutes(2));
  Ok(add);
  EXPECT_EQ(Bal("bob"), "52");
}

TEST_F(TransactWriteItemsTest, ACanceledTransactionRecordsNoToken) {
  const std::string withdraw = R"({"TransactItems":[{"Update":{"TableName":"Acc",
      "Key":{"pk":{"S":"bob"}},"UpdateExpression":"SET bal = bal - :a",
      "ConditionExpression":"bal >= :a","ExpressionAttributeValues":{":a":{"N":"60"}}}}],
      "ClientRequestToken":"tok"})";
  EXPECT_EQ(Err(withdraw).type, "TransactionCanceledException");
  // bob gets money; the same request with the same token now runs for real.
  Ok(R"({"TransactItems":[{"Update":{"TableName":"Acc","Key":{"pk":{"S":"bob"}},
      "UpdateExpression":"SET bal = :b","ExpressionAttributeValues":{":b":{"N":"100"}}}}]})");
  Ok(withdraw);
  EXPECT_EQ(Bal("bob"), "40");
}

TEST_F(TransactWriteItemsTest, ConsumedCapacityIsTwiceThePlainCost) {
  json::object r = Ok(R"({"TransactItems":[
      {"Put":{"TableName":"Acc","Item":{"pk":{"S":"cap1"}}}},
      {"Put":{"TableName":"Acc","Item":{"pk":{"S":"cap2"}}}},
      {"Put":{"TableName":"Log","Item":{"pk":{"S":"c"},"sk":{"N":"1"}}}},
      {"ConditionCheck":{"TableName":"Log","Key":{"pk":{"S":"x"},"sk":{"N":"1"}},
                         "ConditionExpression":"attribute_not_exists(pk) "}},
      {"Delete":{"TableName":"Acc","Key":{"pk":{"S":"nobody"}}}}],
      "ReturnConsumedCapacity":"TOTAL"})");
  EXPECT_EQ(json::serialize(r.at("ConsumedCapacity")),
            R"([{"TableName":"Acc","CapacityUnits":6E0},{"TableName":"Log","CapacityUnits":4E0}])");
}

// SQLite-style fault loop: fail the N-th storage write of the transaction for N = 0, 1, ...
// until it succeeds; every failed attempt must leave the store exactly as it was.
TEST(TransactWriteItemsFaultTest, AStorageFailureAnywhereLeavesNothingWritten) {
  storage::FaultInjector faults;
  class Fixture : public TransactWriteItemsTest {
   public:
    void TestBody() override {}
    using TransactWriteItemsTest::Bal;
    using TransactWriteItemsTest::Open;
    using TransactWriteItemsTest::Run;
    using TransactWriteItemsTest::TierCount;
    using TransactWriteItemsTest::Transfer;
  } f;
  f.Open(&faults);
  bool done = false;
  for (int n = 0; n < 100 && !done; ++n) {
    faults.FailAt(n);
    OpResult r = f.Run(Fixture::Transfer(10, R"(,"ClientRequestToken":"t")"));
    faults.Disarm();
    if (r.ok()) {
      done = true;
      EXPECT_GT(n, 0);
      EXPECT_EQ(f.Bal("alice"), "90");
      EXPECT_EQ(f.Bal("bob"), "60");
    } else {
      EXPECT_EQ(r.error().type, "InternalServerError") << n << ": " << r.error().message;
      EXPECT_EQ(f.Bal("alice"), "100") << n;
      EXPECT_EQ(f.Bal("bob"), "50") << n;
      EXPECT_EQ(f.TierCount("gold"), 2) << n;
    }
  }
  EXPECT_TRUE(done);
}

}  // namespace
}  // namespace sb::engine::ops
