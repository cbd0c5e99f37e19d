#include "leaderboard/score.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sb::leaderboard {
namespace {

Score S(std::string_view text) {
  auto r = Score::Parse(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? r.value() : Score{};
}

TEST(ScoreTest, ParsesAndRendersCanonicalForm) {
  EXPECT_EQ(S("1500").ToString(), "1500");
  EXPECT_EQ(S("1.50").ToString(), "1.5");
  EXPECT_EQ(S("1e3").ToString(), "1000");
  EXPECT_EQ(S("-0.001").ToString(), "-0.001");
  EXPECT_EQ(S("00012.3400").ToString(), "12.34");
  EXPECT_EQ(S("-0").ToString(), "0");
  EXPECT_EQ(S(".5").ToString(), "0.5");
  EXPECT_EQ(S("5.").ToString(), "5");
  EXPECT_EQ(S("+7").ToString(), "7");
  EXPECT_EQ(S("12.5E-3").ToString(), "0.0125");
  EXPECT_EQ(Score::FromInt(-42).ToString(), "-42");
}

TEST(ScoreTest, EqualValuesAreEqual) {
  EXPECT_EQ(S("1"), S("1.0"));
  EXPECT_EQ(S("10E-1"), S("1"));
  EXPECT_EQ(S("0"), S("-0.000"));
  EXPECT_EQ(S("0"), Score{});
}

TEST(ScoreTest, RejectsWhatDynamoDbRejects) {
  for (const char* bad : {"", "-", "abc", "1..2", "1e", "1e+", "1x", " 1", "1 ", "--1", "0x10"}) {
    auto r = Score::Parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "InvalidScore");
  }
  // 38 significant digits are fine, 39 are not (trailing zeros do not count).
  EXPECT_TRUE(Score::Parse(std::string(38, '9')).ok());
  EXPECT_FALSE(Score::Parse(std::string(39, '9')).ok());
  EXPECT_TRUE(Score::Parse("1" + std::string(60, '0')).ok());
  // Range: 1E-130 .. 9.99..9E+125.
  EXPECT_TRUE(Score::Parse("1E-130").ok());
  EXPECT_FALSE(Score::Parse("9E-131").ok());
  EXPECT_TRUE(Score::Parse("9.9999999999999999999999999999999999999E+125").ok());
  EXPECT_FALSE(Score::Parse("1E+126").ok());
  EXPECT_TRUE(Score::Parse("-1E+125").ok());
  EXPECT_FALSE(Score::Parse("-1E+126").ok());
  EXPECT_FALSE(Score::Parse("1E999999999999999999999").ok());
  EXPECT_TRUE(Score::Parse("0E999999").ok());  // zero has no magnitude
}

TEST(ScoreTest, OrdersExactlyLikeNumbers) {
  // Ascending; neighbours differ only beyond double precision in places.
  std::vector<std::string> ascending = {
      "-9.9999999999999999999999999999999999999E+125",
      "-1000",
      "-999.99999999999999999999999999999999",
      "-1.5",
      "-1E-130",
      "0",
      "1E-130",
      "0.001",
      "0.0010000000000000000000000000000000001",
      "0.5",
      "1",
      "1.00000000000000000000000000000000001",
      "1.5",
      "2",
      "10",
      "99999999999999999999999999999999999998",
      "99999999999999999999999999999999999999",
      "1E+38",
      "9.9999999999999999999999999999999999999E+125",
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      Score a = S(ascending[i]);
      Score b = S(ascending[j]);
      EXPECT_EQ(a < b, i < j) << ascending[i] << " vs " << ascending[j];
      EXPECT_EQ(a == b, i == j) << ascending[i] << " vs " << ascending[j];
    }
  }
}

TEST(ScoreTest, RoundTripsThroughToString) {
  for (const char* text : {"123.456", "-0.000000001", "1E+125",
                           "31415926535897932384626433832795028841", "-2.5E-100"}) {
    Score s = S(text);
    EXPECT_EQ(S(s.ToString()), s) << text;
  }
}

}  // namespace
}  // namespace sb::leaderboard
