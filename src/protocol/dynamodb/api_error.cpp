// ApiError: DynamoDB's error shape. See api_error.h.
#include "protocol/dynamodb/api_error.h"

#include <array>
#include <boost/json.hpp>

namespace sb::protocol {
namespace {

constexpr std::string_view kServiceNamespace = "com.amazonaws.dynamodb.v20120810#";
constexpr std::string_view kValidateNamespace = "com.amazon.coral.validate#";
constexpr std::string_view kCoralNamespace = "com.amazon.coral.service#";

// Protocol and authentication errors raised by AWS's front end (docs/dynamodb-wire.md §3.1).
constexpr std::array<std::string_view, 11> kCoralTypes = {
    "SerializationException",
    "UnknownOperationException",
    "MissingAuthenticationTokenException",
    "IncompleteSignatureException",
    "InvalidSignatureException",
    "UnrecognizedClientException",
    "AccessDeniedException",
    "ThrottlingException",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "InvalidAction",
};

// The wire name of every listed code, in ErrorCode's order.
constexpr std::array<std::string_view, 19> kTypeNames = {
    "",
    "ValidationException",
    "SerializationException",
    "UnknownOperationException",
    "ResourceNotFoundException",
    "ResourceInUseException",
    "ConditionalCheckFailedException",
    "TransactionCanceledException",
    "TransactionConflictException",
    "TransactionInProgressException",
    "IdempotentParameterMismatchException",
    "LimitExceededException",
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "ExpiredIteratorException",
    "TrimmedDataAccessException",
};
static_assert(kTypeNames.size() == static_cast<size_t>(ErrorCode::kTrimmedDataAccess) + 1);

// Errors a client should retry with backoff (docs/dynamodb-wire.md §3.2; botocore's legacy retry
// rules).
constexpr std::array<ErrorCode, 7> kRetryableCodes = {
    ErrorCode::kThrottling,
    ErrorCode::kProvisionedThroughputExceeded,
    ErrorCode::kRequestLimitExceeded,
    ErrorCode::kLimitExceeded,
    ErrorCode::kInternal,
    ErrorCode::kServiceUnavailable,
    ErrorCode::kTransactionInProgress,
};

template <class T, size_t N>
bool Contains(const std::array<T, N>& list, const T& s) {
  for (auto item : list) {
    if (item == s) return true;
  }
  return false;
}

std::string StripNamespace(std::string_view type) {
  auto hash = type.rfind('#');
  if (hash != std::string_view::npos) type.remove_prefix(hash + 1);
  // Some front ends append ":http://..." to the type (seen on other AWS JSON services).
  auto colon = type.find(':');
  if (colon != std::string_view::npos) type = type.substr(0, colon);
  return std::string(type);
}

const boost::json::string* StringMember(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return nullptr;
  return it->value().if_string();
}

}  // namespace

std::string_view ErrorTypeName(ErrorCode code) { return kTypeNames[static_cast<size_t>(code)]; }

ErrorCode ApiError::code() const {
  for (size_t i = 1; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == type) return static_cast<ErrorCode>(i);
  }
  return ErrorCode::kOther;
}

std::string ApiError::QualifiedType() const {
  if (type.find('#') != std::string::npos) return type;  // already qualified
  std::string_view ns = kServiceNamespace;
  if (code() == ErrorCode::kValidation) {
    ns = kValidateNamespace;
  } else if (Contains(kCoralTypes, std::string_view(type))) {
    ns = kCoralNamespace;
  }
  return std::string(ns) + type;
}

// {"__type":"<qualified>","message":"<text>"[,<extra_json>]}. The message member is left out
// when empty (DynamoDB's UnknownOperationException carries none).
std::string ApiError::ToJson() const {
  std::string out = "{\"__type\":";
  out += boost::json::serialize(boost::json::string(QualifiedType()));
  if (!message.empty()) {
    out += ",\"message\":";
    out += boost::json::serialize(boost::json::string(message));
  }
  if (!extra_json.empty()) {
    out += ',';
    out += extra_json;
  }
  out += '}';
  return out;
}

ApiError ApiError::FromResponse(int http_status, std::string_view body) {
  ApiError e;
  e.http_status = http_status;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  const boost::json::object* o = ec ? nullptr : v.if_object();
  if (o != nullptr) {
    const boost::json::string* t = StringMember(*o, "__type");
    if (t == nullptr) t = StringMember(*o, "code");
    if (t == nullptr) t = StringMember(*o, "Code");
    if (t != nullptr) e.type = StripNamespace(*t);
    const boost::json::string* m = StringMember(*o, "message");
    if (m == nullptr) m = StringMember(*o, "Message");
    if (m != nullptr) e.message = std::string(*m);
    // A TransactionCanceledException's reasons, one per action (dynamo/cancellation.h reads
    // them back); kept as sent, so ToJson reproduces them.
    if (const boost::json::value* r = o->if_contains("CancellationReasons");
        r != nullptr && r->is_array()) {
      e.extra_json = "\"CancellationReasons\":" + boost::json::serialize(*r);
    }
  } else {
    constexpr size_t kMaxEcho = 512;
    e.message = std::string(body.substr(0, kMaxEcho));
  }
  if (e.type.empty()) {
    e.type = http_status >= 500 ? "InternalServerError" : "UnknownError";
  }
  return e;
}

bool ApiError::retryable() const {
  return http_status >= 500 || Contains(kRetryableCodes, code());
}

ApiError ApiError::Of(ErrorCode code, std::string message) {
  int status = 400;
  if (code == ErrorCode::kInternal) status = 500;
  if (code == ErrorCode::kServiceUnavailable) status = 503;
  return ApiError{std::string(ErrorTypeName(code)), std::move(message), status, {}};
}
ApiError ApiError::Validation(std::string message) {
  return Of(ErrorCode::kValidation, std::move(message));
}
ApiError ApiError::InvalidKeyValue(std::string message) {
  ApiError e = Validation(std::move(message));
  e.detail = ErrorDetail::kKeyValue;
  return e;
}
ApiError ApiError::ResourceNotFound(std::string message) {
  return Of(ErrorCode::kResourceNotFound, std::move(message));
}
ApiError ApiError::ResourceInUse(std::string message) {
  return Of(ErrorCode::kResourceInUse, std::move(message));
}
ApiError ApiError::ConditionalCheckFailed(std::string message) {
  return Of(ErrorCode::kConditionalCheckFailed, std::move(message));
}
ApiError ApiError::Serialization(std::string message) {
  return Of(ErrorCode::kSerialization, std::move(message));
}
ApiError ApiError::UnknownOperation() { return Of(ErrorCode::kUnknownOperation, ""); }
ApiError ApiError::Internal(std::string message) {
  return Of(ErrorCode::kInternal, std::move(message));
}
ApiError ApiError::LimitExceeded(std::string message) {
  return Of(ErrorCode::kLimitExceeded, std::move(message));
}

}  // namespace sb::protocol
