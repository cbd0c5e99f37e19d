#include "leaderboard/sequence.h"

#include <gtest/gtest.h>

#include <string>

namespace sb::leaderboard {
namespace {

TEST(SequenceTest, Validity) {
  EXPECT_TRUE(IsValidSequenceNumber("300000000000000499659"));  // 21
  EXPECT_TRUE(IsValidSequenceNumber(std::string(40, '7')));     // 40
  EXPECT_FALSE(IsValidSequenceNumber("30000000000000049965"));  // 20
  EXPECT_FALSE(IsValidSequenceNumber(std::string(41, '7')));    // 41
  EXPECT_FALSE(IsValidSequenceNumber("30000000000000049965x"));
  EXPECT_FALSE(IsValidSequenceNumber(""));
}

TEST(SequenceTest, ComparesNumericallyNotLexicographically) {
  // docs/streams-wire.md §4: 21 digits vs 24 digits.
  EXPECT_LT(CompareSequenceNumbers("300000000000000499659", "820400000000000001192334"), 0);
  EXPECT_GT(CompareSequenceNumbers("820400000000000001192334", "300000000000000499659"), 0);
  // Lexicographically "9..." > "1...", numerically the longer one wins.
  EXPECT_LT(CompareSequenceNumbers("999999999999999999999", "1000000000000000000000"), 0);
  EXPECT_LT(CompareSequenceNumbers("6200000000002513011398", "6300000000002513012315"), 0);
  EXPECT_EQ(CompareSequenceNumbers("6200000000002513011398", "6200000000002513011398"), 0);
}

TEST(SequenceTest, EmptyIsOlderThanEverything) {
  EXPECT_LT(CompareSequenceNumbers("", "100000000000000000000"), 0);
  EXPECT_GT(CompareSequenceNumbers("100000000000000000000", ""), 0);
  EXPECT_EQ(CompareSequenceNumbers("", ""), 0);
}

}  // namespace
}  // namespace sb::leaderboard

namespace sb::leaderboard {
namespace {

TEST(SequenceTest, PaddingMakesStringOrderNumeric) {
  const std::string a(21, '9');
  const std::string b = "1" + std::string(21, '0');
  EXPECT_GT(a, b);  // plain strings: wrong
  EXPECT_LT(PadSequenceNumber(a), PadSequenceNumber(b));
  EXPECT_EQ(PadSequenceNumber(a).size(), 40u);
  EXPECT_EQ(PadSequenceNumber(std::string(40, '7')), std::string(40, '7'));
}

}  // namespace
}  // namespace sb::leaderboard
