// Number: DynamoDB's exact decimal. See number.h.
//
// Representation: value = (-1)^negative * coefficient * 10^exponent, with the coefficient
// holding at most 38 decimal digits (10^38 - 1 < 2^128) and no trailing zeros. The range
// rule is on the "adjusted exponent" (the power of ten of the most significant digit), as
// DynamoDB (and dynalite, which copied it) apply it: -130 <= adjusted <= 125.
#include "protocol/dynamodb/number.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace sb::protocol {
namespace {

using u128 = unsigned __int128;

constexpr int kMaxDigits = 38;
constexpr int kMaxAdjustedExponent = 125;
constexpr int kMinAdjustedExponent = -130;

constexpr const char* kNotNumeric = "The parameter cannot be converted to a numeric value";
constexpr const char* kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";
constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

Error ValidationError(std::string message) {
  return MakeError("ValidationException", std::move(message));
}

// 10^0 .. 10^38.
const u128* Pow10Table() {
  static const auto table = [] {
    static u128 t[kMaxDigits + 1];
    t[0] = 1;
    for (int i = 1; i <= kMaxDigits; ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table;
}

u128 Pow10(int n) { return Pow10Table()[n]; }

int CountDigits(u128 v) {
  int d = 0;
  while (d <= kMaxDigits && v >= Pow10(d)) ++d;
  if (d > kMaxDigits) {  // v >= 10^38: only reachable for intermediate sums (< 2 * 10^38)
    return kMaxDigits + 1;
  }
  return d;
}

std::string U128ToString(u128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v != 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// Checks an exact value's range and precision in DynamoDB's order (overflow, underflow,
// digits). `adjusted` is the exponent of the most significant digit.
const char* RangeError(int64_t adjusted, int64_t digits) {
  if (adjusted > kMaxAdjustedExponent) return kOverflow;
  if (adjusted < kMinAdjustedExponent) return kUnderflow;
  if (digits > kMaxDigits) return kTooManyDigits;
  return nullptr;
}

}  // namespace

// Grammar accepted (Java BigDecimal / Big.js style):
//   number   := [+-] mantissa [ (e|E) [+-] digit+ ]
//   mantissa := digit+ [ '.' digit* ] | '.' digit+
// No whitespace, no "Infinity"/"NaN", no hex.
Result<Number> Number::Parse(std::string_view text) {
  if (text.empty()) return ValidationError(kNotNumeric);
  auto not_numeric = [&] {
    return ValidationError(std::string(kNotNumeric) + ": " + std::string(text));
  };

  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') {
    negative = text[i] == '-';
    ++i;
  }
  // Mantissa: remember where significant digits start and end relative to the point.
  int64_t int_digits = 0;                         // digits before the point
  int64_t total_digits = 0;                       // all mantissa digits
  int64_t first_nonzero = -1, last_nonzero = -1;  // indexes among mantissa digits
  size_t mantissa_begin = i;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      if (c != '0') {
        if (first_nonzero < 0) first_nonzero = total_digits;
        last_nonzero = total_digits;
      }
      ++total_digits;
      if (!seen_point) ++int_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (total_digits == 0) return not_numeric();
  size_t mantissa_end = i;

  int64_t exp = 0;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return not_numeric();
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i == text.size()) return not_numeric();
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c < '0' || c > '9') return not_numeric();
      // Saturate: anything beyond 10^12 is out of range whatever the mantissa length.
      if (exp < 1'000'000'000'000) exp = exp * 10 + (c - '0');
    }
    if (exp_negative) exp = -exp;
  }

  Number n;
  if (first_nonzero < 0) return n;  // zero, whatever its sign or exponent

  int64_t digits = last_nonzero - first_nonzero + 1;
  int64_t adjusted = int_digits - 1 - first_nonzero + exp;
  if (const char* err = RangeError(adjusted, digits)) return ValidationError(err);

  u128 coefficient = 0;
  int64_t index = 0;
  for (size_t k = mantissa_begin; k < mantissa_end; ++k) {
    char c = text[k];
    if (c == '.') continue;
    if (index >= first_nonzero && index <= last_nonzero) {
      coefficient = coefficient * 10 + static_cast<unsigned>(c - '0');
    }
    ++index;
  }
  n.coefficient_ = coefficient;
  n.exponent_ = static_cast<int32_t>(adjusted - digits + 1);
  n.negative_ = negative;
  return n;
}

Number Number::FromInt(int64_t v) {
  Number n;
  if (v == 0) return n;
  n.negative_ = v < 0;
  uint64_t mag = v < 0 ? ~static_cast<uint64_t>(v) + 1 : static_cast<uint64_t>(v);
  int32_t exponent = 0;
  while (mag % 10 == 0) {
    mag /= 10;
    ++exponent;
  }
  n.coefficient_ = mag;
  n.exponent_ = exponent;
  return n;
}

