#include "reads/dynamo_rank_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "function/board_item.h"
#include "function/rank_counts_item.h"
#include "function/ranks_item.h"

namespace sb::reads {
namespace {

using protocol::ApiError;
using protocol::AttributeValue;
using protocol::AttrType;

constexpr int kBatchGetAttempts = 8;

ApiError MakeApiError(std::string type, std::string message, int http_status) {
  ApiError e;
  e.type = std::move(type);
  e.message = std::move(message);
  e.http_status = http_status;
  return e;
}

// As dynamo/retry.h's client-side errors: no HTTP status of the service.
ApiError InvalidItem(const std::string& table, const std::string& message) {
  return MakeApiError("InvalidResponseError", "table " + table + ": " + message, 0);
}

}  // namespace

Result<std::optional<RankedEntry>> DecodeRankedEntry(const protocol::Item& item) {
  auto key = item.find(std::string(function::kRankKeyAttribute));
  if (key == item.end()) return std::optional<RankedEntry>();
  if (!key->second.is(AttrType::B)) {
    return MakeError("InvalidRanksItem", "RankKey is not binary");
  }
  SB_ASSIGN_OR_RETURN(leaderboard::RankRecord record, function::DecodeRankItem(item));
  if (!record.live) return std::optional<RankedEntry>();
  return std::optional<RankedEntry>(RankedEntry{std::move(record.entry), key->second.b()});
}

void DynamoRankIndex::Count(double units) {
  requests_.fetch_add(1);
  read_units_x2_.fetch_add(static_cast<int64_t>(std::llround(units * 2)));
}

protocol::ApiResult<std::optional<RankedEntry>> DynamoRankIndex::GetEntry(
    const std::string& board_key, const std::string& player_id) {
  dynamo::GetItemRequest request;
  request.table_name = settings_.ranks_table;
  request.key = function::RankItemKey(board_key, player_id);
  request.consistent_read = true;
  request.return_consumed_capacity = "TOTAL";
  SB_ASSIGN_OR_RETURN(dynamo::GetItemResult result, client_.GetItem(request));
  Count(result.consumed_capacity_units);
  if (!result.item.has_value()) return std::optional<RankedEntry>();
  Result<std::optional<RankedEntry>> entry = DecodeRankedEntry(*result.item);
  if (!entry.ok()) return InvalidItem(settings_.ranks_table, entry.error().message);
  return std::move(entry).value();
}

protocol::ApiResult<std::map<std::string, function::NodeCounts>> DynamoRankIndex::GetCountNodes(
    const std::vector<std::string>& nodes) {
  std::map<std::string, function::NodeCounts> out;
  for (const std::string& node : nodes) out[node] = function::NodeCounts{};
  if (nodes.empty()) return out;
  dynamo::BatchGetItemRequest request;
  request.return_consumed_capacity = "TOTAL";
  dynamo::KeysAndAttributes& keys = request.request_items[settings_.rank_counts_table];
  keys.consistent_read = true;
  for (const auto& [node, counts] : out) keys.keys.push_back(function::CountNodeKey(node));
  const std::string node_attribute(function::kRankCountsNodeAttribute);
  for (int attempt = 0;; ++attempt) {
    SB_ASSIGN_OR_RETURN(dynamo::BatchGetItemResult result, client_.BatchGetItem(request));
    Count(result.consumed_capacity_units);
    for (const protocol::Item& item : result.responses[settings_.rank_counts_table]) {
      auto id = item.find(node_attribute);
      if (id == item.end() || !id->second.is(AttrType::B) || !out.contains(id->second.b())) {
        return InvalidItem(settings_.rank_counts_table, "an answer that was not asked for");
      }
      Result<function::NodeCounts> counts = function::DecodeCountNode(item);
      if (!counts.ok()) return InvalidItem(settings_.rank_counts_table, counts.error().message);
      out[id->second.b()] = *counts;
    }
    auto left = result.unprocessed_keys.find(settings_.rank_counts_table);
    if (left == result.unprocessed_keys.end() || left->second.keys.empty()) return out;
    if (attempt + 1 >= kBatchGetAttempts) {
      return MakeApiError(
          "ProvisionedThroughputExceededException",
          "BatchGetItem left keys unprocessed " + std::to_string(kBatchGetAttempts) + " times",
          400);
    }
    // Exponential backoff (DynamoDB's advice for UnprocessedKeys): 5, 10, 20, ... ms.
    sleeper_.SleepFor(std::chrono::milliseconds(5LL << attempt));
    request.request_items[settings_.rank_counts_table] = std::move(left->second);
  }
}

protocol::ApiResult<int64_t> DynamoRankIndex::CountRange(const std::string& board_key,
                                                         const std::optional<std::string>& low,
                                                         const std::optional<std::string>& high) {
  dynamo::QueryRequest request;
  request.table_name = settings_.ranks_table;
  request.index_name = std::string(function::kByRankIndex);
  request.consistent_read = true;
  request.select = "COUNT";
  request.return_consumed_capacity = "TOTAL";
  request.attributes.names = {{"#b", std::string(function::kRanksBoardAttribute)}};
  request.attributes.values = {{":b", AttributeValue::S(board_key)}};
  request.key_condition_expression = "#b = :b";
  if (low.has_value() || high.has_value()) {
    request.attributes.names["#k"] = std::string(function::kRankKeyAttribute);
    if (low.has_value()) request.attributes.values[":lo"] = AttributeValue::B(*low);
    if (high.has_value()) request.attributes.values[":hi"] = AttributeValue::B(*high);
    if (low.has_value() && high.has_value()) {
      request.key_condition_expression += " AND #k BETWEEN :lo AND :hi";
    } else if (low.has_value()) {
      request.key_condition_expression += " AND #k >= :lo";
    } else {
      request.key_condition_expression += " AND #k <= :hi";
    }
  }
  int64_t total = 0;
  for (;;) {
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, client_.Query(request));
    Count(page.consumed_capacity_units);
    total += page.count;
    if (!page.last_evaluated_key.has_value()) return total;
    request.exclusive_start_key = std::move(page.last_evaluated_key);
  }
}

