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
  EXPECT_EQ(c->scores_table, "GameScores");
  EXPECT_EQ(c->leaderboard_table, "Leaderboard");
  EXPECT_EQ(c->scores_index, "ByGameScore");
  EXPECT_EQ(c->leaderboard_size, 5u);
  EXPECT_EQ(c->player_attribute, "PlayerId");
  EXPECT_EQ(c->game_attribute, "GameId");
  EXPECT_EQ(c->score_attribute, "Score");
  EXPECT_EQ(c->name_attribute, "PlayerName");
  EXPECT_EQ(c->default_game, "global");
  EXPECT_EQ(c->log_level, log::Level::kInfo);
}

TEST(FunctionConfigTest, Overrides) {
  Result<FunctionConfig> c = LoadFunctionConfig(Env({{"SCORES_TABLE", "Scores-2"},
                                                     {"LEADERBOARD_SIZE", "10"},
                                                     {"PLAYER_ATTRIBUTE", "playerId"},
                                                     {"SCORE_ATTRIBUTE", "score"},
                                                     {"DEFAULT_GAME", "main"},
                                                     {"AWS_LAMBDA_LOG_LEVEL", "debug"},
                                                     {"AWS_LAMBDA_FUNCTION_NAME", "lb"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->scores_table, "Scores-2");
  EXPECT_EQ(c->leaderboard_size, 10u);
  EXPECT_EQ(c->player_attribute, "playerId");
  EXPECT_EQ(c->score_attribute, "score");
  EXPECT_EQ(c->default_game, "main");
  EXPECT_EQ(c->log_level, log::Level::kDebug);
  EXPECT_EQ(c->function_name, "lb");
}

TEST(FunctionConfigTest, BadValuesNameTheVariable) {
  struct Case {
    const char* name;
    const char* value;
  };
  for (Case k : {Case{"LEADERBOARD_SIZE", "0"}, Case{"LEADERBOARD_SIZE", "five"},
                 Case{"LEADERBOARD_SIZE", "101"}, Case{"LEADERBOARD_SIZE", "-3"},
                 Case{"SCORES_TABLE", "a b"}, Case{"LEADERBOARD_TABLE", "xy"},
                 Case{"SCORES_INDEX", "bad/index"}, Case{"AWS_LAMBDA_LOG_LEVEL", "LOUD"},
                 Case{"GAME_ATTRIBUTE", "PlayerId"}, Case{"SCORE_ATTRIBUTE", "GameId"}}) {
    Result<FunctionConfig> c = LoadFunctionConfig(Env({{k.name, k.value}}));
    ASSERT_FALSE(c.ok()) << k.name << "=" << k.value;
    EXPECT_EQ(c.error().code, "InvalidConfiguration");
    EXPECT_EQ(c.error().message.rfind(k.name, 0), 0u) << c.error().message;
    EXPECT_NE(c.error().message.find(k.value), std::string::npos) << c.error().message;
  }
}

TEST(FunctionConfigTest, EmptyMeansDefault) {
  Result<FunctionConfig> c = LoadFunctionConfig(Env({{"LEADERBOARD_SIZE", ""}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->leaderboard_size, 5u);
}

}  // namespace
}  // namespace sb::function
