// Player names as the leaderboard stores them: at most kMaxPlayerNameBytes bytes, cut on a
// UTF-8 boundary, so a board of up to 100 entries always fits in one 400 KB item and a Ranks
// item stays small. A name that is not valid UTF-8 is cut at the byte limit, backing off over
// continuation bytes (10xxxxxx) so that no multi-byte sequence that started before the cut is
// split. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb::leaderboard {

inline constexpr size_t kMaxPlayerNameBytes = 128;

std::string CapPlayerName(std::string_view name);

}  // namespace sb::leaderboard
