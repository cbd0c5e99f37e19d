#include "leaderboard/rank_update.h"

#include <gtest/gtest.h>

namespace sb::leaderboard {
namespace {

const std::string kSeq1 = "100000000000000000001";
const std::string kSeq2 = "100000000000000000002";
const std::string kSeq10 = "1000000000000000000010";  // 22 digits: numerically greater

RankRecord Live(int64_t score, std::string name, int64_t at, std::string seq) {
  return RankRecord{true, Entry{"p", Score::FromInt(score), std::move(name), at, std::move(seq)}};
}
RankRecord Tomb(std::string seq) {
  return RankRecord{false, Entry{"p", Score{}, "", 0, std::move(seq)}};
}
Event Sc(int64_t score, std::string name, int64_t at, std::string seq) {
  return Event::MakeScore("g", "p", Score::FromInt(score), std::move(name), at, std::move(seq));
}
Event Rm(std::string seq) { return Event::MakeRemoval("g", "p", 5, std::move(seq)); }

TEST(RankUpdateTest, NothingStoredWritesTheEvent) {
  EXPECT_EQ(DecideRank(std::nullopt, Sc(10, "Pat", 7, kSeq1)), Live(10, "Pat", 7, kSeq1));
  EXPECT_EQ(DecideRank(std::nullopt, Rm(kSeq1)), Tomb(kSeq1));
}

TEST(RankUpdateTest, OlderOrEqualSeqIsANoop) {
  EXPECT_EQ(DecideRank(Live(10, "Pat", 7, kSeq2), Sc(99, "Pat", 9, kSeq2)), std::nullopt);
  EXPECT_EQ(DecideRank(Live(10, "Pat", 7, kSeq2), Sc(99, "Pat", 9, kSeq1)), std::nullopt);
  EXPECT_EQ(DecideRank(Tomb(kSeq2), Sc(99, "Pat", 9, kSeq1)), std::nullopt);  // no resurrection
  EXPECT_EQ(DecideRank(Tomb(kSeq10), Rm(kSeq2)), std::nullopt);  // numeric, not string, order
}

TEST(RankUpdateTest, NewerSeqReplaces) {
  EXPECT_EQ(DecideRank(Live(10, "Pat", 7, kSeq1), Sc(20, "Pat", 9, kSeq10)),
            Live(20, "Pat", 9, kSeq10));
  EXPECT_EQ(DecideRank(Live(10, "Pat", 7, kSeq1), Rm(kSeq2)), Tomb(kSeq2));
  EXPECT_EQ(DecideRank(Tomb(kSeq1), Sc(5, "", 9, kSeq2)), Live(5, "", 9, kSeq2));
}

TEST(RankUpdateTest, SameScoreKeepsTiePosition) {
  EXPECT_EQ(DecideRank(Live(10, "Pat", 7, kSeq1), Sc(10, "Patricia", 9, kSeq2)),
            Live(10, "Patricia", 7, kSeq2));
  // After a tombstone there is no position to keep.
  EXPECT_EQ(DecideRank(Tomb(kSeq1), Sc(0, "", 9, kSeq2)), Live(0, "", 9, kSeq2));
}

TEST(RankUpdateTest, FoldingKeepsTheStartOfTheLastRunOfEqualScores) {
  // 10 (touched) stays one run: the run began before the batch, so the stored at may be kept.
  Event touched = FoldLaterEvent(Sc(10, "Pat", 7, kSeq1), Sc(10, "Patricia", 9, kSeq2));
  EXPECT_EQ(touched.at_ms, 7);
  EXPECT_EQ(touched.player_name, "Patricia");
  EXPECT_FALSE(touched.run_began_in_batch);
  EXPECT_EQ(DecideRank(Live(10, "Pat", 3, "1"), touched), Live(10, "Patricia", 3, kSeq2));
  // 10 -> 20 -> 10 inside one batch: the player reached 10 again at the return, not before.
  Event back = FoldLaterEvent(FoldLaterEvent(Sc(10, "", 4, kSeq1), Sc(20, "", 5, kSeq2)),
                              Sc(10, "", 6, kSeq10));
  EXPECT_TRUE(back.run_began_in_batch);
  EXPECT_EQ(back.at_ms, 6);
  EXPECT_EQ(DecideRank(Live(10, "", 1, "1"), back), Live(10, "", 6, kSeq10));
  // A removal breaks the run too.
  Event returned = FoldLaterEvent(Rm(kSeq2), Sc(10, "", 8, kSeq10));
  EXPECT_EQ(DecideRank(Live(10, "", 1, "1"), returned), Live(10, "", 8, kSeq10));
}

TEST(RankUpdateTest, NamesAreCapped) {
  auto r = DecideRank(std::nullopt, Sc(1, std::string(90 * 1024, 'n'), 1, kSeq1));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->entry.player_name.size(), 128u);
}

}  // namespace
}  // namespace sb::leaderboard
