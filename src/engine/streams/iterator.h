// ShardIterator tokens: opaque to clients, tamper-proof, and bound to the store that issued
// them. Thread-safe (immutable after construction).
//
// Token grammar (AWS's iterators also look like "<StreamArn>|1|<opaque>"):
//   token   = StreamArn "|1|" base64(payload mac)
//   payload = stream_id:i64 shard_row:i64 after:i64 issued_millis:i64     (big-endian)
//   mac     = first 16 bytes of HMAC-SHA256(secret, StreamArn "|" payload)
// `after` is the position: the iterator reads records whose sequence counter n is > after.
// The secret lives in the store (stream_meta), so iterators survive an engine restart but an
// iterator from another store, or an edited one, fails the MAC and is rejected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::engine::streams {

struct IteratorState {
  std::string stream_arn;
  int64_t stream_id = 0;
  int64_t shard_row = 0;
  int64_t after = 0;
  int64_t issued_millis = 0;
  friend bool operator==(const IteratorState&, const IteratorState&) = default;
};

// DynamoDB Streams: "A shard iterator expires 15 minutes after it is retrieved".
inline constexpr int64_t kIteratorLifetimeMillis = 15 * 60 * 1000;

class IteratorCodec {
 public:
  // REQUIRES: secret non-empty.
  explicit IteratorCodec(std::string secret) : secret_(std::move(secret)) {}

  std::string Encode(const IteratorState& state) const;
  // nullopt for anything this codec did not issue (malformed, edited, or another secret).
  std::optional<IteratorState> Decode(std::string_view token) const;

 private:
  std::string Mac(std::string_view arn, std::string_view payload) const;
  std::string secret_;
};

}  // namespace sb::engine::streams
