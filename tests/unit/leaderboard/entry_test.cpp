#include "leaderboard/entry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sb::leaderboard {
namespace {

Entry E(std::string player, int64_t score, int64_t at) {
  return Entry{std::move(player), Score::FromInt(score), "", at, ""};
}

TEST(EntryTest, HigherScoreFirst) {
  EXPECT_TRUE(RanksBefore(E("b", 10, 5), E("a", 9, 1)));
  EXPECT_FALSE(RanksBefore(E("a", 9, 1), E("b", 10, 5)));
}

TEST(EntryTest, TieGoesToWhoReachedTheScoreFirst) {
  EXPECT_TRUE(RanksBefore(E("z", 10, 1), E("a", 10, 2)));
  EXPECT_FALSE(RanksBefore(E("a", 10, 2), E("z", 10, 1)));
}

TEST(EntryTest, ThenPlayerIdAscending) {
  EXPECT_TRUE(RanksBefore(E("a", 10, 1), E("b", 10, 1)));
  EXPECT_FALSE(RanksBefore(E("b", 10, 1), E("a", 10, 1)));
  EXPECT_FALSE(RanksBefore(E("a", 10, 1), E("a", 10, 1)));  // irreflexive
}

TEST(EntryTest, SortIsDeterministicWhateverTheInputOrder) {
  std::vector<Entry> v = {E("c", 5, 3), E("a", 7, 9), E("b", 5, 3), E("d", 5, 1), E("e", -1, 0)};
  std::vector<Entry> w(v.rbegin(), v.rend());
  std::sort(v.begin(), v.end(), RanksBefore);
  std::sort(w.begin(), w.end(), RanksBefore);
  EXPECT_EQ(v, w);
  std::vector<std::string> ids;
  for (const Entry& e : v) ids.push_back(e.player_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "d", "b", "c", "e"}));
}

}  // namespace
}  // namespace sb::leaderboard
