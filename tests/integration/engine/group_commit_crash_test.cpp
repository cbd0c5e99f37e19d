// Group commit under kill -9: 32 concurrent writers on a table with a stream, so the engine
// commits many writes per transaction, some of them transactions that write an item and then
// fail inside the batch (each request has its own savepoint, rolled back to on failure). After
// kill -9 and a restart on the same data dir: every acknowledged write is present, every
// refused one left nothing, and the stream holds exactly one record per stored item (item and
// record commit together; nothing half-written).
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "engine_process.h"

namespace sb::engine::testing {
namespace {

namespace json = boost::json;

constexpr int kWriters = 32;

constexpr const char* kTable = R"({"TableName": "Group", "BillingMode": "PAY_PER_REQUEST",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"}})";

std::string ItemJson(const std::string& pk) {
  return R"({"pk":{"S":")" + pk + R"("},"payload":{"S":")" + std::string(100, 'p') + R"("}})";
}

std::string PutBody(const std::string& pk) {
  return R"({"TableName":"Group","Item":)" + ItemJson(pk) + "}";
}

// A transaction that first puts `fresh`, then puts `existing` only if it does not exist: when
// `existing` does, the engine has written `fresh` before the condition fails, and must undo it.
std::string FailingTransactBody(const std::string& fresh, const std::string& existing) {
  return R"({"TransactItems":[{"Put":{"TableName":"Group","Item":)" + ItemJson(fresh) +
         R"(}},{"Put":{"TableName":"Group","Item":)" + ItemJson(existing) +
         R"j(,"ConditionExpression":"attribute_not_exists(pk)"}}]})j";
}

// A DynamoDB Streams call on a keep-alive connection; the parsed body of a 200.
json::value CallStreams(RawConnection& c, const std::string& op, const std::string& body) {
  http::Response r;
  EXPECT_TRUE(c.RoundTrip("POST",
                          {{"Content-Type", "application/x-amz-json-1.0"},
                           {"X-Amz-Target", "DynamoDBStreams_20120810." + op}},
                          body, &r));
  EXPECT_EQ(r.status, 200) << op << ": " << r.body;
  return r.status == 200 ? json::parse(r.body) : json::value();
}

// The partition keys of every record in the table's stream, in shard order.
std::multiset<std::string> StreamKeys(EngineProcess& engine) {
  http::Response d = CallDynamo(engine.endpoint(), "DescribeTable", R"({"TableName":"Group"})");
  EXPECT_EQ(d.status, 200);
  std::string arn(json::parse(d.body).at("Table").at("LatestStreamArn").as_string());
  RawConnection c(engine.port());
  json::value desc = CallStreams(c, "DescribeStream", R"({"StreamArn":")" + arn + R"("})");
  std::multiset<std::string> keys;
  for (const auto& shard : desc.at("StreamDescription").at("Shards").as_array()) {
    std::string shard_id(shard.at("ShardId").as_string());
    json::value it = CallStreams(c, "GetShardIterator",
                                 R"({"StreamArn":")" + arn + R"(","ShardId":")" + shard_id +
                                     R"(","ShardIteratorType":"TRIM_HORIZON"})");
    std::string iterator(it.at("ShardIterator").as_string());
    for (;;) {
      json::value page = CallStreams(c, "GetRecords",
                                     R"({"ShardIterator":")" + iterator + R"(","Limit":1000})");
      const auto& records = page.at("Records").as_array();
      for (const auto& r : records) {
        keys.insert(std::string(r.at("dynamodb").at("Keys").at("pk").at("S").as_string()));
      }
      if (records.empty() || !page.as_object().contains("NextShardIterator")) break;
      iterator = std::string(page.at("NextShardIterator").as_string());
    }
  }
  return keys;
}

