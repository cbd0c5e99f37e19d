#include "cli/cli_board_check.h"

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

TEST(CheckBoardTest, ExactBoardHasNoProblems) {
  std::vector<Entry> rows = {E("a", 10), E("b", 30), E("c", 20), E("d", 5)};
  EXPECT_TRUE(CheckBoard({E("b", 30), E("c", 20), E("a", 10)}, rows, 3).empty());
}

TEST(CheckBoardTest, FewerPlayersThanNMeansEveryone) {
  EXPECT_TRUE(CheckBoard({E("b", 30), E("a", 10)}, {E("a", 10), E("b", 30)}, 5).empty());
  EXPECT_TRUE(CheckBoard({}, {}, 5).empty());
  EXPECT_FALSE(CheckBoard({E("b", 30)}, {E("a", 10), E("b", 30)}, 5).empty());
}

TEST(CheckBoardTest, StaleScoreIsReported) {
  auto problems = CheckBoard({E("b", 30), E("a", 10)}, {E("a", 10), E("b", 25)}, 5);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find("30 on the board, 25 in the table"), std::string::npos);
}

TEST(CheckBoardTest, DeletedPlayerOnBoardIsReported) {
  auto problems = CheckBoard({E("b", 30), E("a", 10)}, {E("a", 10)}, 5);
  ASSERT_FALSE(problems.empty());
  bool named = false;
  for (const auto& p : problems)
    named = named || p.find("no score in the table") != std::string::npos;
  EXPECT_TRUE(named);
}

TEST(CheckBoardTest, MissingHigherPlayerIsReported) {
  // c (40) should be first; the board shows the next two.
  std::vector<Entry> rows = {E("a", 10), E("b", 30), E("c", 40)};
  EXPECT_FALSE(CheckBoard({E("b", 30), E("a", 10)}, rows, 2).empty());
}

TEST(CheckBoardTest, WrongOrderIsReported) {
  EXPECT_FALSE(CheckBoard({E("a", 10), E("b", 30)}, {E("a", 10), E("b", 30)}, 5).empty());
}

TEST(CheckBoardTest, TiesMayAppearInEitherOrderAndAtTheCut) {
  // a and b tie at 20; which one fills the single remaining place is not judged.
  std::vector<Entry> rows = {E("a", 20, 1000), E("b", 20, 2000), E("c", 30)};
  EXPECT_TRUE(CheckBoard({E("c", 30), E("b", 20)}, rows, 2).empty());
  EXPECT_TRUE(CheckBoard({E("c", 30), E("a", 20)}, rows, 2).empty());
  EXPECT_TRUE(CheckBoard({E("c", 30), E("b", 20), E("a", 20)}, rows, 3).empty());
}

TEST(CheckBoardTest, NameMismatchIsReported) {
  auto problems = CheckBoard({E("a", 10, 0, "Old")}, {E("a", 10, 0, "New")}, 5);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("name"), std::string::npos);
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
