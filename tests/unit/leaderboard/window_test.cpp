#include "leaderboard/window.h"

#include <gtest/gtest.h>

namespace sb::leaderboard {
namespace {

constexpr int64_t kDay = 86'400'000;
// 2026-12-06T00:00:00Z, a Sunday.
constexpr int64_t kDec6 = 1'796'515'200'000;

TEST(WindowTest, DailyWeeklyMonthlyLabels) {
  EXPECT_EQ(WindowOf(WindowKind::kDaily, kDec6 + 5).label, "d2026-12-06");
  EXPECT_EQ(WindowOf(WindowKind::kDaily, kDec6 - 1).label, "d2026-12-05");
  EXPECT_EQ(WindowOf(WindowKind::kWeekly, kDec6).label, "w2026-W49");
  EXPECT_EQ(WindowOf(WindowKind::kWeekly, kDec6 + kDay).label, "w2026-W50");  // Monday
  EXPECT_EQ(WindowOf(WindowKind::kMonthly, kDec6).label, "m2026-12");
  EXPECT_EQ(WindowOf(WindowKind::kAll, kDec6).label, "all");
}

TEST(WindowTest, IsoWeekYearsNearJanuaryFirst) {
  // 2027-01-01 (a Friday) is in 2026's week 53; 2024-12-30 (a Monday) opens 2025's week 1.
  EXPECT_EQ(WindowOf(WindowKind::kWeekly, kDec6 + 26 * kDay).label, "w2026-W53");
  const Result<Window> w = ParseWindowLabel("w2025-W01");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(WindowOf(WindowKind::kDaily, w->start_ms).label, "d2024-12-30");
  EXPECT_FALSE(ParseWindowLabel("w2025-W53").ok());  // 2025 has 52 weeks
}

TEST(WindowTest, BoundsAreHalfOpen) {
  const Window d = WindowOf(WindowKind::kDaily, kDec6 + 123);
  EXPECT_EQ(d.start_ms, kDec6);
  EXPECT_EQ(d.end_ms, kDec6 + kDay);
  const Window m = WindowOf(WindowKind::kMonthly, kDec6);
  EXPECT_EQ(WindowOf(WindowKind::kDaily, m.start_ms).label, "d2026-12-01");
  EXPECT_EQ(WindowOf(WindowKind::kDaily, m.end_ms).label, "d2027-01-01");
  EXPECT_EQ(WindowOf(WindowKind::kDaily, -1).label, "d1969-12-31");
}

TEST(WindowTest, LabelsRoundTripAndBadOnesAreRefused) {
  for (int64_t t = kDec6 - 400 * kDay; t < kDec6 + 400 * kDay; t += kDay / 2) {
    for (WindowKind k : {WindowKind::kDaily, WindowKind::kWeekly, WindowKind::kMonthly}) {
      const Window w = WindowOf(k, t);
      const Result<Window> back = ParseWindowLabel(w.label);
      ASSERT_TRUE(back.ok()) << w.label;
      EXPECT_EQ(*back, w);
      EXPECT_LE(w.start_ms, t);
      EXPECT_LT(t, w.end_ms);
    }
  }
  for (const char* bad : {"", "d", "d2026-02-30", "m2026-13", "w2026-W00", "w2026-W54",
                          "d2026-1-06", "x2026", "d2026-12-06 ", "m2026-1x"}) {
    EXPECT_FALSE(ParseWindowLabel(bad).ok()) << bad;
  }
}

TEST(WindowTest, KindsParse) {
  const auto kinds = ParseWindowKinds("all,daily,weekly");
  ASSERT_TRUE(kinds.ok());
  EXPECT_EQ(WindowKindsString(*kinds), "all,daily,weekly");
  EXPECT_FALSE(ParseWindowKinds("all,all").ok());
  EXPECT_FALSE(ParseWindowKinds("hourly").ok());
  EXPECT_FALSE(ParseWindowKinds("").ok());
}

TEST(WindowTest, WindowedGameSeparatesWindows) {
  EXPECT_EQ(WindowedGame("g", Window{}), "g");
  EXPECT_EQ(WindowedGame("g", WindowOf(WindowKind::kDaily, kDec6)), "g\x1F" "d2026-12-06");
}

}  // namespace
}  // namespace sb::leaderboard
