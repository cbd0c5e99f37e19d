// Validation of the mapping's settings. See options.h.
#include "trigger/options.h"

#include <string>

#include "trigger/filter.h"

namespace sb::trigger {
namespace {
Error Bad(const std::string& message) {
  return MakeError("InvalidParameterValueException", message);
}
}  // namespace

Status ValidateOptions(const MappingOptions& o) {
  if (o.batch_size < 1 || o.batch_size > 10000) {
    return Bad("BatchSize must be between 1 and 10000 (got " + std::to_string(o.batch_size) + ")");
  }
  if (o.maximum_batching_window_seconds < 0 || o.maximum_batching_window_seconds > 300) {
    return Bad("MaximumBatchingWindowInSeconds must be between 0 and 300");
  }
  if (o.maximum_retry_attempts < -1 || o.maximum_retry_attempts > 10000) {
    return Bad("MaximumRetryAttempts must be -1 or between 0 and 10000");
  }
  // AWS rejects 0..59 (docs/lambda-wire.md §2).
  if (o.maximum_record_age_seconds != -1 &&
      (o.maximum_record_age_seconds < 60 || o.maximum_record_age_seconds > 604800)) {
    return Bad("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800");
  }
  if (o.parallelization_factor < 1 || o.parallelization_factor > 10) {
    return Bad("ParallelizationFactor must be between 1 and 10");
  }
  if (o.filter_patterns.size() > 10) return Bad("FilterCriteria allows at most 10 filters");
  for (const auto& p : o.filter_patterns) {
    if (p.size() > 4096) return Bad("a FilterCriteria Pattern is limited to 4096 characters");
  }
  auto filters = FilterCriteria::Parse(o.filter_patterns);
  if (!filters.ok()) return Bad("FilterCriteria: " + filters.error().message);
  if (o.function_timeout.count() < 1 || o.function_timeout.count() > 900'000) {
    return Bad("the function timeout must be between 1 ms and 900 s");
  }
  if (o.poll_interval.count() < 0 || o.describe_interval.count() < 1 || o.retry_delay.count() < 0) {
    return Bad("poll, describe and retry intervals must not be negative");
  }
  if (o.max_payload_bytes < 1024) return Bad("the payload cap must be at least 1024 bytes");
  return {};
}

}  // namespace sb::trigger
