// RankWriter: step 2 of the handler (handler.h) for one (board key, player): the player's last
// event of the batch applied to the Ranks item, and to the RankCounts node items when counts
// are kept (docs/ranks.md, docs/correctness.md).
//
//  depth == 0 (RANK_COUNT_DEPTH 0): an optional read-free conditional put first
//    (RankExpectation::blind), then read -> DecideRank -> put conditioned on what was read.
//  depth  > 0: read -> DecideRank -> one transaction (RanksStore::MoveRank) holding the
//    conditional put and the counter deltas of CountMove(old RankKey, new RankKey); a move that
//    changes no CountKey (a name change, a same-score touch) is a plain conditional put. There
//    is no blind path: the deltas depend on the entry replaced.
//  A lost race (the Ranks condition failed) reads and decides again, up to max_rank_attempts
//  times; a TransactionConflict waits (full jitter, exponential) and tries again, up to
//  max_transaction_attempts times; then the write fails (the handler fails the game and Lambda
//  re-delivers). A write DynamoDB refuses for good is reported as refused, not retried.
//
// TTL (ExpiresAt, epoch seconds), by RankExpiresAt / NodeExpiresAt:
//   all-time live: none        all-time tombstone: event time + 48 h
//   windowed live: window end + retention
//   windowed tombstone: max(event time + 48 h, window end + retention)
//   RankCounts nodes of a windowed board: window end + retention; all-time nodes: none.
//
// Thread-safety: Apply may run concurrently (the store, sleeper and random must allow it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "function/ranks_store.h"
#include "leaderboard/board.h"
#include "leaderboard/rank_update.h"

namespace sb::function {

// Tombstones outlive the stream's 24-hour retention: nothing older can be replayed after.
inline constexpr int64_t kTombstoneLifetimeSeconds = 48 * 3600;

// ExpiresAt of the Ranks item `record` written for an event at `event_at_ms`; 0: no TTL.
// `window_end_ms` is 0 for the all-time board.
int64_t RankExpiresAt(const leaderboard::RankRecord& record, int64_t event_at_ms,
                      int64_t window_end_ms, int64_t retention_s);
// ExpiresAt of a board's RankCounts node items; 0 (none) for the all-time board.
int64_t NodeExpiresAt(int64_t window_end_ms, int64_t retention_s);

struct RankWriterOptions {
  size_t count_depth = 0;                                  // RANK_COUNT_DEPTH
  int64_t window_retention_s = 0;                          // WINDOW_RETENTION_DAYS in seconds
  int max_rank_attempts = 8;                               // reads after a lost race
  bool blind_first_write = true;                           // depth 0 only
  int max_transaction_attempts = 8;                        // transactions cancelled by a conflict
  std::chrono::milliseconds transaction_backoff{10};       // first wait's upper bound
  std::chrono::milliseconds max_transaction_backoff{500};  // any wait's upper bound
};

// One write to make: the board key, the event, and the window the board key belongs to.
struct RankTarget {
  const std::string* board_key = nullptr;
  const leaderboard::Event* event = nullptr;
  int64_t window_end_ms = 0;  // 0: the all-time board
};

struct RankOutcome {
  Status status;        // not ok: the write failed (retry the game)
  std::string refused;  // non-empty: DynamoDB refused the write for good (why)
  bool written = false;
  int conflicts = 0;              // lost races (conditional checks failed)
  int transaction_conflicts = 0;  // transactions cancelled by a conflict
  int node_updates = 0;           // RankCounts items updated by the committed write
};

class RankWriter {
 public:
  // All references must outlive the writer.
  RankWriter(RanksStore& store, Sleeper& sleeper, Random& random, RankWriterOptions options)
      : store_(store), sleeper_(sleeper), random_(random), options_(options) {}

  RankOutcome Apply(const RankTarget& target);

 private:
  // The read-free first attempt (depth 0). True when settled (written, refused or failed).
  bool TryBlind(const RankTarget& target, RankOutcome* out);
  void Backoff(int conflicts);

  RanksStore& store_;
  Sleeper& sleeper_;
  Random& random_;
  RankWriterOptions options_;
};

}  // namespace sb::function
