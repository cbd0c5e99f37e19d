// FunctionConfig: the leaderboard function's settings, read from its environment by main()
// (through a GetEnv so tests pass a map). Names and defaults (issue 4):
//   SCORES_TABLE=GameScores  LEADERBOARD_TABLE=Leaderboard  SCORES_INDEX=ByGameScore
//   LEADERBOARD_SIZE=5       PLAYER_ATTRIBUTE=PlayerId      GAME_ATTRIBUTE=GameId
//   SCORE_ATTRIBUTE=Score    NAME_ATTRIBUTE=PlayerName      DEFAULT_GAME=global
// plus Lambda's AWS_LAMBDA_LOG_LEVEL (TRACE..FATAL, default INFO) and
// AWS_LAMBDA_FUNCTION_NAME (the EMF dimension; default "leaderboard-function").
// An empty variable counts as unset. Value type; thread-compatible.
#pragma once

#include <cstddef>
#include <string>

#include "base/log.h"
#include "base/result.h"
#include "dynamo/config.h"

namespace sb::function {

struct FunctionConfig {
  std::string scores_table = "GameScores";
  std::string leaderboard_table = "Leaderboard";
  std::string scores_index = "ByGameScore";
  size_t leaderboard_size = 5;
  std::string player_attribute = "PlayerId";
  std::string game_attribute = "GameId";
  std::string score_attribute = "Score";
  std::string name_attribute = "PlayerName";
  std::string default_game = "global";
  log::Level log_level = log::Level::kInfo;
  std::string function_name = "leaderboard-function";
};

inline constexpr size_t kMaxLeaderboardSize = 100;

// Errors (code "InvalidConfiguration") name the variable and say what is accepted, e.g.
// "LEADERBOARD_SIZE must be an integer from 1 to 100, got '0'". Checked: table and index names
// (3..255 of [A-Za-z0-9_.-], DynamoDB's rule), attribute names (1..255 bytes), PLAYER_ATTRIBUTE
// and GAME_ATTRIBUTE distinct, DEFAULT_GAME (1..1024 bytes: it is a partition key value),
// LEADERBOARD_SIZE, AWS_LAMBDA_LOG_LEVEL.
Result<FunctionConfig> LoadFunctionConfig(const dynamo::GetEnv& getenv);

}  // namespace sb::function
