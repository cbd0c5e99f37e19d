// The previous strategy (kept as the bench's baseline): merging a batch into the stored board,
// refilling from the ByGameScore index when a member went down.
// Merge: applying one batch of stream events to one board. Pure.
//
// Rules (each pinned by a test in tests/unit/leaderboard/merge_test.cpp):
//
//  1. Last event per player. Of a player's events in the batch only the one with the greatest
//     sequence number counts (one item lives in one shard, so later = newer).
//  2. Duplicates and stale records change nothing. A member's event applies only if its seq is
//     numerically greater than the seq stored on the entry (an index-learned entry has none,
//     so any event supersedes it). A non-member listed in `departed` is treated the same way
//     against the seq stored there. Retried batches are therefore idempotent for everyone who
//     is, or recently was, on the board.
//  3. A score event replaces the player's entry (score, name, at, seq); a removal deletes it.
//     A score event for a non-member makes it a candidate; the final cut decides.
//  4. Refill. If a member was removed, or its new entry ranks after its old one (score went
//     down, or a same-score rewrite with a later `at`), someone outside the board may now
//     belong in it. Then -- and only then -- the RefillSource is asked for the game's top
//     N+k from the ByGameScore index, and:
//       - players already on the board are NOT taken from the index if their entry came from a
//         stream record (has a seq): a known entry is never regressed by a lagging index;
//       - an entry that itself came from the index (no seq) is refreshed from the new rows,
//         and dropped if the rows prove it absent (the player is not listed although its
//         board entry ranks before the last row, or the index returned fewer than N+k rows):
//         this is how a "ghost" read from a lagging index heals on a later refill;
//       - players removed in this batch are never taken from the index (the index may not
//         have seen the removal yet);
//       - everyone else listed becomes a candidate with an empty seq.
//  5. The new board is the top N of (surviving entries + this batch's score events + refill
//     candidates) under RanksBefore. Members cut off, and members removed in this batch, are
//     remembered in `departed` with their seq (a newcomer who did not make the cut is not, so
//     low scores do not churn the memory); a later record of a remembered non-member updates
//     its seq. `departed` keeps the most recent departed_capacity players.
//  6. `changed` is true iff the ranked entries differ from the stored ones (a write is needed;
//     Version is then stored+1). A change to `departed` alone does not ask for a write, so a
//     batch of non-qualifying events costs nothing; `departed` rides along with the next write.
//     That is safe because `departed` is only used to reject records older than ones already
//     applied; losing some of it only weakens rule 2.
//
// Convergence (what the property tests in merge_property_test.cpp check):
//  - With an index that reflects the table (it may be AHEAD of the stream, as on DynamoDB
//    where the table is written before its stream record is read), once every shard has been
//    delivered to its end -- whatever the batch boundaries, re-deliveries of suffixes after
//    failures, and interleaving of shards -- every board equals the top N of the table.
//    Why: each player's last delivered record is its newest (Lambda re-delivers suffixes, in
//    order), so an entry with a seq is the player's true state; a stale re-delivery that
//    re-adds an old score (possible for a non-member no longer in `departed`, which is bounded)
//    is always followed by the player's newer records; anyone who should rise into the board
//    does so when a member goes down (rule 4) and the index, being current, lists them.
//  - With a LAGGING index (DynamoDB GSIs are eventually consistent), a refill may add a ghost
//    (a deleted or since-lowered player) or miss someone. After the stream drains AND the index
//    catches up, the board equals the top N once one more refill happens: a later decrease or
//    removal in that game, or an explicit Reconcile(). Entries from stream records are right
//    already; Reconcile fixes index-learned ones and fills gaps.
//
// Extra state: `departed` (board.h), bounded, to make retries idempotent for players who left
// the board. The merge stays correct without it (it may then show a stale score until the
// retried suffix re-delivers the player's newer record).
//
// Thread-safe (pure functions); the RefillSource is called at most once, on the calling thread.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "base/result.h"
#include "leaderboard/board.h"
#include "leaderboard/entry.h"
#include "leaderboard/sequence.h"

namespace sb::bench::baseline {

using leaderboard::CompareSequenceNumbers;
using leaderboard::Entry;
using leaderboard::Event;
using leaderboard::IsValidSequenceNumber;
using leaderboard::RanksBefore;
using leaderboard::Score;

// The previous strategy's board: the ranked entries plus a bounded memory of players who
// recently left it (to recognise stale re-deliveries of their old records).
struct Departed {
  std::string player_id;
  std::string seq;

  friend bool operator==(const Departed&, const Departed&) = default;
};

struct Board {
  std::string game_id;
  std::vector<Entry> entries;
  std::vector<Departed> departed;
  int64_t version = 0;

  friend bool operator==(const Board&, const Board&) = default;
};

struct MergeOptions {
  size_t top_n = 5;               // N; REQUIRES >= 1
  size_t refill_slack = 5;        // k: the refill asks for N + k rows
  size_t departed_capacity = 16;  // bound on Board::departed
};

// Returns the game's top `limit` players from the ByGameScore index, as entries (seq ignored).
// Contract: the rows must be the first `limit` under RanksBefore, so when the limit cuts a
// group of equal scores the source must include the whole group (it may return more than
// `limit`); order does not matter. Fewer than `limit` rows means "that is everyone". An error
// is passed through unchanged by Merge.
using RefillSource = std::function<Result<std::vector<Entry>>(size_t limit)>;

struct MergeResult {
  Board board;            // the new board (version bumped iff changed)
  bool changed = false;   // the ranked entries differ from the stored board: write it
  bool refilled = false;  // the RefillSource was consulted
};

// Merges `events` (this batch's events for stored.game_id, any order) into `stored`.
// Errors (code "InvalidArgument"), before anything is computed: top_n == 0; an event for
// another game, with an empty player id or an invalid seq; a stored board with duplicate
// players or an invalid non-empty seq. Errors from `refill` are returned as they are.
Result<MergeResult> Merge(const Board& stored, const std::vector<Event>& events,
                          const RefillSource& refill, const MergeOptions& options);

// A merge with no events that always refills: refreshes index-learned entries, drops ghosts,
// fills vacancies; entries from stream records are kept. With an index that has caught up
// with a drained stream, the result is the exact top N.
Result<MergeResult> Reconcile(const Board& stored, const RefillSource& refill,
                              const MergeOptions& options);

// The top N of `rows` (e.g. a consistent scan of the table), all with empty seq, version
// stored.version + 1 when different; ignores what the board knew. For `streamboard reconcile`.
MergeResult Rebuild(const Board& stored, std::vector<Entry> rows, const MergeOptions& options);

}  // namespace sb::bench::baseline
