#include "cli/up_tables.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace sb::cli {
namespace {

TEST(UpTablesTest, FunctionEnvironmentIsBuiltFromTheSettingsOnly) {
  ::setenv("SCORES_TABLE", "FromTheShell", 1);
  ::setenv("AWS_ACCESS_KEY_ID", "shell-key", 1);
  function::BoardConfig board;
  board.scores_table = "MyScores";
  board.board_size = 8;
  const auto env = FunctionEnvironment(board, "http://127.0.0.1:9", "DEBUG");
  ::unsetenv("SCORES_TABLE");
  ::unsetenv("AWS_ACCESS_KEY_ID");
  auto want = function::BoardConfigEnvironment(board);
  want["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:9";
  want["AWS_ACCESS_KEY_ID"] = "local";
  want["AWS_SECRET_ACCESS_KEY"] = "local";
  want["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG";
  EXPECT_EQ(env, want);
  EXPECT_EQ(env.at("SCORES_TABLE"), "MyScores");
  EXPECT_EQ(env.at("BOARD_SIZE"), "8");
}

TEST(UpTablesTest, TablesFollowTheSettings) {
  function::BoardConfig board;
  board.scores_table = "S1";
  board.player_attribute = "pid";
  board.game_attribute = "gid";
  board.ranks_table = "R1";
  const auto scores = ScoresTableRequest(board);
  EXPECT_EQ(scores.table_name, "S1");
  ASSERT_EQ(scores.key_schema.size(), 2u);
  EXPECT_EQ(scores.key_schema[0].attribute_name, "pid");
  EXPECT_EQ(scores.key_schema[1].attribute_name, "gid");
  EXPECT_TRUE(scores.global_secondary_indexes.empty());  // no ByGameScore any more
  ASSERT_TRUE(scores.stream_specification.has_value());
  EXPECT_EQ(scores.stream_specification->stream_view_type, "NEW_IMAGE");

  const auto ranks = RanksTableRequest(board);
  EXPECT_EQ(ranks.table_name, "R1");
  ASSERT_EQ(ranks.key_schema.size(), 2u);
  EXPECT_EQ(ranks.key_schema[0].attribute_name, "Board");
  EXPECT_EQ(ranks.key_schema[1].attribute_name, "PlayerId");
  ASSERT_EQ(ranks.local_secondary_indexes.size(), 1u);
  EXPECT_EQ(ranks.local_secondary_indexes[0].index_name, "ByRank");
  EXPECT_EQ(ranks.local_secondary_indexes[0].key_schema[1].attribute_name, "RankKey");
  EXPECT_EQ(ranks.local_secondary_indexes[0].projection_type, "ALL");
  bool binary_rank_key = false;
  for (const auto& d : ranks.attribute_definitions) {
    binary_rank_key |= d.attribute_name == "RankKey" && d.attribute_type == "B";
  }
  EXPECT_TRUE(binary_rank_key);
  EXPECT_FALSE(ranks.stream_specification.has_value());

  board.rank_counts_table = "C1";
  const auto counts = RankCountsTableRequest(board);
  EXPECT_EQ(counts.table_name, "C1");
  ASSERT_EQ(counts.key_schema.size(), 1u);
  EXPECT_EQ(counts.key_schema[0].attribute_name, "Node");
  EXPECT_EQ(counts.key_schema[0].key_type, "HASH");
  ASSERT_EQ(counts.attribute_definitions.size(), 1u);
  EXPECT_EQ(counts.attribute_definitions[0].attribute_type, "B");
  EXPECT_TRUE(counts.local_secondary_indexes.empty());
  EXPECT_FALSE(counts.stream_specification.has_value());

  EXPECT_EQ(LeaderboardTableRequest(board).key_schema[0].attribute_name, "GameId");
}

}  // namespace
}  // namespace sb::cli
