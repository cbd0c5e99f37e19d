#include "engine/storage/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "base/random.h"

namespace sb::engine::storage {
namespace {

using protocol::AttributeValue;
using protocol::Number;

Number N(const std::string& s) {
  auto n = Number::Parse(s);
  EXPECT_TRUE(n.ok()) << s;
  return n.ok() ? n.value() : Number();
}

// A random number string: sign, up to 38 digits, an exponent in DynamoDB's range.
std::string RandomNumberText(Random& rng) {
  int digits = 1 + static_cast<int>(rng.Uniform(38));
  std::string s = rng.Uniform(2) ? "-" : "";
  for (int i = 0; i < digits; ++i) s.push_back(static_cast<char>('0' + rng.Uniform(10)));
  int exp = static_cast<int>(rng.Uniform(200)) - 100;
  if (rng.Uniform(4) == 0) exp = static_cast<int>(rng.Uniform(6)) - 3;  // many near 1
  return s + "E" + std::to_string(exp);
}

TEST(KeyCodecTest, NumberEncodingOrderMatchesNumericOrder) {
  SeededRandom rng(42);
  std::vector<Number> numbers;
  for (const char* s : {"0", "1", "-1", "10", "0.1", "-0.1", "1E-130", "-1E-130",
                        "9.9999999999999999999999999999999999999E+125",
                        "-9.9999999999999999999999999999999999999E+125", "12", "120", "1.2",
                        "-12", "-120", "-1.2", "123", "-123", "0.12", "0.123", "-0.12", "-0.123"}) {
    numbers.push_back(N(s));
  }
  for (int i = 0; i < 3000; ++i) {
    auto n = Number::Parse(RandomNumberText(rng));
    if (n.ok()) numbers.push_back(n.value());
  }
  for (size_t i = 0; i < numbers.size(); ++i) {
    for (size_t j = i; j < std::min(numbers.size(), i + 40); ++j) {
      const Number& a = numbers[i];
      const Number& b = numbers[(j * 7919) % numbers.size()];
      std::string ea = EncodeNumberKey(a), eb = EncodeNumberKey(b);
      auto expected = a <=> b;
      auto actual = ea.compare(eb);
      if (expected == std::strong_ordering::less) {
        EXPECT_LT(actual, 0) << a.ToString() << " vs " << b.ToString();
      } else if (expected == std::strong_ordering::greater) {
        EXPECT_GT(actual, 0) << a.ToString() << " vs " << b.ToString();
      } else {
        EXPECT_EQ(actual, 0) << a.ToString() << " vs " << b.ToString();
      }
    }
  }
}

TEST(KeyCodecTest, SortingEncodingsSortsNumbers) {
  SeededRandom rng(7);
  std::vector<Number> numbers;
  for (int i = 0; i < 2000; ++i) {
    auto n = Number::Parse(RandomNumberText(rng));
    if (n.ok()) numbers.push_back(n.value());
  }
  std::vector<std::pair<std::string, Number>> encoded;
  for (const auto& n : numbers) encoded.emplace_back(EncodeNumberKey(n), n);
  std::sort(encoded.begin(), encoded.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(numbers.begin(), numbers.end());
  ASSERT_EQ(encoded.size(), numbers.size());
  for (size_t i = 0; i < numbers.size(); ++i) EXPECT_EQ(encoded[i].second, numbers[i]);
}

TEST(KeyCodecTest, EqualNumbersEncodeEqually) {
  EXPECT_EQ(EncodeNumberKey(N("1")), EncodeNumberKey(N("1.0")));
  EXPECT_EQ(EncodeNumberKey(N("100")), EncodeNumberKey(N("1E2")));
  EXPECT_EQ(EncodeNumberKey(N("-0.50")), EncodeNumberKey(N("-5E-1")));
}

TEST(KeyCodecTest, RoundTrips) {
  SeededRandom rng(3);
  for (int i = 0; i < 2000; ++i) {
    auto n = Number::Parse(RandomNumberText(rng));
    if (!n.ok()) continue;
    auto back = DecodeKeyValue(ScalarType::N, EncodeNumberKey(n.value()));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value().n(), n.value()) << n.value().ToString();
  }
  auto z = DecodeKeyValue(ScalarType::N, EncodeNumberKey(Number()));
  ASSERT_TRUE(z.ok());
  EXPECT_TRUE(z.value().n().is_zero());
  auto s = DecodeKeyValue(ScalarType::S, EncodeKeyValue(AttributeValue::S("héllo")));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value().s(), "héllo");
}

TEST(KeyCodecTest, StringsAndBinariesOrderByUnsignedBytes) {
  EXPECT_LT(EncodeKeyValue(AttributeValue::S("a")), EncodeKeyValue(AttributeValue::S("ab")));
  EXPECT_LT(EncodeKeyValue(AttributeValue::S("Z")), EncodeKeyValue(AttributeValue::S("a")));
  // UTF-8 bytes >= 0x80 sort after ASCII (unsigned comparison).
  std::string hi = EncodeKeyValue(AttributeValue::S("\xC3\xA9"));
  std::string lo = EncodeKeyValue(AttributeValue::S("z"));
  EXPECT_LT(std::memcmp(lo.data(), hi.data(), 1), 0);
  std::string b1 = EncodeKeyValue(AttributeValue::B(std::string("\x01", 1)));
  std::string b2 = EncodeKeyValue(AttributeValue::B(std::string("\xFF", 1)));
  EXPECT_LT(std::memcmp(b1.data(), b2.data(), 1), 0);
}

TEST(KeyCodecTest, CorruptNumberIsAnError) {
  EXPECT_FALSE(DecodeKeyValue(ScalarType::N, "").ok());
  EXPECT_FALSE(DecodeKeyValue(ScalarType::N, "\x07").ok());
  EXPECT_FALSE(DecodeKeyValue(ScalarType::N, std::string("\x03\x80\xF1", 3)).ok());
}

}  // namespace
}  // namespace sb::engine::storage
