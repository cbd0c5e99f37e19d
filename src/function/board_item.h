// The Leaderboard item: how a leaderboard::Board is stored (design §3), one item per game:
//   GameId    S   the board's game (the table's partition key)
//   Entries   L   of M, in rank order, each
//                   Rank N (1-based) | PlayerId S | Score N | PlayerName S ("" if none) |
//                   At S (ISO-8601 UTC, milliseconds) | Seq S ("" if learned from the index)
//   Version   N   1 for the first write, +1 per write; the optimistic-concurrency guard
//   UpdatedAt S   ISO-8601 UTC time of the write
// Board::departed is not stored (design §3 fixes the item's shape), so a read board's
// `departed` is always empty. Pure; thread-safe.
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

// The item for `board` (its version as given) written at `updated_at_ms`.
// REQUIRES: every entry's score is a valid DynamoDB number (Score guarantees it).
protocol::Item EncodeBoardItem(const leaderboard::Board& board, int64_t updated_at_ms);

// The board stored in `item`. Errors (code "InvalidBoardItem", naming the attribute): a missing
// or non-numeric Version, Entries not a list of maps, an entry without a string PlayerId or a
// numeric Score, an unreadable At, a Seq that is not a sequence number, a player listed twice.
// Entries are re-sorted by the rank order (Rank is informational).
Result<leaderboard::Board> DecodeBoardItem(const protocol::Item& item);

}  // namespace sb::function
