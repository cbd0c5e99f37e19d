// Entry: one player's line on a board, and THE rank order, defined once here and
// used by everything that sorts players: the merge, the index refill, the oracle in tests,
// `streamboard top`, the web page.
//
// Rank order (total, deterministic):
//   1. score descending;
//   2. then `at_ms` ascending: whoever reached the score first ranks first;
//   3. then player_id ascending (byte order, unsigned).
// `at_ms` is milliseconds since the UNIX epoch: the item's UpdatedAt when it has a valid one,
// else the stream record's ApproximateCreationDateTime (whole seconds * 1000); a rewrite that
// keeps the score (a name change, a touch) keeps the stored `at_ms` (rank_update.h), so the
// player keeps its place in a tie. rank_key.h encodes this order as bytes.
//
// Value type; thread-compatible.
#pragma once

#include <cstdint>
#include <string>

#include "leaderboard/score.h"

namespace sb::leaderboard {

struct Entry {
  std::string player_id;
  Score score;
  std::string player_name;  // may be empty
  int64_t at_ms = 0;
  // Sequence number of the stream record this entry came from (Ranks records); empty on a
  // board entry (the board item stores none).
  std::string seq;

  friend bool operator==(const Entry&, const Entry&) = default;
};

// True when `a` ranks strictly before (better than) `b`. A strict weak order that is total on
// distinct player ids: use it with std::sort.
bool RanksBefore(const Entry& a, const Entry& b);

}  // namespace sb::leaderboard
