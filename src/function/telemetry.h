// Telemetry: the function's log lines and metrics, as CloudWatch reads them.
//
// Log lines are Lambda's JSON application-log shape (docs/runtime-api.md §8), one object per line:
//   {"timestamp":"<RFC 3339 UTC ms>","level":"INFO","requestId":"<id>","message":"...",
//    "game":"..","player":"..","score":"..","eventName":"..","sequenceNumber":"..","reason":".."}
// The extra members appear only when known; `score` is a string so no digit of a 38-digit
// number is lost. Lines below the configured level (AWS_LAMBDA_LOG_LEVEL) are not written.
//
// Metrics are one CloudWatch Embedded Metric Format object per invocation, namespace
// "Streamboard", dimension FunctionName, counts Records, Rejected, RanksWrites, RanksNoops,
// BoardWrites, BoardCovers, WriteConflicts, BoardRejected, RanksRejected, CountUpdates,
// TransactionConflicts, WindowsSkipped (see BatchMetrics). The EMF line has no
// "level" and is written whatever the level.
//
// Thread-safety: a Telemetry may be used from one invocation at a time; the sink is called
// with whole lines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/log.h"

namespace sb::function {

struct LogFields {
  std::string_view game{};
  std::string_view player{};
  std::string_view score{};
  std::string_view event_name{};
  std::string_view sequence_number{};
  std::string_view reason{};
};

struct BatchMetrics {
  int64_t records = 0;          // records in the event, decodable or not
  int64_t rejected = 0;         // records logged as rejected (undecodable, invalid, scoreless)
  int64_t ranks_writes = 0;     // successful Ranks PutItems (live entries and tombstones)
  int64_t ranks_noops = 0;      // (board, player) updates already applied (duplicates, replays)
  int64_t board_writes = 0;     // successful board PutItems
  int64_t board_covers = 0;     // boards left to a later writer by the v0+2 rule
  int64_t write_conflicts = 0;  // conditional PutItems refused (Ranks Seq or board Version)
  int64_t board_rejected = 0;   // board PutItems refused with ValidationException (not retried)
  int64_t ranks_rejected = 0;   // Ranks PutItems DynamoDB refuses for good (not retried)
  int64_t count_updates = 0;    // RankCounts node items updated (in committed transactions)
  int64_t transaction_conflicts = 0;  // Ranks transactions cancelled by a conflict, retried
  int64_t windows_skipped = 0;  // (event, window) pairs skipped: window past its retention
};

class Telemetry {
 public:
  using Sink = std::function<void(std::string_view line)>;
  // `clock` must outlive the Telemetry. The default sink is log::Emit (stderr, which Lambda
  // sends to CloudWatch like stdout).
  Telemetry(log::Level level, std::string function_name, const Clock& clock, Sink sink = nullptr);

  bool Enabled(log::Level level) const { return level >= level_; }
  void Log(log::Level level, std::string_view request_id, std::string_view message,
           const LogFields& fields = {});
  void EmitMetrics(const BatchMetrics& metrics);

 private:
  log::Level level_;
  std::string function_name_;
  const Clock& clock_;
  Sink sink_;
};

}  // namespace sb::function
