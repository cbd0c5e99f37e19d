// StreamSource: the seam through which the trigger reads one DynamoDB stream (docs/streams-wire.md
// §5). DynamoStreamSource (dynamo_stream_source.h) is the real one over the Streams API; tests use
// an in-memory fake. Keeping the poller behind this interface lets every batching, retry and
// checkpoint rule be tested without HTTP.
//
// Errors carry the Streams API error type in Error::code, so callers can react to
// "ExpiredIteratorException", "TrimmedDataAccessException" and "ResourceNotFoundException";
// anything else is transient from the trigger's point of view.
//
// Thread-safety: implementations must allow concurrent calls (one poller thread per shard).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace sb::trigger {

inline constexpr const char* kExpiredIterator = "ExpiredIteratorException";
inline constexpr const char* kTrimmedDataAccess = "TrimmedDataAccessException";
inline constexpr const char* kResourceNotFound = "ResourceNotFoundException";

struct ShardInfo {
  std::string shard_id;
  std::optional<std::string> parent_shard_id;
  bool closed = false;  // DescribeStream gave an EndingSequenceNumber
};

enum class IteratorType { kTrimHorizon, kLatest, kAtSequenceNumber, kAfterSequenceNumber };
const char* IteratorTypeName(IteratorType type);  // "TRIM_HORIZON", ...

// One GetRecords record: the fields the poller needs, and the record exactly as received.
struct SourceRecord {
  std::string sequence_number;              // digits; compare numerically
  double approximate_creation_seconds = 0;  // dynamodb.ApproximateCreationDateTime
  boost::json::object json;                 // the whole record, parsed (filters, lane keys)
  // The record's JSON text as the response carried it; the Lambda event splices it unchanged
  // (protocol::LambdaStreamRecord). REQUIRES: the text `json` was parsed from.
  std::string text;
};

struct RecordsPage {
  std::vector<SourceRecord> records;
  std::optional<std::string> next_iterator;  // nullopt: the closed shard is fully read
};

class StreamSource {
 public:
  virtual ~StreamSource() = default;
  virtual const std::string& stream_arn() const = 0;
  // Every shard of the stream (all DescribeStream pages), in no particular order.
  virtual Result<std::vector<ShardInfo>> ListShards() = 0;
  // REQUIRES: sequence_number is set for the *_SEQUENCE_NUMBER types.
  virtual Result<std::string> GetIterator(const std::string& shard_id, IteratorType type,
                                          const std::optional<std::string>& sequence_number) = 0;
  // REQUIRES: 1 <= limit <= 1000.
  virtual Result<RecordsPage> GetRecords(const std::string& iterator, int limit) = 0;
};

}  // namespace sb::trigger
