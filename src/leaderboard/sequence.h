// Stream sequence numbers as the leaderboard sees them.
//
// A DynamoDB Streams sequence number is a string of 21..40 decimal digits, increasing within a
// shard (and across a shard's lineage: children start above their parent), with gaps. One
// table item lives in one shard, so one player's records carry increasing sequence numbers.
// They compare NUMERICALLY: by length first, then lexicographically (docs/streams-wire.md §4);
// plain string comparison is wrong ("999..." of 21 digits < "1000..." of 22 digits).
//
// The leaderboard also uses the empty string as "unknown" (an entry learned from the index, not
// from a stream record): it is older than every real sequence number.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace sb::leaderboard {

// True for 21..40 ASCII digits.
bool IsValidSequenceNumber(std::string_view seq);

// Numeric three-way comparison (<0, 0, >0). REQUIRES: each argument is valid or empty;
// empty compares below every valid number and equal to empty.
int CompareSequenceNumbers(std::string_view a, std::string_view b);

// The sequence number left-padded with '0' to 40 digits, so that plain string order (and
// DynamoDB's `<` on S) is numeric order. REQUIRES: IsValidSequenceNumber(seq).
std::string PadSequenceNumber(std::string_view seq);

}  // namespace sb::leaderboard
