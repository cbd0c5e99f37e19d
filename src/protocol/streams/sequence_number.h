// Stream sequence numbers (docs/streams-wire.md §4): strings of decimal digits, 21..40 long in
// AWS's API shape, increasing (not contiguous) within a shard. They must be compared numerically,
// never as plain strings: "300000000000000499659" (21 digits) < "820400000000000001192334" (24).
// Pure functions; thread-safe.
#pragma once

#include <compare>
#include <string_view>

namespace sb::protocol {

inline constexpr size_t kMinSequenceNumberLength = 21;
inline constexpr size_t kMaxSequenceNumberLength = 40;

// True if `s` is 1..40 decimal digits (what a decoder accepts; lenient on the minimum length
// so records from other emulators still decode).
bool IsSequenceNumberDigits(std::string_view s);
// True if `s` satisfies AWS's SequenceNumber shape exactly: 21..40 decimal digits.
bool IsValidSequenceNumber(std::string_view s);

// Numeric order of two digit strings: leading zeros are ignored, then the longer is greater,
// then lexicographic. REQUIRES: both are digit strings (IsSequenceNumberDigits).
std::strong_ordering CompareSequenceNumbers(std::string_view a, std::string_view b);

}  // namespace sb::protocol
