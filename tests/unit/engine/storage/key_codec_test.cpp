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

// Multi-attribute keys: composites of S, N and B components, checked against a reference
// order (component by component: numbers numerically, strings and binaries by unsigned bytes).
AttributeValue RandomComponent(Random& rng, ScalarType type) {
  if (type == ScalarType::N) {
    auto n = Number::Parse(RandomNumberText(rng));
    return AttributeValue::N(n.ok() ? n.value() : Number());
  }
  // Short strings over a tiny alphabet that includes 0x00 and 0xFF: many shared prefixes.
  const char alphabet[] = {'\0', '\x01', 'a', 'b', '\xFF'};
  std::string s;
  size_t len = 1 + rng.Uniform(4);
  for (size_t i = 0; i < len; ++i) s.push_back(alphabet[rng.Uniform(sizeof(alphabet))]);
  return type == ScalarType::S ? AttributeValue::S(s) : AttributeValue::B(s);
}

int CompareComponent(const AttributeValue& a, const AttributeValue& b) {
  if (a.is(protocol::AttrType::N)) {
    auto c = a.n() <=> b.n();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  const std::string& x = a.is(protocol::AttrType::S) ? a.s() : a.b();
  const std::string& y = b.is(protocol::AttrType::S) ? b.s() : b.b();
  int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareParts(const std::vector<AttributeValue>& a, const std::vector<AttributeValue>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (int c = CompareComponent(a[i], b[i]); c != 0) return c;
  }
  return 0;
}

TEST(KeyCodecTest, CompositeOrderIsComponentByComponent) {
  SeededRandom rng(11);
  for (const std::vector<ScalarType>& types :
       {std::vector<ScalarType>{ScalarType::S, ScalarType::N},
        {ScalarType::N, ScalarType::S, ScalarType::B},
        {ScalarType::B, ScalarType::B, ScalarType::N, ScalarType::S}}) {
    std::vector<std::vector<AttributeValue>> keys;
    for (int i = 0; i < 600; ++i) {
      std::vector<AttributeValue> k;
      for (ScalarType t : types) k.push_back(RandomComponent(rng, t));
      keys.push_back(std::move(k));
    }
    for (size_t i = 0; i + 1 < keys.size(); ++i) {
      for (size_t j = i + 1; j < keys.size() && j < i + 40; ++j) {
        int want = CompareParts(keys[i], keys[j]);
        std::string a = EncodeKeyParts(keys[i]);
        std::string b = EncodeKeyParts(keys[j]);
        int got = a < b ? -1 : (a > b ? 1 : 0);
        ASSERT_EQ(got, want) << i << " vs " << j;
      }
    }
    for (const auto& k : keys) {
      auto back = DecodeKeyParts(types, EncodeKeyParts(k));
      ASSERT_TRUE(back.ok());
      ASSERT_EQ(back->size(), k.size());
      for (size_t c = 0; c < k.size(); ++c) EXPECT_EQ(CompareComponent((*back)[c], k[c]), 0);
    }
  }
}

TEST(KeyCodecTest, NumbersInACompositeSortNumerically) {
  auto key = [](const char* s, const char* n) {
    return EncodeKeyParts({AttributeValue::S(s), AttributeValue::N(N(n))});
  };
  EXPECT_LT(key("a", "9"), key("a", "10"));
  EXPECT_LT(key("a", "-10"), key("a", "-9"));
  EXPECT_LT(key("a", "99999"), key("ab", "-1"));
  // A string that is a prefix of another sorts first, whatever follows it.
  EXPECT_LT(EncodeKeyParts({AttributeValue::S("a"), AttributeValue::S("\xFF")}),
            EncodeKeyParts({AttributeValue::S(std::string("a\0", 2)), AttributeValue::S("")}));
}

TEST(KeyCodecTest, EqualityPrefixAndNextComponentBoundsAreRanges) {
  // Every key whose first component is "a": between the prefix and the upper bound.
  std::string prefix = EncodeKeyComponent(AttributeValue::S("a"));
  std::string lo = prefix + EncodeKeyComponent(AttributeValue::N(N("5")));
  std::string past = prefix + EncodeKeyComponentUpper(AttributeValue::N(N("5")));
  std::string five_x = EncodeKeyParts(
      {AttributeValue::S("a"), AttributeValue::N(N("5")), AttributeValue::S("\xFF\xFF")});
  std::string six = EncodeKeyParts(
      {AttributeValue::S("a"), AttributeValue::N(N("6")), AttributeValue::S("")});
  EXPECT_LE(lo, five_x);
  EXPECT_LT(five_x, past);  // "<= 5" keeps 5 with any later components
  EXPECT_LT(past, six);     // "> 5" starts after them
  std::string begins = prefix + EncodeKeyComponentPrefix(AttributeValue::S("x"));
  std::string xy = EncodeKeyParts({AttributeValue::S("a"), AttributeValue::S("xy")});
  std::string w = EncodeKeyParts({AttributeValue::S("a"), AttributeValue::S("w")});
  EXPECT_EQ(xy.compare(0, begins.size(), begins), 0);
  EXPECT_NE(w.compare(0, begins.size(), begins), 0);
}

TEST(KeyCodecTest, SingleAttributeKeysKeepThePlainEncoding) {
  AttributeValue v = AttributeValue::S(std::string("a\0b", 3));
  EXPECT_EQ(EncodeKeyParts({v}), EncodeKeyValue(v));
  EXPECT_EQ(EncodeKeyParts({AttributeValue::N(N("12"))}), EncodeNumberKey(N("12")));
}

TEST(KeyCodecTest, CorruptCompositeIsAnError) {
  std::vector<ScalarType> types{ScalarType::S, ScalarType::S};
  EXPECT_FALSE(DecodeKeyParts(types, "a").ok());
  EXPECT_FALSE(DecodeKeyParts(types, std::string("a\0\0", 3)).ok());
  EXPECT_FALSE(DecodeKeyParts(types, std::string("a\0\x02\0\0", 5)).ok());
  EXPECT_TRUE(DecodeKeyParts(types, std::string("a\0\0b\0\0", 6)).ok());
}

}  // namespace
}  // namespace sb::engine::storage
