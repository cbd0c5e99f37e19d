#include "function/config.h"

#include <gtest/gtest.h>

#include <map>

namespace sb::function {
namespace {

dynamo::GetEnv Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view n) -> std::optional<std::string> {
    auto it = vars.find(std::string(n));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(FunctionConfigTest, Defaults) {
  Result<FunctionConfig> c = LoadFunctionConfig(Env({}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->board.scores_table, "GameScores");
  EXPECT_EQ(c->board.leaderboard_table, "Leaderboard");
  EXPECT_EQ(c->board.ranks_table, "Ranks");
  EXPECT_EQ(c->board.board_size, 5u);
  EXPECT_EQ(c->board.rank_shards, 1u);
  EXPECT_EQ(c->board.player_attribute, "PlayerId");
  EXPECT_EQ(c->board.game_attribute, "GameId");
  EXPECT_EQ(c->board.score_attribute, "Score");
  EXPECT_EQ(c->board.name_attribute, "PlayerName");
  EXPECT_EQ(c->board.updated_at_attribute, "UpdatedAt");
  EXPECT_EQ(c->board.default_game, "global");
  EXPECT_EQ(c->board.rank_counts_table, "RankCounts");
  EXPECT_EQ(c->board.rank_count_depth, 16u);
  EXPECT_EQ(BoardConfig{}.rank_count_depth, leaderboard::kDefaultCountDepth);
  EXPECT_EQ(c->board.windows, "all");
  EXPECT_EQ(c->board.window_retention_days, 35u);
  EXPECT_EQ(ConfiguredWindows(c->board), std::vector<leaderboard::WindowKind>{
                                             leaderboard::WindowKind::kAll});
  EXPECT_EQ(c->log_level, log::Level::kInfo);
}

TEST(FunctionConfigTest, Overrides) {
  Result<FunctionConfig> c = LoadFunctionConfig(Env({{"SCORES_TABLE", "Scores-2"},
                                                     {"BOARD_SIZE", "10"},
                                                     {"RANK_SHARDS", "4"},
                                                     {"RANKS_TABLE", "Ranks-2"},
                                                     {"UPDATED_AT_ATTRIBUTE", "at"},
                                                     {"PLAYER_ATTRIBUTE", "playerId"},
                                                     {"SCORE_ATTRIBUTE", "score"},
                                                     {"DEFAULT_GAME", "main"},
                                                     {"AWS_LAMBDA_LOG_LEVEL", "debug"},
                                                     {"AWS_LAMBDA_FUNCTION_NAME", "lb"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->board.scores_table, "Scores-2");
  EXPECT_EQ(c->board.ranks_table, "Ranks-2");
  EXPECT_EQ(c->board.board_size, 10u);
  EXPECT_EQ(c->board.rank_shards, 4u);
  EXPECT_EQ(c->board.updated_at_attribute, "at");
  EXPECT_EQ(c->board.player_attribute, "playerId");
  EXPECT_EQ(c->board.score_attribute, "score");
  EXPECT_EQ(c->board.default_game, "main");
  EXPECT_EQ(c->log_level, log::Level::kDebug);
  EXPECT_EQ(c->function_name, "lb");
}

TEST(FunctionConfigTest, BadValuesNameTheVariable) {
  struct Case {
    const char* name;
    const char* value;
  };
  for (Case k : {Case{"BOARD_SIZE", "0"}, Case{"BOARD_SIZE", "five"}, Case{"BOARD_SIZE", "101"},
                 Case{"BOARD_SIZE", "-3"}, Case{"RANK_SHARDS", "0"}, Case{"RANK_SHARDS", "65"},
                 Case{"SCORES_TABLE", "a b"}, Case{"LEADERBOARD_TABLE", "xy"},
                 Case{"RANKS_TABLE", "bad/table"}, Case{"RANKS_TABLE", "GameScores"},
                 Case{"AWS_LAMBDA_LOG_LEVEL", "LOUD"}, Case{"GAME_ATTRIBUTE", "PlayerId"},
                 Case{"SCORE_ATTRIBUTE", "GameId"}, Case{"RANK_COUNTS_TABLE", "Ranks"},
                 Case{"RANK_COUNTS_TABLE", "x"}, Case{"RANK_COUNT_DEPTH", "33"},
                 Case{"RANK_COUNT_DEPTH", "-1"}, Case{"WINDOWS", "daily"},
                 Case{"WINDOWS", "all,hourly"}, Case{"WINDOWS", "all,all"},
                 Case{"WINDOW_RETENTION_DAYS", "0"}, Case{"WINDOW_RETENTION_DAYS", "3661"},
                 Case{"DEFAULT_GAME", "a\x1f" "b"}}) {
    Result<FunctionConfig> c = LoadFunctionConfig(Env({{k.name, k.value}}));
    ASSERT_FALSE(c.ok()) << k.name << "=" << k.value;
    EXPECT_EQ(c.error().code, "InvalidConfiguration");
    EXPECT_EQ(c.error().message.rfind(k.name, 0), 0u) << c.error().message;
    EXPECT_NE(c.error().message.find(k.value), std::string::npos) << c.error().message;
  }
}

TEST(FunctionConfigTest, EmptyMeansDefault) {
  Result<FunctionConfig> c = LoadFunctionConfig(Env({{"BOARD_SIZE", ""}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->board.board_size, 5u);
}

TEST(BoardConfigTest, EnvironmentIsTheInverse) {
  BoardConfig in;
  in.scores_table = "Scores1";
  in.leaderboard_table = "Board1";
  in.ranks_table = "Ranks1";
  in.board_size = 17;
  in.rank_shards = 8;
  in.player_attribute = "p";
  in.game_attribute = "g";
  in.score_attribute = "s";
  in.name_attribute = "n";
  in.updated_at_attribute = "u";
  in.default_game = "everyone";
  in.rank_counts_table = "Counts1";
  in.rank_count_depth = 0;
  in.windows = "daily,all,monthly";
  in.window_retention_days = 400;
  std::map<std::string, std::string> env = BoardConfigEnvironment(in);
  EXPECT_EQ(env.size(), 15u);
  Result<BoardConfig> out = LoadBoardConfig(Env(env));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(BoardConfigEnvironment(*out), env);
  EXPECT_EQ(out->board_size, 17u);
  EXPECT_EQ(out->rank_shards, 8u);
  EXPECT_EQ(out->ranks_table, "Ranks1");
  EXPECT_EQ(out->rank_counts_table, "Counts1");
  EXPECT_EQ(out->rank_count_depth, 0u);
  EXPECT_EQ(out->window_retention_days, 400u);
  EXPECT_EQ(ConfiguredWindows(*out),
            (std::vector<leaderboard::WindowKind>{leaderboard::WindowKind::kDaily,
                                                  leaderboard::WindowKind::kAll,
                                                  leaderboard::WindowKind::kMonthly}));
}

TEST(BoardConfigTest, CountAndWindowSettings) {
  Result<BoardConfig> c = LoadBoardConfig(Env({{"RANK_COUNT_DEPTH", "32"},
                                               {"WINDOWS", "all,weekly"},
                                               {"WINDOW_RETENTION_DAYS", "3660"},
                                               {"RANK_COUNTS_TABLE", "Counts"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->rank_count_depth, 32u);
  EXPECT_EQ(c->windows, "all,weekly");
  EXPECT_EQ(c->window_retention_days, 3660u);
  Result<BoardConfig> no_all = LoadBoardConfig(Env({{"WINDOWS", "daily,weekly"}}));
  ASSERT_FALSE(no_all.ok());
  EXPECT_NE(no_all.error().message.find("containing all"), std::string::npos)
      << no_all.error().message;
}

TEST(BoardConfigTest, OldNamesAreNotRead) {
  Result<BoardConfig> c = LoadBoardConfig(Env({{"LEADERBOARD_SIZE", "9"}, {"SCORES_INDEX", "x"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->board_size, 5u);
}

}  // namespace
}  // namespace sb::function
