#include "leaderboard/rank_update.h"

#include "leaderboard/player_name.h"
#include "leaderboard/sequence.h"

namespace sb::leaderboard {

Event FoldLaterEvent(const Event& earlier, Event later) {
  const bool same_score = earlier.kind == Event::Kind::kScore &&
                          later.kind == Event::Kind::kScore && earlier.score == later.score;
  if (same_score) {
    later.at_ms = earlier.at_ms;
    later.run_began_in_batch = earlier.run_began_in_batch;
  } else {
    later.run_began_in_batch = true;
  }
  return later;
}

std::optional<RankRecord> DecideRank(const std::optional<RankRecord>& stored, const Event& event) {
  if (stored.has_value() && CompareSequenceNumbers(stored->entry.seq, event.seq) >= 0) {
    return std::nullopt;
  }
  RankRecord next;
  next.entry.player_id = event.player_id;
  next.entry.seq = event.seq;
  if (event.kind == Event::Kind::kRemoval) return next;
  next.live = true;
  next.entry.score = event.score;
  next.entry.player_name = CapPlayerName(event.player_name);
  next.entry.at_ms = event.at_ms;
  if (stored.has_value() && stored->live && stored->entry.score == event.score &&
      !event.run_began_in_batch) {
    next.entry.at_ms = stored->entry.at_ms;
  }
  return next;
}

}  // namespace sb::leaderboard
