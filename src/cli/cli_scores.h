// Reading the truth: every player's score from the scores table, grouped by game, as board
// entries (the function's EntryFromScoreItem, so `at` is derived exactly as the function's
// index refill derives it), and the list of existing boards. Used by `reconcile --all` and
// `simulate`'s final check.
//
// Thread-safety: as DynamoDbClient.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dynamo/dynamodb_client.h"
#include "function/config.h"
#include "leaderboard/entry.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::cli {

using GameRows = std::map<std::string, std::vector<leaderboard::Entry>>;

// A strongly consistent Scan of config.scores_table, all pages. An item without the game
// attribute belongs to config.default_game (design §3); an item without a usable player or
// numeric score is no entry (it has no score, as for the function).
protocol::ApiResult<GameRows> ScanScores(dynamo::DynamoDbClient& db,
                                         const function::FunctionConfig& config);

// The GameId of every item in config.leaderboard_table (strongly consistent Scan).
protocol::ApiResult<std::vector<std::string>> ListBoards(dynamo::DynamoDbClient& db,
                                                         const function::FunctionConfig& config);

}  // namespace sb::cli
