// DynamoRanksStore's requests, as sent: every read strongly consistent (the engine is always
// consistent, so only these tests would notice a missing ConsistentRead), the conditions of
// docs/correctness.md, the ByRank query with its Limit.
#include "function/dynamo_ranks_store.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <deque>

#include "function/ranks_item.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::function {
namespace {

using http::ClientRequest;
using http::Response;
using leaderboard::Entry;
using leaderboard::RankRecord;
using leaderboard::Score;

// Answers queued bodies in order (status 400 when the body is an error).
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
        store(client, BoardConfig{}, clock) {}
  static dynamo::ClientConfig Config() {
    dynamo::ClientConfig c;
    c.endpoint = "http://db:1";
    c.retry.max_attempts = 1;
    return c;
  }
  boost::json::object Sent(size_t i) {
    return boost::json::parse(http.requests()[i].body).as_object();
  }

  std::deque<std::string> replies;
  FakeClock clock{1'700'000'000'000};
  FakeSleeper sleeper;
  SeededRandom random{1};
  http::FakeClient http;
  dynamo::Transport transport;
  dynamo::DynamoDbClient client;
  DynamoRanksStore store;
};

TEST(DynamoRanksStoreTest, ReadsAreStronglyConsistent) {
  Fixture f;
  f.replies = {"{}", R"({"Item":{"GameId":{"S":"g"},"Version":{"N":"7"}}})",
               R"({"Items":[],"Count":0,"ScannedCount":0})"};
  auto rank = f.store.GetRank("g#1", "p");
  ASSERT_TRUE(rank.ok());
  EXPECT_FALSE(rank->has_value());
  auto version = f.store.ReadBoardVersion("g");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 7);
  auto top = f.store.QueryTop("g#1", 5);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(f.Sent(0), boost::json::parse(R"({"TableName":"Ranks","ConsistentRead":true,
      "Key":{"Board":{"S":"g#1"},"PlayerId":{"S":"p"}}})"));
  EXPECT_EQ(f.Sent(1).at("ConsistentRead"), true);
  EXPECT_EQ(f.Sent(1).at("TableName"), "Leaderboard");
  const boost::json::object q = f.Sent(2);
  EXPECT_EQ(q.at("ConsistentRead"), true);
  EXPECT_EQ(q.at("IndexName"), "ByRank");
  EXPECT_EQ(q.at("Limit"), 5);
  EXPECT_FALSE(q.contains("ScanIndexForward") && q.at("ScanIndexForward") == false);
}

TEST(DynamoRanksStoreTest, PutRankConditions) {
  Fixture f;
  f.replies = {"{}", "{}", "{}"};
  RankRecord live{true, Entry{"p", Score::FromInt(3), "", 5, "100000000000000000002"}};
  ASSERT_TRUE(f.store.PutRank("g", live, RankExpectation{false, ""}, 0).ok());
  ASSERT_TRUE(f.store.PutRank("g", live, RankExpectation{true, "0007"}, 0).ok());
  ASSERT_TRUE(f.store.PutRank("g", live, RankExpectation{true, ""}, 0).ok());
  EXPECT_EQ(f.Sent(0).at("ConditionExpression"), "attribute_not_exists(#p)");
  EXPECT_EQ(f.Sent(1).at("ConditionExpression"), "#s = :seen");
  EXPECT_EQ(f.Sent(1).at("ExpressionAttributeValues"),
            boost::json::parse(R"({":seen":{"S":"0007"}})"));
  EXPECT_EQ(f.Sent(2).at("ConditionExpression"),
            "attribute_exists(#p) AND attribute_not_exists(#s)");
}

TEST(DynamoRanksStoreTest, BlindPutRankConditions) {
  Fixture f;
  f.replies = {"{}", "{}"};
  RankRecord live{true, Entry{"p", Score::FromInt(3), "", 5, "100000000000000000002"}};
  RankExpectation blind;
  blind.blind = true;
  ASSERT_TRUE(f.store.PutRank("g", live, blind, 0).ok());
  blind.keep_same_score = true;
  ASSERT_TRUE(f.store.PutRank("g", live, blind, 0).ok());
  const std::string padded = "0000000000000000000100000000000000000002";
  EXPECT_EQ(f.Sent(0).at("ConditionExpression"), "attribute_not_exists(#s) OR #s < :seq");
  EXPECT_EQ(f.Sent(0).at("ExpressionAttributeValues"),
            boost::json::parse(R"({":seq":{"S":")" + padded + R"("}})"));
  EXPECT_EQ(
      f.Sent(1).at("ConditionExpression"),
      "attribute_not_exists(#s) OR (#s < :seq AND (attribute_not_exists(#sc) OR #sc <> :sc))");
  EXPECT_EQ(f.Sent(1).at("ExpressionAttributeValues"),
            boost::json::parse(R"({":seq":{"S":")" + padded + R"("},":sc":{"N":"3"}})"));
}

