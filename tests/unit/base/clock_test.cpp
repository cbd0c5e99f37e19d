#include "base/clock.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

TEST(ClockTest, FormatsIso8601WithMillis) {
  EXPECT_EQ(FormatIso8601Millis(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Millis(1732550400123), "2024-11-25T16:00:00.123Z");
}

TEST(ClockTest, FakeSleeperAdvancesFakeClock) {
  FakeClock clock(1000);
  FakeSleeper sleeper(&clock);
  sleeper.SleepFor(std::chrono::milliseconds(250));
  EXPECT_EQ(clock.NowUnixMillis(), 1250);
  EXPECT_EQ(sleeper.total_ms(), 250);
  EXPECT_EQ(sleeper.calls(), 1);
}

TEST(ClockTest, RealClockIsMonotonic) {
  auto a = RealClock::Instance().MonotonicNanos();
  auto b = RealClock::Instance().MonotonicNanos();
  EXPECT_LE(a, b);
  EXPECT_GT(RealClock::Instance().NowUnixMillis(), 1'600'000'000'000);
}

}  // namespace
}  // namespace sb
