// The count tree: how many players of a board key sit below any RankKey, kept as counters so
// that a player's exact rank costs a fixed number of reads, not O(rank) (docs/ranks.md).
//
// A board key's live entries are counted in a 256-ary trie over the first `depth` bytes of
// their RankKeys (rank_key.h). A key shorter than `depth` is padded with 0x00:
//   CountKey(k) = (k ++ 0x00 * depth)[0, depth)
// Padding keeps order: k1 < k2 implies CountKey(k1) <= CountKey(k2) (0x00 is the least byte),
// so the keys with one CountKey form a contiguous run of the rank order (a "leaf").
// For every level d in [0, depth) and byte c, the counter
//   Count(node = CountNode(board, P), child = c)  where P = CountKey(k)[0, d)
// is the number of live entries whose CountKey starts with P ++ c. Then, for a RankKey k,
//   #{entries before k} = sum over d of ( sum of Count(CountNode(board, CountKey(k)[0,d)), c)
//                                         over c < CountKey(k)[d] )
//                       + #{entries q in k's leaf with RankKey(q) < k}
// The last term is a range count of the ByRank index between LeafLow(k) and k; it is small
// unless many players share the first `depth` bytes of their RankKey (same score, the same
// millisecond, and a long common player id prefix).
//
// A player's move (old key -> new key, either absent) changes the counters on the two paths
// from the first level where the CountKeys differ: CountMove. Those deltas are written in the
// same transaction as the conditional Ranks write that makes the move, so a counter changes
// exactly when the entry it counts does (docs/correctness.md).
//
// Node ids are bytes: 2-byte big-endian length of the board key, the board key, the prefix.
// Unambiguous for any board key up to 65535 bytes. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::leaderboard {

// Depths a deployment may choose (RANK_COUNT_DEPTH); 0 means no counts are kept.
inline constexpr size_t kMaxCountDepth = 32;
inline constexpr size_t kDefaultCountDepth = 16;

// REQUIRES: depth <= kMaxCountDepth.
std::string CountKey(std::string_view rank_key, size_t depth);

// REQUIRES: board_key.size() <= 65535.
std::string CountNode(std::string_view board_key, std::string_view prefix);

// One counter change: ADD `delta` to Count of item (node, child).
struct CountDelta {
  std::string node;
  int child = 0;  // 0..255
  int64_t delta = 0;

  friend bool operator==(const CountDelta&, const CountDelta&) = default;
};

// The counter changes that move one entry of `board_key` from `old_key` to `new_key` (nullopt:
// no live entry before / after). Levels above the first differing CountKey byte cancel and are
// left out; no two deltas share (node, child); sorted by (node, child). Empty when both are
// absent or the CountKeys are equal. REQUIRES: 1 <= depth <= kMaxCountDepth.
std::vector<CountDelta> CountMove(std::string_view board_key,
                                  const std::optional<std::string>& old_key,
                                  const std::optional<std::string>& new_key, size_t depth);

// What to read to count the entries of `board_key` before RankKey `key`:
//  - levels[d] = (node, child): sum Count over the items of `node` with Child < child;
//  - the leaf: ByRank entries with leaf_low <= RankKey <= key (minus the entry `key` itself
//    when it is live on this board key).
struct RankPlan {
  std::vector<std::pair<std::string, int>> levels;
  std::string leaf_low;
};
// REQUIRES: 1 <= depth <= kMaxCountDepth, key non-empty.
RankPlan PlanRank(std::string_view board_key, std::string_view key, size_t depth);

// The root node of a board key (level 0): the sum of all its counts is the board key's size.
inline std::string CountRoot(std::string_view board_key) { return CountNode(board_key, ""); }

}  // namespace sb::leaderboard
