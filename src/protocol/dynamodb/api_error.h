// ApiError: the one DynamoDB-shaped error, serialized in one place (ToJson).
//
// Wire shape: HTTP status + {"__type":"<namespace>#<Name>","message":"<text>"}.
// Clients match the part after '#'. Namespaces (docs/dynamodb-wire.md §3.1):
//   com.amazonaws.dynamodb.v20120810#  service errors (ResourceNotFound, ConditionalCheckFailed...)
//   com.amazon.coral.validate#         ValidationException
//   com.amazon.coral.service#          protocol/auth (SerializationException,
//                                      UnknownOperationException, signature errors...)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::protocol {

struct ApiError {
  std::string type;     // short name, e.g. "ValidationException"
  std::string message;  // human text, exactly as DynamoDB words it where we know it
  int http_status = 400;
  // Extra JSON members merged into the body, already serialized as `"k":v,...` without braces
  // (e.g. CancellationReasons for TransactionCanceledException, Item for
  // ReturnValuesOnConditionCheckFailure). Empty for most errors.
  std::string extra_json;

  // The namespace-qualified __type for this error's short name.
  std::string QualifiedType() const;
  // The response body.
  std::string ToJson() const;

  // Parses an error body as a client receives it (accepts "message" or "Message").
  static ApiError FromResponse(int http_status, std::string_view body);

  // 5xx, throttling, ProvisionedThroughputExceeded, RequestLimitExceeded...
  bool retryable() const;

  static ApiError Validation(std::string message);
  static ApiError ResourceNotFound(std::string message = "Requested resource not found");
  static ApiError ResourceInUse(std::string message);
  static ApiError ConditionalCheckFailed(std::string message = "The conditional request failed");
  static ApiError Serialization(std::string message);
  static ApiError UnknownOperation();
  static ApiError Internal(std::string message = "Internal server error");
  static ApiError LimitExceeded(std::string message);

  friend bool operator==(const ApiError&, const ApiError&) = default;
};

template <class T>
using ApiResult = Result<T, ApiError>;
using ApiStatus = BasicStatus<ApiError>;

}  // namespace sb::protocol
