// DynamoRankIndex: RankIndex over DynamoDB (or the local engine), every read strongly
// consistent:
//   GetEntry       GetItem on the Ranks table
//   GetCountNodes  BatchGetItem on the RankCounts table; UnprocessedKeys are asked for again
//                  after a jittered backoff, up to 8 times, then the call fails
//                  (ProvisionedThroughputExceededException)
//   CountRange     Query on Ranks' ByRank index with Select=COUNT, every page
//   Ranked         Query on ByRank with Limit, from an exclusive RankKey
//   ListGames      Scan of the Leaderboard table's GameId (projection), every page up to max
// It counts the requests it makes and the read units DynamoDB reports (ReturnConsumedCapacity
// TOTAL), for the read benchmark and docs/read-api.md's costs.
//
// Thread-safety: as DynamoDbClient (the curl client is safe to share); counters are atomic.
#pragma once

#include <atomic>
#include <cstdint>

#include "base/clock.h"
#include "base/random.h"
#include "dynamo/dynamodb_client.h"
#include "reads/rank_index.h"
#include "reads/read_settings.h"

namespace sb::reads {

class DynamoRankIndex final : public RankIndex {
 public:
  // All must outlive the index.
  DynamoRankIndex(dynamo::DynamoDbClient& client, const ReadSettings& settings, Sleeper& sleeper)
      : client_(client), settings_(settings), sleeper_(sleeper) {}

  protocol::ApiResult<std::optional<RankedEntry>> GetEntry(const std::string& board_key,
                                                           const std::string& player_id) override;
  protocol::ApiResult<std::map<std::string, function::NodeCounts>> GetCountNodes(
      const std::vector<std::string>& nodes) override;
  protocol::ApiResult<int64_t> CountRange(const std::string& board_key,
                                          const std::optional<std::string>& low,
                                          const std::optional<std::string>& high) override;
  protocol::ApiResult<std::vector<RankedEntry>> Ranked(const std::string& board_key,
                                                       const std::optional<std::string>& from,
                                                       bool forward, size_t limit) override;
  protocol::ApiResult<std::vector<std::string>> ListGames(size_t max) override;

  int64_t requests() const { return requests_.load(); }
  double read_units() const { return static_cast<double>(read_units_x2_.load()) / 2; }

 private:
  void Count(double units);

  dynamo::DynamoDbClient& client_;
  const ReadSettings settings_;
  Sleeper& sleeper_;
  std::atomic<int64_t> requests_{0};
  std::atomic<int64_t> read_units_x2_{0};  // reads cost multiples of 0.5
};

// A Ranks item as a RankedEntry; nullopt for a tombstone. Errors (code "InvalidRanksItem"):
// as DecodeRankItem, or a RankKey that is not binary.
Result<std::optional<RankedEntry>> DecodeRankedEntry(const protocol::Item& item);

}  // namespace sb::reads
