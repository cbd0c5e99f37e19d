#include "cli/simulation.h"

#include <gtest/gtest.h>

#include <map>

namespace sb::cli {
namespace {

using std::chrono::milliseconds;

TEST(ParseDurationTest, AcceptsUnitsAndBareSeconds) {
  EXPECT_EQ(*ParseDuration("10s"), milliseconds(10'000));
  EXPECT_EQ(*ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(*ParseDuration("1.5s"), milliseconds(1'500));
  EXPECT_EQ(*ParseDuration("2m"), milliseconds(120'000));
  EXPECT_EQ(*ParseDuration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(*ParseDuration("3"), milliseconds(3'000));
  EXPECT_EQ(*ParseDuration("0"), milliseconds(0));
}

TEST(ParseDurationTest, RejectsGarbage) {
  for (const char* bad : {"", "s", "-1s", "10x", "1..5s", "ten", "25h", "10 s", "."}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
}

TEST(ChooseOpTest, FollowsTheShares) {
  SeededRandom random(42);
  std::map<SimOp, int> counts;
  const int n = 20'000;
  for (int i = 0; i < n; ++i) ++counts[ChooseOp(random, 0.2, 0.1, true)];
  // Generous bounds: a 20,000-draw sample is far inside them unless the mix is wrong.
  EXPECT_NEAR(counts[SimOp::kDelete] / double(n), 0.1, 0.02);
  EXPECT_NEAR(counts[SimOp::kDecrease] / double(n), 0.2, 0.02);
  EXPECT_NEAR(counts[SimOp::kSet] / double(n), 0.35, 0.02);
  EXPECT_NEAR(counts[SimOp::kIncr] / double(n), 0.35, 0.02);
}

TEST(ChooseOpTest, AbsentPlayersAreSetNeverLoweredOrDeleted) {
  SeededRandom random(7);
  for (int i = 0; i < 1000; ++i) {
    SimOp op = ChooseOp(random, 0.5, 0.5, false);
    EXPECT_EQ(op, SimOp::kSet);
  }
}

TEST(SimIdsTest, PaddedPlayersAndOneBasedGames) {
  EXPECT_EQ(SimPlayerId("sim", 7, 200), "sim-p007");
  EXPECT_EQ(SimPlayerId("sim", 0, 1), "sim-p0");
  EXPECT_EQ(SimPlayerId("x", 12, 11), "x-p12");
  EXPECT_EQ(SimGameId("sim", 1), "sim-g1");
}

TEST(PercentileTest, NearestRank) {
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(Percentile(v, 50), 5);
  EXPECT_EQ(Percentile(v, 95), 10);
  EXPECT_EQ(Percentile(v, 99), 10);
  EXPECT_EQ(Percentile(v, 10), 1);
  EXPECT_EQ(Percentile({42}, 99), 42);
}

}  // namespace
}  // namespace sb::cli
