// The Leaderboard item: how a leaderboard::Board is stored, one item per game:
//   GameId    S   the board's game (the table's partition key)
//   Entries   L   of M, in rank order, each
//                   Rank N (1-based) | PlayerId S | Score N | PlayerName S ("" if none) |
//                   At S (ISO-8601 UTC, milliseconds)
//   Size      N   the board size N it was computed for (absent when unknown, Board::size 0);
//                 a board of another size is rewritten at the next touch
//   Version   N   1 for the first write, +1 per write; the optimistic-concurrency guard
//   UpdatedAt S   ISO-8601 UTC time of the write
// Names are capped before they reach a board (leaderboard/player_name.h), so a board of up to
// 100 entries always fits in one 400 KB item. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "leaderboard/board.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::function {

inline constexpr std::string_view kGameIdAttribute = "GameId";
inline constexpr std::string_view kEntriesAttribute = "Entries";
inline constexpr std::string_view kVersionAttribute = "Version";
inline constexpr std::string_view kUpdatedAtAttribute = "UpdatedAt";
inline constexpr std::string_view kSizeAttribute = "Size";

// The item for `board` (its version as given) written at `updated_at_ms`.
// REQUIRES: every entry's score is a valid DynamoDB number (Score guarantees it).
protocol::Item EncodeBoardItem(const leaderboard::Board& board, int64_t updated_at_ms);

// The board stored in `item`. Errors (code "InvalidBoardItem", naming the attribute): a missing
// or non-numeric Version, a Size that is not a positive integer, Entries not a list of maps, an
// entry without a string PlayerId or a numeric Score, an unreadable At, a Seq that is not a
// sequence number, a player listed twice. Entries are re-sorted by the rank order (Rank is
// informational).
Result<leaderboard::Board> DecodeBoardItem(const protocol::Item& item);

}  // namespace sb::function
