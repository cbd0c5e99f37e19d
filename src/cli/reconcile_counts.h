// The RankCounts check and rebuild of `streamboard reconcile` (docs/ranks.md): every counter
// recomputed from the Ranks table -- for each node of the count tree (function/
// rank_counts_item.h, leaderboard/count_tree.h), the number of live Ranks entries of its board
// key whose CountKey starts with the node's prefix ++ child, windows included -- and compared
// with the stored node items.
//
//  1. Read every RankCounts item (C1), then every Ranks item (S), then, when repairing, every
//     RankCounts item again (C2); all strongly consistent.
//  2. A node whose stored counters differ from S's histogram is a difference. Repair adds the
//     difference to it (UpdateItem ADD; SET ExpiresAt on a windowed board's node), only if the
//     node did not change between C1 and C2: a node the function moved during the pass is left
//     alone and reported as busy (run again once the stream drained). The counts are exact only
//     for a quiescent pass: run the rebuild with the stream drained (an entry moved in and back
//     out within one pass leaves C1 == C2 while S saw it).
// With RANK_COUNT_DEPTH 0 there is nothing to check. Changing RANK_COUNT_DEPTH or RANK_SHARDS
// needs this rebuild (after the Ranks rebuild for RANK_SHARDS).
//
// Thread-compatible; `db` must outlive the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dynamo/dynamodb_client.h"
#include "function/board_config.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::cli {

struct CountsReport {
  int64_t nodes = 0;                  // node items compared (stored or expected)
  int64_t wrong = 0;                  // nodes whose counters differ from the histogram
  int64_t fixed = 0;                  // repaired
  int64_t busy = 0;                   // changed during the pass: not repaired
  std::vector<std::string> problems;  // one line per wrong node (the first 50)
};

// Compares (and, when `repair`, fixes) the counts of `game`'s boards, windows included (every
// game when nullopt).
protocol::ApiResult<CountsReport> ReconcileCounts(dynamo::DynamoDbClient& db,
                                                  const function::BoardConfig& config,
                                                  const std::optional<std::string>& game,
                                                  bool repair);

}  // namespace sb::cli
