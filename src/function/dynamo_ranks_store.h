// DynamoRanksStore: the RanksStore over DynamoDB (the Ranks and Leaderboard tables named in
// BoardConfig). Every read is strongly consistent (GetItem ConsistentRead, Query on the local
// index ByRank with ConsistentRead: a local secondary index supports it, a global one would
// not). Conditions:
//   PutRank:    attribute_not_exists(PlayerId) | attribute_not_exists(Seq) | Seq = :seen
//   MoveRank:   PutRank's Put and condition, then one Update per RankCounts node
//               ("ADD #c0 :c0, #c1 :c1 [SET #x = :x]"), in one TransactWriteItems; the
//               cancellation reasons are mapped as ranks_store.h says
//   WriteBoard: attribute_not_exists(Version) OR NOT attribute_type(Version, N) (expected 0)
//               | Version = :v
// A stored Ranks item that cannot be decoded is returned as a record with an empty seq, so
// any stream record replaces it.
//
// Thread-safety: as thread-safe as the client (DynamoDbClient over CurlClient is).
#pragma once

#include "base/clock.h"
#include "dynamo/dynamodb_client.h"
#include "function/board_config.h"
#include "function/ranks_store.h"

namespace sb::function {

class DynamoRanksStore final : public RanksStore {
 public:
  // `client` and `clock` (UpdatedAt of board writes) must outlive the store.
  DynamoRanksStore(dynamo::DynamoDbClient& client, BoardConfig config, const Clock& clock)
      : client_(client), config_(std::move(config)), clock_(clock) {}

  protocol::ApiResult<std::optional<leaderboard::RankRecord>> GetRank(
      const std::string& board_key, const std::string& player_id) override;
  protocol::ApiStatus PutRank(const std::string& board_key, const leaderboard::RankRecord& record,
                              const RankExpectation& expected, int64_t expires_at_s) override;
  protocol::ApiStatus MoveRank(const std::string& board_key, const leaderboard::RankRecord& record,
                               const RankExpectation& expected, int64_t expires_at_s,
                               const CountChanges& counts) override;
  protocol::ApiResult<int64_t> ReadBoardVersion(const std::string& game_id) override;
  protocol::ApiResult<std::vector<leaderboard::Entry>> QueryTop(const std::string& board_key,
                                                                size_t limit) override;
  protocol::ApiStatus WriteBoard(const leaderboard::Board& board,
                                 int64_t expected_version) override;

 private:
  // The conditional Put of PutRank (and of MoveRank's first action).
  dynamo::PutItemRequest RankPut(const std::string& board_key,
                                 const leaderboard::RankRecord& record,
                                 const RankExpectation& expected, int64_t expires_at_s) const;

  dynamo::DynamoDbClient& client_;
  BoardConfig config_;
  const Clock& clock_;
};

}  // namespace sb::function
