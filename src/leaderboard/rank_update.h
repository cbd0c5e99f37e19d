// RankUpdate: the pure per-player decision the function makes for each (board, player) of a
// batch, given what the Ranks table holds for that player and the player's last event.
//
// A Ranks record is either
//   live:      the player's current entry (score, capped name, at, seq), ranked by RankKey;
//   tombstone: player_id and seq only -- the player has no score (removed, or an image without a
//              usable score). It is not in the ByRank index and expires by TTL once the stream
//              can no longer replay anything older.
// Decision:
//   stored seq >= event seq                -> no-op (a duplicate, a replay, or an older record)
//   removal                                -> tombstone with the event's seq
//   score, stored live with the same score -> live, keeping the stored at_ms (a name change or a
//                                             touch keeps the player's tie position), unless
//                                             the event's run began inside its batch
//   score otherwise                        -> live with the event's at_ms
// Names are capped (player_name.h). Sequence numbers compare numerically (sequence.h).
//
// Value types and pure functions; thread-safe.
#pragma once

#include <optional>

#include "leaderboard/board.h"
#include "leaderboard/entry.h"

namespace sb::leaderboard {

struct RankRecord {
  bool live = false;
  Entry entry;  // live: every field; tombstone: player_id and seq only

  friend bool operator==(const RankRecord&, const RankRecord&) = default;
};

// Folds `later`, a newer record of the same player in the same batch, into `earlier`, the
// batch's event so far, so that one event per player stands for the batch exactly: the result
// is `later`, except that when both are scores of the same value the player reached that score
// at `earlier`'s time (the run continues), and otherwise the run of `later`'s score began
// inside the batch (run_began_in_batch), so the stored entry's `at` is not kept.
// REQUIRES: same player; later.seq > earlier.seq.
Event FoldLaterEvent(const Event& earlier, Event later);

// The record to write, or nullopt for a no-op. `stored` is nullopt when nothing is stored.
// REQUIRES: stored (if any) and event are for the same player; event.seq is valid.
std::optional<RankRecord> DecideRank(const std::optional<RankRecord>& stored, const Event& event);

}  // namespace sb::leaderboard
