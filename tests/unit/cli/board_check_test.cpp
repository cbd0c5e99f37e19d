#include "cli/board_check.h"

#include <gtest/gtest.h>

namespace sb::cli {
namespace {

using leaderboard::Entry;
using leaderboard::Score;

Entry E(std::string player, int64_t score, int64_t at = 0, std::string name = "") {
  Entry e;
  e.player_id = std::move(player);
  e.score = Score::FromInt(score);
  e.at_ms = at;
  e.player_name = std::move(name);
  return e;
}

TEST(SameRankingTest, IgnoresAtAndSeq) {
  Entry a = E("a", 10, 1000);
  Entry b = E("a", 10, 2000);
  b.seq = "100000000000000000001";
  EXPECT_TRUE(SameRanking({a}, {b}));
  EXPECT_FALSE(SameRanking({a}, {E("a", 11)}));
  EXPECT_FALSE(SameRanking({a, E("b", 5)}, {E("b", 5), a}));
  EXPECT_FALSE(SameRanking({a}, {}));
}

TEST(DescribeChangeTest, NamesAddedRemovedAndRescored) {
  EXPECT_EQ(DescribeChange({E("a", 10)}, {E("a", 10)}), "");
  EXPECT_EQ(DescribeChange({E("a", 10), E("b", 5)}, {E("c", 50), E("a", 12)}),
            "+c(50) a 10->12 -b");
  EXPECT_EQ(DescribeChange({E("a", 10), E("b", 10)}, {E("b", 10), E("a", 10)}), "reordered");
}

}  // namespace
}  // namespace sb::cli
