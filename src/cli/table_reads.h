// Reading the tables the checks and reconcile compare: every player's score from the scores
// table (read as the function reads a stream record: function/score_record.h InterpretRecord,
// so the same items count, with the same game, name and At), every item of the Ranks table,
// and the list of existing boards. All reads are strongly consistent and follow every page.
//
// Thread-safety: as DynamoDbClient.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/exact_check.h"
#include "dynamo/dynamodb_client.h"
#include "function/board_config.h"
#include "leaderboard/entry.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::cli {

// Every player with a usable score in config.scores_table (of `game` only, when given). An
// item without the game attribute belongs to config.default_game; an item without a usable
// player or numeric score is no row (it has no score, as for the function). Names are capped as
// Ranks stores them. `at_ms` is the item's UpdatedAt when valid, else `record_time_s` * 1000
// (a scan has no record time: the caller's "now" stands in for it).
protocol::ApiResult<std::vector<ScoresRow>> ReadScores(dynamo::DynamoDbClient& db,
                                                       const function::BoardConfig& config,
                                                       int64_t record_time_s,
                                                       const std::optional<std::string>& game);

using GameRows = std::map<std::string, std::vector<leaderboard::Entry>>;
// ReadScores of every game, grouped by game.
protocol::ApiResult<GameRows> ScanScores(dynamo::DynamoDbClient& db,
                                         const function::BoardConfig& config);

// Every item of config.ranks_table (of `game`'s board keys only, when given: one Query per
// key instead of a Scan).
protocol::ApiResult<std::vector<RanksRow>> ReadRanks(dynamo::DynamoDbClient& db,
                                                     const function::BoardConfig& config,
                                                     const std::optional<std::string>& game);

// The GameId of every item in config.leaderboard_table.
protocol::ApiResult<std::vector<std::string>> ListBoards(dynamo::DynamoDbClient& db,
                                                         const function::BoardConfig& config);

}  // namespace sb::cli
