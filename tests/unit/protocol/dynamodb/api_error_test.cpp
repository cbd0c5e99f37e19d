// Tests for protocol/dynamodb/api_error.h: namespaces, body shape, client-side parsing,
// retry classification and the factories.
#include "protocol/dynamodb/api_error.h"

#include <gtest/gtest.h>

namespace sb::protocol {
namespace {

TEST(ApiError, QualifiedTypeUsesDynamoDbNamespaces) {
  EXPECT_EQ(ApiError::Validation("x").QualifiedType(),
            "com.amazon.coral.validate#ValidationException");
  EXPECT_EQ(ApiError::Serialization("x").QualifiedType(),
            "com.amazon.coral.service#SerializationException");
  EXPECT_EQ(ApiError::UnknownOperation().QualifiedType(),
            "com.amazon.coral.service#UnknownOperationException");
  EXPECT_EQ((ApiError{"MissingAuthenticationTokenException", "", 400, {}}).QualifiedType(),
            "com.amazon.coral.service#MissingAuthenticationTokenException");
  EXPECT_EQ((ApiError{"InvalidSignatureException", "", 400, {}}).QualifiedType(),
            "com.amazon.coral.service#InvalidSignatureException");
  EXPECT_EQ((ApiError{"UnrecognizedClientException", "", 400, {}}).QualifiedType(),
            "com.amazon.coral.service#UnrecognizedClientException");
  EXPECT_EQ((ApiError{"ThrottlingException", "", 400, {}}).QualifiedType(),
            "com.amazon.coral.service#ThrottlingException");
  EXPECT_EQ(ApiError::ResourceNotFound().QualifiedType(),
            "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(ApiError::ConditionalCheckFailed().QualifiedType(),
            "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  EXPECT_EQ((ApiError{"ExpiredIteratorException", "", 400, {}}).QualifiedType(),
            "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException");
  EXPECT_EQ((ApiError{"a.b#Custom", "", 400, {}}).QualifiedType(), "a.b#Custom");
}

TEST(ApiError, ToJsonShape) {
  EXPECT_EQ(ApiError::ResourceNotFound().ToJson(),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
            R"("message":"Requested resource not found"})");
  EXPECT_EQ(ApiError::Validation("bad \"quote\"\n").ToJson(),
            R"({"__type":"com.amazon.coral.validate#ValidationException",)"
            R"("message":"bad \"quote\"\n"})");
  // UnknownOperationException carries no message, as on DynamoDB.
  EXPECT_EQ(ApiError::UnknownOperation().ToJson(),
            R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  ApiError cancelled{"TransactionCanceledException", "Transaction cancelled", 400,
                     R"("CancellationReasons":[{"Code":"None"}])"};
  EXPECT_EQ(cancelled.ToJson(),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
            R"("message":"Transaction cancelled","CancellationReasons":[{"Code":"None"}]})");
}

TEST(ApiError, FromResponseStripsNamespaceAndAcceptsBothMessageSpellings) {
  ApiError a = ApiError::FromResponse(
      400, R"({"__type":"com.amazon.coral.validate#ValidationException","message":"m1"})");
  EXPECT_EQ(a.type, "ValidationException");
  EXPECT_EQ(a.message, "m1");
  EXPECT_EQ(a.http_status, 400);
  ApiError b = ApiError::FromResponse(
      400, R"({"__type":"com.amazon.coral.service#SerializationException","Message":"m2"})");
  EXPECT_EQ(b.type, "SerializationException");
  EXPECT_EQ(b.message, "m2");
  ApiError c = ApiError::FromResponse(400, R"({"__type":"ResourceNotFoundException"})");
  EXPECT_EQ(c.type, "ResourceNotFoundException");
  EXPECT_EQ(c.message, "");
  ApiError d = ApiError::FromResponse(
      400,
      R"({"__type":"com.amazonaws.dynamodb.streams.v20120810#ExpiredIteratorException","message":"x"})");
  EXPECT_EQ(d.type, "ExpiredIteratorException");
}

TEST(ApiError, FromResponseWithoutJsonBody) {
  ApiError a = ApiError::FromResponse(503, "<html>Service Unavailable</html>");
  EXPECT_EQ(a.type, "InternalServerError");
  EXPECT_EQ(a.message, "<html>Service Unavailable</html>");
  EXPECT_EQ(a.http_status, 503);
  EXPECT_TRUE(a.retryable());
  ApiError b = ApiError::FromResponse(404, "<UnknownOperationException/>");
  EXPECT_EQ(b.type, "UnknownError");
  EXPECT_FALSE(b.retryable());
  ApiError c = ApiError::FromResponse(400, "[1,2]");
  EXPECT_EQ(c.type, "UnknownError");
  ApiError big = ApiError::FromResponse(500, std::string(10000, 'x'));
  EXPECT_EQ(big.message.size(), 512u);
}

TEST(ApiError, RoundTripsThroughItsOwnBody) {
  const ApiError errors[] = {
      ApiError::Validation("v"),           ApiError::ResourceNotFound(),
      ApiError::ResourceInUse("busy"),     ApiError::ConditionalCheckFailed(),
      ApiError::Serialization("s"),        ApiError::Internal(),
      ApiError::LimitExceeded("too many"), ApiError::UnknownOperation()};
  for (const ApiError& e : errors) {
    EXPECT_EQ(ApiError::FromResponse(e.http_status, e.ToJson()), e) << e.type;
  }
}

TEST(ApiError, Retryable) {
  auto of = [](std::string type, int status = 400) {
    return ApiError{std::move(type), "", status, {}};
  };
  EXPECT_TRUE(of("ThrottlingException").retryable());
  EXPECT_TRUE(of("ProvisionedThroughputExceededException").retryable());
  EXPECT_TRUE(of("RequestLimitExceeded").retryable());
  EXPECT_TRUE(of("LimitExceededException").retryable());
  EXPECT_TRUE(of("InternalServerError", 500).retryable());
  EXPECT_TRUE(of("ServiceUnavailable", 503).retryable());
  EXPECT_TRUE(of("Anything", 502).retryable());
  EXPECT_FALSE(of("ValidationException").retryable());
  EXPECT_FALSE(of("ConditionalCheckFailedException").retryable());
  EXPECT_FALSE(of("ResourceNotFoundException").retryable());
  EXPECT_FALSE(of("SerializationException").retryable());
}

TEST(ApiError, Factories) {
  EXPECT_EQ(ApiError::Validation("m"), (ApiError{"ValidationException", "m", 400, {}}));
  EXPECT_EQ(ApiError::ResourceNotFound().message, "Requested resource not found");
  EXPECT_EQ(ApiError::ResourceInUse("m").type, "ResourceInUseException");
  EXPECT_EQ(ApiError::ConditionalCheckFailed().message, "The conditional request failed");
  EXPECT_EQ(ApiError::ConditionalCheckFailed().type, "ConditionalCheckFailedException");
  EXPECT_EQ(ApiError::Serialization("m").type, "SerializationException");
  EXPECT_EQ(ApiError::UnknownOperation().type, "UnknownOperationException");
  EXPECT_EQ(ApiError::Internal().http_status, 500);
  EXPECT_EQ(ApiError::Internal().type, "InternalServerError");
  EXPECT_EQ(ApiError::LimitExceeded("m").type, "LimitExceededException");
  EXPECT_EQ(ApiError::LimitExceeded("m").http_status, 400);
}

TEST(ApiError, CodesNameTheirTypes) {
  for (ErrorCode c : {ErrorCode::kValidation, ErrorCode::kResourceNotFound,
                      ErrorCode::kConditionalCheckFailed, ErrorCode::kTransactionCanceled,
                      ErrorCode::kIdempotentParameterMismatch, ErrorCode::kTrimmedDataAccess}) {
    ApiError e = ApiError::Of(c, "m");
    EXPECT_EQ(e.code(), c) << e.type;
    EXPECT_EQ(e.type, ErrorTypeName(c));
    EXPECT_EQ(ApiError::FromResponse(400, e.ToJson()).code(), c) << e.type;
  }
  EXPECT_EQ(ApiError::Validation("m").code(), ErrorCode::kValidation);
  EXPECT_EQ(ApiError::Internal().code(), ErrorCode::kInternal);
  EXPECT_EQ(ApiError::Of(ErrorCode::kInternal, "m").http_status, 500);
  EXPECT_EQ(ApiError::Of(ErrorCode::kServiceUnavailable, "m").http_status, 503);
  EXPECT_EQ((ApiError{"InvalidSignatureException", "", 400, {}}).code(), ErrorCode::kOther);
  EXPECT_EQ(ErrorTypeName(ErrorCode::kTransactionCanceled), "TransactionCanceledException");
}

TEST(ApiError, InvalidKeyValueIsAValidationErrorWithItsDetail) {
  ApiError e = ApiError::InvalidKeyValue("m");
  EXPECT_EQ(e.code(), ErrorCode::kValidation);
  EXPECT_EQ(e.detail, ErrorDetail::kKeyValue);
  EXPECT_EQ(e.ToJson(), ApiError::Validation("m").ToJson());  // the detail is not on the wire
  EXPECT_EQ(ApiError::Validation("m").detail, ErrorDetail::kNone);
}

}  // namespace
}  // namespace sb::protocol
