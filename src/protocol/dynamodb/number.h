// Number: DynamoDB's exact decimal number (the `N` type).
//
// Up to 38 significant decimal digits; magnitude 1E-130 .. 9.99..9E+125 (38 nines), or zero.
// Stored as sign + 128-bit unsigned coefficient (no trailing zeros) + base-10 exponent, so
// every value has exactly one representation: "1", "1.0" and "10E-1" are the same Number.
// ToString() gives DynamoDB's canonical plain form ("1.5", "1000", "-0.001"; never exponent
// notation), which is what DynamoDB returns for a stored number.
//
// Value type; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::protocol {

class Number {
 public:
  Number() = default;  // zero

  // Parses DynamoDB's accepted forms: optional sign, digits with optional '.', optional
  // exponent ('e'/'E', optional sign, digits). Leading/trailing zeros are not significant.
  // Errors carry DynamoDB's exact ValidationException messages:
  //  - "The parameter cannot be converted to a numeric value: <text>"
  //  - "Attempting to store more than 38 significant digits in a Number"
  //  - "Number overflow. Attempting to store a number with magnitude larger than supported range"
  //  - "Number underflow. Attempting to store a number with magnitude smaller than supported range"
  // The Error's code is "ValidationException".
  static Result<Number> Parse(std::string_view text);

  static Number FromInt(int64_t v);

  // Canonical plain decimal string.
  std::string ToString() const;

  bool is_zero() const { return coefficient_ == 0; }
  bool is_negative() const { return negative_; }

  // Exact arithmetic; fails with the overflow/underflow/38-digit errors above when the exact
  // result is not representable (DynamoDB: ADD / SET a + b).
  Result<Number> Add(const Number& other) const;
  Result<Number> Subtract(const Number& other) const;
  Number Negate() const;

  // Numeric total order.
  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

  // Number of significant digits (0 for zero) and exponent of the last significant digit.
  int digits() const;
  int exponent() const { return exponent_; }

  // Converts to double (may round). For display and simulation only, never for storage.
  double ToDouble() const;
  // Exact conversion when the value is an integer in int64 range.
  bool ToInt64(int64_t* out) const;

  // The size DynamoDB charges for this number in an item: 1 + ceil(d/2) (+1 in some cases),
  // +1 if negative; 1 for zero. See docs/dynamodb-wire.md §6.
  int SizeBytes() const;

 private:
  unsigned __int128 coefficient_ = 0;  // no trailing decimal zeros unless zero
  int32_t exponent_ = 0;               // value = (-1)^negative * coefficient * 10^exponent
  bool negative_ = false;              // never true for zero
};

}  // namespace sb::protocol
