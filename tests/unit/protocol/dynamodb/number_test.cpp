// Tests for protocol/dynamodb/number.h: table-driven parse/format cases and a model-based test
// of compare/add/subtract against an obviously correct big decimal on digit strings.
#include "protocol/dynamodb/number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include "base/random.h"

namespace sb::protocol {
namespace {

constexpr const char* kDigits38 = "Attempting to store more than 38 significant digits in a Number";
constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

Number N(std::string_view text) {
  auto r = Number::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Number();
}

std::string Canon(std::string_view text) { return N(text).ToString(); }

struct ParseCase {
  const char* in;
  const char* out;
};

TEST(NumberParse, CanonicalForms) {
  const ParseCase cases[] = {
      {"0", "0"},
      {"-0", "0"},
      {"+0.000", "0"},
      {"0e999999", "0"},
      {"000.000e-5", "0"},
      {"1", "1"},
      {"+5", "5"},
      {"1.0", "1"},
      {"10E-1", "1"},
      {"1e3", "1000"},
      {"1E+3", "1000"},
      {"1.50", "1.5"},
      {"-0.001", "-0.001"},
      {"-1e-3", "-0.001"},
      {".5", "0.5"},
      {"5.", "5"},
      {"00012.3400", "12.34"},
      {"123.456e2", "12345.6"},
      {"123.456e-5", "0.00123456"},
      {"1500", "1500"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"12345678901234567890123456789012345678", "12345678901234567890123456789012345678"},
      {"1234567890123456789012345678901234567800000",
       "1234567890123456789012345678901234567800000"},
      {"0.00000000000000000000000000000000000000000012345678901234567890123456789012345678",
       "0.00000000000000000000000000000000000000000012345678901234567890123456789012345678"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Canon(c.in), c.out) << c.in;
  }
}

TEST(NumberParse, RangeLimits) {
  // Largest magnitude: 38 nines times 10^88 (most significant digit at 10^125).
  std::string max = "9.9999999999999999999999999999999999999E+125";
  EXPECT_EQ(Canon(max), std::string(38, '9') + std::string(88, '0'));
  EXPECT_EQ(Canon("-" + max), "-" + std::string(38, '9') + std::string(88, '0'));
  EXPECT_EQ(Canon("1E125"), "1" + std::string(125, '0'));
  EXPECT_EQ(Canon("1E-130"), "0." + std::string(129, '0') + "1");
  // The range applies to the most significant digit, so 1.5E-130 is storable.
  EXPECT_EQ(Canon("1.5E-130"), "0." + std::string(129, '0') + "15");
  EXPECT_EQ(N("1E-130").exponent(), -130);
}

struct ErrorCase {
  std::string in;
  std::string message;
};

TEST(NumberParse, Errors) {
  const std::string bad = "The parameter cannot be converted to a numeric value: ";
  const ErrorCase cases[] = {
      {"", "The parameter cannot be converted to a numeric value"},
      {"abc", bad + "abc"},
      {"1e", bad + "1e"},
      {"1e+", bad + "1e+"},
      {"e1", bad + "e1"},
      {".", bad + "."},
      {"-", bad + "-"},
      {"--1", bad + "--1"},
      {"1.2.3", bad + "1.2.3"},
      {" 1", bad + " 1"},
      {"1 ", bad + "1 "},
      {"0x10", bad + "0x10"},
      {"Infinity", bad + "Infinity"},
      {"NaN", bad + "NaN"},
      {"1,0", bad + "1,0"},
      {"1e5.5", bad + "1e5.5"},
      {"1E126", kOverflow},
      {"10E125", kOverflow},
      {"-1E126", kOverflow},
      {"1e99999999999999999999999999", kOverflow},
      {"1E-131", kUnderflow},
      {"0.1E-130", kUnderflow},
      {"-1e-99999999999999999999999999", kUnderflow},
      {"123456789012345678901234567890123456789", kDigits38},
      {"1.00000000000000000000000000000000000001", kDigits38},
      // Range is checked before precision, as DynamoDB does.
      {"123456789012345678901234567890123456789E200", kOverflow},
      {"123456789012345678901234567890123456789E-200", kUnderflow},
  };
  for (const auto& c : cases) {
    auto r = Number::Parse(c.in);
    ASSERT_FALSE(r.ok()) << c.in;
    EXPECT_EQ(r.error().code, "ValidationException") << c.in;
    EXPECT_EQ(r.error().message, c.message) << c.in;
  }
}

TEST(Number, EqualityIsNumeric) {
  EXPECT_EQ(N("1"), N("1.0"));
  EXPECT_EQ(N("1"), N("10E-1"));
  EXPECT_EQ(N("0"), N("-0.0"));
  EXPECT_NE(N("1"), N("-1"));
  EXPECT_EQ(N("1000"), Number::FromInt(1000));
  EXPECT_TRUE(N("0").is_zero());
  EXPECT_FALSE(N("-0").is_negative());
}

TEST(Number, FromIntAndToInt64) {
  const int64_t values[] = {0, 1, -1, 10, 1500, -1000000, INT64_MAX, INT64_MIN, 1234567890};
  for (int64_t v : values) {
    Number n = Number::FromInt(v);
    EXPECT_EQ(n.ToString(), std::to_string(v));
    int64_t back = 42;
    ASSERT_TRUE(n.ToInt64(&back)) << v;
    EXPECT_EQ(back, v);
  }
  int64_t out;
  EXPECT_FALSE(N("1.5").ToInt64(&out));
  EXPECT_FALSE(N("9223372036854775808").ToInt64(&out));
  EXPECT_FALSE(N("-9223372036854775809").ToInt64(&out));
  EXPECT_FALSE(N("1E30").ToInt64(&out));
  EXPECT_TRUE(N("1E18").ToInt64(&out));
  EXPECT_EQ(out, 1000000000000000000);
}

TEST(Number, ToDouble) {
  EXPECT_EQ(N("1.5").ToDouble(), 1.5);
  EXPECT_EQ(N("-0.25").ToDouble(), -0.25);
  EXPECT_EQ(N("0").ToDouble(), 0.0);
  EXPECT_EQ(N("1E125").ToDouble(), 1e125);
  EXPECT_EQ(N("1E-130").ToDouble(), 1e-130);
}

TEST(Number, DigitsAndExponent) {
  EXPECT_EQ(N("0").digits(), 0);
  EXPECT_EQ(N("1500").digits(), 2);
  EXPECT_EQ(N("1500").exponent(), 2);
  EXPECT_EQ(N("-0.00120").digits(), 2);
  EXPECT_EQ(N("-0.00120").exponent(), -4);
}

TEST(Number, SizeBytes) {
  // 1 + ceil(d/2), +1 when d and the leading digit's exponent are both even, +1 if negative.
  EXPECT_EQ(N("0").SizeBytes(), 1);
  EXPECT_EQ(N("101").SizeBytes(), 3);  // the Lambda docs' example key
  EXPECT_EQ(N("1").SizeBytes(), 2);
  EXPECT_EQ(N("-1").SizeBytes(), 3);
  EXPECT_EQ(N("12").SizeBytes(), 2);   // d = 2, leading exponent 1 (odd)
  EXPECT_EQ(N("1.2").SizeBytes(), 3);  // d = 2, leading exponent 0 (even)
  EXPECT_EQ(N("1200").SizeBytes(), 2);
  EXPECT_EQ(N("120").SizeBytes(), 3);
  EXPECT_EQ(N(std::string(38, '9')).SizeBytes(), 20);
  EXPECT_EQ(N("-" + std::string(38, '9')).SizeBytes(), 21);
  EXPECT_EQ(N(std::string(37, '9')).SizeBytes(), 20);
}

TEST(NumberArithmetic, Examples) {
  auto add = [](std::string_view a, std::string_view b) {
    auto r = N(a).Add(N(b));
    return r.ok() ? r->ToString() : "error: " + r.error().message;
  };
  auto sub = [](std::string_view a, std::string_view b) {
    auto r = N(a).Subtract(N(b));
    return r.ok() ? r->ToString() : "error: " + r.error().message;
  };
  EXPECT_EQ(add("1", "2"), "3");
  EXPECT_EQ(add("0.1", "0.2"), "0.3");
  EXPECT_EQ(add("-5", "5"), "0");
  EXPECT_EQ(add("1.5", "-0.5"), "1");
  EXPECT_EQ(sub("1", "1.0"), "0");
  EXPECT_EQ(sub("0", "7"), "-7");
  // 38 nines + 1 = 10^38: 39 digits before stripping the trailing zeros, one afterwards.
  EXPECT_EQ(add(std::string(38, '9'), "1"), "1" + std::string(38, '0'));
  // 10^38 - 1 needs all 38 digits: representable although the operands span 39 positions.
  EXPECT_EQ(sub("1E38", "1"), std::string(38, '9'));
  EXPECT_EQ(add("1E100", "1"), std::string("error: ") + kDigits38);
  EXPECT_EQ(add("12345678901234567890123456789012345678", "0.1"),
            std::string("error: ") + kDigits38);
  EXPECT_EQ(add("9.9999999999999999999999999999999999999E+125", "1E88"),
            std::string("error: ") + kOverflow);
  EXPECT_EQ(sub("1.0000000000000000000000000000000000001E-130", "1E-130"),
            std::string("error: ") + kUnderflow);
  EXPECT_EQ(N("3").Negate().ToString(), "-3");
  EXPECT_EQ(N("0").Negate().ToString(), "0");
}

TEST(NumberCompare, Examples) {
  EXPECT_LT(N("-1"), N("0"));
  EXPECT_LT(N("0"), N("1E-130"));
  EXPECT_LT(N("-1E-130"), N("0"));
  EXPECT_LT(N("-2"), N("-1"));
  EXPECT_LT(N("9"), N("10"));
  EXPECT_LT(N("0.99"), N("1"));
  EXPECT_LT(N("1.1"), N("1.11"));
  EXPECT_GT(N("-1.1"), N("-1.11"));
  EXPECT_EQ(N("1.10") <=> N("1.1"), std::strong_ordering::equal);
}

// ---- Model: exact decimals as digit strings scaled by 10^kScale -----------------------------

constexpr int kScale = 200;  // every storable number times 10^200 is an integer

struct Ref {
  bool negative = false;
  std::string mag;  // |value| * 10^kScale, decimal, no leading zeros; "" for zero
};

std::string StripLeading(std::string s) {
  size_t i = s.find_first_not_of('0');
  return i == std::string::npos ? "" : s.substr(i);
}

int CmpMag(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::string AddMag(const std::string& a, const std::string& b) {
  std::string r;
  int carry = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int s = carry;
    if (i < a.size()) s += a[a.size() - 1 - i] - '0';
    if (i < b.size()) s += b[b.size() - 1 - i] - '0';
    r.push_back(static_cast<char>('0' + s % 10));
    carry = s / 10;
  }
  std::reverse(r.begin(), r.end());
  return StripLeading(r);
}

std::string SubMag(const std::string& a, const std::string& b) {  // a >= b
  std::string r;
  int borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int s = (a[a.size() - 1 - i] - '0') - borrow - (i < b.size() ? b[b.size() - 1 - i] - '0' : 0);
    borrow = s < 0;
    r.push_back(static_cast<char>('0' + s + 10 * borrow));
  }
  std::reverse(r.begin(), r.end());
  return StripLeading(r);
}

Ref RefAdd(const Ref& a, const Ref& b) {
  if (a.negative == b.negative) return Ref{a.negative, AddMag(a.mag, b.mag)};
  int c = CmpMag(a.mag, b.mag);
  if (c == 0) return Ref{};
  return c > 0 ? Ref{a.negative, SubMag(a.mag, b.mag)} : Ref{b.negative, SubMag(b.mag, a.mag)};
}

int RefCompare(const Ref& a, const Ref& b) {
  bool az = a.mag.empty(), bz = b.mag.empty();
  if (az && bz) return 0;
  int sa = az ? 0 : (a.negative ? -1 : 1);
  int sb = bz ? 0 : (b.negative ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  int c = CmpMag(a.mag, b.mag);
  return sa < 0 ? -c : c;
}

std::string RefToString(const Ref& r) {
  if (r.mag.empty()) return "0";
  std::string m = r.mag;
  if (m.size() <= static_cast<size_t>(kScale)) m = std::string(kScale + 1 - m.size(), '0') + m;
  std::string ip = m.substr(0, m.size() - kScale);
  std::string fp = m.substr(m.size() - kScale);
  fp.erase(fp.find_last_not_of('0') + 1);
  std::string out = r.negative ? "-" : "";
  out += ip;
  if (!fp.empty()) out += "." + fp;
  return out;
}

// The error DynamoDB would give for storing r, or "" when storable.
std::string RefStoreError(const Ref& r) {
  if (r.mag.empty()) return "";
  int adjusted = static_cast<int>(r.mag.size()) - 1 - kScale;
  size_t last = r.mag.find_last_not_of('0');
  int digits = static_cast<int>(last + 1);
  if (adjusted > 125) return kOverflow;
  if (adjusted < -130) return kUnderflow;
  if (digits > 38) return kDigits38;
  return "";
}

// A random storable number, as (reference, text in a random but valid spelling).
struct Sample {
  Ref ref;
  std::string text;
};

Sample RandomSample(Random& rnd, int center_exponent) {
  int digits = 1 + static_cast<int>(rnd.Uniform(38));
  if (rnd.Uniform(4) == 0) digits = 38;
  std::string coeff;
  for (int i = 0; i < digits; ++i) {
    char c = static_cast<char>('0' + rnd.Uniform(10));
    if (i == 0 || i == digits - 1) c = static_cast<char>('1' + rnd.Uniform(9));
    coeff.push_back(c);
  }
  if (rnd.Uniform(3) == 0) {  // runs of nines and zeros exercise carries and cancellation
    for (auto& c : coeff) c = rnd.Uniform(2) ? '9' : '0';
    coeff.front() = '9';
    coeff.back() = '9';
  }
  // Exponent of the last digit; keep the leading digit in [-130, 125].
  int lo = -130 - digits + 1;
  int hi = 125 - digits + 1;
  int exponent = center_exponent + static_cast<int>(rnd.Uniform(41)) - 20;
  if (rnd.Uniform(5) == 0)
    exponent = lo + static_cast<int>(rnd.Uniform(static_cast<uint64_t>(hi - lo + 1)));
  exponent = std::clamp(exponent, lo, hi);
  bool negative = rnd.Uniform(2) == 0;

  Sample s;
  s.ref.negative = negative;
  s.ref.mag = StripLeading(coeff + std::string(static_cast<size_t>(exponent + kScale), '0'));
  // Spelling: coefficient with a leading-zero pad, trailing zeros and an exponent shifted to match.
  int extra_zeros = static_cast<int>(rnd.Uniform(3));
  int lead_zeros = static_cast<int>(rnd.Uniform(3));
  std::string text = negative ? "-" : (rnd.Uniform(4) == 0 ? "+" : "");
  text += std::string(static_cast<size_t>(lead_zeros), '0') + coeff +
          std::string(static_cast<size_t>(extra_zeros), '0');
  int e = exponent - extra_zeros;
  if (rnd.Uniform(2) == 0) {  // move the point into the digits
    int frac = static_cast<int>(rnd.Uniform(static_cast<uint64_t>(digits + extra_zeros)));
    text.insert(text.size() - static_cast<size_t>(frac), ".");
    e += frac;
  }
  text += (rnd.Uniform(2) ? "e" : "E") + std::to_string(e);
  s.text = text;
  return s;
}

TEST(NumberModel, ParseCompareAddSubtractAgreeWithDigitStringReference) {
  SeededRandom rnd(20241125);
  int checked_errors = 0, checked_ok = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    int center = static_cast<int>(rnd.Uniform(296)) - 167;
    Sample a = RandomSample(rnd, center);
    Sample b = RandomSample(rnd, center + static_cast<int>(rnd.Uniform(81)) - 40);
    auto na = Number::Parse(a.text);
    auto nb = Number::Parse(b.text);
    ASSERT_TRUE(na.ok()) << a.text << " " << na.error().message;
    ASSERT_TRUE(nb.ok()) << b.text << " " << nb.error().message;
    ASSERT_EQ(na->ToString(), RefToString(a.ref)) << a.text;
    ASSERT_EQ(nb->ToString(), RefToString(b.ref)) << b.text;
    // The canonical string parses back to the same number.
    ASSERT_EQ(N(na->ToString()), *na);

    int cmp = RefCompare(a.ref, b.ref);
    auto ord = *na <=> *nb;
    ASSERT_EQ(ord < 0, cmp < 0) << a.text << " vs " << b.text;
    ASSERT_EQ(ord == 0, cmp == 0) << a.text << " vs " << b.text;
    ASSERT_EQ(*na == *nb, cmp == 0);

    for (int op = 0; op < 2; ++op) {
      Ref neg_b = b.ref;
      neg_b.negative = !neg_b.negative;
      Ref expected = RefAdd(a.ref, op == 0 ? b.ref : neg_b);
      auto got = op == 0 ? na->Add(*nb) : na->Subtract(*nb);
      std::string err = RefStoreError(expected);
      if (err.empty()) {
        ASSERT_TRUE(got.ok()) << a.text << (op ? " - " : " + ") << b.text << ": "
                              << got.error().message;
        ASSERT_EQ(got->ToString(), RefToString(expected))
            << a.text << (op ? " - " : " + ") << b.text;
        ++checked_ok;
      } else {
        ASSERT_FALSE(got.ok()) << a.text << (op ? " - " : " + ") << b.text << " = "
                               << got->ToString();
        ASSERT_EQ(got.error().message, err) << a.text << (op ? " - " : " + ") << b.text;
        ++checked_errors;
      }
    }
  }
  // Both outcomes must be well represented for the test to mean anything.
  EXPECT_GT(checked_ok, 5000);
  EXPECT_GT(checked_errors, 1000);
}

TEST(NumberModel, SmallValuesAgreeWithLongDouble) {
  SeededRandom rnd(7);
  for (int i = 0; i < 5000; ++i) {
    int64_t a = static_cast<int64_t>(rnd.Uniform(2000001)) - 1000000;
    int64_t b = static_cast<int64_t>(rnd.Uniform(2000001)) - 1000000;
    int scale_a = static_cast<int>(rnd.Uniform(4)), scale_b = static_cast<int>(rnd.Uniform(4));
    Number na = N(std::to_string(a) + "e-" + std::to_string(scale_a));
    Number nb = N(std::to_string(b) + "e-" + std::to_string(scale_b));
    long double da = static_cast<long double>(a) / std::pow(10.0L, scale_a);
    long double db = static_cast<long double>(b) / std::pow(10.0L, scale_b);
    auto sum = na.Add(nb);
    ASSERT_TRUE(sum.ok());
    EXPECT_NEAR(static_cast<long double>(sum->ToDouble()), da + db, 1e-6L);
    EXPECT_EQ(na < nb, da < db);
  }
}

}  // namespace
}  // namespace sb::protocol
