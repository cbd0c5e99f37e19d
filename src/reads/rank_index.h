// RankIndex: the reads a RankReader makes of the Ranks and RankCounts tables (docs/read-api.md),
// as a narrow seam: DynamoRankIndex speaks DynamoDB; tests use an in-memory index. Every read
// is strongly consistent.
//
// Thread-safety: implementations must allow concurrent calls (RankReader overlaps them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "function/rank_counts_item.h"
#include "leaderboard/entry.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::reads {

// A live Ranks entry with its RankKey (leaderboard/rank_key.h), the ByRank sort key.
struct RankedEntry {
  leaderboard::Entry entry;
  std::string rank_key;

  friend bool operator==(const RankedEntry&, const RankedEntry&) = default;
};

class RankIndex {
 public:
  virtual ~RankIndex() = default;

  // The live entry of `player_id` on `board_key`; nullopt when there is no item or only a
  // tombstone.
  virtual protocol::ApiResult<std::optional<RankedEntry>> GetEntry(const std::string& board_key,
                                                                   const std::string& player_id) = 0;

  // The counts of each node in `nodes` (count_tree.h ids); a node without an item has all
  // counts 0. REQUIRES: nodes.size() <= 100 (one BatchGetItem).
  virtual protocol::ApiResult<std::map<std::string, function::NodeCounts>> GetCountNodes(
      const std::vector<std::string>& nodes) = 0;

  // The number of live entries of `board_key` with low <= RankKey <= high (an absent bound is
  // no bound).
  virtual protocol::ApiResult<int64_t> CountRange(const std::string& board_key,
                                                  const std::optional<std::string>& low,
                                                  const std::optional<std::string>& high) = 0;

  // Up to `limit` live entries of `board_key` in rank order: forward, the first ones with
  // RankKey > `from` (all from the top when `from` is absent); backward, the last ones with
  // RankKey < `from`, nearest first. REQUIRES: limit >= 1; backward needs `from`.
  virtual protocol::ApiResult<std::vector<RankedEntry>> Ranked(
      const std::string& board_key, const std::optional<std::string>& from, bool forward,
      size_t limit) = 0;

  // The ids of the games that have an all-time board (the Leaderboard table's keys), at most
  // `max`, in no particular order (eventually consistent: a listing, not a ranking).
  virtual protocol::ApiResult<std::vector<std::string>> ListGames(size_t max) = 0;
};

}  // namespace sb::reads
