// Time windows: the boards a score counts in besides all-time (docs/ranks.md, "Windows").
//
// A score event counts in the window of each configured kind that contains its `at_ms` (UTC):
//   kind      label               window
//   all       "all"               everything
//   daily     "d2026-12-06"       that UTC day
//   weekly    "w2026-W49"         that ISO 8601 week (Monday..Sunday; its year is the ISO
//                                 week-numbering year, which differs near January 1)
//   monthly   "m2026-12"          that UTC month
// A window's entries live in the Ranks table under the board keys of WindowedGame(game,
// window): the game id itself for all-time, else game ++ U+001F ++ label. Game ids containing
// U+001F are refused by the function (score_record.h), so the two never collide.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sb::leaderboard {

enum class WindowKind { kAll, kDaily, kWeekly, kMonthly };

struct Window {
  WindowKind kind = WindowKind::kAll;
  std::string label = "all";
  int64_t start_ms = 0;  // inclusive; 0 for all-time
  int64_t end_ms = 0;    // exclusive; 0 for all-time

  friend bool operator==(const Window&, const Window&) = default;
};

inline constexpr char kWindowSeparator = '\x1F';

// "all", "daily", "weekly", "monthly".
std::string_view WindowKindName(WindowKind kind);

// The window of `kind` that contains `at_ms` (any int64; dates before 1970 work).
Window WindowOf(WindowKind kind, int64_t at_ms);

// A label back to its window. Errors (code "InvalidWindow"): anything WindowOf cannot produce,
// e.g. "d2026-02-30", "w2026-W54", "m2026-13".
Result<Window> ParseWindowLabel(std::string_view label);

// A comma-separated list of kind names ("all,daily,weekly"), no duplicates, at least one.
// Errors (code "InvalidWindow") quote the offending name.
Result<std::vector<WindowKind>> ParseWindowKinds(std::string_view list);
std::string WindowKindsString(const std::vector<WindowKind>& kinds);

// The game id whose board keys hold `window`'s entries of `game`.
std::string WindowedGame(std::string_view game, const Window& window);

}  // namespace sb::leaderboard
