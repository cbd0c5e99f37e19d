// The Ranks and Leaderboard items as the CLI writes and reads them (reconcile's backfill and
// repair, the exact check), through the function's own codecs (function/ranks_item.h,
// function/board_item.h) and the leaderboard's encodings (board key, RankKey, Seq padding, name
// cap): one definition of the data model, docs/correctness.md. Pure; thread-safe.
//
// Live item:  Board S | PlayerId S | Score N | PlayerName S (absent when empty) | At N (ms) |
//             Seq S (40 digits) | RankKey B
// Tombstone:  Board S | PlayerId S | Seq S | ExpiresAt N (epoch seconds)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/exact_check.h"
#include "function/board_config.h"
#include "leaderboard/entry.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::cli {

// The Board key of `player` in `game`.
std::string BoardKeyFor(const function::BoardConfig& config, std::string_view game,
                        std::string_view player);
// The Board key of shard `k` (0 <= k < rank_shards) of `game`.
std::string BoardKeyOfShard(const function::BoardConfig& config, std::string_view game, size_t k);
// The game a Board key belongs to (the key itself when rank_shards == 1).
std::string GameOfBoardKey(const function::BoardConfig& config, std::string_view board_key);
// The RankKey bytes of a live entry.
std::string RankKeyFor(const leaderboard::Entry& entry);
// A name as Ranks and boards store it (at most 128 bytes, cut on a UTF-8 boundary).
std::string CappedName(std::string_view name);
// A sequence number as Ranks stores it (left-padded with '0' to 40 digits); "" -> 40 zeros,
// older than every record (what reconcile's backfill writes).
std::string PaddedSeq(std::string_view seq);

protocol::Item LiveRanksItem(const std::string& board_key, const leaderboard::Entry& entry,
                             const std::string& padded_seq);
protocol::Item TombstoneRanksItem(const std::string& board_key, const std::string& player,
                                  const std::string& padded_seq, int64_t expires_at_s);

// The Leaderboard item of `game` (function/board_item.h's codec).
protocol::Item EncodeBoard(const std::string& game, const std::vector<leaderboard::Entry>& entries,
                           size_t size, int64_t version, int64_t now_ms);
// A stored Leaderboard item; *version is its Version (0 when unreadable).
StoredBoardView DecodeBoard(const protocol::Item& item, int64_t* version);

// Reads any item of the Ranks table (problem set when it is not a Ranks item).
RanksRow DecodeRanksItem(const function::BoardConfig& config, const protocol::Item& item);

}  // namespace sb::cli
