// Stream sequence numbers. See sequence_number.h.
#include "protocol/streams/sequence_number.h"

#include <algorithm>

namespace sb::protocol {
namespace {

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view StripLeadingZeros(std::string_view s) {
  size_t i = s.find_first_not_of('0');
  return i == std::string_view::npos ? std::string_view() : s.substr(i);
}

}  // namespace

bool IsSequenceNumberDigits(std::string_view s) {
  return !s.empty() && s.size() <= kMaxSequenceNumberLength && AllDigits(s);
}

bool IsValidSequenceNumber(std::string_view s) {
  return s.size() >= kMinSequenceNumberLength && s.size() <= kMaxSequenceNumberLength &&
         AllDigits(s);
}

std::strong_ordering CompareSequenceNumbers(std::string_view a, std::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  if (a.size() != b.size()) return a.size() <=> b.size();
  int c = a.compare(b);
  return c <=> 0;
}

}  // namespace sb::protocol
