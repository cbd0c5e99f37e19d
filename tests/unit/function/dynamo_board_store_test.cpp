#include "function/dynamo_board_store.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <deque>

#include "function/board_item.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::function {
namespace {

using http::ClientRequest;
using http::Response;

// Answers queued bodies in order (status 200 unless the body is an error).
struct Fixture {
  Fixture()
      : http([this](const ClientRequest&) -> Result<Response> {
          Response r;
          if (replies.empty()) return r;
          r.body = replies.front();
          replies.pop_front();
          if (r.body.find("__type") != std::string::npos) r.status = 400;
          return r;
        }),
        transport(Config(), http, clock, sleeper, random),
        client(transport),
        store(client, FunctionConfig{}, clock) {}
  static dynamo::ClientConfig Config() {
    dynamo::ClientConfig c;
    c.endpoint = "http://db:1";
    c.retry.max_attempts = 1;
    return c;
  }
  boost::json::value Sent(size_t i) { return boost::json::parse(http.requests()[i].body); }

  std::deque<std::string> replies;
  FakeClock clock{1'700'000'000'000};
  FakeSleeper sleeper;
  SeededRandom random{1};
  http::FakeClient http;
  dynamo::Transport transport;
  dynamo::DynamoDbClient client;
  DynamoBoardStore store;
};

TEST(DynamoBoardStoreTest, ReadMissingBoard) {
  Fixture f;
  f.replies = {"{}"};
  auto r = f.store.Read("g");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->exists);
  EXPECT_EQ(r->board.game_id, "g");
  EXPECT_EQ(r->board.version, 0);
  EXPECT_EQ(f.Sent(0),
            boost::json::parse(
                R"({"TableName":"Leaderboard","Key":{"GameId":{"S":"g"}},"ConsistentRead":true})"));
}

TEST(DynamoBoardStoreTest, ReadMalformedBoardKeepsItsVersion) {
  Fixture f;
  f.replies = {R"({"Item":{"GameId":{"S":"g"},"Version":{"N":"6"},"Entries":{"S":"oops"}}})"};
  auto r = f.store.Read("g");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->exists);
  EXPECT_FALSE(r->problem.empty());
  EXPECT_EQ(r->board.version, 6);
  EXPECT_TRUE(r->board.entries.empty());
}

TEST(DynamoBoardStoreTest, WriteConditions) {
  Fixture f;
  f.replies = {"{}", "{}", "{}"};
  leaderboard::Board next;
  next.game_id = "g";
  next.version = 1;
  StoredBoard absent;
  ASSERT_TRUE(f.store.Write(absent, next).ok());
  boost::json::value first = f.Sent(0);
  EXPECT_EQ(first.at("ConditionExpression").as_string(), "attribute_not_exists(#g)");
  EXPECT_EQ(first.at("ExpressionAttributeNames"), boost::json::parse(R"({"#g":"GameId"})"));
  EXPECT_EQ(first.at("Item").at("Version"), boost::json::parse(R"({"N":"1"})"));
  EXPECT_EQ(first.at("Item").at("UpdatedAt"),
            boost::json::parse(R"({"S":"2023-11-14T22:13:20.000Z"})"));

  StoredBoard seen;
  seen.exists = true;
  seen.board.version = 1;
  seen.raw_version = protocol::AttributeValue::N(protocol::Number::FromInt(1));
  next.version = 2;
  ASSERT_TRUE(f.store.Write(seen, next).ok());
  boost::json::value second = f.Sent(1);
  EXPECT_EQ(second.at("ConditionExpression").as_string(), "#v = :seen");
  EXPECT_EQ(second.at("ExpressionAttributeValues"), boost::json::parse(R"({":seen":{"N":"1"}})"));

  seen.raw_version.reset();
  ASSERT_TRUE(f.store.Write(seen, next).ok());
  EXPECT_EQ(f.Sent(2).at("ConditionExpression").as_string(),
            "attribute_exists(#g) AND attribute_not_exists(#v)");
}

TEST(DynamoBoardStoreTest, WriteConflictIsTyped) {
  Fixture f;
  f.replies = {
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"})"};
  leaderboard::Board next;
  next.game_id = "g";
  next.version = 1;
  protocol::ApiStatus s = f.store.Write(StoredBoard{}, next);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().type, "ConditionalCheckFailedException");
}

std::string Row(const char* player, const char* score) {
  return std::string(R"({"PlayerId":{"S":")") + player + R"("},"GameId":{"S":"g"},"Score":{"N":")" +
         score + R"("}})";
}

TEST(DynamoBoardStoreTest, TopQueriesTheIndexDescendingAndCompletesTies) {
  Fixture f;
  // Page 1: limit 3 reached, more available. Page 2: one more tie at 20, then 10: stop.
  f.replies = {
      R"({"Items":[)" + Row("a", "30") + "," + Row("b", "20") + "," + Row("c", "20") +
          R"(],"LastEvaluatedKey":{"PlayerId":{"S":"c"},"GameId":{"S":"g"},"Score":{"N":"20"}}})",
      R"({"Items":[)" + Row("d", "20") + "," + Row("e", "10") +
          R"(],"LastEvaluatedKey":{"PlayerId":{"S":"e"},"GameId":{"S":"g"},"Score":{"N":"10"}}})"};
  auto r = f.store.Top("g", 3);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[3].player_id, "d");
  EXPECT_EQ(f.http.requests().size(), 2u);
  EXPECT_EQ(f.Sent(0), boost::json::parse(R"({"TableName":"GameScores","IndexName":"ByGameScore",
      "KeyConditionExpression":"#g = :g","ExpressionAttributeNames":{"#g":"GameId"},
      "ExpressionAttributeValues":{":g":{"S":"g"}},"Limit":3,"ScanIndexForward":false})"));
  EXPECT_EQ(f.Sent(1).at("ExclusiveStartKey").at("PlayerId"), boost::json::parse(R"({"S":"c"})"));
}

TEST(DynamoBoardStoreTest, TopFollowsShortPagesAndStopsAtTheEnd) {
  Fixture f;
  f.replies = {
      R"({"Items":[)" + Row("a", "30") +
          R"(],"LastEvaluatedKey":{"PlayerId":{"S":"a"},"GameId":{"S":"g"},"Score":{"N":"30"}}})",
      R"({"Items":[)" + Row("b", "5") + "]}"};
  auto r = f.store.Top("g", 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 2u);  // fewer than the limit: that is everyone
}

TEST(DynamoBoardStoreTest, EntryFromScoreItem) {
  FunctionConfig c;
  auto item = protocol::ParseItemJson(R"({"PlayerId":{"S":"p"},"Score":{"N":"12.50"},
      "PlayerName":{"S":"Pat"},"UpdatedAt":{"S":"2023-11-14T22:13:20.999Z"}})");
  std::optional<leaderboard::Entry> e = EntryFromScoreItem(*item, c);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->score.ToString(), "12.5");
  EXPECT_EQ(e->player_name, "Pat");
  EXPECT_EQ(e->at_ms, 1'700'000'000'000);  // whole seconds, like stream records
  EXPECT_TRUE(e->seq.empty());
  EXPECT_FALSE(EntryFromScoreItem(*protocol::ParseItemJson(R"({"PlayerId":{"S":"p"}})"), c));
  EXPECT_FALSE(EntryFromScoreItem(*protocol::ParseItemJson(R"({"Score":{"N":"1"}})"), c));
}

}  // namespace
}  // namespace sb::function
