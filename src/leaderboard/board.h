// Board and Event: the leaderboard's state and its input.
//
// A Board is one game's top-N, ranked by RanksBefore (entry.h), plus a small bounded memory
// of players who recently left it (`departed`), used only to recognise stale re-deliveries of
// their old records (see merge.h). Stored as one `Leaderboard` item (design §3):
//   Entries  = entries (Rank is the 1-based index), Version = version,
//   Departed = departed (L of M {PlayerId, Seq}) -- the one extra attribute; bounded by
//              MergeOptions::departed_capacity; absent means empty.
// An Event is one stream record reduced to what the board needs.
//
// Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leaderboard/entry.h"
#include "leaderboard/score.h"

namespace sb::leaderboard {

// "We have seen this player's record `seq`, and the player is not on the board."
struct Departed {
  std::string player_id;
  std::string seq;  // valid sequence number

  friend bool operator==(const Departed&, const Departed&) = default;
};

struct Board {
  std::string game_id;
  std::vector<Entry> entries;      // ranked, distinct players, size <= top N
  std::vector<Departed> departed;  // oldest first, distinct players, none of them in entries
  int64_t version = 0;             // 0: the item does not exist yet

  friend bool operator==(const Board&, const Board&) = default;
};

struct Event {
  enum class Kind { kScore, kRemoval };
  Kind kind = Kind::kScore;
  std::string game_id;
  std::string player_id;
  Score score;              // kScore only
  std::string player_name;  // kScore only; may be empty
  int64_t at_ms = 0;        // the record's creation time, ms since the epoch
  std::string seq;          // the record's sequence number (valid, see sequence.h)

  static Event MakeScore(std::string game_id, std::string player_id, Score score,
                         std::string player_name, int64_t at_ms, std::string seq) {
    return Event{Kind::kScore,     std::move(game_id),     std::move(player_id),
                 std::move(score), std::move(player_name), at_ms,
                 std::move(seq)};
  }
  static Event MakeRemoval(std::string game_id, std::string player_id, int64_t at_ms,
                           std::string seq) {
    return Event{Kind::kRemoval, std::move(game_id), std::move(player_id), Score{}, "",
                 at_ms,          std::move(seq)};
  }
};

}  // namespace sb::leaderboard