protocol::ApiResult<std::vector<RankedEntry>> DynamoRankIndex::Ranked(
    const std::string& board_key, const std::optional<std::string>& from, bool forward,
    size_t limit) {
  dynamo::QueryRequest request;
  request.table_name = settings_.ranks_table;
  request.index_name = std::string(function::kByRankIndex);
  request.consistent_read = true;
  request.scan_index_forward = forward;
  request.return_consumed_capacity = "TOTAL";
  request.attributes.names = {{"#b", std::string(function::kRanksBoardAttribute)}};
  request.attributes.values = {{":b", AttributeValue::S(board_key)}};
  request.key_condition_expression = "#b = :b";
  if (from.has_value()) {
    request.attributes.names["#k"] = std::string(function::kRankKeyAttribute);
    request.attributes.values[":k"] = AttributeValue::B(*from);
    request.key_condition_expression += forward ? " AND #k > :k" : " AND #k < :k";
  }
  std::vector<RankedEntry> out;
  while (out.size() < limit) {
    request.limit = static_cast<int>(limit - out.size());
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, client_.Query(request));
    Count(page.consumed_capacity_units);
    for (const protocol::Item& item : page.items) {
      Result<std::optional<RankedEntry>> entry = DecodeRankedEntry(item);
      if (!entry.ok()) return InvalidItem(settings_.ranks_table, entry.error().message);
      if (entry->has_value()) out.push_back(std::move(**entry));
    }
    if (!page.last_evaluated_key.has_value()) break;
    request.exclusive_start_key = std::move(page.last_evaluated_key);
  }
  return out;
}

protocol::ApiResult<std::vector<std::string>> DynamoRankIndex::ListGames(size_t max) {
  dynamo::ScanRequest request;
  request.table_name = settings_.leaderboard_table;
  request.projection_expression = "#g";
  request.attributes.names = {{"#g", std::string(function::kGameIdAttribute)}};
  std::vector<std::string> out;
  while (out.size() < max) {
    request.limit = static_cast<int>(std::min<size_t>(max - out.size(), 1000));
    SB_ASSIGN_OR_RETURN(dynamo::PageResult page, client_.Scan(request));
    Count(page.consumed_capacity_units);
    for (const protocol::Item& item : page.items) {
      auto g = item.find(std::string(function::kGameIdAttribute));
      if (g != item.end() && g->second.is(AttrType::S)) out.push_back(g->second.s());
    }
    if (!page.last_evaluated_key.has_value()) break;
    request.exclusive_start_key = std::move(page.last_evaluated_key);
  }
  return out;
}

}  // namespace sb::reads
