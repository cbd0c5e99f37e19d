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

// The DynamoDB error types this code raises or decides on. Code that decides by an error
// compares its code() (and, for the few validation errors an operation treats apart, its
// detail), never its type string or its message text.
enum class ErrorCode {
  kOther,  // a type not listed here, e.g. a signature error or one a server sent
  kValidation,
  kSerialization,
  kUnknownOperation,
  kResourceNotFound,
  kResourceInUse,
  kConditionalCheckFailed,
  kTransactionCanceled,
  kTransactionConflict,
  kTransactionInProgress,
  kIdempotentParameterMismatch,
  kLimitExceeded,
  kThrottling,
  kProvisionedThroughputExceeded,
  kRequestLimitExceeded,
  kInternal,
  kServiceUnavailable,
  kExpiredIterator,
  kTrimmedDataAccess,
};

// The wire name of a code ("ValidationException"); "" for kOther.
std::string_view ErrorTypeName(ErrorCode code);

// Which check raised an error, where an operation treats some errors of one type apart.
enum class ErrorDetail {
  kNone,
  // A key attribute's value is empty or over its size limit (a ValidationException that
  // TransactWriteItems reports for the whole request, not as an action's reason).
  kKeyValue,
};

struct ApiError {
  std::string type;     // short name, e.g. "ValidationException"
  std::string message;  // human text, exactly as DynamoDB words it where we know it
  int http_status = 400;
  // Extra JSON members merged into the body, already serialized as `"k":v,...` without braces
  // (e.g. CancellationReasons for TransactionCanceledException, Item for
  // ReturnValuesOnConditionCheckFailure). Empty for most errors.
  std::string extra_json;
  ErrorDetail detail = ErrorDetail::kNone;  // never on the wire

  // The code of `type`; kOther for a type ErrorCode does not list.
  ErrorCode code() const;

  // The namespace-qualified __type for this error's short name.
  std::string QualifiedType() const;
  // The response body.
  std::string ToJson() const;

  // Parses an error body as a client receives it (accepts "message" or "Message").
  static ApiError FromResponse(int http_status, std::string_view body);

  // 5xx, throttling, ProvisionedThroughputExceeded, RequestLimitExceeded...
  bool retryable() const;

  // An error of a listed type (REQUIRES: code != kOther), status 400 (500 for kInternal and
  // 503 for kServiceUnavailable).
  static ApiError Of(ErrorCode code, std::string message);
  static ApiError Validation(std::string message);
  // A ValidationException with detail kKeyValue.
  static ApiError InvalidKeyValue(std::string message);
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
