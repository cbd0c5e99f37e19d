// What `streamboard up` sets up before it starts the trigger: the function's environment, and
// the tables it creates when they are missing, named by the board settings
// (function/board_config.h):
//   scores      <player attribute> S HASH, <game attribute> S RANGE; stream NEW_IMAGE;
//               no secondary index (the function ranks players in the Ranks table)
//   Leaderboard GameId S HASH
//   Ranks       Board S HASH, PlayerId S RANGE; local secondary index ByRank
//               (Board, RankKey B), projection ALL; TTL on ExpiresAt
//   RankCounts  Node B HASH; TTL on ExpiresAt (the count tree, function/rank_counts_item.h)
// The Ranks and RankCounts tables' attribute names are fixed by the function's items
// (function/ranks_item.h, function/rank_counts_item.h); only the tables' names are settings.
//
// Errors are CliError naming the call and table. Thread-compatible.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "dynamo/dynamodb_client.h"
#include "function/board_config.h"

namespace sb::cli {

dynamo::CreateTableRequest ScoresTableRequest(const function::BoardConfig& config);
dynamo::CreateTableRequest LeaderboardTableRequest(const function::BoardConfig& config);
dynamo::CreateTableRequest RanksTableRequest(const function::BoardConfig& config);
dynamo::CreateTableRequest RankCountsTableRequest(const function::BoardConfig& config);

// Creates `request`'s table unless a table of that name exists (its schema is not compared).
// Returns true when it created the table.
bool EnsureTable(dynamo::DynamoDbClient& db, const dynamo::CreateTableRequest& request);

// Enables TTL on `attribute` unless it is enabled already (on any attribute: DynamoDB allows
// one TTL attribute per table, and changing it is the operator's call). Returns true when it
// enabled it.
bool EnsureTimeToLive(dynamo::DynamoDbClient& db, const std::string& table,
                      std::string_view attribute);

// The function's whole environment, built from up's own settings and nothing else (the user's
// environment never reaches it, so a SCORES_TABLE set in the shell cannot point the function
// at a table up did not create): the board settings (function::BoardConfigEnvironment), the
// engine's endpoint (AWS_ENDPOINT_URL_DYNAMODB), credentials the engine accepts (it checks no
// signature) and AWS_LAMBDA_LOG_LEVEL. The local Lambda runtime adds Lambda's own variables
// (region, function name, runtime API) on top.
std::map<std::string, std::string> FunctionEnvironment(const function::BoardConfig& board,
                                                       const std::string& endpoint,
                                                       const std::string& log_level);

// The newest stream ARN of the scores table, waiting for the table to be ACTIVE; CliError when
// the table has no stream.
std::string ScoresStreamArn(dynamo::DynamoDbClient& db, const std::string& table);

}  // namespace sb::cli
