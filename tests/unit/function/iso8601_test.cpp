#include "function/iso8601.h"

#include <gtest/gtest.h>

#include "base/clock.h"

namespace sb::function {
namespace {

TEST(FunctionIso8601Test, RoundTripsFormatIso8601Millis) {
  for (int64_t ms :
       {0LL, 1'700'000'000'123LL, 951'782'400'000LL /* 2000-02-29 */, 4'102'444'799'999LL}) {
    EXPECT_EQ(ParseIso8601Millis(FormatIso8601Millis(ms)), ms) << FormatIso8601Millis(ms);
  }
}

TEST(FunctionIso8601Test, Variants) {
  EXPECT_EQ(ParseIso8601Millis("1970-01-01T00:00:01Z"), 1000);
  EXPECT_EQ(ParseIso8601Millis("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(ParseIso8601Millis("1970-01-01T00:00:01.123456789Z"), 1123);
  EXPECT_EQ(ParseIso8601Millis("1970-01-01T00:00:01+00:00"), 1000);
}

TEST(FunctionIso8601Test, Rejects) {
  for (const char* bad : {"", "1970-01-01", "1970-01-01T00:00:01", "1970-13-01T00:00:00Z",
                          "1970-02-30T00:00:00Z", "1970-01-01T24:00:00Z", "1970-01-01T00:00:01.Z",
                          "1970-01-01T00:00:01+01:00", "x970-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseIso8601Millis(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sb::function
