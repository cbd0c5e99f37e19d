// The retry policy of the DynamoDB and Streams clients: which failures are worth another try,
// and how long to wait before it.
//
// Retried (botocore's dynamodb rules; docs/dynamodb-wire.md §3.2): transport failures (no HTTP
// response), every 5xx, ThrottlingException, ProvisionedThroughputExceededException,
// RequestLimitExceeded, LimitExceededException (Streams: too many readers on a shard), and a
// response whose x-amz-crc32 does not match its body. Never retried: any other 4xx
// (ConditionalCheckFailedException, ValidationException, ResourceNotFoundException, ...).
// Pure functions; thread-safe given a thread-safe Random.
#pragma once

#include <chrono>
#include <string_view>

#include "base/random.h"
#include "dynamo/config.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::dynamo {

// ApiError types the client itself produces (they never come from a server).
// A transport failure: no HTTP response at all (connect refused, reset, timeout).
// http_status is 0.
inline constexpr std::string_view kTransportError = "TransportError";
// The x-amz-crc32 header did not match the body (corrupted in transit). http_status is the
// response's status.
inline constexpr std::string_view kCrc32MismatchError = "Crc32MismatchError";
// Signing failed (e.g. an access key without a secret). Not retried. http_status is 0.
inline constexpr std::string_view kSigningError = "SigningError";
// A 2xx response whose body is not the JSON object the call expects. Not retried.
inline constexpr std::string_view kInvalidResponseError = "InvalidResponseError";

bool IsRetryable(const protocol::ApiError& error);

// The delay before retry number `retry_index` (0 for the first retry): uniform in
// [0, min(cap, base * 2^retry_index)] milliseconds, drawn from `random`.
// REQUIRES: retry_index >= 0.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry_index, Random& random);

}  // namespace sb::dynamo
