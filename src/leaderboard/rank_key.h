// RankKey: the rank order as bytes. The Ranks table's index ByRank sorts a board's players by
// this binary sort key, so the top N is the first N items of one Query.
//
//   RankKey  = Invert(ScoreKey(score)) ++ BigEndian64(at_ms XOR 2^63) ++ player_id bytes
//   ScoreKey = 0x02                                         zero
//            | 0x03 Magnitude(score)                        positive
//            | 0x01 Invert(Magnitude(|score|))              negative
//   Magnitude = (point + 129) as one byte ++ (digit + 1) per significant digit ++ 0x00
//   Invert(b) = every byte b[i] replaced by 0xFF - b[i]
// where |score| = 0.d1d2...dk * 10^point (score.h: no leading or trailing zero digit, point in
// [-129, 126], so the biased point fits a byte). Magnitude's byte order is numeric order and it
// is prefix-free (0x00 ends it and is below every digit byte; a longer digit string with the
// same prefix is the larger value, its extra digits being non-zero); so is ScoreKey. Inverting a
// prefix-free encoding reverses its order and keeps it prefix-free, so the score part of two
// RankKeys decides whenever the scores differ: higher score first. Equal scores give equal
// score parts; then `at_ms` ascending (the XOR maps signed to unsigned order), then player_id
// bytes ascending (unsigned bytes, as std::string compares and as DynamoDB compares B).
//
// So for entries a, b with distinct player ids:
//   RankKey(a) < RankKey(b) (unsigned bytewise)  <=>  RanksBefore(a, b)   (entry.h)
// exactly, for every DynamoDB number. Length: at most 41 + 8 + player_id bytes.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "leaderboard/entry.h"
#include "leaderboard/score.h"

namespace sb::leaderboard {

// The most bytes the score and time parts take: 1 + 1 + 38 + 1 + 8.
inline constexpr size_t kRankKeyOverhead = 49;

// Ascending numeric order as bytes (see above); prefix-free.
std::string ScoreKey(const Score& score);

std::string RankKey(const Score& score, int64_t at_ms, std::string_view player_id);
inline std::string RankKey(const Entry& e) { return RankKey(e.score, e.at_ms, e.player_id); }

}  // namespace sb::leaderboard
