// LeaderboardHandler: the previous stream handler, one batch (one invocation) at a time.
//
//  1. Decode the event, reading records in place (protocol::StreamEventReader); each record
//     becomes a score event, a removal, or a rejection (score_record.h). Undecodable and
//     invalid records are logged and skipped; scoreless ones are logged as rejected and act as
//     removals. One log line per accepted change and per rejected record (telemetry.h).
//  2. Group events by board, boards ordered by their first record in the event.
//  3. Per board: consistent read, merge (leaderboard/merge.h) with the index as refill source,
//     write only if the ranked entries changed, with the Version condition. A lost race
//     (ConditionalCheckFailedException) re-reads and merges again, up to kMaxWriteAttempts
//     times with jittered pauses. A stored item that cannot be decoded is rebuilt from the
//     index (Reconcile) before the batch is merged into it.
//  4. The first board that fails (storage error, too many conflicts, or the deadline is near)
//     stops the batch: the response lists the sequence number of that board's first record in
//     batchItemFailures, so Lambda re-delivers from there; every board not yet processed has
//     its first record after it and is re-delivered whole. Boards processed before it may see
//     some of their records again, which the merge ignores (duplicates are idempotent).
//     Nothing is reported done that was not written.
//  5. One EMF metrics line per invocation.
//
// Thread-safety: one invocation at a time (Lambda never runs two in one process).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "baseline/board_store.h"
#include "baseline/merge.h"
#include "function/config.h"
#include "function/telemetry.h"
#include "protocol/lambda/stream_event.h"

namespace sb::bench::baseline {

using function::BatchMetrics;
using function::FunctionConfig;
using function::Telemetry;

struct Invocation {
  std::string request_id;
  int64_t deadline_unix_ms = 0;  // 0: no deadline
};

struct HandlerOptions {
  int max_write_attempts = 8;
  // Pause before re-reading after a conflict: uniform in [0, min(cap, base * 2^attempt)].
  std::chrono::milliseconds conflict_backoff_base{10};
  std::chrono::milliseconds conflict_backoff_cap{200};
  // A board is not started when less than this remains before the deadline.
  std::chrono::milliseconds deadline_margin{1000};
  size_t refill_slack = 5;  // k in "top N+k"
};

class LeaderboardHandler {
 public:
  // All references must outlive the handler.
  LeaderboardHandler(FunctionConfig config, BoardStore& store, Telemetry& telemetry,
                     const Clock& clock, Sleeper& sleeper, Random& random,
                     HandlerOptions options = {});

  // Returns the response body {"batchItemFailures":[...]}, or an error (code "InvalidEvent")
  // when the event is not a DynamoDB stream event at all ({"Records":[...]}), which the
  // runtime reports as an invocation error.
  Result<std::string> Handle(std::string_view event, const Invocation& invocation);

 private:
  struct BoardBatch;
  // Merges and writes one board. Errors: storage errors, too many conflicts.
  Status ProcessBoard(const BoardBatch& batch, const Invocation& invocation, BatchMetrics* metrics);

  FunctionConfig config_;
  BoardStore& store_;
  Telemetry& telemetry_;
  const Clock& clock_;
  Sleeper& sleeper_;
  Random& random_;
  HandlerOptions options_;
  MergeOptions merge_options_;
  protocol::StreamEventReader reader_;

 public:
  int64_t refills =
      0;  // merges that consulted the index  // reused: its arena stays warm between invocations
};

}  // namespace sb::bench::baseline