std::string Number::ToString() const {
  if (coefficient_ == 0) return "0";
  std::string digits = U128ToString(coefficient_);
  std::string out;
  if (negative_) out.push_back('-');
  if (exponent_ >= 0) {
    out += digits;
    out.append(static_cast<size_t>(exponent_), '0');
    return out;
  }
  size_t frac = static_cast<size_t>(-static_cast<int64_t>(exponent_));
  if (digits.size() > frac) {
    out.append(digits, 0, digits.size() - frac);
    out.push_back('.');
    out.append(digits, digits.size() - frac, std::string::npos);
  } else {
    out += "0.";
    out.append(frac - digits.size(), '0');
    out += digits;
  }
  return out;
}

int Number::digits() const { return coefficient_ == 0 ? 0 : CountDigits(coefficient_); }

Number Number::Negate() const {
  Number n = *this;
  if (!n.is_zero()) n.negative_ = !n.negative_;
  return n;
}

namespace {

// Compares |a| and |b| given as (coefficient, exponent, digit count), both non-zero.
std::strong_ordering CompareMagnitude(u128 ca, int32_t ea, int da, u128 cb, int32_t eb, int db) {
  int64_t adj_a = static_cast<int64_t>(ea) + da - 1;
  int64_t adj_b = static_cast<int64_t>(eb) + db - 1;
  if (adj_a != adj_b) return adj_a <=> adj_b;
  // Same leading position: align to the same digit count (both <= 38 digits).
  if (da < db) ca *= Pow10(db - da);
  if (db < da) cb *= Pow10(da - db);
  return ca <=> cb;
}

}  // namespace

