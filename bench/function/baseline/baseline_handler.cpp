#include "baseline/baseline_handler.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "function/score_record.h"
#include "protocol/lambda/batch_response.h"
#include "protocol/lambda/stream_event.h"

namespace sb::bench::baseline {

using function::InterpretRecord;
using function::LogFields;
using function::ScoreRecord;

struct LeaderboardHandler::BoardBatch {
  std::string game;
  size_t first_index = 0;  // position of the board's first record in the event
  std::string first_seq;   // its sequence number
  std::vector<leaderboard::Event> events;
};

LeaderboardHandler::LeaderboardHandler(FunctionConfig config, BoardStore& store,
                                       Telemetry& telemetry, const Clock& clock, Sleeper& sleeper,
                                       Random& random, HandlerOptions options)
    : config_(std::move(config)),
      store_(store),
      telemetry_(telemetry),
      clock_(clock),
      sleeper_(sleeper),
      random_(random),
      options_(options) {
  merge_options_.top_n = config_.board.board_size;
  merge_options_.refill_slack = options_.refill_slack;
}

Result<std::string> LeaderboardHandler::Handle(std::string_view event,
                                               const Invocation& invocation) {
  const std::string& rid = invocation.request_id;
  if (Status read = reader_.Read(event); !read.ok()) {
    telemetry_.Log(log::Level::kError, rid, "event is not a DynamoDB stream event",
                   {.reason = read.error().message});
    return MakeError("InvalidEvent", read.error().message);
  }
  const std::vector<protocol::StreamRecordView>& records = reader_.records();
  BatchMetrics metrics;
  metrics.records = static_cast<int64_t>(records.size() + reader_.errors().size());

  for (const protocol::RecordDecodeError& e : reader_.errors()) {
    ++metrics.rejected;
    telemetry_.Log(log::Level::kWarn, rid, "record rejected: cannot be decoded",
                   {.sequence_number = e.sequence_number, .reason = e.message});
  }

  // Boards in order of their first record; events in record order.
  std::vector<BoardBatch> boards;
  std::unordered_map<std::string, size_t> board_index;
  size_t last_board = 0;  // records of one board often come in runs: checked before the index
  for (size_t i = 0; i < records.size(); ++i) {
    const protocol::StreamRecordView& record = records[i];
    ScoreRecord r = InterpretRecord(record, config_.board);
    LogFields fields{.game = r.game,
                     .player = r.player,
                     .score = r.score,
                     .event_name = protocol::StreamEventNameString(record.event_name()),
                     .sequence_number = record.sequence_number(),
                     .reason = r.reason};
    switch (r.kind) {
      case ScoreRecord::Kind::kInvalid:
        ++metrics.rejected;
        telemetry_.Log(log::Level::kWarn, rid, "record rejected: skipped", fields);
        continue;
      case ScoreRecord::Kind::kScoreless:
        ++metrics.rejected;
        telemetry_.Log(log::Level::kWarn, rid, "record rejected: no usable score; player removed",
                       fields);
        break;
      case ScoreRecord::Kind::kScore:
        telemetry_.Log(log::Level::kInfo, rid, "score changed", fields);
        break;
      case ScoreRecord::Kind::kRemoval:
        telemetry_.Log(log::Level::kInfo, rid, "score removed", fields);
        break;
    }
    if (boards.empty() || boards[last_board].game != r.game) {
      auto [it, inserted] = board_index.try_emplace(r.game, boards.size());
      if (inserted) {
        boards.push_back(BoardBatch{r.game, i, std::string(record.sequence_number()), {}});
      }
      last_board = it->second;
    }
    boards[last_board].events.push_back(std::move(r.event));
  }

  std::vector<std::string> failures;
  for (const BoardBatch& batch : boards) {
    if (invocation.deadline_unix_ms > 0 &&
        clock_.NowUnixMillis() + options_.deadline_margin.count() > invocation.deadline_unix_ms) {
      telemetry_.Log(log::Level::kWarn, rid, "deadline near: board left for a retry",
                     {.game = batch.game, .sequence_number = batch.first_seq});
      failures.push_back(batch.first_seq);
      break;
    }
    Status status = ProcessBoard(batch, invocation, &metrics);
    if (!status.ok()) {
      telemetry_.Log(log::Level::kError, rid, "board update failed: retrying from its first record",
                     {.game = batch.game,
                      .sequence_number = batch.first_seq,
                      .reason = status.error().code + ": " + status.error().message});
      failures.push_back(batch.first_seq);
      break;
    }
  }
  telemetry_.EmitMetrics(metrics);
  return protocol::EncodeBatchItemFailures(failures);
}

Status LeaderboardHandler::ProcessBoard(const BoardBatch& batch, const Invocation& invocation,
                                        BatchMetrics* metrics) {
  const std::string& rid = invocation.request_id;
  RefillSource refill = [&](size_t limit) -> Result<std::vector<leaderboard::Entry>> {
    protocol::ApiResult<std::vector<leaderboard::Entry>> rows = store_.Top(batch.game, limit);
    if (!rows.ok()) return MakeError(rows.error().type, rows.error().message);
    return std::move(rows).value();
  };
  auto api = [](const protocol::ApiError& e) { return MakeError(e.type, e.message); };

  for (int attempt = 0; attempt < options_.max_write_attempts; ++attempt) {
    if (attempt > 0) {
      int64_t ceiling = options_.conflict_backoff_base.count() << std::min(attempt - 1, 20);
      ceiling = std::min<int64_t>(ceiling, options_.conflict_backoff_cap.count());
      sleeper_.SleepFor(std::chrono::milliseconds(
          static_cast<int64_t>(random_.UniformDouble() * static_cast<double>(ceiling))));
    }
    protocol::ApiResult<StoredBoard> read = store_.Read(batch.game);
    if (!read.ok()) return api(read.error());
    const StoredBoard& seen = *read;

    Board base = seen.board;
    bool must_write = false;
    bool refilled = false;
    if (!seen.problem.empty()) {
      telemetry_.Log(log::Level::kWarn, rid, "stored board is malformed: rebuilding from the index",
                     {.game = batch.game, .reason = seen.problem});
      Result<MergeResult> rebuilt = Reconcile(base, refill, merge_options_);
      if (!rebuilt.ok()) return rebuilt.error();
      base = std::move(rebuilt->board);
      refilled = true;
      must_write = true;
    }
    Result<MergeResult> merged = Merge(base, batch.events, refill, merge_options_);
    if (!merged.ok()) return merged.error();
    refilled = refilled || merged->refilled;
    if (refilled) ++refills;
    if (!merged->changed && !must_write) return {};

    Board next = std::move(merged->board);
    next.game_id = batch.game;
    next.version = seen.board.version + 1;
    protocol::ApiStatus written = store_.Write(seen, next);
    if (written.ok()) {
      ++metrics->board_writes;
      if (telemetry_.Enabled(log::Level::kDebug)) {
        std::string version = std::to_string(next.version);
        telemetry_.Log(log::Level::kDebug, rid, "board written",
                       {.game = batch.game, .reason = "version " + version});
      }
      return {};
    }
    if (written.error().type != "ConditionalCheckFailedException") return api(written.error());
    ++metrics->write_conflicts;
  }
  return MakeError("TooManyConflicts", "the board kept changing under " +
                                           std::to_string(options_.max_write_attempts) +
                                           " write attempts");
}

}  // namespace sb::bench::baseline
