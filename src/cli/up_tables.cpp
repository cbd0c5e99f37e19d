#include "cli/up_tables.h"

#include <chrono>
#include <thread>

#include "cli/commands.h"
#include "function/board_item.h"
#include "function/rank_counts_item.h"
#include "function/ranks_item.h"

namespace sb::cli {

std::map<std::string, std::string> FunctionEnvironment(const function::BoardConfig& board,
                                                       const std::string& endpoint,
                                                       const std::string& log_level) {
  std::map<std::string, std::string> env = function::BoardConfigEnvironment(board);
  env["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint;
  env["AWS_ACCESS_KEY_ID"] = "local";
  env["AWS_SECRET_ACCESS_KEY"] = "local";
  env["AWS_LAMBDA_LOG_LEVEL"] = log_level;
  return env;
}

dynamo::CreateTableRequest ScoresTableRequest(const function::BoardConfig& config) {
  dynamo::CreateTableRequest r;
  r.table_name = config.scores_table;
  r.attribute_definitions = {{config.player_attribute, "S"}, {config.game_attribute, "S"}};
  r.key_schema = {{config.player_attribute, "HASH"}, {config.game_attribute, "RANGE"}};
  r.stream_specification = dynamo::StreamSpecification{true, "NEW_IMAGE"};
  return r;
}

dynamo::CreateTableRequest LeaderboardTableRequest(const function::BoardConfig& config) {
  dynamo::CreateTableRequest r;
  r.table_name = config.leaderboard_table;
  const std::string game(function::kGameIdAttribute);
  r.attribute_definitions = {{game, "S"}};
  r.key_schema = {{game, "HASH"}};
  return r;
}

dynamo::CreateTableRequest RanksTableRequest(const function::BoardConfig& config) {
  const std::string board(function::kRanksBoardAttribute), player(function::kRanksPlayerAttribute),
      rank_key(function::kRankKeyAttribute);
  dynamo::CreateTableRequest r;
  r.table_name = config.ranks_table;
  r.attribute_definitions = {{board, "S"}, {player, "S"}, {rank_key, "B"}};
  r.key_schema = {{board, "HASH"}, {player, "RANGE"}};
  dynamo::LocalSecondaryIndex by_rank;
  by_rank.index_name = std::string(function::kByRankIndex);
  by_rank.key_schema = {{board, "HASH"}, {rank_key, "RANGE"}};
  by_rank.projection_type = "ALL";
  r.local_secondary_indexes = {by_rank};
  return r;
}

dynamo::CreateTableRequest RankCountsTableRequest(const function::BoardConfig& config) {
  const std::string node(function::kRankCountsNodeAttribute);
  dynamo::CreateTableRequest r;
  r.table_name = config.rank_counts_table;
  r.attribute_definitions = {{node, "B"}};
  r.key_schema = {{node, "HASH"}};
  return r;
}

bool EnsureTable(dynamo::DynamoDbClient& db, const dynamo::CreateTableRequest& request) {
  auto described = db.DescribeTable(request.table_name);
  if (described.ok()) return false;
  if (described.error().type != "ResourceNotFoundException") {
    throw CliError("DescribeTable " + request.table_name + ": " + described.error().message);
  }
  auto created = db.CreateTable(request);
  if (!created.ok()) {
    if (created.error().type == "ResourceInUseException") return false;
    throw CliError("CreateTable " + request.table_name + ": " + created.error().type + ": " +
                   created.error().message);
  }
  return true;
}

bool EnsureTimeToLive(dynamo::DynamoDbClient& db, const std::string& table,
                      std::string_view attribute) {
  auto described = db.DescribeTimeToLive(table);
  if (!described.ok()) {
    throw CliError("DescribeTimeToLive " + table + ": " + described.error().message);
  }
  const std::string& status = described->time_to_live_status;
  if (status == "ENABLED" || status == "ENABLING") return false;
  auto updated =
      db.UpdateTimeToLive(table, {.enabled = true, .attribute_name = std::string(attribute)});
  if (!updated.ok()) {
    throw CliError("UpdateTimeToLive " + table + ": " + updated.error().type + ": " +
                   updated.error().message);
  }
  return true;
}

std::string ScoresStreamArn(dynamo::DynamoDbClient& db, const std::string& table) {
  for (int i = 0; i < 100; ++i) {
    auto d = db.DescribeTable(table);
    if (!d.ok()) throw CliError("DescribeTable " + table + ": " + d.error().message);
    if (d->table_status == "ACTIVE") {
      if (!d->latest_stream_arn || !d->stream_specification ||
          !d->stream_specification->stream_enabled) {
        throw CliError("table " + table +
                       " exists without a stream: enable NEW_IMAGE (or use another --data-dir)");
      }
      return *d->latest_stream_arn;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw CliError("table " + table + " did not become ACTIVE");
}

}  // namespace sb::cli
