#include "function/handler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include "function/score_record.h"
#include "leaderboard/board_key.h"
#include "leaderboard/rank_update.h"
#include "leaderboard/sequence.h"
#include "protocol/lambda/batch_response.h"

namespace sb::function {

struct LeaderboardHandler::GameBatch {
  std::string game;
  std::string first_seq;  // sequence number of the game's first record in the event
  // (board key, player) -> the last event; ordered, so runs are reproducible.
  std::map<std::pair<std::string, std::string>, leaderboard::Event> last;
  bool failed = false;
};

struct LeaderboardHandler::RankTask {
  const std::string* board_key = nullptr;
  const leaderboard::Event* event = nullptr;
  GameBatch* game = nullptr;
  // Results, written by the task only.
  Status status;
  std::string refused;  // non-empty: DynamoDB refused the write for good (why)
  bool written = false;
  int conflicts = 0;
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
      options_(options) {}

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
    GameBatch& g = games[it->second];
    std::pair<std::string, std::string> key{
        leaderboard::BoardKey(r.game, r.player, config_.board.rank_shards), r.player};
    auto [slot, fresh] = g.last.try_emplace(std::move(key), r.event);
    if (!fresh && leaderboard::CompareSequenceNumbers(slot->second.seq, r.event.seq) < 0) {
      slot->second = leaderboard::FoldLaterEvent(slot->second, std::move(r.event));
    }
  }
  return games;
}

// The first, read-free attempt: the record DecideRank writes when it does not keep a stored At,
// accepted only where that is what DecideRank would write (RankExpectation::blind). Returns
// true when the task is settled (written, refused or failed); false to read and decide.
bool LeaderboardHandler::TryBlindRank(RankTask* task) {
  const leaderboard::Event& event = *task->event;
  std::optional<leaderboard::RankRecord> record = leaderboard::DecideRank(std::nullopt, event);
  RankExpectation expected;
  expected.blind = true;
  expected.keep_same_score =
      event.kind == leaderboard::Event::Kind::kScore && !event.run_began_in_batch;
  const int64_t expires_at_s = event.at_ms / 1000 + kTombstoneLifetimeSeconds;
  protocol::ApiStatus put = store_.PutRank(*task->board_key, *record, expected, expires_at_s);
  if (put.ok()) {
    task->written = true;
    return true;
  }
  if (put.error().type == kConditionFailed) return false;
  if (RefusedForGood(put.error())) {
    task->refused = put.error().type + ": " + put.error().message;
  } else {
    task->status = ApiToError(put.error());
  }
  return true;
}

void LeaderboardHandler::ApplyRank(RankTask* task) {
  const leaderboard::Event& event = *task->event;
  if (options_.blind_first_write && TryBlindRank(task)) return;
  for (int attempt = 0; attempt < options_.max_rank_attempts; ++attempt) {
    protocol::ApiResult<std::optional<leaderboard::RankRecord>> stored =
        store_.GetRank(*task->board_key, event.player_id);
    if (!stored.ok()) {
      task->status = ApiToError(stored.error());
      return;
    }
    std::optional<leaderboard::RankRecord> next = leaderboard::DecideRank(*stored, event);
    if (!next.has_value()) return;  // already applied
    RankExpectation expected;
    if (stored->has_value()) expected = RankExpectation{true, (*stored)->entry.seq};
    const int64_t expires_at_s = event.at_ms / 1000 + kTombstoneLifetimeSeconds;
    protocol::ApiStatus put = store_.PutRank(*task->board_key, *next, expected, expires_at_s);
    if (put.ok()) {
      task->written = true;
      return;
    }
    if (RefusedForGood(put.error())) {
      task->refused = put.error().type + ": " + put.error().message;
      return;
    }
    if (put.error().type != kConditionFailed) {
      task->status = ApiToError(put.error());
      return;
    }
    ++task->conflicts;
  }
  task->status = MakeError("TooManyConflicts",
                           "the Ranks item of " + event.player_id + " kept changing under " +
                               std::to_string(options_.max_rank_attempts) + " write attempts");
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
    for (const auto& [key, event] : g.last) {
      tasks.push_back(RankTask{&key.first, &event, &g, {}, {}, false, 0});
    }
  }
  std::vector<std::function<void()>> work;
  work.reserve(tasks.size());
  for (RankTask& t : tasks) work.push_back([this, &t] { ApplyRank(&t); });
  executor_.RunAll(std::move(work));
  for (RankTask& t : tasks) {
    metrics->write_conflicts += t.conflicts;
    if (!t.status.ok()) {
      if (!t.game->failed) {
        Fail(t.game, invocation, "Ranks write failed: retrying the game from its first record",
             t.status.error().code + ": " + t.status.error().message);
      }
    } else if (!t.refused.empty()) {
      ++metrics->ranks_rejected;
      telemetry_.Log(log::Level::kError, invocation.request_id,
                     "Ranks write refused by DynamoDB: not retried",
                     {.game = t.game->game,
                      .player = std::string_view(t.event->player_id).substr(0, 200),
                      .sequence_number = t.event->seq,
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