TEST(GroupCommitCrashTest, AcknowledgedWritesAndTheirRecordsSurviveKill9) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  std::set<std::string> acknowledged;  // new items the engine answered 200 for
  std::set<std::string> refused;       // items of transactions answered TransactionCanceled
  std::mutex mu;
  for (int round = 0; round < 2; ++round) {
    auto engine = EngineProcess::Start({"--data-dir", data});
    ASSERT_TRUE(engine);
    if (round == 0) {
      ASSERT_EQ(CallDynamo(engine->endpoint(), "CreateTable", kTable).status, 200);
    }
    std::atomic<bool> stop{false};
    std::atomic<int> acked_this_round{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t) {
      writers.emplace_back([&, t] {
        RawConnection c(engine->port());
        auto headers = [](const char* op) {
          return std::vector<std::pair<std::string, std::string>>{
              {"Content-Type", "application/x-amz-json-1.0"},
              {"X-Amz-Target", std::string("DynamoDB_20120810.") + op}};
        };
        std::string last;
        for (int i = 0; !stop; ++i) {
          std::string pk =
              "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" + std::to_string(i);
          // Every third request is a transaction that writes `pk` and then fails on the
          // previous key: it fails inside whatever batch it lands in, after writing.
          const bool failing = i % 3 == 2 && !last.empty();
          http::Response r;
          bool sent = failing ? c.RoundTrip("POST", headers("TransactWriteItems"),
                                            FailingTransactBody(pk, last), &r)
                              : c.RoundTrip("POST", headers("PutItem"), PutBody(pk), &r);
          if (!sent) return;  // the engine is gone
          std::lock_guard lock(mu);
          if (r.status == 200) {
            EXPECT_FALSE(failing) << "a transaction on an existing key succeeded: " << pk;
            acknowledged.insert(pk);
            ++acked_this_round;
            last = pk;
          } else {
            EXPECT_TRUE(failing) << r.status << " " << r.body;
            EXPECT_NE(r.body.find("TransactionCanceledException"), std::string::npos) << r.body;
            refused.insert(pk);
          }
        }
      });
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (acked_this_round < 3000 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(engine->StopWith(SIGKILL), 128 + SIGKILL);
    stop = true;
    for (auto& w : writers) w.join();
    EXPECT_GT(acked_this_round.load(), 0);
  }
  ASSERT_FALSE(refused.empty());

  auto engine = EngineProcess::Start({"--data-dir", data});
  ASSERT_TRUE(engine);
  for (const auto& pk : acknowledged) {
    http::Response r = CallDynamo(engine->endpoint(), "GetItem",
                                  R"({"TableName":"Group","Key":{"pk":{"S":")" + pk + R"("}}})");
    ASSERT_EQ(r.status, 200);
    ASSERT_TRUE(json::parse(r.body).as_object().contains("Item"))
        << "acknowledged write lost: " << pk;
  }
  for (const auto& pk : refused) {
    http::Response r = CallDynamo(engine->endpoint(), "GetItem",
                                  R"({"TableName":"Group","Key":{"pk":{"S":")" + pk + R"("}}})");
    ASSERT_EQ(r.status, 200);
    EXPECT_FALSE(json::parse(r.body).as_object().contains("Item"))
        << "a canceled transaction's write is stored: " << pk;
  }
  http::Response d = CallDynamo(engine->endpoint(), "DescribeTable", R"({"TableName":"Group"})");
  ASSERT_EQ(d.status, 200);
  const int64_t items = json::parse(d.body).at("Table").at("ItemCount").as_int64();
  EXPECT_GE(items, static_cast<int64_t>(acknowledged.size()));
  // At most the writes in flight at each kill were done but not acknowledged.
  EXPECT_LE(items, static_cast<int64_t>(acknowledged.size()) + 2 * kWriters);

  // One INSERT record per stored item: no item without its record, no record without its
  // item, and a canceled transaction made none.
  std::multiset<std::string> keys = StreamKeys(*engine);
  EXPECT_EQ(static_cast<int64_t>(keys.size()), items);
  for (const auto& pk : acknowledged) {
    EXPECT_EQ(keys.count(pk), 1u) << "records for acknowledged write " << pk;
  }
  for (const auto& pk : refused) EXPECT_EQ(keys.count(pk), 0u) << "record for canceled " << pk;
  EXPECT_EQ(engine->StopWith(SIGTERM), 0);
}

}  // namespace
}  // namespace sb::engine::testing
