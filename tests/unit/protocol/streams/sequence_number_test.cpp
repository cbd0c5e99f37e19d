// Tests for protocol/streams/sequence_number.h.
#include "protocol/streams/sequence_number.h"

#include <gtest/gtest.h>

#include <string>

#include "base/random.h"

namespace sb::protocol {
namespace {

int Cmp(std::string_view a, std::string_view b) {
  auto o = CompareSequenceNumbers(a, b);
  return o < 0 ? -1 : (o > 0 ? 1 : 0);
}

TEST(SequenceNumber, ComparesNumericallyNotLexicographically) {
  // Different lengths occur in real streams (docs/streams-wire.md §4).
  EXPECT_EQ(Cmp("300000000000000499659", "820400000000000001192334"), -1);
  EXPECT_EQ(Cmp("900000000000000000000", "1000000000000000000000"), -1);
  EXPECT_EQ(Cmp("6200000000002513011398", "6300000000002513012315"), -1);
  EXPECT_EQ(Cmp("400000000000000499660", "400000000000000499660"), 0);
  EXPECT_EQ(Cmp("400000000000000499661", "400000000000000499660"), 1);
  EXPECT_EQ(Cmp("00012", "12"), 0);
  EXPECT_EQ(Cmp("0", "1"), -1);
  EXPECT_EQ(Cmp("0", "000"), 0);
}

TEST(SequenceNumber, AgreesWithIntegerOrderOnRandomValues) {
  SeededRandom rnd(5);
  for (int i = 0; i < 10000; ++i) {
    uint64_t a = rnd.Next() >> rnd.Uniform(64);
    uint64_t b = rnd.Uniform(4) == 0 ? a : rnd.Next() >> rnd.Uniform(64);
    auto got = CompareSequenceNumbers(std::to_string(a), std::to_string(b));
    EXPECT_EQ(got, a <=> b) << a << " " << b;
  }
}

TEST(SequenceNumber, Validity) {
  EXPECT_TRUE(IsValidSequenceNumber("300000000000000499659"));  // 21 digits
  EXPECT_TRUE(IsValidSequenceNumber(std::string(40, '9')));
  EXPECT_FALSE(IsValidSequenceNumber(std::string(20, '9')));
  EXPECT_FALSE(IsValidSequenceNumber(std::string(41, '9')));
  EXPECT_FALSE(IsValidSequenceNumber("30000000000000049965x"));
  EXPECT_FALSE(IsValidSequenceNumber(""));
  EXPECT_TRUE(IsSequenceNumberDigits("1"));
  EXPECT_TRUE(IsSequenceNumberDigits(std::string(40, '1')));
  EXPECT_FALSE(IsSequenceNumberDigits(std::string(41, '1')));
  EXPECT_FALSE(IsSequenceNumberDigits(""));
  EXPECT_FALSE(IsSequenceNumberDigits("-1"));
  EXPECT_FALSE(IsSequenceNumberDigits("1 "));
}

}  // namespace
}  // namespace sb::protocol
