// BoardConfig: the settings that describe the data model, one name per setting, shared by the
// function (read from its environment) and the CLI (flags, and the environment it gives the
// function). Defaults and names:
//
//   field                  environment variable   CLI flag               default
//   scores_table           SCORES_TABLE           --scores-table         GameScores
//   leaderboard_table      LEADERBOARD_TABLE      --leaderboard-table    Leaderboard
//   ranks_table            RANKS_TABLE            --ranks-table          Ranks
//   board_size             BOARD_SIZE             --size                 5      (1..100)
//   rank_shards            RANK_SHARDS            --rank-shards          1      (1..64)
//   player_attribute       PLAYER_ATTRIBUTE       --player-attribute     PlayerId
//   game_attribute         GAME_ATTRIBUTE         --game-attribute       GameId
//   score_attribute        SCORE_ATTRIBUTE        --score-attribute      Score
//   name_attribute         NAME_ATTRIBUTE         --name-attribute       PlayerName
//   updated_at_attribute   UPDATED_AT_ATTRIBUTE   --updated-at-attribute UpdatedAt
//   default_game           DEFAULT_GAME           --default-game         global
//   rank_counts_table      RANK_COUNTS_TABLE      --rank-counts-table    RankCounts
//   rank_count_depth       RANK_COUNT_DEPTH       --rank-count-depth     16     (0..32)
//   windows                WINDOWS                --windows              all
//   window_retention_days  WINDOW_RETENTION_DAYS  --window-retention-days 35    (1..3660)
//
// RANK_COUNT_DEPTH 0 keeps no counts (docs/ranks.md). WINDOWS is a comma-separated list of
// all, daily, weekly, monthly (leaderboard/window.h) that must contain "all": the Leaderboard
// item is derived from the all-time boards.
//
// An empty variable counts as unset. Value type; thread-compatible.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "dynamo/config.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/window.h"

namespace sb::function {

struct BoardConfig {
  std::string scores_table = "GameScores";
  std::string leaderboard_table = "Leaderboard";
  std::string ranks_table = "Ranks";
  size_t board_size = 5;
  size_t rank_shards = 1;
  std::string player_attribute = "PlayerId";
  std::string game_attribute = "GameId";
  std::string score_attribute = "Score";
  std::string name_attribute = "PlayerName";
  std::string updated_at_attribute = "UpdatedAt";
  std::string default_game = "global";
  std::string rank_counts_table = "RankCounts";
  size_t rank_count_depth = 16;  // leaderboard::kDefaultCountDepth (config_test)
  std::string windows = "all";   // valid by LoadBoardConfig's rules; see ConfiguredWindows
  size_t window_retention_days = 35;
};

inline constexpr size_t kMaxBoardSize = 100;
inline constexpr size_t kMaxRankShards = 64;
inline constexpr size_t kMaxWindowRetentionDays = 3660;

// The window kinds of config.windows, in the order given ({kAll} if it does not parse, which
// LoadBoardConfig never lets through).
std::vector<leaderboard::WindowKind> ConfiguredWindows(const BoardConfig& config);

// Reads and validates every variable above. Errors (code "InvalidConfiguration") start with the
// variable's name and quote the value, e.g. "BOARD_SIZE must be an integer from 1 to 100, got
// '0'". Checked: table names (3..255 of [A-Za-z0-9_.-], DynamoDB's rule), the four tables
// distinct, attribute names (1..255 bytes), PLAYER_ATTRIBUTE, GAME_ATTRIBUTE and
// SCORE_ATTRIBUTE pairwise distinct, DEFAULT_GAME (1..1024 bytes: a partition key value),
// BOARD_SIZE (1..100), RANK_SHARDS (1..64), RANK_COUNT_DEPTH (0..32), WINDOWS (a list
// ParseWindowKinds accepts, containing all), WINDOW_RETENTION_DAYS (1..3660), DEFAULT_GAME
// without U+001F (the window separator).
Result<BoardConfig> LoadBoardConfig(const dynamo::GetEnv& getenv);

// The inverse: every variable with its value, so LoadBoardConfig(BoardConfigEnvironment(c))
// gives back c. For the environment the CLI hands the function.
std::map<std::string, std::string> BoardConfigEnvironment(const BoardConfig& config);

// The validators LoadBoardConfig uses, for the other settings readers (function config).
Error InvalidSetting(std::string_view variable, std::string_view rule, std::string_view value);
bool IsTableName(std::string_view s);

}  // namespace sb::function
