// MappingOptions: the event source mapping's settings, named and bounded as on AWS
// (CreateEventSourceMapping, docs/lambda-wire.md §2), plus the local knobs (poll rate, function
// timeout, where checkpoints and failure records go). Value type; thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace sb::trigger {

enum class StartingPosition { kTrimHorizon, kLatest };

// Lambda's synchronous invoke payload cap (docs/runtime-api.md §4); a batch is cut before exceeding
// it.
inline constexpr size_t kMaxPayloadBytes = 6 * 1024 * 1024;

struct MappingOptions {
  int batch_size = 100;                     // BatchSize: 1..10000
  int maximum_batching_window_seconds = 0;  // MaximumBatchingWindowInSeconds: 0..300
  StartingPosition starting_position = StartingPosition::kTrimHorizon;  // StartingPosition
  int maximum_retry_attempts = -1;              // MaximumRetryAttempts: -1 (forever) or 0..10000
  int maximum_record_age_seconds = -1;          // MaximumRecordAgeInSeconds: -1 or 60..604800
  bool bisect_batch_on_function_error = false;  // BisectBatchOnFunctionError
  bool report_batch_item_failures = false;      // FunctionResponseTypes: [ReportBatchItemFailures]
  int parallelization_factor = 1;               // ParallelizationFactor: 1..10
  std::vector<std::string> filter_patterns;     // FilterCriteria.Filters[].Pattern (JSON text)

  // Local settings.
  std::string function_arn = "arn:aws:lambda:us-east-1:000000000000:function:local";
  std::chrono::milliseconds function_timeout{3000};   // Lambda's default timeout is 3 s
  std::chrono::milliseconds poll_interval{250};       // Lambda polls each shard 4 times/s
  std::chrono::milliseconds describe_interval{5000};  // re-describe to find new shards
  std::chrono::milliseconds retry_delay{500};         // pause before retrying a failed batch
  size_t max_payload_bytes = kMaxPayloadBytes;        // tests lower it
};

// Checks every AWS bound above (messages name the parameter as AWS does) and that each filter
// pattern parses (see filter.h). Errors: code "InvalidParameterValueException".
Status ValidateOptions(const MappingOptions& options);

}  // namespace sb::trigger
