// RankReader: a player's exact rank and neighbours, and the exact top N page by page, of one
// game's window, read from the Ranks table and its count tree (docs/read-api.md,
// leaderboard/count_tree.h).
//
// For game g, window w and K rank shards, the board keys are b_i = BoardKeys(WindowedGame(g,
// w), K). A player p with live entry key k_p on its board key has
//   rank(p) = 1 + sum_i before(b_i, k_p)
//   before(b, k) = sum over PlanRank(b, k, D).levels (node, child) of sum_{c<child} counts(node)[c]
//                  + #{entries of b with leaf_low <= RankKey <= k} - (1 on p's own board key)
//   total = sum_i sum_c counts(CountRoot(b_i))[c]
// With depth D == 0 (no counts kept) before(b, k) is a counting query of everything up to k
// (O(rank) read units) and the total a count of every entry.
// The pieces that do not depend on each other (the node batch, the K leaf counts, the around
// queries) run at once on the executor. Every read is strongly consistent; while writes run, a
// result may mix states from different instants (no snapshot).
//
// Each call makes one RunAll (never nested). Thread-safety: calls may overlap (every
// function::Executor allows concurrent RunAll); the index must allow concurrent calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "function/executor.h"
#include "leaderboard/window.h"
#include "protocol/dynamodb/api_error.h"
#include "reads/rank_index.h"

namespace sb::reads {

inline constexpr size_t kMaxAround = 50;
inline constexpr size_t kMaxTopLimit = 1000;

struct RankedPlayer {
  int64_t rank = 0;  // 1 = first
  leaderboard::Entry entry;

  friend bool operator==(const RankedPlayer&, const RankedPlayer&) = default;
};

struct PlayerRank {
  RankedPlayer player;
  int64_t total = 0;                // live entries of the window
  std::vector<RankedPlayer> above;  // nearest first (rank - 1, rank - 2, ...)
  std::vector<RankedPlayer> below;  // nearest first (rank + 1, rank + 2, ...)
};

struct TopPage {
  std::vector<RankedPlayer> entries;  // ranks offset + 1, offset + 2, ...
  int64_t total = 0;
  std::optional<std::string> next_token;  // absent: no entry after this page
};

class RankReader {
 public:
  // REQUIRES: shards >= 1, depth <= kMaxCountDepth. `index` and `executor` must outlive it.
  RankReader(RankIndex& index, function::Executor& executor, size_t shards, size_t depth)
      : index_(index), executor_(executor), shards_(shards), depth_(depth) {}

  // nullopt: the player has no live entry in the window. `around` neighbours on each side
  // (fewer near the ends). Errors: the index's; ValidationException for around > kMaxAround.
  protocol::ApiResult<std::optional<PlayerRank>> Rank(const std::string& game,
                                                      const leaderboard::Window& window,
                                                      const std::string& player, size_t around);

  // One page of the ranking: the first `limit` entries after `page_token` (the first page
  // when empty). Errors: the index's; ValidationException for limit outside 1..kMaxTopLimit
  // or a token DecodePageToken refuses.
  protocol::ApiResult<TopPage> Top(const std::string& game, const leaderboard::Window& window,
                                   size_t limit, const std::string& page_token);

  // The number of live entries of the window.
  protocol::ApiResult<int64_t> Total(const std::string& game, const leaderboard::Window& window);

  // The totals of several games at once (one round of BatchGetItem of their roots); empty
  // when no counts are kept (depth 0), where a total costs a count of every entry.
  protocol::ApiResult<std::vector<int64_t>> CheapTotals(const std::vector<std::string>& games,
                                                        const leaderboard::Window& window);

 private:
  RankIndex& index_;
  function::Executor& executor_;
  const size_t shards_;
  const size_t depth_;
};

}  // namespace sb::reads
