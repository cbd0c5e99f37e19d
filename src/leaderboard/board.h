// Board and Event: the leaderboard's state and its input.
//
// A Board is one game's top N, ranked by RanksBefore (entry.h), as the function writes it to
// the `Leaderboard` table (function/board_item.h): the entries, the board size N it was
// computed for, and its version (the optimistic-concurrency guard of the board write).
// An Event is one stream record reduced to what the Ranks decision needs (rank_update.h).
//
// Value types; thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "leaderboard/entry.h"
#include "leaderboard/score.h"

namespace sb::leaderboard {

struct Board {
  std::string game_id;
  std::vector<Entry> entries;  // ranked, distinct players, size <= top N
  int64_t version = 0;         // 0: the item does not exist yet
  size_t size = 0;             // the board size N it was computed for; 0: unknown

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
  // True when this event stands for several records of one batch and the player's score
  // changed (or was removed) earlier in that batch: the run of this score began inside the
  // batch, at `at_ms`, so a stored entry of the same score must not lend it its older `at`
  // (FoldLaterEvent in rank_update.h sets it).
  bool run_began_in_batch = false;

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
