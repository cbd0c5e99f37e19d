#include "function/dynamo_ranks_store.h"

#include <algorithm>

#include "function/board_item.h"
#include "function/rank_counts_item.h"
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

dynamo::PutItemRequest DynamoRanksStore::RankPut(const std::string& board_key,
                                                 const leaderboard::RankRecord& record,
                                                 const RankExpectation& expected,
                                                 int64_t expires_at_s) const {
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
      request.attributes.values.emplace(":sc", request.item.at(std::string(kRanksScoreAttribute)));
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
  return request;
}

protocol::ApiStatus DynamoRanksStore::PutRank(const std::string& board_key,
                                              const leaderboard::RankRecord& record,
                                              const RankExpectation& expected,
                                              int64_t expires_at_s) {
  protocol::ApiResult<dynamo::PutItemResult> result =
      client_.PutItem(RankPut(board_key, record, expected, expires_at_s));
  if (!result.ok()) return result.error();
  return {};
}

namespace {

// One Update of a RankCounts node item: ADD each of its deltas (deltas[begin, end), all of one
// node), and SET ExpiresAt when the board is windowed.
dynamo::UpdateItemRequest NodeUpdate(const std::string& table,
                                     const std::vector<leaderboard::CountDelta>& deltas,
                                     size_t begin, size_t end, int64_t expires_at_s) {
  dynamo::UpdateItemRequest u;
  u.table_name = table;
  u.key = CountNodeKey(deltas[begin].node);
  std::string adds;
  for (size_t i = begin; i < end; ++i) {
    const std::string n = std::to_string(i - begin);
    adds += (adds.empty() ? "ADD #c" : ", #c") + n + " :c" + n;
    u.attributes.names.emplace("#c" + n, CountAttribute(deltas[i].child));
    u.attributes.values.emplace(":c" + n, AttributeValue::N(Number::FromInt(deltas[i].delta)));
  }
  u.update_expression = adds;
  if (expires_at_s > 0) {
    u.update_expression += " SET #x = :x";
    u.attributes.names.emplace("#x", std::string(kRankCountsExpiresAtAttribute));
    u.attributes.values.emplace(":x", AttributeValue::N(Number::FromInt(expires_at_s)));
  }
  return u;
}

bool Contains(const std::vector<std::string>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// A cancelled transaction (or a top-level error) in MoveRank's terms (ranks_store.h). The Ranks
// put is the first action, so its reason comes first.
protocol::ApiError MoveError(const protocol::ApiError& e) {
  if (e.type == "TransactionConflictException") {
    return protocol::ApiError{std::string(kTransactionConflict), e.message, 400, {}, {}};
  }
  const std::vector<std::string> codes = dynamo::CancellationReasonCodes(e);
  if (codes.empty()) return e;
  if (codes[0] == "ConditionalCheckFailed") return protocol::ApiError::ConditionalCheckFailed();
  if (Contains(codes, "ValidationError")) return protocol::ApiError::Validation(e.message);
  if (Contains(codes, "ItemCollectionSizeLimitExceeded")) {
    return protocol::ApiError{"ItemCollectionSizeLimitExceededException", e.message, 400, {}, {}};
  }
  // TransactionConflict, and capacity reasons (ThrottlingError, ProvisionedThroughputExceeded):
  // nothing was written; the same move may succeed later.
  return protocol::ApiError{std::string(kTransactionConflict), e.message, 400, {}, {}};
}

}  // namespace

protocol::ApiStatus DynamoRanksStore::MoveRank(const std::string& board_key,
                                               const leaderboard::RankRecord& record,
                                               const RankExpectation& expected,
                                               int64_t expires_at_s, const CountChanges& counts) {
  dynamo::TransactWriteItemsRequest request;
  request.transact_items.emplace_back();
  request.transact_items.back().put = RankPut(board_key, record, expected, expires_at_s);
  const std::vector<leaderboard::CountDelta>& d = counts.deltas;
  for (size_t begin = 0; begin < d.size();) {
    size_t end = begin + 1;
    while (end < d.size() && d[end].node == d[begin].node) ++end;
    request.transact_items.emplace_back();
    request.transact_items.back().update =
        NodeUpdate(config_.rank_counts_table, d, begin, end, counts.expires_at_s);
    begin = end;
  }
  protocol::ApiResult<dynamo::TransactWriteItemsResult> result =
      client_.TransactWriteItems(request);
  if (!result.ok()) return MoveError(result.error());
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
