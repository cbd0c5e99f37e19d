// The engine's stream identifiers: stream labels and ARNs, shard ids and sequence numbers.
// Pure functions; thread-safe.
//
// Grammars (docs/streams-wire.md §2-§4):
//   StreamLabel    = YYYY "-" MM "-" DD "T" hh ":" mm ":" ss "." mmm     (UTC, no zone suffix)
//   StreamArn      = "arn:aws:dynamodb:" region ":" account ":table/" TableName "/stream/"
//   StreamLabel ShardId        = "shardId-" 20DIGIT "-" 8HEXDIG
//                    the digits are the shard's creation time in epoch milliseconds, zero
//                    padded; the hex is a bijective scramble of the shard's store-wide row id,
//                    so ids are unique within a store.
//   SequenceNumber = "1" 20DIGIT      (21 digits, never a leading zero)
//                    its value is 10^20 + n, where n >= 1 is a store-wide counter; every
//                    record and shard boundary takes the next n, so sequence numbers increase
//                    strictly within a shard and across a shard's children, with gaps.
// Sequence numbers are compared numerically (protocol::CompareSequenceNumbers); on ours that
// is the order of n.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::engine::streams {

// The "n" of the grammar above, or where a foreign sequence number falls relative to ours.
struct SequencePosition {
  enum Kind { kBeforeAll, kExact, kAfterAll } kind = kExact;
  int64_t n = 0;  // kExact only
};

std::string FormatSequenceNumber(int64_t n);  // REQUIRES: 1 <= n < 10^19
// nullopt unless `text` is 21..40 decimal digits (AWS's SequenceNumber shape).
std::optional<SequencePosition> ParseSequenceNumber(std::string_view text);

// "shardId-<created_millis, 20 digits>-<8 hex>". REQUIRES: created_millis >= 0, row_id >= 1.
std::string FormatShardId(int64_t created_millis, int64_t row_id);

// The StreamLabel for a stream enabled at `unix_millis`.
std::string StreamLabelAt(int64_t unix_millis);

std::string StreamArn(std::string_view region, std::string_view table_name, std::string_view label);

// The parts of a well-formed stream ARN (any region and account); nullopt if it is not one.
struct StreamArnParts {
  std::string region;
  std::string account;
  std::string table_name;
  std::string label;
};
std::optional<StreamArnParts> ParseStreamArn(std::string_view arn);

}  // namespace sb::engine::streams
