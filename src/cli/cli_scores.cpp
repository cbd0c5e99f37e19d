#include "cli/cli_scores.h"

#include <optional>

#include "function/board_item.h"
#include "function/dynamo_board_store.h"

namespace sb::cli {

protocol::ApiResult<GameRows> ScanScores(dynamo::DynamoDbClient& db,
                                         const function::FunctionConfig& config) {
  dynamo::ScanRequest scan;
  scan.table_name = config.scores_table;
  scan.consistent_read = true;
  GameRows rows;
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, db.Scan(scan));
    for (const protocol::Item& item : page.items) {
      std::optional<leaderboard::Entry> entry = function::EntryFromScoreItem(item, config);
      if (!entry.has_value()) continue;
      std::string game = config.default_game;
      if (auto it = item.find(config.game_attribute);
          it != item.end() && it->second.is(protocol::AttrType::S)) {
        game = it->second.s();
      }
      rows[game].push_back(std::move(*entry));
    }
    if (!page.last_evaluated_key.has_value()) break;
    scan.exclusive_start_key = std::move(page.last_evaluated_key);
  }
  return rows;
}

protocol::ApiResult<std::vector<std::string>> ListBoards(dynamo::DynamoDbClient& db,
                                                         const function::FunctionConfig& config) {
  dynamo::ScanRequest scan;
  scan.table_name = config.leaderboard_table;
  scan.consistent_read = true;
  scan.projection_expression = "#g";
  scan.attributes.names = {{"#g", std::string(function::kGameIdAttribute)}};
  std::vector<std::string> games;
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, db.Scan(scan));
    for (const protocol::Item& item : page.items) {
      auto it = item.find(function::kGameIdAttribute);
      if (it != item.end() && it->second.is(protocol::AttrType::S)) games.push_back(it->second.s());
    }
    if (!page.last_evaluated_key.has_value()) break;
    scan.exclusive_start_key = std::move(page.last_evaluated_key);
  }
  return games;
}

}  // namespace sb::cli