std::strong_ordering Number::operator<=>(const Number& other) const {
  if (is_zero() || other.is_zero()) {
    if (is_zero() && other.is_zero()) return std::strong_ordering::equal;
    if (is_zero())
      return other.negative_ ? std::strong_ordering::greater : std::strong_ordering::less;
    return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  if (negative_ != other.negative_) {
    return negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  auto mag = CompareMagnitude(coefficient_, exponent_, digits(), other.coefficient_,
                              other.exponent_, other.digits());
  if (negative_) return 0 <=> mag;
  return mag;
}

namespace {

// One nonzero operand of Add, unpacked from a Number.
struct AddOperand {
  u128 coefficient;
  int32_t exponent;
  int digits;
  bool negative;
};

// An exact sum: zero when coefficient == 0, otherwise in range and trimmed of trailing zeros.
struct ExactSum {
  u128 coefficient = 0;
  int64_t exponent = 0;
  bool negative = false;
};

// Fast path: both operands aligned to exponent e fit in 38 digits, so their sum
// (< 2 * 10^38 < 2^128) fits in 128 bits.
Result<ExactSum> AddIn128Bits(const AddOperand& x, const AddOperand& y, int32_t e, int64_t sa,
                              int64_t sb) {
  u128 a = x.coefficient * Pow10(static_cast<int>(sa));
  u128 b = y.coefficient * Pow10(static_cast<int>(sb));
  ExactSum sum;
  u128 r;
  if (x.negative == y.negative) {
    r = a + b;
    sum.negative = x.negative;
  } else if (a >= b) {
    r = a - b;
    sum.negative = x.negative;
  } else {
    r = b - a;
    sum.negative = y.negative;
  }
  if (r == 0) return ExactSum();
  int64_t exponent = e;
  while (r % 10 == 0) {
    r /= 10;
    ++exponent;
  }
  int d = CountDigits(r);  // may be 39 before the range check
  if (const char* err = RangeError(exponent + d - 1, d)) return ValidationError(err);
  sum.coefficient = r;
  sum.exponent = exponent;
  return sum;
}

// The little-endian decimal digits of c * 10^shift, padded with zeros to `width`.
std::vector<int> AlignedDigits(u128 c, int64_t shift, size_t width) {
  std::vector<int> v(width, 0);
  size_t pos = static_cast<size_t>(shift);
  while (c != 0) {
    v[pos++] = static_cast<int>(c % 10);
    c /= 10;
  }
  return v;
}

// Packs little-endian digits r (value r * 10^e) into an ExactSum, checking the range.
Result<ExactSum> SumFromDigits(const std::vector<int>& r, int32_t e, bool negative) {
  const size_t width = r.size();
  size_t lo = 0;
  while (lo < width && r[lo] == 0) ++lo;
  if (lo == width) return ExactSum();
  size_t hi = width - 1;
  while (r[hi] == 0) --hi;
  const int64_t count = static_cast<int64_t>(hi - lo + 1);
  if (const char* err = RangeError(e + static_cast<int64_t>(hi), count)) {
    return ValidationError(err);
  }
  u128 c = 0;
  for (size_t k = hi + 1; k-- > lo;) c = c * 10 + static_cast<unsigned>(r[k]);
  ExactSum sum;
  sum.coefficient = c;
  sum.exponent = e + static_cast<int64_t>(lo);
  sum.negative = negative;
  return sum;
}

// Slow path: the aligned operands span more than 38 digits (e.g. 1E100 + 1). Work on
// little-endian decimal digit vectors; the span is at most ~300 digits.
Result<ExactSum> AddDigitByDigit(const AddOperand& x, const AddOperand& y, int32_t e,
                                 int64_t sa, int64_t sb) {
  const size_t width = static_cast<size_t>(std::max(x.digits + sa, y.digits + sb)) + 1;
  std::vector<int> a = AlignedDigits(x.coefficient, sa, width);
  std::vector<int> b = AlignedDigits(y.coefficient, sb, width);
  std::vector<int> r(width, 0);
  bool result_negative;
  if (x.negative == y.negative) {
    int carry = 0;
    for (size_t k = 0; k < width; ++k) {
      int s = a[k] + b[k] + carry;
      r[k] = s % 10;
      carry = s / 10;
    }
    result_negative = x.negative;
  } else {
    auto mag = CompareMagnitude(x.coefficient, x.exponent, x.digits, y.coefficient, y.exponent,
                                y.digits);
    if (mag == 0) return ExactSum();
    const std::vector<int>& big = mag > 0 ? a : b;
    const std::vector<int>& small = mag > 0 ? b : a;
    result_negative = mag > 0 ? x.negative : y.negative;
    int borrow = 0;
    for (size_t k = 0; k < width; ++k) {
      int s = big[k] - small[k] - borrow;
      borrow = s < 0 ? 1 : 0;
      r[k] = s + 10 * borrow;
    }
  }
  return SumFromDigits(r, e, result_negative);
}

// The exact sum of two nonzero operands, or DynamoDB's range/precision error.
Result<ExactSum> AddExact(const AddOperand& x, const AddOperand& y) {
  const int32_t e = std::min(x.exponent, y.exponent);
  const int64_t sa = static_cast<int64_t>(x.exponent) - e;
  const int64_t sb = static_cast<int64_t>(y.exponent) - e;
  if (x.digits + sa <= kMaxDigits && y.digits + sb <= kMaxDigits) {
    return AddIn128Bits(x, y, e, sa, sb);
  }
  return AddDigitByDigit(x, y, e, sa, sb);
}

}  // namespace

// Arithmetic policy. DynamoDB evaluates `SET a = a + :v` and `ADD` exactly and refuses a
// result it cannot store with the same errors as input validation (a well-known example:
// adding a small fraction to a 38-digit number fails with "Attempting to store more than 38
// significant digits in a Number" rather than rounding). We do the same: the exact sum is
// computed, then checked for overflow, underflow and precision in that order; nothing is ever
// rounded silently. A user sees either the exact answer or DynamoDB's error.
Result<Number> Number::Add(const Number& other) const {
  if (other.is_zero()) return *this;
  if (is_zero()) return other;
  const AddOperand x{coefficient_, exponent_, digits(), negative_};
  const AddOperand y{other.coefficient_, other.exponent_, other.digits(), other.negative_};
  SB_ASSIGN_OR_RETURN(ExactSum sum, AddExact(x, y));
  Number n;
  if (sum.coefficient == 0) return n;
  n.coefficient_ = sum.coefficient;
  n.exponent_ = static_cast<int32_t>(sum.exponent);
  n.negative_ = sum.negative;
  return n;
}

Result<Number> Number::Subtract(const Number& other) const { return Add(other.Negate()); }

double Number::ToDouble() const {
  if (is_zero()) return 0.0;
  std::string text =
      (negative_ ? "-" : "") + U128ToString(coefficient_) + "e" + std::to_string(exponent_);
  return std::strtod(text.c_str(), nullptr);  // correctly rounded
}

bool Number::ToInt64(int64_t* out) const {
  if (is_zero()) {
    *out = 0;
    return true;
  }
  if (exponent_ < 0) return false;  // no trailing zeros, so a fraction remains
  if (digits() + exponent_ > 19) return false;
  u128 mag = coefficient_ * Pow10(exponent_);
  const u128 limit = static_cast<u128>(INT64_MAX) + (negative_ ? 1 : 0);
  if (mag > limit) return false;
  if (negative_) {
    *out = static_cast<int64_t>(~static_cast<uint64_t>(mag) + 1);
  } else {
    *out = static_cast<int64_t>(mag);
  }
  return true;
}

// dynalite's formula (checked against DynamoDB's documented examples; docs/dynamodb-wire.md §6):
// 1 + ceil(d / 2), plus 1 when both d and the adjusted exponent are even, plus 1 if negative;
// zero costs 1 byte.
int Number::SizeBytes() const {
  if (is_zero()) return 1;
  const int d = digits();
  const int64_t adjusted = static_cast<int64_t>(exponent_) + d - 1;
  int size = 1 + (d + 1) / 2;
  if (d % 2 == 0 && adjusted % 2 == 0) size += 1;
  if (negative_) size += 1;
  return size;
}

}  // namespace sb::protocol
