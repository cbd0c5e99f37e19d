// Comparing a stored board with the truth computed from the scores table, for `reconcile`
// (did the board change?) and `simulate` (is every board right?). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "leaderboard/entry.h"

namespace sb::cli {

// True when the two rankings read the same: same players in the same order with the same
// scores and names. `at` and `seq` are bookkeeping and are ignored.
bool SameRanking(const std::vector<leaderboard::Entry>& a,
                 const std::vector<leaderboard::Entry>& b);

// What changed from `before` to `after`, e.g. "+p7(1500) -p2 p3 1400->1300", or "" if the
// rankings read the same (reordering alone reads "reordered").
std::string DescribeChange(const std::vector<leaderboard::Entry>& before,
                           const std::vector<leaderboard::Entry>& after);

// The ways `board` (entries in board order) is not the top `n` of `rows` (every player's
// current table score in that game; any order, one row per player). Empty: correct.
//
// A board is correct when it has min(n, #rows) entries; each entry's score and name are the
// player's current ones in the table; and its scores, rank by rank, equal the true top-n's
// scores. Players with equal scores may appear in either order, and when a group of equal
// scores is cut at rank n any of its players may fill the last places: the tie-breaker `at`
// is the stream record's creation time, which a scan of the table can only approximate (the
// items' UpdatedAt comes from the writer's clock), so the check does not judge it.
// REQUIRES: n >= 1.
std::vector<std::string> CheckBoard(const std::vector<leaderboard::Entry>& board,
                                    std::vector<leaderboard::Entry> rows, size_t n);

}  // namespace sb::cli
