// QuotePrefix: how much of an untrusted input a message may quote. Error messages name the
// input they reject (DynamoDB's do: "Value '<v>' at 'tableName' failed to satisfy ..."), but
// an input can be megabytes long; a message quotes at most a short prefix, so a 1 MB table
// name never makes a 1 MB error body or log line. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb {

inline constexpr size_t kQuoteBytes = 64;
// For a member path that may embed an input key ("attributeUpdates.<name>.member"), and for a
// list of input keys: longer than one name, still bounded.
inline constexpr size_t kQuotePathBytes = 256;
inline constexpr size_t kQuoteListBytes = 256;

// `input` itself when it has at most `max_bytes` bytes; otherwise its first `max_bytes`
// bytes, cut back to a UTF-8 character boundary, followed by "...".
inline std::string QuotePrefix(std::string_view input, size_t max_bytes = kQuoteBytes) {
  if (input.size() <= max_bytes) return std::string(input);
  size_t cut = max_bytes;
  // input[cut] is the first byte left out; back up while it continues a character (10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(input[cut]) & 0xc0) == 0x80) --cut;
  std::string out(input.substr(0, cut));
  out += "...";
  return out;
}

}  // namespace sb
