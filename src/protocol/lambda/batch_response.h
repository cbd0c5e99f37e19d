// Partial batch response for stream event sources (`ReportBatchItemFailures`, docs/lambda-wire.md
// §5):
//   {"batchItemFailures":[{"itemIdentifier":"<dynamodb.SequenceNumber>"},...]}
// The function encodes it; the local trigger decodes and classifies it as Lambda does.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sb::protocol {

// The function's response body. An empty list is a complete success.
std::string EncodeBatchItemFailures(const std::vector<std::string>& sequence_numbers);

struct BatchResponse {
  enum class Kind {
    kSuccess,         // empty/null list, empty/null response, or no batchItemFailures member
    kPartialFailure,  // item_identifiers: retry from the lowest of them
    kFailure,         // the whole batch failed
  };
  Kind kind = Kind::kSuccess;
  std::vector<std::string> item_identifiers;  // kPartialFailure only, in response order
};

// Lambda's rules (docs/lambda-wire.md §5): complete success for an empty or null list, or an empty
// or null response object; complete failure for an itemIdentifier that is an empty string, null, or
// missing ("a bad key name"). Our reading where the docs are silent [infer]: a body that is not
// JSON or not an object counts as success (Lambda only inspects a response object), while a
// batchItemFailures member that is not a list, or an entry that is not an object or whose
// identifier is not a string, is a complete failure (never report unprocessed work as done).
// Whether an identifier belongs to the batch is the caller's check (LocalStack treats a foreign
// one as complete failure).
BatchResponse DecodeBatchResponse(std::string_view body);

}  // namespace sb::protocol
