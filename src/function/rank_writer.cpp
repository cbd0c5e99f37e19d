#include "function/rank_writer.h"

#include <algorithm>
#include <optional>

#include "leaderboard/count_tree.h"
#include "leaderboard/rank_key.h"

namespace sb::function {
namespace {

constexpr std::string_view kConditionFailed = "ConditionalCheckFailedException";

Error ApiToError(const protocol::ApiError& e) { return MakeError(e.type, e.message); }

// Errors that the same write would get again on every retry: the item is invalid, or the
// board key's item collection reached DynamoDB's 10 GB limit for tables with a local index
// (docs/correctness.md, "Costs and limits"). Retrying them would stop the shard for good.
bool RefusedForGood(const protocol::ApiError& e) {
  return e.type == "ValidationException" || e.type == "ItemCollectionSizeLimitExceededException";
}

int DistinctNodes(const std::vector<leaderboard::CountDelta>& deltas) {
  int n = 0;
  for (size_t i = 0; i < deltas.size(); ++i) {
    if (i == 0 || deltas[i].node != deltas[i - 1].node) ++n;
  }
  return n;
}

}  // namespace

int64_t RankExpiresAt(const leaderboard::RankRecord& record, int64_t event_at_ms,
                      int64_t window_end_ms, int64_t retention_s) {
  const int64_t window_s = window_end_ms == 0 ? 0 : window_end_ms / 1000 + retention_s;
  if (record.live) return window_s;
  return std::max(event_at_ms / 1000 + kTombstoneLifetimeSeconds, window_s);
}

int64_t NodeExpiresAt(int64_t window_end_ms, int64_t retention_s) {
  return window_end_ms == 0 ? 0 : window_end_ms / 1000 + retention_s;
}

bool RankWriter::TryBlind(const RankTarget& t, RankOutcome* out) {
  const leaderboard::Event& event = *t.event;
  std::optional<leaderboard::RankRecord> record = leaderboard::DecideRank(std::nullopt, event);
  RankExpectation expected;
  expected.blind = true;
  expected.keep_same_score =
      event.kind == leaderboard::Event::Kind::kScore && !event.run_began_in_batch;
  const int64_t expires_at_s =
      RankExpiresAt(*record, event.at_ms, t.window_end_ms, options_.window_retention_s);
  protocol::ApiStatus put = store_.PutRank(*t.board_key, *record, expected, expires_at_s);
  if (put.ok()) {
    out->written = true;
    return true;
  }
  if (put.error().type == kConditionFailed) return false;
  if (RefusedForGood(put.error())) {
    out->refused = put.error().type + ": " + put.error().message;
  } else {
    out->status = ApiToError(put.error());
  }
  return true;
}

void RankWriter::Backoff(int conflicts) {
  // Full jitter: uniform in [0, min(cap, base * 2^(conflicts-1))].
  const int64_t base = options_.transaction_backoff.count();
  const int64_t cap = options_.max_transaction_backoff.count();
  int64_t bound = base;
  for (int i = 1; i < conflicts && bound < cap; ++i) bound *= 2;
  bound = std::min(bound, cap);
  if (bound <= 0) return;
  sleeper_.SleepFor(std::chrono::milliseconds(
      static_cast<int64_t>(random_.Uniform(static_cast<uint64_t>(bound) + 1))));
}

RankOutcome RankWriter::Apply(const RankTarget& t) {
  RankOutcome out;
  const leaderboard::Event& event = *t.event;
  const size_t depth = options_.count_depth;
  if (depth == 0 && options_.blind_first_write && TryBlind(t, &out)) return out;
  for (int attempt = 0; attempt < options_.max_rank_attempts;) {
    protocol::ApiResult<std::optional<leaderboard::RankRecord>> stored =
        store_.GetRank(*t.board_key, event.player_id);
    if (!stored.ok()) {
      out.status = ApiToError(stored.error());
      return out;
    }
    std::optional<leaderboard::RankRecord> next = leaderboard::DecideRank(*stored, event);
    if (!next.has_value()) return out;  // already applied
    RankExpectation expected;
    if (stored->has_value()) expected = RankExpectation{true, (*stored)->entry.seq};
    const int64_t expires_at_s =
        RankExpiresAt(*next, event.at_ms, t.window_end_ms, options_.window_retention_s);
    CountChanges counts;
    if (depth > 0) {
      std::optional<std::string> old_key, new_key;
      if (stored->has_value() && (*stored)->live) old_key = leaderboard::RankKey((*stored)->entry);
      if (next->live) new_key = leaderboard::RankKey(next->entry);
      counts.deltas = leaderboard::CountMove(*t.board_key, old_key, new_key, depth);
      counts.expires_at_s = NodeExpiresAt(t.window_end_ms, options_.window_retention_s);
    }
    protocol::ApiStatus put =
        counts.deltas.empty()
            ? store_.PutRank(*t.board_key, *next, expected, expires_at_s)
            : store_.MoveRank(*t.board_key, *next, expected, expires_at_s, counts);
    if (put.ok()) {
      out.written = true;
      out.node_updates = DistinctNodes(counts.deltas);
      return out;
    }
    if (RefusedForGood(put.error())) {
      out.refused = put.error().type + ": " + put.error().message;
      return out;
    }
    if (put.error().type == kTransactionConflict) {
      if (++out.transaction_conflicts >= options_.max_transaction_attempts) {
        out.status =
            MakeError("TooManyConflicts", "the Ranks transaction of " + event.player_id +
                                              " was cancelled by conflicts " +
                                              std::to_string(out.transaction_conflicts) + " times");
        return out;
      }
      Backoff(out.transaction_conflicts);
      continue;  // read again: the conflicting transaction may have moved the entry
    }
    if (put.error().type != kConditionFailed) {
      out.status = ApiToError(put.error());
      return out;
    }
    ++out.conflicts;
    ++attempt;
  }
  out.status = MakeError("TooManyConflicts",
                         "the Ranks item of " + event.player_id + " kept changing under " +
                             std::to_string(options_.max_rank_attempts) + " write attempts");
  return out;
}

}  // namespace sb::function
