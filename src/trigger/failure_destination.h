// The on-failure destination: when the trigger gives up on a batch (retries exhausted or
// records too old) it writes Lambda's invocation record for DynamoDB streams (docs/lambda-wire.md
// §6) and moves on. Locally the destination is a JSON-lines file, one record per line:
//   {"requestContext":{"requestId":s,"functionArn":s,"condition":s,"approximateInvokeCount":n},
//    "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":s?},
//    "version":"1.0","timestamp":"<ISO-8601 ms>",
//    "DDBStreamBatchInfo":{"shardId":s,"startSequenceNumber":s,"endSequenceNumber":s,
//      "approximateArrivalOfFirstRecord":"<ISO-8601 s>","approximateArrivalOfLastRecord":s,
//      "batchSize":n,"streamArn":s}}
// As on AWS for SQS/SNS destinations, the records themselves are not included.
//
// Thread-safety: FailureSink implementations must be thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "base/result.h"

namespace sb::trigger {

// condition values. "RetryAttemptsExhausted" is documented; AWS's string for the record-age
// case was not found (docs/lambda-wire.md §6), so we use LocalStack's "RecordAgeExpired".
inline constexpr const char* kConditionRetryAttemptsExhausted = "RetryAttemptsExhausted";
inline constexpr const char* kConditionRecordAgeExpired = "RecordAgeExpired";

struct FailureRecord {
  std::string request_id;
  std::string function_arn;
  std::string condition;
  int approximate_invoke_count = 0;
  std::string function_error;  // "Unhandled" after a function error; empty: omitted
  int64_t timestamp_millis = 0;
  std::string shard_id;
  std::string start_sequence_number;
  std::string end_sequence_number;
  int64_t first_arrival_seconds = 0;
  int64_t last_arrival_seconds = 0;
  int batch_size = 0;
  std::string stream_arn;
};

std::string EncodeFailureRecord(const FailureRecord& record);

class FailureSink {
 public:
  virtual ~FailureSink() = default;
  virtual Status Write(const FailureRecord& record) = 0;
};

// Appends one line per record to a file (created if missing), flushed and fsynced per record.
class JsonLinesFailureFile final : public FailureSink {
 public:
  explicit JsonLinesFailureFile(std::string path) : path_(std::move(path)) {}
  // Errors: code "on_failure" when the file cannot be opened or written.
  Status Write(const FailureRecord& record) override;

 private:
  const std::string path_;
  std::mutex mu_;
};

}  // namespace sb::trigger
