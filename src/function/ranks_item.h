// The Ranks item: how one player's RankRecord is stored on one board key.
//
//   Board      S   the board key (leaderboard/board_key.h)          partition key
//   PlayerId   S                                                     sort key
//   Seq        S   the record's sequence number, padded to 40 digits (string order == numeric)
//   live only:
//   Score      N   exact
//   PlayerName S   capped to 128 bytes on a UTF-8 boundary; absent when empty
//   At         N   ms since the epoch (tie order)
//   RankKey    B   leaderboard/rank_key.h; the sort key of the local index ByRank
//   ExpiresAt  N   epoch seconds; the table's TTL attribute: always on a tombstone; on a live
//                  item only for windowed boards (docs/ranks.md)
// A tombstone has no RankKey, so ByRank does not list it. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "leaderboard/rank_update.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::function {

inline constexpr std::string_view kRanksBoardAttribute = "Board";
inline constexpr std::string_view kRanksPlayerAttribute = "PlayerId";
inline constexpr std::string_view kRanksSeqAttribute = "Seq";
inline constexpr std::string_view kRanksScoreAttribute = "Score";
inline constexpr std::string_view kRanksNameAttribute = "PlayerName";
inline constexpr std::string_view kRanksAtAttribute = "At";
inline constexpr std::string_view kRankKeyAttribute = "RankKey";
inline constexpr std::string_view kRanksExpiresAtAttribute = "ExpiresAt";
inline constexpr std::string_view kByRankIndex = "ByRank";

// The primary key of a player's item.
protocol::Item RankItemKey(std::string_view board_key, std::string_view player_id);

// REQUIRES: record.entry.seq is a valid sequence number (or already padded). A live item gets
// ExpiresAt only when expires_at_s > 0.
protocol::Item EncodeRankItem(std::string_view board_key, const leaderboard::RankRecord& record,
                              int64_t expires_at_s);

// The record stored in `item`; entry.seq is the Seq attribute exactly as stored. Errors (code
// "InvalidRanksItem"): no PlayerId, a live item (one with a RankKey) without a numeric Score
// and At. An item without a Seq decodes with an empty seq (older than any record).
Result<leaderboard::RankRecord> DecodeRankItem(const protocol::Item& item);

}  // namespace sb::function
