#include "function/dynamo_ranks_store.h"

#include "function/board_item.h"
#include "function/ranks_item.h"

namespace sb::function {
namespace {

using protocol::AttributeValue;
using protocol::AttrType;
using protocol::Number;

}  // namespace

protocol::ApiResult<std::optional<leaderboard::RankRecord>> DynamoRanksStore::GetRank(
    const std::string& board_key, const std::string& player_id) {
  dynamo::GetItemRequest request;
  request.table_name = config_.ranks_table;
  request.key = RankItemKey(board_key, player_id);
  request.consistent_read = true;
  SB_ASSIGN_OR_RETURN(dynamo::GetItemResult result, client_.GetItem(request));
  if (!result.item.has_value()) return std::optional<leaderboard::RankRecord>();
  Result<leaderboard::RankRecord> record = DecodeRankItem(*result.item);
  if (record.ok()) return std::optional<leaderboard::RankRecord>(std::move(record).value());
  // Unreadable: keep only what the condition needs, so the next record replaces it.
  leaderboard::RankRecord broken;
  broken.entry.player_id = player_id;
  if (auto it = result.item->find(kRanksSeqAttribute);
      it != result.item->end() && it->second.is(AttrType::S)) {
    broken.entry.seq = it->second.s();
  }
  return std::optional<leaderboard::RankRecord>(std::move(broken));
}

protocol::ApiStatus DynamoRanksStore::PutRank(const std::string& board_key,
                                              const leaderboard::RankRecord& record,
                                              const RankExpectation& expected,
                                              int64_t expires_at_s) {
  dynamo::PutItemRequest request;
  request.table_name = config_.ranks_table;
  request.item = EncodeRankItem(board_key, record, expires_at_s);
  if (expected.blind) {
    // Seq is padded to 40 digits, so `<` on strings is numeric order (ranks_item.h).
    request.condition_expression = "attribute_not_exists(#s) OR #s < :seq";
    request.attributes.names = {{"#s", std::string(kRanksSeqAttribute)}};
    request.attributes.values = {{":seq", request.item.at(std::string(kRanksSeqAttribute))}};
    if (expected.keep_same_score) {
      request.condition_expression =
          "attribute_not_exists(#s) OR (#s < :seq AND (attribute_not_exists(#sc) OR #sc <> :sc))";
      request.attributes.names.emplace("#sc", std::string(kRanksScoreAttribute));
      request.attributes.values.emplace(":sc",
                                        request.item.at(std::string(kRanksScoreAttribute)));
    }
  } else if (!expected.exists) {
    request.condition_expression = "attribute_not_exists(#p)";
    request.attributes.names = {{"#p", std::string(kRanksPlayerAttribute)}};
  } else if (expected.seq.empty()) {
    request.condition_expression = "attribute_exists(#p) AND attribute_not_exists(#s)";
    request.attributes.names = {{"#p", std::string(kRanksPlayerAttribute)},
                                {"#s", std::string(kRanksSeqAttribute)}};
  } else {
    request.condition_expression = "#s = :seen";
    request.attributes.names = {{"#s", std::string(kRanksSeqAttribute)}};
    request.attributes.values = {{":seen", AttributeValue::S(expected.seq)}};
  }
  protocol::ApiResult<dynamo::PutItemResult> result = client_.PutItem(request);
  if (!result.ok()) return result.error();
  return {};
}

protocol::ApiResult<int64_t> DynamoRanksStore::ReadBoardVersion(const std::string& game_id) {
  dynamo::GetItemRequest request;
  request.table_name = config_.leaderboard_table;
  request.key = {{std::string(kGameIdAttribute), AttributeValue::S(game_id)}};
  request.consistent_read = true;
  request.projection_expression = "#v";
  request.expression_attribute_names = {{"#v", std::string(kVersionAttribute)}};
  SB_ASSIGN_OR_RETURN(dynamo::GetItemResult result, client_.GetItem(request));
  int64_t version = 0;
  if (result.item.has_value()) {
    auto it = result.item->find(kVersionAttribute);
    if (it == result.item->end() || !it->second.is(AttrType::N) ||
        !it->second.n().ToInt64(&version) || version < 0) {
      version = 0;
    }
  }
  return version;
}

protocol::ApiResult<std::vector<leaderboard::Entry>> DynamoRanksStore::QueryTop(
    const std::string& board_key, size_t limit) {
  dynamo::QueryRequest query;
  query.table_name = config_.ranks_table;
  query.index_name = std::string(kByRankIndex);
  query.key_condition_expression = "#b = :b";
  query.attributes.names = {{"#b", std::string(kRanksBoardAttribute)}};
  query.attributes.values = {{":b", AttributeValue::S(board_key)}};
  query.consistent_read = true;
  query.limit = static_cast<int>(limit);
  std::vector<leaderboard::Entry> top;
  // Limit N returns N items (a page is 1 MB; N <= 100 small items fit), but follow pages for
  // robustness: stop at `limit`.
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, client_.Query(query));
    for (const protocol::Item& item : page.items) {
      Result<leaderboard::RankRecord> r = DecodeRankItem(item);
      if (!r.ok() || !r->live) continue;
      top.push_back(std::move(r->entry));
      if (top.size() >= limit) return top;
    }
    if (!page.last_evaluated_key.has_value()) return top;
    query.exclusive_start_key = std::move(page.last_evaluated_key);
  }
}

protocol::ApiStatus DynamoRanksStore::WriteBoard(const leaderboard::Board& board,
                                                 int64_t expected_version) {
  dynamo::PutItemRequest request;
  request.table_name = config_.leaderboard_table;
  request.item = EncodeBoardItem(board, clock_.NowUnixMillis());
  request.attributes.names = {{"#v", std::string(kVersionAttribute)}};
  if (expected_version == 0) {
    // No board, or one whose Version ReadBoardVersion could not read (so reported as 0).
    request.condition_expression = "attribute_not_exists(#v) OR NOT attribute_type(#v, :n)";
    request.attributes.values = {{":n", AttributeValue::S("N")}};
  } else {
    request.condition_expression = "#v = :v";
    request.attributes.values = {{":v", AttributeValue::N(Number::FromInt(expected_version))}};
  }
  protocol::ApiResult<dynamo::PutItemResult> result = client_.PutItem(request);
  if (!result.ok()) return result.error();
  return {};
}

}  // namespace sb::function
