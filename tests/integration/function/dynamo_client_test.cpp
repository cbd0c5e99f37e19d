// The DynamoDB and Streams clients against the real engine binary on 127.0.0.1 (signed
// requests, typed errors, paging), beyond what the handler tests already exercise.
#include <gtest/gtest.h>

#include <filesystem>

#include "dynamo/streams_client.h"
#include "protocol/streams/sequence_number.h"
#include "support.h"

namespace sb::function::itest {
namespace {

using protocol::AttributeValue;
using protocol::Number;

class DynamoClientEngineTest : public EngineTest {
 protected:
  protocol::Item Key(const std::string& player, const std::string& game) {
    return {{"PlayerId", AttributeValue::S(player)}, {"GameId", AttributeValue::S(game)}};
  }
  void PutScore(const std::string& player, const std::string& game, int64_t score) {
    protocol::Item item = Key(player, game);
    item["Score"] = AttributeValue::N(Number::FromInt(score));
    auto r = client_->db.PutItem({.table_name = "GameScores", .item = item});
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
};

TEST_F(DynamoClientEngineTest, DescribeTableShowsTheIndexAndStream) {
  auto d = client_->db.DescribeTable("GameScores");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->table_name, "GameScores");
  EXPECT_EQ(d->table_status, "ACTIVE");
  ASSERT_EQ(d->global_secondary_indexes.size(), 1u);
  EXPECT_EQ(d->global_secondary_indexes[0].index_name, "ByGameScore");
  ASSERT_TRUE(d->stream_specification.has_value());
  EXPECT_EQ(d->stream_specification->stream_view_type, "NEW_IMAGE");
  auto missing = client_->db.DescribeTable("NoSuchTable");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().type, "ResourceNotFoundException");
}

TEST_F(DynamoClientEngineTest, ConditionalWritesAreTypedErrors) {
  ASSERT_NO_FATAL_FAILURE(PutScore("a", "g", 1));
  dynamo::PutItemRequest again;
  again.table_name = "GameScores";
  again.item = Key("a", "g");
  again.condition_expression = "attribute_not_exists(PlayerId)";
  auto r = client_->db.PutItem(again);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "ConditionalCheckFailedException");
  EXPECT_EQ(r.error().http_status, 400);

  dynamo::UpdateItemRequest update;
  update.table_name = "GameScores";
  update.key = Key("a", "g");
  update.update_expression = "ADD #s :d";
  update.condition_expression = "#s = :old";
  update.attributes.names = {{"#s", "Score"}};
  update.attributes.values = {{":d", AttributeValue::N(Number::FromInt(41))},
                              {":old", AttributeValue::N(Number::FromInt(1))}};
  update.return_values = "ALL_NEW";
  auto u = client_->db.UpdateItem(update);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->attributes->at("Score"), AttributeValue::N(Number::FromInt(42)));
  auto u2 = client_->db.UpdateItem(update);  // the condition no longer holds
  ASSERT_FALSE(u2.ok());
  EXPECT_EQ(u2.error().type, "ConditionalCheckFailedException");

  auto del = client_->db.DeleteItem(
      {.table_name = "GameScores", .key = Key("a", "g"), .return_values = "ALL_OLD"});
  ASSERT_TRUE(del.ok()) << del.error().message;
  ASSERT_TRUE(del->attributes.has_value());
  auto gone = client_->db.GetItem(
      {.table_name = "GameScores", .key = Key("a", "g"), .consistent_read = true});
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->item.has_value());
}

