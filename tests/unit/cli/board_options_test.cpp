#include "cli/board_options.h"

#include <gtest/gtest.h>

#include "cli/commands.h"

namespace sb::cli {
namespace {

// Parses `args` for a command with the board options; returns the config.
function::BoardConfig Parse(std::vector<std::string> args) {
  CLI::App app{"test"};
  function::BoardConfig config;
  AddBoardOptions(&app, &config);
  std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
  app.parse(args);
  return config;
}

std::string ValidationError(const function::BoardConfig& config) {
  try {
    ValidateBoardOptions(config);
  } catch (const CliError& e) {
    EXPECT_EQ(e.code, 2);
    return e.what();
  }
  return "";
}

TEST(BoardOptionsTest, EveryFlagSetsItsField) {
  const function::BoardConfig c = Parse({"--scores-table",
                                         "Sc1",
                                         "--leaderboard-table",
                                         "Lb1",
                                         "--ranks-table",
                                         "Rk1",
                                         "--size",
                                         "8",
                                         "--rank-shards",
                                         "4",
                                         "--player-attribute",
                                         "pid",
                                         "--game-attribute",
                                         "gid",
                                         "--score-attribute",
                                         "pts",
                                         "--name-attribute",
                                         "nick",
                                         "--updated-at-attribute",
                                         "ts",
                                         "--rank-counts-table",
                                         "Cn1",
                                         "--rank-count-depth",
                                         "0",
                                         "--windows",
                                         "all,daily",
                                         "--window-retention-days",
                                         "90",
                                         "--default-game",
                                         "main"});
  EXPECT_EQ(c.scores_table, "Sc1");
  EXPECT_EQ(c.leaderboard_table, "Lb1");
  EXPECT_EQ(c.ranks_table, "Rk1");
  EXPECT_EQ(c.board_size, 8u);
  EXPECT_EQ(c.rank_shards, 4u);
  EXPECT_EQ(c.player_attribute, "pid");
  EXPECT_EQ(c.game_attribute, "gid");
  EXPECT_EQ(c.score_attribute, "pts");
  EXPECT_EQ(c.name_attribute, "nick");
  EXPECT_EQ(c.updated_at_attribute, "ts");
  EXPECT_EQ(c.default_game, "main");
  EXPECT_EQ(c.rank_counts_table, "Cn1");
  EXPECT_EQ(c.rank_count_depth, 0u);
  EXPECT_EQ(c.windows, "all,daily");
  EXPECT_EQ(c.window_retention_days, 90u);
  EXPECT_EQ(ValidationError(c), "");
}

TEST(BoardOptionsTest, DefaultsAreBoardConfigs) {
  const function::BoardConfig c = Parse({});
  EXPECT_EQ(function::BoardConfigEnvironment(c),
            function::BoardConfigEnvironment(function::BoardConfig{}));
  EXPECT_EQ(NonDefaultBoardFlags(c), "");
}

TEST(BoardOptionsTest, TheEnvironmentIsNotRead) {
  ::setenv("SCORES_TABLE", "FromTheShell", 1);
  ::setenv("BOARD_SIZE", "9", 1);
  const function::BoardConfig c = Parse({});
  ::unsetenv("SCORES_TABLE");
  ::unsetenv("BOARD_SIZE");
  EXPECT_EQ(c.scores_table, "GameScores");
  EXPECT_EQ(c.board_size, 5u);
}

TEST(BoardOptionsTest, ErrorsNameTheFlagWithTheFunctionsRule) {
  function::BoardConfig c;
  c.board_size = 0;
  EXPECT_EQ(ValidationError(c), "--size must be an integer from 1 to 100, got '0'");
  c = {};
  c.rank_shards = 65;
  EXPECT_EQ(ValidationError(c), "--rank-shards must be an integer from 1 to 64, got '65'");
  c = {};
  c.scores_table = "x";
  EXPECT_EQ(ValidationError(c),
            "--scores-table must be 3 to 255 characters of A-Z a-z 0-9 _ . -, got 'x'");
  c = {};
  c.ranks_table = "GameScores";
  EXPECT_EQ(ValidationError(c),
            "--ranks-table must be different from --scores-table and --leaderboard-table, got "
            "'GameScores'");
  c = {};
  c.default_game = "";
  EXPECT_EQ(ValidationError(c), "--default-game must not be empty");
  c = {};
  c.rank_count_depth = 33;
  EXPECT_EQ(ValidationError(c), "--rank-count-depth must be an integer from 0 to 32, got '33'");
  c = {};
  c.windows = "daily";
  EXPECT_EQ(ValidationError(c).rfind("--windows must be a list containing all", 0), 0u)
      << ValidationError(c);
  c = {};
  c.rank_counts_table = "Ranks";
  EXPECT_EQ(ValidationError(c).rfind("--rank-counts-table must be different from", 0), 0u)
      << ValidationError(c);
  c = {};
  c.window_retention_days = 0;
  EXPECT_EQ(ValidationError(c),
            "--window-retention-days must be an integer from 1 to 3660, got '0'");
}

TEST(BoardOptionsTest, NonDefaultFlagsRepeatTheSettings) {
  function::BoardConfig c;
  c.board_size = 8;
  c.default_game = "it's";
  EXPECT_EQ(NonDefaultBoardFlags(c), " --size 8 --default-game 'it'\\''s'");
  EXPECT_EQ(FlagOf("UPDATED_AT_ATTRIBUTE"), "--updated-at-attribute");
  EXPECT_EQ(FlagOf("AWS_REGION"), "AWS_REGION");
}

TEST(BoardOptionsTest, HelpListsEverySetting) {
  CLI::App app{"test"};
  function::BoardConfig config;
  AddBoardOptions(&app, &config);
  const std::string help = app.help();
  for (const auto& [variable, value] : function::BoardConfigEnvironment(config)) {
    EXPECT_NE(help.find(std::string(FlagOf(variable))), std::string::npos) << variable;
    EXPECT_NE(help.find(variable), std::string::npos) << variable;
  }
}

}  // namespace
}  // namespace sb::cli
