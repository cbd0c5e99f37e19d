#include "leaderboard/sequence.h"

namespace sb::leaderboard {

bool IsValidSequenceNumber(std::string_view seq) {
  if (seq.size() < 21 || seq.size() > 40) return false;
  for (char c : seq) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int CompareSequenceNumbers(std::string_view a, std::string_view b) {
  // Valid numbers have no sign; leading zeros do not occur in practice but are handled by
  // stripping them so "0…01" and "1" are equal numerically.
  auto strip = [](std::string_view s) {
    size_t i = s.find_first_not_of('0');
    return i == std::string_view::npos ? std::string_view{} : s.substr(i);
  };
  const bool a_empty = a.empty();
  const bool b_empty = b.empty();
  if (a_empty || b_empty) return a_empty == b_empty ? 0 : (a_empty ? -1 : 1);
  std::string_view x = strip(a);
  std::string_view y = strip(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  int c = x.compare(y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string PadSequenceNumber(std::string_view seq) {
  std::string out(seq.size() < 40 ? 40 - seq.size() : 0, '0');
  out.append(seq);
  return out;
}

}  // namespace sb::leaderboard
