// Score: an exact decimal leaderboard score with DynamoDB Number semantics.
//
// The leaderboard core depends on base only, so it cannot use protocol::Number. A Score is the
// same mathematical value kept as sign + significant digits + exponent:
//   value = (negative ? -1 : 1) * 0.d1d2...dk * 10^(point)  -- see `point_` below
// with no leading or trailing zero digits, so each value has exactly one representation and
// comparison is exact (never via double). Parse accepts what DynamoDB accepts for `N` and
// enforces its limits: at most 38 significant digits, magnitude 1E-130 .. 9.99..9E+125, or 0.
//
// Value type; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::leaderboard {

class Score {
 public:
  Score() = default;  // zero

  // Parses DynamoDB number text: optional sign, digits with an optional '.', optional exponent
  // ('e'/'E', optional sign, digits). DynamoDB returns stored numbers in canonical plain form
  // ("1.5", "-20", "0.001"), which is the usual input.
  // Errors (code "InvalidScore"): not a number, more than 38 significant digits, magnitude out
  // of DynamoDB's range.
  static Result<Score> Parse(std::string_view text);

  static Score FromInt(int64_t v);

  // Canonical plain decimal form ("1.5", "1000", "-0.001"), as DynamoDB renders numbers.
  std::string ToString() const;

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }
  // The representation, for order-preserving encodings (rank_key.h): the significant digits
  // (no leading or trailing '0'; empty for zero) and the point, |value| = 0.digits * 10^point,
  // point in [-129, 126].
  const std::string& digits() const { return digits_; }
  int32_t point() const { return point_; }

  // Numeric order.
  std::strong_ordering operator<=>(const Score& other) const;
  bool operator==(const Score& other) const = default;

 private:
  // Significant digits, no leading or trailing '0'; empty for zero.
  std::string digits_;
  // The value's magnitude is 0.digits_ * 10^point_ (point_ = position of the decimal point
  // relative to the first significant digit). Zero has point_ == 0.
  int32_t point_ = 0;
  bool negative_ = false;  // never true for zero
};

}  // namespace sb::leaderboard
