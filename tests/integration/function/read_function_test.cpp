// The function binary in read mode (FUNCTION_MODE=read) under a test Runtime API, against the
// real engine: API Gateway HTTP API (payload 2.0) events in, proxy responses out; ranks,
// neighbours and top pages equal the oracle over players loaded into Ranks and RankCounts
// exactly as the function keeps them (Ranks items, CountMove's counters).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <random>

#include "function/rank_counts_item.h"
#include "function/ranks_item.h"
#include "leaderboard/board_key.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/rank_key.h"
#include "runtime_api_server.h"
#include "support.h"

namespace sb::function::itest {
namespace {

namespace json = boost::json;
using protocol::AttributeValue;

constexpr auto kWait = std::chrono::seconds(30);
constexpr size_t kShards = 8;  // 8 x 16 count nodes: a rank read needs two BatchGetItem calls
constexpr size_t kDepth = 16;

// RankCounts (Node B), unless CreateTables made it already.
void CreateRankCounts(dynamo::DynamoDbClient& db) {
  if (db.DescribeTable("RankCounts").ok()) return;
  dynamo::CreateTableRequest t;
  t.table_name = "RankCounts";
  t.attribute_definitions = {{"Node", "B"}};
  t.key_schema = {{"Node", "HASH"}};
  auto r = db.CreateTable(t);
  ASSERT_TRUE(r.ok()) << r.error().message;
}

// Writes `entries` of `game` (all-time) as the function would: one Ranks item each, and the
// count tree's counters (the sum of CountMove(absent -> key) over the entries).
void Load(dynamo::DynamoDbClient& db, const std::string& game,
          const std::vector<leaderboard::Entry>& entries) {
  std::map<std::string, NodeCounts> nodes;
  for (const leaderboard::Entry& e : entries) {
    const std::string board = leaderboard::BoardKey(game, e.player_id, kShards);
    leaderboard::RankRecord record{true, e};
    record.entry.seq = "100";
    auto put = db.PutItem({.table_name = "Ranks", .item = EncodeRankItem(board, record, 0)});
    ASSERT_TRUE(put.ok()) << put.error().message;
    for (const auto& d :
         leaderboard::CountMove(board, std::nullopt, leaderboard::RankKey(e), kDepth)) {
      nodes[d.node][static_cast<size_t>(d.child)] += d.delta;
    }
  }
  for (const auto& [node, counts] : nodes) {
    protocol::Item item = CountNodeKey(node);
    for (int c = 0; c < 256; ++c) {
      if (counts[static_cast<size_t>(c)] != 0) {
        item[CountAttribute(c)] = AttributeValue::N(protocol::Number::FromInt(counts[c]));
      }
    }
    auto put = db.PutItem({.table_name = "RankCounts", .item = item});
    ASSERT_TRUE(put.ok()) << put.error().message;
  }
}

std::string HttpEvent(const std::string& method, const std::string& path,
                      const std::string& query) {
  return json::serialize(json::object{
      {"version", "2.0"},
      {"routeKey", "$default"},
      {"rawPath", path},
      {"rawQueryString", query},
      {"headers", json::object{{"origin", "https://game.example"}}},
      {"requestContext", json::object{{"http", json::object{{"method", method}}}}}});
}

class ReadFunctionTest : public EngineTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(EngineTest::SetUp());
    ASSERT_NO_FATAL_FAILURE(CreateRankCounts(client_->db));
    ASSERT_TRUE(api_.ok());
  }
  std::vector<std::string> Environment() {
    return {"AWS_LAMBDA_RUNTIME_API=" + api_.address(),
            "AWS_REGION=us-east-1",
            "AWS_ACCESS_KEY_ID=AKIDTEST",
            "AWS_SECRET_ACCESS_KEY=test-secret",
            "AWS_LAMBDA_FUNCTION_NAME=leaderboard-read",
            "AWS_ENDPOINT_URL_DYNAMODB=" + engine_->endpoint,
            "FUNCTION_MODE=read",
            "CORS_ORIGINS=https://game.example",
            "RANK_SHARDS=" + std::to_string(kShards),
            "RANK_COUNT_DEPTH=" + std::to_string(kDepth)};
  }

  RuntimeApiServer api_;
};

