// Reconcile: backfill and repair of the Ranks table from the scores table, board rewrites from
// the top N of Ranks, and the exact check (exact_check.h) over live tables. What
// `streamboard reconcile` and `simulate` run. Safe to run while the stream is being processed:
// every write is conditional so that the function's stream-derived state always wins
// (docs/correctness.md):
//
//  1. Ranks are read first (snapshot S), then the scores table is scanned.
//  2. Backfill: a player with a usable score and no Ranks item in S gets a live entry with the
//     oldest possible Seq (40 zeros), written only if there is still no item
//     (attribute_not_exists; the writes go through the function's DynamoRanksStore): it never
//     overwrites a stream-derived entry, and every later record of the player supersedes it. Its At
//     is the item's UpdatedAt when valid, else the scan's start time.
//  3. Repair: a live entry of S whose scores item the scan did not find is replaced by a
//     tombstone that keeps its Seq, only if the entry still has that Seq (Seq = :seen): the
//     entry is older than the scan, so its item was deleted (or lost its score) after it was
//     written, and any newer record of the player has a greater Seq and wins. A tombstone, not
//     a delete, so a replay of an old record cannot bring the player back.
//     With RANK_COUNT_DEPTH > 0 both writes go through the function's transactional MoveRank,
//     so the RankCounts counters move with the entries (reconcile_counts.h checks and rebuilds
//     them). Windowed boards are left alone: the scores table does not say what a player's
//     score was in a past window.
//  4. Boards: for each game, read the board's Version, then query the top N of Ranks (ByRank,
//     consistent, Limit N on each board key), and write the board conditioned on that Version
//     when it differs (players, scores, names, At, order, or the size it was written for);
//     a lost race with the function reads and queries again (5 tries).
//
// Thread-compatible; `db` and `clock` must outlive the object.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cli/exact_check.h"
#include "dynamo/dynamodb_client.h"
#include "function/board_config.h"
#include "function/dynamo_ranks_store.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::cli {

struct RanksRepairCounts {
  int64_t backfilled = 0;  // live entries written for players the stream had not covered
  int64_t removed = 0;     // live entries turned into tombstones (their score is gone)
  int64_t superseded = 0;  // conditional writes that lost to the function (nothing to do)
};

enum class BoardOutcome { kUnchanged, kWritten, kGaveUp };

class Reconciler {
 public:
  // `say` receives one human-readable line per board and per summary.
  Reconciler(dynamo::DynamoDbClient& db, const function::BoardConfig& config, const Clock& clock,
             std::function<void(const std::string&)> say);

  // Steps 1-3 for `game` (every game when nullopt). Returns the games seen in the scores table,
  // Ranks and (for every game) the Leaderboard table: the boards step 4 must visit.
  protocol::ApiResult<std::set<std::string>> RepairRanks(const std::optional<std::string>& game,
                                                         RanksRepairCounts* counts);

  // Step 4 for one game.
  protocol::ApiResult<BoardOutcome> RewriteBoard(const std::string& game);

 private:
  // PutRank, or with counts kept MoveRank with the CountMove of old_key -> new_key.
  protocol::ApiStatus Write(const std::string& board_key, const leaderboard::RankRecord& record,
                            const function::RankExpectation& expected, int64_t expires_at_s,
                            const std::optional<std::string>& old_key,
                            const std::optional<std::string>& new_key);
  // The top `n` live entries of `game` as the function reads them: one strongly consistent
  // Query of ByRank per board key (Limit n), merged in rank order.
  protocol::ApiResult<std::vector<leaderboard::Entry>> QueryTop(const std::string& game, size_t n);

  dynamo::DynamoDbClient& db_;
  const function::BoardConfig config_;
  const Clock& clock_;
  function::DynamoRanksStore store_;  // the function's own conditional writes and queries
  std::function<void(const std::string&)> say_;
};

// The exact check (exact_check.h) over the live tables, for `games` (every game seen in any of
// the three tables when nullopt). Returns one line per difference; empty: exact.
protocol::ApiResult<std::vector<std::string>> CheckExact(
    dynamo::DynamoDbClient& db, const function::BoardConfig& config, const Clock& clock,
    const std::optional<std::set<std::string>>& games);

// `game`'s board item (strongly consistent) with its Version (0 when absent).
protocol::ApiResult<StoredBoardView> ReadStoredBoard(dynamo::DynamoDbClient& db,
                                                     const function::BoardConfig& config,
                                                     const std::string& game, int64_t* version);

}  // namespace sb::cli
