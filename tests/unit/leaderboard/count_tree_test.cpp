#include "leaderboard/count_tree.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace sb::leaderboard {
namespace {

TEST(CountTreeTest, CountKeyPadsAndTruncates) {
  EXPECT_EQ(CountKey("ab", 4), std::string("ab\0\0", 4));
  EXPECT_EQ(CountKey("abcdef", 4), "abcd");
}

TEST(CountTreeTest, NodeIdsAreUnambiguous) {
  // ("a", "\x01b") and ("a\x01", "b") must differ although their bytes concatenate alike.
  EXPECT_NE(CountNode("a", "\x01" "b"), CountNode("a\x01", "b"));
  EXPECT_EQ(CountNode("g", "").substr(0, 2), std::string("\0\x01", 2));
}

TEST(CountTreeTest, MoveWithinALeafChangesNothing) {
  EXPECT_TRUE(CountMove("g", std::string("abcdX"), std::string("abcdY"), 4).empty());
  EXPECT_TRUE(CountMove("g", std::nullopt, std::nullopt, 4).empty());
}

TEST(CountTreeTest, MoveStartsAtTheFirstDifferentByte) {
  const std::vector<CountDelta> d = CountMove("g", std::string("abcd"), std::string("abXd"), 4);
  // Levels 0 and 1 cancel; levels 2 and 3 change on both paths.
  ASSERT_EQ(d.size(), 4u);
  int64_t sum = 0;
  for (const CountDelta& x : d) sum += x.delta;
  EXPECT_EQ(sum, 0);
  EXPECT_EQ(CountMove("g", std::nullopt, std::string("abcd"), 4).size(), 4u);
}

// Model-based: keep counters by applying CountMove for random moves (many ties, short keys,
// keys that differ only past the depth), then compare the count PlanRank describes with a
// brute-force count over the live set, for every live key and for absent probe keys.
TEST(CountTreeTest, PlannedCountsEqualBruteForceUnderRandomMoves) {
  std::mt19937_64 rng(42);
  const std::vector<std::string> alphabet = {std::string("\0", 1), "\x01", "a", "b", "\xff"};
  auto random_key = [&] {
    std::string k;
    const size_t n = 1 + rng() % 7;
    for (size_t i = 0; i < n; ++i) k += alphabet[rng() % alphabet.size()];
    return k;
  };
  for (size_t depth : {1u, 2u, 3u, 5u}) {
    std::map<std::pair<std::string, int>, int64_t> counts;
    std::map<int, std::string> live;  // player -> key
    std::set<std::string> keys;       // live keys are distinct (RankKeys end with the id)
    for (int step = 0; step < 3000; ++step) {
      const int player = static_cast<int>(rng() % 40);
      std::optional<std::string> old_key, new_key;
      if (auto it = live.find(player); it != live.end()) old_key = it->second;
      if (rng() % 5 != 0) {
        std::string k = random_key();
        if (keys.count(k) != 0 && (!old_key || *old_key != k)) continue;
        new_key = k;
      }
      for (const CountDelta& d : CountMove("board", old_key, new_key, depth)) {
        counts[{d.node, d.child}] += d.delta;
      }
      if (old_key) keys.erase(*old_key), live.erase(player);
      if (new_key) keys.insert(*new_key), live[player] = *new_key;

      std::vector<std::string> probes(keys.begin(), keys.end());
      probes.push_back(random_key());
      for (const std::string& probe : probes) {
        const RankPlan plan = PlanRank("board", probe, depth);
        int64_t planned = 0;
        for (const auto& [node, child] : plan.levels) {
          for (auto it = counts.lower_bound({node, 0}); it != counts.end() && it->first.first == node;
               ++it) {
            if (it->first.second < child) planned += it->second;
          }
        }
        int64_t brute_before = 0;
        for (const std::string& k : keys) {
          if (k < probe) ++brute_before;
          if (k >= plan.leaf_low && k <= probe && k != probe) {
            // Every key of the leaf range must really be in the probe's leaf.
            ASSERT_EQ(CountKey(k, depth), CountKey(probe, depth)) << "depth " << depth;
            ++planned;
          }
        }
        ASSERT_EQ(planned, brute_before) << "depth " << depth << " step " << step;
      }
    }
    for (const auto& [item, c] : counts) ASSERT_GE(c, 0);
  }
}

}  // namespace
}  // namespace sb::leaderboard
