// RanksStore: the storage operations of the Ranks data model (docs/correctness.md), as a seam.
// DynamoRanksStore is the real one (the Ranks and Leaderboard tables over DynamoDB); unit tests
// and the interleaving test use in-memory strongly consistent fakes with fault injection.
//
// Every read is strongly consistent: the correctness argument needs a query issued after a
// version read to see every Ranks write that completed before that read.
//
// Thread-safety: implementations allow concurrent calls (the handler issues Ranks reads and
// writes from several threads at once).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leaderboard/board.h"
#include "leaderboard/count_tree.h"
#include "leaderboard/entry.h"
#include "leaderboard/rank_update.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::function {

// What a conditional Ranks write expects to replace.
struct RankExpectation {
  bool exists = false;  // false: nothing stored (attribute_not_exists(PlayerId))
  std::string seq;      // exists: the stored Seq exactly as read ("" when it had none)
  // A write made without reading first (the handler's first attempt; `exists` and `seq` are
  // ignored). It is accepted exactly where DecideRank would write this record: nothing stored,
  // or a stored Seq numerically below the record's -- and, when `keep_same_score`, no live entry
  // with the record's score, whose At DecideRank would keep.
  bool blind = false;
  bool keep_same_score = false;
};

// The error type MoveRank reports when its transaction collided with another one on one of its
// items (DynamoDB's TransactionConflict cancellation reason): nothing was written; the same
// move may succeed after a short, jittered wait.
inline constexpr std::string_view kTransactionConflict = "TransactionConflict";

// The count-tree changes one Ranks write makes (leaderboard::CountMove), written in the same
// transaction as the write (docs/ranks.md).
struct CountChanges {
  std::vector<leaderboard::CountDelta> deltas;  // sorted by (node, child), as CountMove returns
  int64_t expires_at_s = 0;  // > 0: set as each node item's ExpiresAt (windowed boards)
};

class RanksStore {
 public:
  virtual ~RanksStore() = default;

  // The player's Ranks record on `board_key`, nullopt when none is stored. The returned
  // record's entry.seq is the stored Seq exactly as stored (for RankExpectation).
  virtual protocol::ApiResult<std::optional<leaderboard::RankRecord>> GetRank(
      const std::string& board_key, const std::string& player_id) = 0;

  // Writes `record` (live, or a tombstone) only if the stored item is still what `expected`
  // describes. The item's ExpiresAt (TTL) is `expires_at_s` when > 0 (always for a tombstone;
  // for live entries of windowed boards), absent otherwise. A lost race fails with type
  // "ConditionalCheckFailedException".
  virtual protocol::ApiStatus PutRank(const std::string& board_key,
                                      const leaderboard::RankRecord& record,
                                      const RankExpectation& expected, int64_t expires_at_s) = 0;

  // PutRank's write under PutRank's condition together with `counts` (one ADD per counter,
  // grouped by node item), all in ONE transaction: every change is applied or none is, so a
  // counter changes exactly when the entry it counts does. Errors: the Ranks condition failed
  // -> "ConditionalCheckFailedException" (a lost race: read and decide again); a conflict with
  // another transaction -> kTransactionConflict; an item DynamoDB refuses ->
  // "ValidationException" (or "ItemCollectionSizeLimitExceededException"); others as PutRank.
  // REQUIRES: !expected.blind (the deltas depend on the entry read).
  virtual protocol::ApiStatus MoveRank(const std::string& board_key,
                                       const leaderboard::RankRecord& record,
                                       const RankExpectation& expected, int64_t expires_at_s,
                                       const CountChanges& counts) = 0;

  // The game's board Version; 0 when there is no board item (or it has no readable Version).
  virtual protocol::ApiResult<int64_t> ReadBoardVersion(const std::string& game_id) = 0;

  // The first `limit` live entries of `board_key` in rank order (the index ByRank).
  virtual protocol::ApiResult<std::vector<leaderboard::Entry>> QueryTop(
      const std::string& board_key, size_t limit) = 0;

  // Puts `board` (its entries ranked, its size and new version set) only if its stored Version is
  // `expected_version` (0: no board item, or one without a Version). A lost race fails with
  // "ConditionalCheckFailedException"; an item DynamoDB refuses (e.g. over 400 KB) with
  // "ValidationException".
  virtual protocol::ApiStatus WriteBoard(const leaderboard::Board& board,
                                         int64_t expected_version) = 0;
};

}  // namespace sb::function