TEST_F(DynamoClientEngineTest, ValidationErrorsAreTyped) {
  auto r = client_->db.GetItem(
      {.table_name = "GameScores", .key = {{"PlayerId", AttributeValue::S("a")}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().type, "ValidationException");
}

TEST_F(DynamoClientEngineTest, QueryPagesDescendingOnTheIndex) {
  for (int i = 1; i <= 7; ++i)
    ASSERT_NO_FATAL_FAILURE(PutScore("p" + std::to_string(i), "g", i * 10));
  ASSERT_NO_FATAL_FAILURE(PutScore("other", "h", 1000));
  dynamo::QueryRequest q;
  q.table_name = "GameScores";
  q.index_name = "ByGameScore";
  q.key_condition_expression = "GameId = :g";
  q.attributes.values = {{":g", AttributeValue::S("g")}};
  q.scan_index_forward = false;
  q.limit = 3;
  std::vector<std::string> players;
  for (int page = 0; page < 10; ++page) {
    auto r = client_->db.Query(q);
    ASSERT_TRUE(r.ok()) << r.error().message;
    for (const auto& item : r->items) players.push_back(item.at("PlayerId").s());
    if (!r->last_evaluated_key.has_value()) break;
    q.exclusive_start_key = r->last_evaluated_key;
  }
  EXPECT_EQ(players, (std::vector<std::string>{"p7", "p6", "p5", "p4", "p3", "p2", "p1"}));
}

TEST_F(DynamoClientEngineTest, ScanSeesEveryItem) {
  for (int i = 1; i <= 5; ++i) ASSERT_NO_FATAL_FAILURE(PutScore("p" + std::to_string(i), "g", i));
  dynamo::ScanRequest s;
  s.table_name = "GameScores";
  s.limit = 2;
  size_t seen = 0;
  for (int page = 0; page < 10; ++page) {
    auto r = client_->db.Scan(s);
    ASSERT_TRUE(r.ok()) << r.error().message;
    seen += r->items.size();
    if (!r->last_evaluated_key.has_value()) break;
    s.exclusive_start_key = r->last_evaluated_key;
  }
  EXPECT_EQ(seen, 5u);
}

TEST_F(DynamoClientEngineTest, UnsignedRequestsAreAcceptedByDefault) {
  dynamo::ClientConfig c;
  c.endpoint = engine_->endpoint;
  c.retry.max_attempts = 1;
  http::CurlClient http;
  SeededRandom random(1);
  dynamo::Transport transport(c, http, RealClock::Instance(), RealSleeper::Instance(), random);
  dynamo::DynamoDbClient db(transport);
  auto d = db.DescribeTable("Leaderboard");
  EXPECT_TRUE(d.ok()) << d.error().message;
}

TEST_F(DynamoClientEngineTest, StreamsCallsReadTheTablesStream) {
  ASSERT_NO_FATAL_FAILURE(PutScore("a", "g", 1));
  ASSERT_NO_FATAL_FAILURE(PutScore("a", "g", 2));
  auto gone = client_->db.DeleteItem({.table_name = "GameScores", .key = Key("a", "g")});
  ASSERT_TRUE(gone.ok());
  dynamo::StreamsClient streams(client_->transport);
  auto list = streams.ListStreams({.table_name = "GameScores"});
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->streams.size(), 1u);
  const std::string arn = list->streams[0].stream_arn;
  auto desc = streams.DescribeStream({.stream_arn = arn});
  ASSERT_TRUE(desc.ok()) << desc.error().message;
  EXPECT_EQ(desc->stream_view_type, "NEW_IMAGE");
  EXPECT_EQ(desc->table_name, "GameScores");
  ASSERT_FALSE(desc->shards.empty());
  std::vector<dynamo::StreamRecordEnvelope> records;
  for (const dynamo::Shard& shard : desc->shards) {
    auto it = streams.GetShardIterator(
        {.stream_arn = arn, .shard_id = shard.shard_id, .shard_iterator_type = "TRIM_HORIZON"});
    ASSERT_TRUE(it.ok()) << it.error().message;
    auto page = streams.GetRecords({.shard_iterator = *it, .limit = 100});
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (auto& r : page->records) records.push_back(std::move(r));
  }
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].event_name, "INSERT");
  EXPECT_EQ(records[1].event_name, "MODIFY");
  EXPECT_EQ(records[2].event_name, "REMOVE");
  EXPECT_TRUE(
      protocol::CompareSequenceNumbers(records[0].sequence_number, records[1].sequence_number) < 0);
  EXPECT_TRUE(records[2].json.at("dynamodb").as_object().contains("Keys"));
  EXPECT_FALSE(records[2].json.at("dynamodb").as_object().contains("NewImage"));
  auto bad = streams.GetRecords({.shard_iterator = "not-an-iterator"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().http_status, 400);
}

}  // namespace
}  // namespace sb::function::itest
