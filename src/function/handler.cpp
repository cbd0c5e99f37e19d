#include "function/handler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "function/score_record.h"
#include "leaderboard/board_key.h"
#include "leaderboard/rank_update.h"
#include "leaderboard/sequence.h"
#include "leaderboard/window.h"
#include "protocol/lambda/batch_response.h"

namespace sb::function {

struct LeaderboardHandler::GameBatch {
  std::string game;
  std::string first_seq;  // sequence number of the game's first record in the event
  struct Slot {
    leaderboard::Event event;
    int64_t window_end_ms = 0;  // 0: all-time
  };
  // (board key, player) -> the last event; ordered, so runs are reproducible.
  std::map<std::pair<std::string, std::string>, Slot> last;
  bool failed = false;
};

struct LeaderboardHandler::RankTask {
  RankTarget target;
  GameBatch* game = nullptr;
  RankOutcome outcome;  // written by the task only
};

namespace {

Error ApiToError(const protocol::ApiError& e) { return MakeError(e.type, e.message); }

constexpr std::string_view kConditionFailed = "ConditionalCheckFailedException";

// Errors that the same write would get again on every retry: the item is invalid, or the
// board key's item collection reached DynamoDB's 10 GB limit for tables with a local index
// (docs/correctness.md, "Costs and limits"). Retrying them would stop the shard for good.
bool RefusedForGood(const protocol::ApiError& e) {
  return e.type == "ValidationException" || e.type == "ItemCollectionSizeLimitExceededException";
}

}  // namespace

LeaderboardHandler::LeaderboardHandler(FunctionConfig config, RanksStore& store, Executor& executor,
                                       Telemetry& telemetry, const Clock& clock,
                                       HandlerOptions options)
    : config_(std::move(config)),
      store_(store),
      executor_(executor),
      telemetry_(telemetry),
      clock_(clock),
      options_(options),
      writer_(store, options.sleeper != nullptr ? *options.sleeper : RealSleeper::Instance(),
              options.random != nullptr ? *options.random : own_random_,
              RankWriterOptions{
                  .count_depth = config_.board.rank_count_depth,
                  .window_retention_s =
                      static_cast<int64_t>(config_.board.window_retention_days) * 86400,
                  .max_rank_attempts = options.max_rank_attempts,
                  .blind_first_write = options.blind_first_write,
                  .max_transaction_attempts = options.max_transaction_attempts,
                  .transaction_backoff = options.transaction_backoff,
              }) {
  for (leaderboard::WindowKind kind : ConfiguredWindows(config_.board)) {
    if (kind != leaderboard::WindowKind::kAll) windows_.push_back(kind);
  }
}

bool LeaderboardHandler::DeadlineNear(const Invocation& invocation) const {
  return invocation.deadline_unix_ms > 0 &&
         clock_.NowUnixMillis() + options_.deadline_margin.count() > invocation.deadline_unix_ms;
}

std::vector<LeaderboardHandler::GameBatch> LeaderboardHandler::Collect(const Invocation& invocation,
                                                                       BatchMetrics* metrics) {
  const std::string& rid = invocation.request_id;
  std::vector<GameBatch> games;
  std::unordered_map<std::string, size_t> game_index;
  for (const protocol::StreamRecordView& record : reader_.records()) {
    ScoreRecord r = InterpretRecord(record, config_.board);
    if (r.kind != ScoreRecord::Kind::kInvalid && r.player.size() > kMaxPlayerIdBytes) {
      r.kind = ScoreRecord::Kind::kInvalid;
      r.reason = "player id is longer than " + std::to_string(kMaxPlayerIdBytes) + " bytes";
    }
    LogFields fields{.game = r.game,
                     .player = std::string_view(r.player).substr(0, 200),
                     .score = r.score,
                     .event_name = protocol::StreamEventNameString(record.event_name()),
                     .sequence_number = record.sequence_number(),
                     .reason = r.reason};
    switch (r.kind) {
      case ScoreRecord::Kind::kInvalid:
        ++metrics->rejected;
        telemetry_.Log(log::Level::kWarn, rid, "record rejected: skipped", fields);
        continue;
      case ScoreRecord::Kind::kScoreless:
        ++metrics->rejected;
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
    auto [it, inserted] = game_index.try_emplace(r.game, games.size());
    if (inserted)
      games.push_back(GameBatch{r.game, std::string(record.sequence_number()), {}, false});
    AddEvent(&games[it->second], r.event, invocation, metrics);
  }
  return games;
}

void LeaderboardHandler::AddEvent(GameBatch* g, const leaderboard::Event& event,
                                  const Invocation& invocation, BatchMetrics* metrics) {
  const size_t shards = config_.board.rank_shards;
  auto add = [&](std::string board_key, int64_t window_end_ms) {
    std::pair<std::string, std::string> key{std::move(board_key), event.player_id};
    auto [slot, fresh] = g->last.try_emplace(std::move(key), GameBatch::Slot{event, window_end_ms});
    if (!fresh && leaderboard::CompareSequenceNumbers(slot->second.event.seq, event.seq) < 0) {
      slot->second.event = leaderboard::FoldLaterEvent(slot->second.event, event);
    }
  };
  add(leaderboard::BoardKey(g->game, event.player_id, shards), 0);
  const int64_t retention_ms =
      static_cast<int64_t>(config_.board.window_retention_days) * 86'400'000;
  for (leaderboard::WindowKind kind : windows_) {
    const leaderboard::Window w = leaderboard::WindowOf(kind, event.at_ms);
    if (w.end_ms + retention_ms <= clock_.NowUnixMillis()) {
      ++metrics->windows_skipped;
      telemetry_.Log(log::Level::kWarn, invocation.request_id,
                     "window past its retention: event not counted in it",
                     {.game = g->game,
                      .player = std::string_view(event.player_id).substr(0, 200),
                      .sequence_number = event.seq,
                      .reason = w.label});
      continue;
    }
    add(leaderboard::BoardKey(leaderboard::WindowedGame(g->game, w), event.player_id, shards),
        w.end_ms);
  }
}

protocol::ApiResult<std::vector<leaderboard::Entry>> LeaderboardHandler::QueryBoard(
    const std::string& game) {
  const size_t n = config_.board.board_size;
  std::vector<leaderboard::Entry> all;
  for (const std::string& key : leaderboard::BoardKeys(game, config_.board.rank_shards)) {
    SB_ASSIGN_OR_RETURN(std::vector<leaderboard::Entry> top, store_.QueryTop(key, n));
    for (leaderboard::Entry& e : top) {
      e.seq.clear();  // the board item stores no Seq
      all.push_back(std::move(e));
    }
  }
  std::sort(all.begin(), all.end(), leaderboard::RanksBefore);
  if (all.size() > n) all.resize(n);
  return all;
}

Status LeaderboardHandler::WriteBoard(const GameBatch& game, const Invocation& invocation,
                                      BatchMetrics* metrics) {
  protocol::ApiResult<int64_t> read = store_.ReadBoardVersion(game.game);
  if (!read.ok()) return ApiToError(read.error());
  const int64_t v0 = *read;
  int64_t v = v0;
  for (int attempt = 0; attempt < options_.max_board_attempts; ++attempt) {
    protocol::ApiResult<std::vector<leaderboard::Entry>> top = QueryBoard(game.game);
    if (!top.ok()) return ApiToError(top.error());
    leaderboard::Board board;
    board.game_id = game.game;
    board.entries = std::move(top).value();
    board.size = config_.board.board_size;
    board.version = v + 1;
    protocol::ApiStatus put = store_.WriteBoard(board, v);
    if (put.ok()) {
      ++metrics->board_writes;
      return {};
    }
    if (RefusedForGood(put.error())) {
      ++metrics->board_rejected;
      telemetry_.Log(log::Level::kError, invocation.request_id,
                     "board refused by DynamoDB: not retried",
                     {.game = game.game, .reason = put.error().message});
      return {};
    }
    if (put.error().type != kConditionFailed) return ApiToError(put.error());
    ++metrics->write_conflicts;
    protocol::ApiResult<int64_t> now = store_.ReadBoardVersion(game.game);
    if (!now.ok()) return ApiToError(now.error());
    if (*now >= v0 + 2) {
      ++metrics->board_covers;
      return {};
    }
    v = *now;
  }
  return MakeError("TooManyConflicts", "the board kept changing under " +
                                           std::to_string(options_.max_board_attempts) +
                                           " write attempts");
}

void LeaderboardHandler::Fail(GameBatch* game, const Invocation& invocation,
                              std::string_view message, std::string_view reason) {
  game->failed = true;
  telemetry_.Log(log::Level::kError, invocation.request_id, message,
                 {.game = game->game, .sequence_number = game->first_seq, .reason = reason});
}

void LeaderboardHandler::WriteRanks(std::vector<GameBatch>* games, const Invocation& invocation,
                                    BatchMetrics* metrics) {
  std::vector<RankTask> tasks;
  for (GameBatch& g : *games) {
    for (const auto& [key, slot] : g.last) {
      tasks.push_back(RankTask{RankTarget{&key.first, &slot.event, slot.window_end_ms}, &g, {}});
    }
  }
  std::vector<std::function<void()>> work;
  work.reserve(tasks.size());
  for (RankTask& t : tasks) {
    work.push_back([this, &t] { t.outcome = writer_.Apply(t.target); });
  }
  executor_.RunAll(std::move(work));
  for (RankTask& task : tasks) {
    const RankOutcome& t = task.outcome;
    metrics->write_conflicts += t.conflicts;
    metrics->transaction_conflicts += t.transaction_conflicts;
    metrics->count_updates += t.node_updates;
    if (!t.status.ok()) {
      if (!task.game->failed) {
        Fail(task.game, invocation, "Ranks write failed: retrying the game from its first record",
             t.status.error().code + ": " + t.status.error().message);
      }
    } else if (!t.refused.empty()) {
      ++metrics->ranks_rejected;
      telemetry_.Log(log::Level::kError, invocation.request_id,
                     "Ranks write refused by DynamoDB: not retried",
                     {.game = task.game->game,
                      .player = std::string_view(task.target.event->player_id).substr(0, 200),
                      .sequence_number = task.target.event->seq,
                      .reason = t.refused});
    } else if (t.written) {
      ++metrics->ranks_writes;
    } else {
      ++metrics->ranks_noops;
    }
  }
}

void LeaderboardHandler::WriteBoards(std::vector<GameBatch>* games, const Invocation& invocation,
                                     BatchMetrics* metrics) {
  for (GameBatch& g : *games) {
    if (g.failed) continue;
    if (DeadlineNear(invocation)) {
      Fail(&g, invocation, "deadline near: game left for a retry", "");
      continue;
    }
    Status written = WriteBoard(g, invocation, metrics);
    if (!written.ok()) {
      Fail(&g, invocation, "board write failed: retrying the game from its first record",
           written.error().code + ": " + written.error().message);
    }
  }
}

Result<std::string> LeaderboardHandler::Handle(std::string_view event,
                                               const Invocation& invocation) {
  const std::string& rid = invocation.request_id;
  if (Status read = reader_.Read(event); !read.ok()) {
    telemetry_.Log(log::Level::kError, rid, "event is not a DynamoDB stream event",
                   {.reason = read.error().message});
    return MakeError("InvalidEvent", read.error().message);
  }
  BatchMetrics metrics;
  metrics.records = static_cast<int64_t>(reader_.records().size() + reader_.errors().size());
  for (const protocol::RecordDecodeError& e : reader_.errors()) {
    ++metrics.rejected;
    telemetry_.Log(log::Level::kWarn, rid, "record rejected: cannot be decoded",
                   {.sequence_number = e.sequence_number, .reason = e.message});
  }
  std::vector<GameBatch> games = Collect(invocation, &metrics);

  if (DeadlineNear(invocation)) {
    for (GameBatch& g : games) Fail(&g, invocation, "deadline near: game left for a retry", "");
  } else {
    WriteRanks(&games, invocation, &metrics);
    WriteBoards(&games, invocation, &metrics);
  }
  std::vector<std::string> failures;
  for (const GameBatch& g : games) {
    if (!g.failed) continue;
    if (failures.empty() || leaderboard::CompareSequenceNumbers(g.first_seq, failures[0]) < 0) {
      failures.assign(1, g.first_seq);
    }
  }
  telemetry_.EmitMetrics(metrics);
  return protocol::EncodeBatchItemFailures(failures);
}

}  // namespace sb::function
