#include "function/dynamo_board_store.h"

#include "function/board_item.h"
#include "function/iso8601.h"

namespace sb::function {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;

std::optional<std::string> Text(const protocol::Item& item, const std::string& name) {
  auto it = item.find(name);
  if (it == item.end()) return std::nullopt;
  if (it->second.is(AttrType::S) && !it->second.s().empty()) return it->second.s();
  if (it->second.is(AttrType::N)) return it->second.n().ToString();
  return std::nullopt;
}

}  // namespace

std::optional<leaderboard::Entry> EntryFromScoreItem(const protocol::Item& item,
                                                     const FunctionConfig& config) {
  std::optional<std::string> player = Text(item, config.board.player_attribute);
  auto score_it = item.find(config.board.score_attribute);
  if (!player.has_value() || score_it == item.end() || !score_it->second.is(AttrType::N)) {
    return std::nullopt;
  }
  Result<leaderboard::Score> score = leaderboard::Score::Parse(score_it->second.n().ToString());
  if (!score.ok()) return std::nullopt;
  leaderboard::Entry e;
  e.player_id = *player;
  e.score = std::move(score).value();
  if (auto it = item.find(config.board.name_attribute); it != item.end() && it->second.is(AttrType::S)) {
    e.player_name = it->second.s();
  }
  if (auto it = item.find("UpdatedAt"); it != item.end() && it->second.is(AttrType::S)) {
    if (std::optional<int64_t> ms = ParseIso8601Millis(it->second.s()); ms.has_value()) {
      e.at_ms = *ms - ((*ms % 1000) + 1000) % 1000;  // whole seconds, like the stream's time
    }
  }
  return e;
}

protocol::ApiResult<StoredBoard> DynamoBoardStore::Read(const std::string& game) {
  dynamo::GetItemRequest request;
  request.table_name = config_.board.leaderboard_table;
  request.key = {{std::string(kGameIdAttribute), AttributeValue::S(game)}};
  request.consistent_read = true;
  SB_ASSIGN_OR_RETURN(dynamo::GetItemResult result, client_.GetItem(request));
  StoredBoard stored;
  stored.board.game_id = game;
  if (!result.item.has_value()) return stored;
  stored.exists = true;
  if (auto it = result.item->find(kVersionAttribute); it != result.item->end()) {
    stored.raw_version = it->second;
  }
  Result<leaderboard::Board> board = DecodeBoardItem(*result.item);
  if (board.ok()) {
    stored.board = std::move(board).value();
    stored.board.game_id = game;
  } else {
    stored.problem = board.error().message;
    int64_t version = 0;
    if (stored.raw_version.has_value() && stored.raw_version->is(AttrType::N) &&
        stored.raw_version->n().ToInt64(&version) && version > 0) {
      stored.board.version = version;
    }
  }
  return stored;
}

protocol::ApiStatus DynamoBoardStore::Write(const StoredBoard& seen,
                                            const leaderboard::Board& next) {
  dynamo::PutItemRequest request;
  request.table_name = config_.board.leaderboard_table;
  request.item = EncodeBoardItem(next, clock_.NowUnixMillis());
  if (!seen.exists) {
    request.condition_expression = "attribute_not_exists(#g)";
    request.attributes.names = {{"#g", std::string(kGameIdAttribute)}};
  } else if (seen.raw_version.has_value()) {
    request.condition_expression = "#v = :seen";
    request.attributes.names = {{"#v", std::string(kVersionAttribute)}};
    request.attributes.values = {{":seen", *seen.raw_version}};
  } else {
    request.condition_expression = "attribute_exists(#g) AND attribute_not_exists(#v)";
    request.attributes.names = {{"#g", std::string(kGameIdAttribute)},
                                {"#v", std::string(kVersionAttribute)}};
  }
  protocol::ApiResult<dynamo::PutItemResult> result = client_.PutItem(request);
  if (!result.ok()) return result.error();
  return {};
}

protocol::ApiResult<std::vector<leaderboard::Entry>> DynamoBoardStore::Top(const std::string& game,
                                                                           size_t limit) {
  dynamo::QueryRequest query;
  query.table_name = config_.board.scores_table;
  query.index_name = std::string(kScoresIndex);
  query.key_condition_expression = "#g = :g";
  query.attributes.names = {{"#g", config_.board.game_attribute}};
  query.attributes.values = {{":g", AttributeValue::S(game)}};
  query.scan_index_forward = false;
  query.limit = static_cast<int>(limit);

  std::vector<leaderboard::Entry> rows;
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, client_.Query(query));
    bool done = false;
    for (const protocol::Item& item : page.items) {
      std::optional<leaderboard::Entry> e = EntryFromScoreItem(item, config_);
      if (!e.has_value()) continue;
      // Past the limit, keep only rows tying with the last row taken.
      if (rows.size() >= limit && !(e->score == rows.back().score)) {
        done = true;
        break;
      }
      rows.push_back(std::move(*e));
    }
    if (done || !page.last_evaluated_key.has_value()) break;
    query.exclusive_start_key = std::move(page.last_evaluated_key);
  }
  return rows;
}

}  // namespace sb::function
