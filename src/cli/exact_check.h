// The exact checks of `reconcile --check` and `simulate`: the scores table against the Ranks
// table, and each board against the top N of Ranks, tie order included. Pure; thread-safe.
//
// What "exact" means (docs/correctness.md):
//  - every player with a usable score in the scores table (as the function reads an item: the
//    same rules, ScoresRow) has a live Ranks entry under its board key with the same score and
//    the same (capped) name, and a RankKey that encodes (score, At, player); no other live
//    Ranks entry exists;
//  - each game's board item holds the top N of the game's live Ranks entries in rank order
//    (score descending, At ascending, PlayerId ascending) with the same scores, names and At,
//    and was written for N (its Size). A game with no live entries needs no board, or an empty
//    one.
// Each difference is one line of text, e.g.
//   "chess/ann: score 1500 in the scores table, no Ranks entry"
//   "chess: rank 3: board has bob (1400), Ranks has cid (1450)".
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "function/board_config.h"
#include "leaderboard/entry.h"

namespace sb::cli {

// A player with a usable score in the scores table, read as the function reads a record.
struct ScoresRow {
  std::string game;
  leaderboard::Entry entry;  // player, score, capped name; at_ms as the function would derive
};

// One Ranks item. `live` items have a RankKey (and so are ranked); the others are tombstones.
struct RanksRow {
  std::string board;  // the Board key (the game, or <game>#<k>)
  std::string game;   // the game the board key belongs to
  std::string seq;    // Seq as stored
  bool live = false;
  leaderboard::Entry entry;  // live: player, score, name, at_ms; tombstone: player only
  std::string rank_key;      // live: the stored RankKey bytes
  std::string problem;       // non-empty: the item could not be read as a Ranks item
};

// The stored board of a game as the check sees it.
struct StoredBoardView {
  bool exists = false;
  size_t size = 0;                          // the board size it was written for
  std::vector<leaderboard::Entry> entries;  // in stored order
  std::string problem;                      // non-empty: undecodable item
};

// Differences between the scores table and the Ranks table.
std::vector<std::string> CompareScoresWithRanks(const std::vector<ScoresRow>& scores,
                                                const std::vector<RanksRow>& ranks,
                                                const function::BoardConfig& config);

// The top `n` live entries of `game` among `ranks`, in rank order.
std::vector<leaderboard::Entry> TopOfRanks(const std::vector<RanksRow>& ranks,
                                           const std::string& game, size_t n);

// Differences between `game`'s stored board and `top` (TopOfRanks with n).
std::vector<std::string> CompareBoardWithRanks(const std::string& game,
                                               const StoredBoardView& board,
                                               const std::vector<leaderboard::Entry>& top,
                                               size_t n);

}  // namespace sb::cli
