#include "leaderboard/score.h"

#include <cstdlib>

namespace sb::leaderboard {
namespace {

constexpr int kMaxDigits = 38;
// DynamoDB's range: 1E-130 <= |x| <= 9.99..9E+125. With |x| = 0.d1d2.. * 10^point the leading
// digit's exponent is point - 1, which must lie in [-130, 125].
constexpr int kMinPoint = -129;
constexpr int kMaxPoint = 126;

Error InvalidScore(std::string message) { return MakeError("InvalidScore", std::move(message)); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<Score> Score::Parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  std::string all_digits;  // integer and fraction digits, as written
  int64_t int_digits = 0;
  bool seen_point = false;
  bool any_digit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (IsDigit(c)) {
      all_digits.push_back(c);
      any_digit = true;
      if (!seen_point) ++int_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return InvalidScore("not a number: " + std::string(text));
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i == text.size()) return InvalidScore("not a number: " + std::string(text));
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      // Any exponent beyond this bound is out of range whatever the digits are (bounded by
      // the 38-digit input rule plus leading zeros, which we cap separately below).
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (text[i] - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return InvalidScore("not a number: " + std::string(text));

  // Strip leading zeros (each one moves the first significant digit right).
  size_t first = all_digits.find_first_not_of('0');
  Score s;
  if (first == std::string::npos) return s;  // zero, any sign
  size_t last = all_digits.find_last_not_of('0');
  s.digits_ = all_digits.substr(first, last - first + 1);
  if (s.digits_.size() > static_cast<size_t>(kMaxDigits)) {
    return InvalidScore("more than 38 significant digits: " + std::string(text));
  }
  int64_t point = int_digits - static_cast<int64_t>(first) + exponent;
  if (point > kMaxPoint) return InvalidScore("magnitude too large: " + std::string(text));
  if (point < kMinPoint) return InvalidScore("magnitude too small: " + std::string(text));
  s.point_ = static_cast<int32_t>(point);
  s.negative_ = negative;
  return s;
}

Score Score::FromInt(int64_t v) {
  // int64 always fits; Parse cannot fail here.
  return Parse(std::to_string(v)).value();
}

std::string Score::ToString() const {
  if (digits_.empty()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  const int n = static_cast<int>(digits_.size());
  if (point_ <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-point_), '0');
    out += digits_;
  } else if (point_ >= n) {
    out += digits_;
    out.append(static_cast<size_t>(point_ - n), '0');
  } else {
    out += digits_.substr(0, static_cast<size_t>(point_));
    out.push_back('.');
    out += digits_.substr(static_cast<size_t>(point_));
  }
  return out;
}

std::strong_ordering Score::operator<=>(const Score& other) const {
  auto sign = [](const Score& s) { return s.digits_.empty() ? 0 : (s.negative_ ? -1 : 1); };
  const int a = sign(*this);
  const int b = sign(other);
  if (a != b) return a <=> b;
  if (a == 0) return std::strong_ordering::equal;
  // Same sign, both non-zero: compare magnitudes, then flip for negatives.
  std::strong_ordering mag = point_ <=> other.point_;
  if (mag == 0) {
    // Same leading position: digit strings compare lexicographically; a proper prefix is the
    // smaller value because the longer string's extra digits are non-zero.
    int c = digits_.compare(other.digits_);
    mag = c < 0 ? std::strong_ordering::less
                : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
  }
  if (a < 0) return 0 <=> mag;
  return mag;
}

}  // namespace sb::leaderboard
