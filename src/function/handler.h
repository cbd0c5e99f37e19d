// LeaderboardHandler: the stream handler, one batch (one invocation) at a time, over the Ranks
// data model (docs/correctness.md states why the boards it leaves are exact).
//
//  1. Decode the event, reading records in place (protocol::StreamEventReader); each record
//     becomes a score event, a removal, or a rejection (score_record.h). One log line per
//     accepted change and per rejected record (telemetry.h). A player id longer than
//     kMaxPlayerIdBytes is rejected (its RankKey would exceed DynamoDB's 1024-byte sort key).
//     Of each (board key, player), only the last event (greatest sequence number) is kept.
//     Each event goes to the all-time board key and, for each configured window (WINDOWS) other
//     than all, to the board key of the window of its time (leaderboard/window.h) -- unless
//     that window ended more than WINDOW_RETENTION_DAYS ago by the clock (skipped, logged).
//     A game id containing U+001F (the window separator) is an invalid record.
//  2. Ranks writes, all at once through the Executor (rank_writer.h): consistent read of the
//     player's Ranks item, leaderboard::DecideRank, then a put conditioned on what was read --
//     with RANK_COUNT_DEPTH > 0 one transaction that also moves the player's RankCounts
//     counters; a lost race reads and decides again (bounded), a transaction conflict waits
//     and tries again (bounded).
//  3. For each game whose Ranks writes all succeeded, one board write (from the all-time board
//     keys only; windowed boards have no Leaderboard item): v0 = the board's
//     Version; then query the top N of each of the game's K board keys, merge, and put the
//     board as version v+1 on condition Version = v. On a conflict read the Version again: v'
//     >= v0 + 2 means a writer whose version read followed ours (so its query saw our Ranks
//     writes) has written -- done; otherwise retry with v = v'. A board refused with
//     ValidationException is logged as an error and not retried.
//     A board is written even when all its Ranks writes were no-ops: a batch re-delivered after
//     a crash between the Ranks writes and the board write must still write the board.
//  4. Any other failure, or the deadline near, fails the game: the response's
//     batchItemFailures holds the smallest first sequence number of the failed games, so Lambda
//     re-delivers from there; everything done again is idempotent.
//  5. One EMF metrics line per invocation.
//
// Thread-safety: one invocation at a time per handler (Lambda never runs two in one process);
// the store must allow concurrent calls when the executor runs tasks concurrently.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "function/config.h"
#include "function/executor.h"
#include "function/rank_writer.h"
#include "function/ranks_store.h"
#include "function/telemetry.h"
#include "leaderboard/board.h"
#include "leaderboard/window.h"
#include "protocol/lambda/stream_event.h"

namespace sb::function {

// A RankKey is at most 49 bytes plus the player id; a sort key at most 1024 bytes.
inline constexpr size_t kMaxPlayerIdBytes = 960;

struct Invocation {
  std::string request_id;
  int64_t deadline_unix_ms = 0;  // 0: no deadline
};

struct HandlerOptions {
  int max_rank_attempts = 8;  // per (board, player): conditional-write conflicts are rare
  // Try each Ranks write once without reading first (RankExpectation::blind): one request
  // instead of two for a player whose score changed; a duplicate, a replay or a same-score
  // touch falls back to read-then-write.
  bool blind_first_write = true;
  // Ranks transactions cancelled by a conflict with another one are tried again after a
  // jittered wait (rank_writer.h), this many times in all.
  int max_transaction_attempts = 8;
  std::chrono::milliseconds transaction_backoff{10};
  Sleeper* sleeper = nullptr;  // null: RealSleeper
  Random* random = nullptr;    // null: a RealRandom of the handler's own
  int max_board_attempts = 8;  // the v0+2 rule ends a normal run within 2
  // No phase (Ranks writes, a board) is started when less than this remains.
  std::chrono::milliseconds deadline_margin{1000};
};

class LeaderboardHandler {
 public:
  // All references must outlive the handler.
  LeaderboardHandler(FunctionConfig config, RanksStore& store, Executor& executor,
                     Telemetry& telemetry, const Clock& clock, HandlerOptions options = {});

  // Returns the response body {"batchItemFailures":[...]}, or an error (code "InvalidEvent")
  // when the event is not a DynamoDB stream event at all ({"Records":[...]}), which the
  // runtime reports as an invocation error.
  Result<std::string> Handle(std::string_view event, const Invocation& invocation);

 private:
  struct GameBatch;
  struct RankTask;

  std::vector<GameBatch> Collect(const Invocation& invocation, BatchMetrics* metrics);
  // Step 2, all games at once; a game with a failed Ranks write is marked failed.
  void WriteRanks(std::vector<GameBatch>* games, const Invocation& invocation,
                  BatchMetrics* metrics);
  // Adds `event` of `game` to the batch under each of its board keys (all-time, windows).
  void AddEvent(GameBatch* game, const leaderboard::Event& event, const Invocation& invocation,
                BatchMetrics* metrics);
  // Step 3 for every game not failed.
  void WriteBoards(std::vector<GameBatch>* games, const Invocation& invocation,
                   BatchMetrics* metrics);
  void Fail(GameBatch* game, const Invocation& invocation, std::string_view message,
            std::string_view reason);
  // The board's one write. Ok also when covered, or refused as invalid (logged).
  Status WriteBoard(const GameBatch& game, const Invocation& invocation, BatchMetrics* metrics);
  protocol::ApiResult<std::vector<leaderboard::Entry>> QueryBoard(const std::string& game);
  bool DeadlineNear(const Invocation& invocation) const;

  FunctionConfig config_;
  RanksStore& store_;
  Executor& executor_;
  Telemetry& telemetry_;
  const Clock& clock_;
  HandlerOptions options_;
  std::vector<leaderboard::WindowKind> windows_;  // the configured windows other than all
  RealRandom own_random_;
  RankWriter writer_;
  protocol::StreamEventReader reader_;  // reused: its arena stays warm between invocations
};

}  // namespace sb::function
