// Entry: one player's line on a board, and THE rank order (design §3), defined once here and
// used by everything that sorts players: the merge, the index refill, the oracle in tests,
// `streamboard top`, the web page.
//
// Rank order (total, deterministic):
//   1. score descending;
//   2. then `at_ms` ascending: whoever reached the score first ranks first;
//   3. then player_id ascending (byte order).
// `at_ms` is milliseconds since the UNIX epoch of the stream record that last wrote the player's
// item (DynamoDB's ApproximateCreationDateTime is whole seconds: the function multiplies by
// 1000; milliseconds leave room for finer sources). A rewrite that changes only the name
// produces a new record and so a later `at`: the item "reached" its current state then.
// Whatever source feeds entries (stream events, index rows) must derive `at_ms` the same way,
// or ties between the two sources rank inconsistently.
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
  // Sequence number of the stream record this entry came from; empty when the entry was
  // learned from the ByGameScore index (then any stream record for the player supersedes it).
  std::string seq;

  friend bool operator==(const Entry&, const Entry&) = default;
};

// True when `a` ranks strictly before (better than) `b`. A strict weak order that is total on
// distinct player ids: use it with std::sort.
bool RanksBefore(const Entry& a, const Entry& b);

}  // namespace sb::leaderboard