// MoveRank: the Ranks put under PutRank's condition first, then one Update per node with every
// child's ADD (and ExpiresAt for a windowed board), in one TransactWriteItems.
TEST(DynamoRanksStoreTest, MoveRankIsOneTransaction) {
  Fixture f;
  f.replies = {"{}"};
  RankRecord live{true, Entry{"p", Score::FromInt(3), "", 5, "100000000000000000002"}};
  CountChanges counts;
  counts.deltas = {{"n1", 0x41, -1}, {"n1", 0x42, 1}, {"n2", 0, 1}};
  counts.expires_at_s = 99;
  ASSERT_TRUE(f.store.MoveRank("g", live, RankExpectation{true, "0007"}, 77, counts).ok());
  EXPECT_EQ(f.http.requests()[0].headers.Get("X-Amz-Target").value_or(""),
            "DynamoDB_20120810.TransactWriteItems");
  const boost::json::array items = f.Sent(0).at("TransactItems").as_array();
  ASSERT_EQ(items.size(), 3u);
  const boost::json::object put = items[0].at("Put").as_object();
  EXPECT_EQ(put.at("TableName"), "Ranks");
  EXPECT_EQ(put.at("ConditionExpression"), "#s = :seen");
  EXPECT_EQ(put.at("Item").at("ExpiresAt"), boost::json::parse(R"({"N":"77"})"));
  EXPECT_EQ(items[1], boost::json::parse(R"({"Update":{"TableName":"RankCounts",
      "Key":{"Node":{"B":"bjE="}},"UpdateExpression":"ADD #c0 :c0, #c1 :c1 SET #x = :x",
      "ExpressionAttributeNames":{"#c0":"c41","#c1":"c42","#x":"ExpiresAt"},
      "ExpressionAttributeValues":{":c0":{"N":"-1"},":c1":{"N":"1"},":x":{"N":"99"}}}})"));
  EXPECT_EQ(items[2].at("Update").at("UpdateExpression"), "ADD #c0 :c0 SET #x = :x");
}

TEST(DynamoRanksStoreTest, MoveRankCancellationsAreMapped) {
  Fixture f;
  auto canceled = [](std::string codes) {
    return R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        "message":"Transaction cancelled, please refer cancellation reasons for specific reasons [)" +
           codes + R"(]"})";
  };
  f.replies = {canceled("ConditionalCheckFailed, None"), canceled("None, TransactionConflict"),
               canceled("None, ValidationError"),
               R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionConflictException",
                   "message":"Transaction is ongoing for the item"})"};
  RankRecord live{true, Entry{"p", Score::FromInt(3), "", 5, "100000000000000000002"}};
  CountChanges counts;
  counts.deltas = {{"n1", 1, 1}};
  std::vector<std::string> types;
  for (int i = 0; i < 4; ++i) {
    protocol::ApiStatus s = f.store.MoveRank("g", live, RankExpectation{false, ""}, 0, counts);
    ASSERT_FALSE(s.ok());
    types.push_back(s.error().type);
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"ConditionalCheckFailedException", "TransactionConflict",
                                      "ValidationException", "TransactionConflict"}));
}

TEST(DynamoRanksStoreTest, BoardWriteConditionsAndErrors) {
  Fixture f;
  f.replies = {"{}",
               R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                   "message":"The conditional request failed"})",
               R"({"__type":"com.amazon.coral.validate#ValidationException",
                   "message":"Item size has exceeded the maximum allowed size"})"};
  leaderboard::Board board;
  board.game_id = "g";
  board.size = 5;
  board.version = 1;
  ASSERT_TRUE(f.store.WriteBoard(board, 0).ok());
  EXPECT_EQ(f.Sent(0).at("ConditionExpression"),
            "attribute_not_exists(#v) OR NOT attribute_type(#v, :n)");
  board.version = 4;
  auto conflict = f.store.WriteBoard(board, 3);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().type, "ConditionalCheckFailedException");
  EXPECT_EQ(f.Sent(1).at("ConditionExpression"), "#v = :v");
  EXPECT_EQ(f.Sent(1).at("ExpressionAttributeValues"), boost::json::parse(R"({":v":{"N":"3"}})"));
  auto invalid = f.store.WriteBoard(board, 3);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().type, "ValidationException");
}

TEST(DynamoRanksStoreTest, QueryDecodesLiveItemsInOrder) {
  Fixture f;
  RankRecord a{true, Entry{"a", Score::FromInt(9), "Ann", 5, "100000000000000000002"}};
  RankRecord b{true, Entry{"b", Score::FromInt(7), "", 6, "100000000000000000003"}};
  f.replies = {R"({"Items":[)" + protocol::ItemToJson(EncodeRankItem("g", a, 0)) + "," +
               protocol::ItemToJson(EncodeRankItem("g", b, 0)) + R"(],"Count":2})"};
  auto top = f.store.QueryTop("g", 2);
  ASSERT_TRUE(top.ok()) << top.error().message;
  ASSERT_EQ(top->size(), 2u);
  EXPECT_EQ((*top)[0].player_id, "a");
  EXPECT_EQ((*top)[0].player_name, "Ann");
  EXPECT_EQ((*top)[1].score, Score::FromInt(7));
}

}  // namespace
}  // namespace sb::function
