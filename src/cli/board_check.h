// Comparing two rankings of a board, for `reconcile` and `up`'s board log (did the board
// change, and how?). The exact check lives in exact_check.h. Pure; thread-safe.
#pragma once

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

}  // namespace sb::cli
