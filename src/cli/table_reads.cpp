#include "cli/table_reads.h"

#include <functional>

#include "cli/ranks_codec.h"
#include "function/board_item.h"
#include "function/score_record.h"
#include "protocol/streams/stream_record.h"

namespace sb::cli {
namespace {

using protocol::AttributeValue;

// Every page of `scan`, each item handed to `visit`.
protocol::ApiStatus ScanAll(dynamo::DynamoDbClient& db, dynamo::ScanRequest scan,
                            const std::function<void(const protocol::Item&)>& visit) {
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, db.Scan(scan));
    for (const protocol::Item& item : page.items) visit(item);
    if (!page.last_evaluated_key.has_value()) return {};
    scan.exclusive_start_key = std::move(page.last_evaluated_key);
  }
}

protocol::ApiStatus QueryAll(dynamo::DynamoDbClient& db, dynamo::QueryRequest query,
                             const std::function<void(const protocol::Item&)>& visit) {
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, db.Query(query));
    for (const protocol::Item& item : page.items) visit(item);
    if (!page.last_evaluated_key.has_value()) return {};
    query.exclusive_start_key = std::move(page.last_evaluated_key);
  }
}

// The scores item as the function would see it in a MODIFY record written at `record_time_s`.
std::optional<ScoresRow> Interpret(const protocol::Item& item, const function::BoardConfig& config,
                                   int64_t record_time_s) {
  protocol::StreamRecord record;
  record.event_name = protocol::StreamEventName::kModify;
  record.approximate_creation_date_time = record_time_s;
  record.new_image = item;
  for (const std::string* key : {&config.player_attribute, &config.game_attribute}) {
    if (auto it = item.find(*key); it != item.end()) record.keys[*key] = it->second;
  }
  record.sequence_number = std::string(21, '1');  // any valid number: it is not compared here
  function::ScoreRecord read = function::InterpretRecord(record, config);
  if (read.kind != function::ScoreRecord::Kind::kScore) return std::nullopt;
  ScoresRow row;
  row.game = read.event.game_id;
  row.entry.player_id = read.event.player_id;
  row.entry.score = read.event.score;
  row.entry.player_name = CappedName(read.event.player_name);
  row.entry.at_ms = read.event.at_ms;
  return row;
}

}  // namespace

protocol::ApiResult<std::vector<ScoresRow>> ReadScores(dynamo::DynamoDbClient& db,
                                                       const function::BoardConfig& config,
                                                       int64_t record_time_s,
                                                       const std::optional<std::string>& game) {
  dynamo::ScanRequest scan;
  scan.table_name = config.scores_table;
  scan.consistent_read = true;
  std::vector<ScoresRow> rows;
  SB_TRY_STATUS(ScanAll(db, scan, [&](const protocol::Item& item) {
    std::optional<ScoresRow> row = Interpret(item, config, record_time_s);
    if (row.has_value() && (!game.has_value() || row->game == *game)) {
      rows.push_back(std::move(*row));
    }
  }));
  return rows;
}

protocol::ApiResult<GameRows> ScanScores(dynamo::DynamoDbClient& db,
                                         const function::BoardConfig& config) {
  SB_ASSIGN_OR_RETURN(std::vector<ScoresRow> rows, ReadScores(db, config, 0, std::nullopt));
  GameRows games;
  for (ScoresRow& row : rows) games[row.game].push_back(std::move(row.entry));
  return games;
}

protocol::ApiResult<std::vector<RanksRow>> ReadRanks(dynamo::DynamoDbClient& db,
                                                     const function::BoardConfig& config,
                                                     const std::optional<std::string>& game) {
  std::vector<RanksRow> rows;
  auto visit = [&](const protocol::Item& item) { rows.push_back(DecodeRanksItem(config, item)); };
  if (!game.has_value()) {
    dynamo::ScanRequest scan;
    scan.table_name = config.ranks_table;
    scan.consistent_read = true;
    SB_TRY_STATUS(ScanAll(db, scan, visit));
    return rows;
  }
  for (size_t k = 0; k < config.rank_shards; ++k) {
    dynamo::QueryRequest query;
    query.table_name = config.ranks_table;
    query.key_condition_expression = "#b = :b";
    query.attributes.names = {{"#b", "Board"}};
    query.attributes.values = {{":b", AttributeValue::S(BoardKeyOfShard(config, *game, k))}};
    query.consistent_read = true;
    SB_TRY_STATUS(QueryAll(db, query, visit));
  }
  return rows;
}

protocol::ApiResult<std::vector<std::string>> ListBoards(dynamo::DynamoDbClient& db,
                                                         const function::BoardConfig& config) {
  dynamo::ScanRequest scan;
  scan.table_name = config.leaderboard_table;
  scan.consistent_read = true;
  scan.projection_expression = "#g";
  scan.attributes.names = {{"#g", std::string(function::kGameIdAttribute)}};
  std::vector<std::string> games;
  SB_TRY_STATUS(ScanAll(db, scan, [&](const protocol::Item& item) {
    auto it = item.find(function::kGameIdAttribute);
    if (it != item.end() && it->second.is(protocol::AttrType::S)) games.push_back(it->second.s());
  }));
  return games;
}

}  // namespace sb::cli