TEST_F(ReadFunctionTest, AnswersRankAndTopEventsExactly) {
  // 60 players, scores with many ties, two timestamps: several players per leaf.
  std::mt19937_64 rng(11);
  std::vector<leaderboard::Entry> entries;
  for (int i = 0; i < 60; ++i) {
    leaderboard::Entry e;
    e.player_id = "player-" + std::to_string(i);  // ties share a count leaf
    e.score = leaderboard::Score::FromInt(static_cast<int64_t>(rng() % 7) * 100);
    e.player_name = "Player " + std::to_string(i);
    e.at_ms = 1'796'558'400'000 + static_cast<int64_t>(rng() % 2);
    entries.push_back(e);
  }
  ASSERT_NO_FATAL_FAILURE(Load(client_->db, "chess", entries));
  std::vector<leaderboard::Entry> oracle = entries;
  std::sort(oracle.begin(), oracle.end(), leaderboard::RanksBefore);

  std::vector<std::string> ids;
  for (const auto& e : oracle) {
    ids.push_back(api_.AddEvent(HttpEvent("GET", "/api/rank", "game=chess&player=" + e.player_id +
                                                                  "&around=2")));
  }
  const std::string unknown = api_.AddEvent(HttpEvent("GET", "/api/rank", "game=chess&player=x"));
  const std::string top = api_.AddEvent(HttpEvent("GET", "/api/top", "game=chess&limit=25"));
  const std::string bad = api_.AddEvent(HttpEvent("GET", "/api/top", "game=chess&limit=0"));
  const std::string not_http = api_.AddEvent(R"({"Records":[]})");
  auto child = Child::Start({BinDir() + "/leaderboard-function"}, Environment(),
                            dir_ + "/function.log");
  ASSERT_NE(child, nullptr);

  size_t n = 0;
  auto next = [&]() -> json::value {
    std::optional<Posted> posted = api_.WaitForPost(n++, kWait);
    EXPECT_TRUE(posted.has_value()) << child->Log();
    if (!posted) return json::value();
    EXPECT_EQ(posted->kind, "response") << posted->body;
    return json::parse(posted->body);
  };
  for (size_t i = 0; i < oracle.size(); ++i) {
    json::value r = next();
    ASSERT_EQ(r.at("statusCode"), 200) << r;
    EXPECT_EQ(r.at("headers").at("access-control-allow-origin"), "https://game.example");
    json::value body = json::parse(r.at("body").as_string());
    EXPECT_EQ(body.at("player").at("player").as_string(), oracle[i].player_id);
    EXPECT_EQ(body.at("player").at("rank"), static_cast<int64_t>(i + 1));
    EXPECT_EQ(body.at("total"), 60);
    const json::array& above = body.at("above").as_array();
    const json::array& below = body.at("below").as_array();
    EXPECT_EQ(above.size(), std::min<size_t>(2, i));
    EXPECT_EQ(below.size(), std::min<size_t>(2, oracle.size() - 1 - i));
    for (size_t d = 0; d < above.size(); ++d) {
      EXPECT_EQ(above[d].at("player").as_string(), oracle[i - d - 1].player_id);
      EXPECT_EQ(above[d].at("rank"), static_cast<int64_t>(i - d));
    }
    for (size_t d = 0; d < below.size(); ++d) {
      EXPECT_EQ(below[d].at("player").as_string(), oracle[i + d + 1].player_id);
    }
  }
  json::value r = next();
  EXPECT_EQ(r.at("statusCode"), 404);
  EXPECT_EQ(json::parse(r.at("body").as_string()).at("error"), "NotRanked");
  r = next();
  ASSERT_EQ(r.at("statusCode"), 200);
  json::value page = json::parse(r.at("body").as_string());
  ASSERT_EQ(page.at("entries").as_array().size(), 25u);
  for (size_t i = 0; i < 25; ++i) {
    EXPECT_EQ(page.at("entries").at(i).at("player").as_string(), oracle[i].player_id);
  }
  EXPECT_TRUE(page.at("nextPage").is_string());
  r = next();
  EXPECT_EQ(r.at("statusCode"), 400);
  std::optional<Posted> error = api_.WaitForPost(n++, kWait);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, "error");
  EXPECT_NE(error->body.find("InvalidEvent"), std::string::npos) << error->body;
  api_.Finish();
  EXPECT_TRUE(child->WaitExit(kWait).has_value());
}

TEST_F(ReadFunctionTest, BadModeIsAnInitError) {
  std::vector<std::string> env = Environment();
  std::erase(env, "FUNCTION_MODE=read");
  env.push_back("FUNCTION_MODE=write");
  auto child = Child::Start({BinDir() + "/leaderboard-function"}, env, dir_ + "/function.log");
  ASSERT_NE(child, nullptr);
  std::optional<Posted> posted = api_.WaitForPost(0, kWait);
  ASSERT_TRUE(posted.has_value()) << child->Log();
  EXPECT_EQ(posted->kind, "init_error");
  EXPECT_NE(posted->body.find("FUNCTION_MODE"), std::string::npos) << posted->body;
  EXPECT_EQ(child->WaitExit(kWait), std::optional<int>(1));
}

}  // namespace
}  // namespace sb::function::itest
