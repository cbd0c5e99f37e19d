#include "base/quote.h"

#include <gtest/gtest.h>

namespace sb {
namespace {

TEST(QuotePrefixTest, ShortInputIsQuotedWhole) {
  EXPECT_EQ(QuotePrefix("GameScores"), "GameScores");
  EXPECT_EQ(QuotePrefix(std::string(64, 'a')), std::string(64, 'a'));
}

TEST(QuotePrefixTest, LongInputIsCutWithAnEllipsis) {
  std::string huge(1 << 20, 't');
  std::string q = QuotePrefix(huge);
  EXPECT_EQ(q, std::string(64, 't') + "...");
  EXPECT_EQ(QuotePrefix("abcdef", 3), "abc...");
}

TEST(QuotePrefixTest, NeverSplitsAUtf8Character) {
  // "é" is two bytes (c3 a9): a cut after 3 bytes of "aéé" would split the second one.
  EXPECT_EQ(QuotePrefix("a\xc3\xa9\xc3\xa9", 4), "a\xc3\xa9...");
  EXPECT_EQ(QuotePrefix("a\xc3\xa9\xc3\xa9", 3), "a\xc3\xa9...");
  EXPECT_EQ(QuotePrefix("\xf0\x9f\x8f\x86z", 2), "...");  // a 4-byte emoji does not fit
}

}  // namespace
}  // namespace sb
