// `streamboard rank` as a real process against `streamboard engine --in-memory`: players loaded
// into Ranks and RankCounts exactly as the function keeps them (two rank shards), every
// player's printed rank and neighbours equal the oracle, with the count tree and with
// --rank-count-depth 0 (the counting fallback); not ranked and bad input are one line and a
// non-zero exit.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

#include "cli_process.h"
#include "function/rank_counts_item.h"
#include "function/ranks_item.h"
#include "leaderboard/board_key.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/rank_key.h"

namespace sb::cli::itest {
namespace {

using protocol::AttributeValue;

constexpr size_t kShards = 2;

class RankCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = Engine::Start();
    ASSERT_NE(engine_, nullptr);
    client_ = std::make_unique<TestClient>(engine_->endpoint());
    ASSERT_NO_FATAL_FAILURE(client_->CreateTables());
    if (!client_->db().DescribeTable("RankCounts").ok()) {
      dynamo::CreateTableRequest t;
      t.table_name = "RankCounts";
      t.attribute_definitions = {{"Node", "B"}};
      t.key_schema = {{"Node", "HASH"}};
      ASSERT_TRUE(client_->db().CreateTable(t).ok());
    }
  }

  // Ranks items and the count tree (depth 16) of `entries` in game "g".
  void Load(const std::vector<leaderboard::Entry>& entries) {
    std::map<std::string, function::NodeCounts> nodes;
    for (const auto& e : entries) {
      const std::string board = leaderboard::BoardKey("g", e.player_id, kShards);
      leaderboard::RankRecord record{true, e};
      record.entry.seq = "7";
      auto put = client_->db().PutItem(
          {.table_name = "Ranks", .item = function::EncodeRankItem(board, record, 0)});
      ASSERT_TRUE(put.ok()) << put.error().message;
      for (const auto& d : leaderboard::CountMove(board, std::nullopt, leaderboard::RankKey(e),
                                                  leaderboard::kDefaultCountDepth)) {
        nodes[d.node][static_cast<size_t>(d.child)] += d.delta;
      }
    }
    for (const auto& [node, counts] : nodes) {
      protocol::Item item = function::CountNodeKey(node);
      for (int c = 0; c < 256; ++c) {
        if (counts[static_cast<size_t>(c)] != 0) {
          item[function::CountAttribute(c)] =
              AttributeValue::N(protocol::Number::FromInt(counts[static_cast<size_t>(c)]));
        }
      }
      ASSERT_TRUE(client_->db().PutItem({.table_name = "RankCounts", .item = item}).ok());
    }
  }

  RunResult Rank(const std::string& player, std::vector<std::string> extra) {
    std::vector<std::string> args{"rank", player, "--game", "g", "--rank-shards",
                                  std::to_string(kShards), "--endpoint-url", engine_->endpoint()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<TestClient> client_;
};

TEST_F(RankCommandTest, EveryPlayersRankAndNeighboursEqualTheOracle) {
  std::mt19937_64 rng(3);
  std::vector<leaderboard::Entry> entries;
  for (int i = 0; i < 24; ++i) {
    leaderboard::Entry e;
    e.player_id = "player-" + std::to_string(i);
    e.score = leaderboard::Score::FromInt(static_cast<int64_t>(rng() % 5));
    e.at_ms = 1'796'000'000'000;
    if (i % 4 == 0) e.player_name = "Name\x1b[2J" + std::to_string(i);  // made terminal-safe
    entries.push_back(e);
  }
  ASSERT_NO_FATAL_FAILURE(Load(entries));
  std::sort(entries.begin(), entries.end(), leaderboard::RanksBefore);
  for (const std::vector<std::string>& depth :
       {std::vector<std::string>{}, std::vector<std::string>{"--rank-count-depth", "0"}}) {
    for (size_t i = 0; i < entries.size(); ++i) {
      std::vector<std::string> extra = depth;
      extra.insert(extra.end(), {"--around", "2"});
      RunResult r = Rank(entries[i].player_id, extra);
      ASSERT_EQ(r.code, 0) << r.err;
      std::istringstream lines(r.out);
      std::string header;
      std::getline(lines, header);
      EXPECT_EQ(header, entries[i].player_id + ": rank " + std::to_string(i + 1) + " of 24 in game g (all)");
      EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
      std::vector<std::string> want;
      for (size_t j = i >= 2 ? i - 2 : 0; j <= std::min(entries.size() - 1, i + 2); ++j) {
        std::string row = (j == i ? "> " : "  ") + std::to_string(j + 1) + "  " +
                          entries[j].player_id + "  " + entries[j].score.ToString();
        want.push_back(row);
      }
      std::vector<std::string> got;
      for (std::string line; std::getline(lines, line);) {
        // The name column is checked for escaping above; compare up to the score.
        const size_t name = line.find("  ", line.find("  ", line.find("  ", 2) + 2) + 2);
        got.push_back(line.substr(0, name));
      }
      EXPECT_EQ(got, want) << r.out;
    }
  }
}

TEST_F(RankCommandTest, NotRankedAndBadInputAreOneLine) {
  RunResult missing = Rank("nobody", {});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("not ranked"), std::string::npos) << missing.err;
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--around", "51"}, {"--around", "-1"}, {"--window", "daily"},
        {"--window", "hourly"}, {"--label", "d2026-12-05"}, {"--rank-count-depth", "33"}}) {
    RunResult r = Rank("p", extra);
    EXPECT_NE(r.code, 0) << extra[0];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "");
  }
  RunResult empty = RunCli({"rank", "", "--endpoint-url", engine_->endpoint()});
  EXPECT_EQ(empty.code, 2);
}

}  // namespace
}  // namespace sb::cli::itest
