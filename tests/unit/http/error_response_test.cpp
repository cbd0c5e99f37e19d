#include "http/error_response.h"

#include <gtest/gtest.h>

namespace sb::http {
namespace {

TEST(ErrorResponseTest, HasDynamoDbsShape) {
  Response r = ErrorResponse(408, "RequestTimeoutException", "Timed out");
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(
      r.body,
      R"({"__type":"com.amazon.coral.service#RequestTimeoutException","message":"Timed out"})");
}

TEST(ErrorResponseTest, MessageIsJsonEscaped) {
  Response r = ErrorResponse(403, "AccessDeniedException", "Host 'a\"b\\c\n\x01' refused");
  EXPECT_EQ(
      r.body,
      R"({"__type":"com.amazon.coral.service#AccessDeniedException","message":"Host 'a\"b\\c\u000a\u0001' refused"})");
}

TEST(ErrorResponseTest, JsonEscapeKeepsUtf8) {
  EXPECT_EQ(JsonEscape("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(JsonEscape("\x7f"), "\\u007f");
}

}  // namespace
}  // namespace sb::http
