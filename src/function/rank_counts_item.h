// The RankCounts item: one node of a board key's count tree (leaderboard/count_tree.h) as it is
// stored in the RankCounts table (docs/ranks.md).
//
//   Node       B   CountNode(board key, prefix)                      partition key (no sort key)
//   cXX        N   Count of child byte XX (two lower-case hex digits, "c00".."cff"); a missing
//                  attribute is 0. Changed only by ADD, in the transaction of a Ranks write.
//   ExpiresAt  N   epoch seconds, windowed boards only: the table's TTL attribute
// One node item per prefix: a player's rank reads `depth` node items in one BatchGetItem.
// Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::function {

inline constexpr std::string_view kRankCountsNodeAttribute = "Node";
inline constexpr std::string_view kRankCountsExpiresAtAttribute = "ExpiresAt";

// "c00".."cff". REQUIRES: 0 <= child <= 255.
std::string CountAttribute(int child);

// A node's counts by child byte.
using NodeCounts = std::array<int64_t, 256>;

// The key of a node's item.
protocol::Item CountNodeKey(std::string_view node);

// The counts in a node item (attributes other than cXX are ignored). Errors (code
// "InvalidRankCountsItem"): a cXX attribute that is not an integer number.
Result<NodeCounts> DecodeCountNode(const protocol::Item& item);

}  // namespace sb::function
