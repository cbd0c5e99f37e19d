// End to end with real parts: the engine (in this process, real HTTP) writes stream records,
// DynamoStreamSource reads them over the Streams API, and a ShardWorker sends them to a
// recording invoker. The event must be valid JSON carrying every record, each one the bytes
// GetRecords returned (serialized once, when the item was written) with only Lambda's
// changes: userIdentity in Lambda's spelling and eventSourceARN added (docs/lambda-wire.md §1).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "dynamo/config.h"
#include "dynamo/streams_client.h"
#include "dynamo/transport.h"
#include "engine/server/engine.h"
#include "http/client.h"
#include "protocol/lambda/stream_event.h"
#include "trigger/batch_delivery.h"
#include "trigger/checkpoint_store.h"
#include "trigger/dynamo_stream_source.h"
#include "trigger/filter.h"
#include "trigger/shard_worker.h"

namespace sb::trigger {
namespace {
namespace json = boost::json;

class RecordingInvoker final : public Invoker {
 public:
  InvokeOutcome Invoke(std::string_view payload, std::chrono::milliseconds) override {
    std::lock_guard lock(mu_);
    payloads_.emplace_back(payload);
    return InvokeOutcome{};
  }
  std::vector<std::string> payloads() {
    std::lock_guard lock(mu_);
    return payloads_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> payloads_;
};

class LambdaEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine::server::EngineOptions eo;
    eo.port = 0;
    eo.in_memory = true;
    eo.streams.shards = 1;
    eo.ttl_sweep_interval = std::chrono::milliseconds(20);
    auto engine = engine::server::Engine::Start(eo, RealClock::Instance());
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    engine_ = std::move(engine).value();
    dynamo::ClientConfig config;
    config.credentials = {"AKIDTEST", "secret", ""};
    config.endpoint = engine_->endpoint();
    config.streams_endpoint = engine_->endpoint();
    transport_ = std::make_unique<dynamo::Transport>(config, http_, RealClock::Instance(),
                                                     RealSleeper::Instance(), random_);
    streams_ = std::make_unique<dynamo::StreamsClient>(*transport_);
  }
  void TearDown() override {
    if (engine_) engine_->Stop();
  }
  void Call(const std::string& op, std::string_view request) {
    auto r = transport_->Call(engine_->endpoint(), "DynamoDB_20120810." + op,
                              json::parse(request).as_object());
    ASSERT_TRUE(r.ok()) << op << ": " << (r.ok() ? "" : r.error().type + " " + r.error().message);
  }
  // Every record of the stream's only shard, as the client received them.
  std::vector<dynamo::StreamRecordEnvelope> ReadAll(DynamoStreamSource& source,
                                                    const std::string& shard) {
    auto it = source.GetIterator(shard, IteratorType::kTrimHorizon, std::nullopt);
    EXPECT_TRUE(it.ok());
    auto r = streams_->GetRecords({.shard_iterator = it.ok() ? *it : "", .limit = 1000});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->records : std::vector<dynamo::StreamRecordEnvelope>{};
  }

  std::unique_ptr<engine::server::Engine> engine_;
  http::CurlClient http_;
  RealRandom random_;
  std::unique_ptr<dynamo::Transport> transport_;
  std::unique_ptr<dynamo::StreamsClient> streams_;
};

TEST_F(LambdaEventTest, EventCarriesEveryRecordsBytesInLambdasSpelling) {
  Call("CreateTable", R"({"TableName":"Tbl","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})");
  Call("UpdateTimeToLive",
       R"({"TableName":"Tbl","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  Call("PutItem", R"({"TableName":"Tbl","Item":{"pk":{"S":"a"},"n":{"N":"1.50"},
      "s":{"S":"\u00e9\"\n"},"l":{"L":[{"N":"-0"},{"BOOL":true},{"NULL":true}]}}})");
  Call("PutItem", R"({"TableName":"Tbl","Item":{"pk":{"S":"a"},"n":{"N":"2"}}})");
  Call("DeleteItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})");
  const int64_t expired = RealClock::Instance().NowUnixMillis() / 1000 - 60;
  Call("PutItem", R"({"TableName":"Tbl","Item":{"pk":{"S":"old"},"exp":{"N":")" +
                      std::to_string(expired) + R"("}}})");

  auto listed = streams_->ListStreams(dynamo::ListStreamsRequest{"Tbl"});
  ASSERT_TRUE(listed.ok() && listed->streams.size() == 1);
  DynamoStreamSource source(*streams_, listed->streams[0].stream_arn);
  auto shards = source.ListShards();
  ASSERT_TRUE(shards.ok() && shards->size() == 1);
  const std::string shard = shards->at(0).shard_id;
  std::vector<dynamo::StreamRecordEnvelope> records;
  for (int i = 0; i < 500 && records.size() < 5; ++i) {  // the TTL sweep deletes "old"
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    records = ReadAll(source, shard);
  }
  ASSERT_EQ(records.size(), 5u);
  const std::string getrecords_identity =
      R"("userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"})";
  ASSERT_NE(records[4].text.find(getrecords_identity), std::string::npos) << records[4].text;

  MappingOptions options;
  auto filter = std::move(FilterCriteria::Parse(options.filter_patterns)).value();
  auto checkpoints = std::move(CheckpointStore::Open("", source.stream_arn())).value();
  RecordingInvoker invoker;
  BatchDeliverer deliverer(options, source.stream_arn(), invoker, nullptr, RealClock::Instance(),
                           RealSleeper::Instance(), [] { return false; }, nullptr);
  ShardWorker worker(ShardWorker::Deps{source, *checkpoints, deliverer, filter, options,
                                       RealClock::Instance()},
                     shard, false);
  for (int i = 0; i < 20 && invoker.payloads().empty(); ++i) worker.RunOnce();
  auto payloads = invoker.payloads();
  ASSERT_EQ(payloads.size(), 1u);

  // The event is the records' bytes, each closed by the ARN; the TTL record's identity in
  // Lambda's spelling.
  const std::string arn = R"(,"eventSourceARN":")" + source.stream_arn() + R"("})";
  std::string expected = R"({"Records":[)";
  for (size_t i = 0; i < records.size(); ++i) {
    std::string text = records[i].text;
    if (auto at = text.find(getrecords_identity); at != std::string::npos) {
      text.replace(at, getrecords_identity.size(),
                   R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"})");
    }
    expected += (i == 0 ? "" : ",") + text.substr(0, text.size() - 1) + arn;
  }
  expected += "]}";
  EXPECT_EQ(payloads[0], expected);
  boost::system::error_code ec;
  json::value event = json::parse(payloads[0], ec);
  ASSERT_FALSE(ec) << payloads[0];
  auto decoded = protocol::DecodeDynamoDbStreamEvent(payloads[0]);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->records.size(), 5u);
  EXPECT_TRUE(decoded->errors.empty());
  ASSERT_TRUE(decoded->records[4].user_identity.has_value());
  EXPECT_EQ(decoded->records[4].user_identity->principal_id, "dynamodb.amazonaws.com");
  for (const auto& r : decoded->records) EXPECT_EQ(r.event_source_arn, source.stream_arn());
}

}  // namespace
}  // namespace sb::trigger
