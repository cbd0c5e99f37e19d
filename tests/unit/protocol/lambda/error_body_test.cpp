// Tests for protocol/lambda/error_body.h.
#include "protocol/lambda/error_body.h"

#include <gtest/gtest.h>

namespace sb::protocol {
namespace {

TEST(LambdaErrorBody, EncodeMatchesAwsLambdaCppShape) {
  EXPECT_EQ(EncodeLambdaErrorBody({"boom \"x\"", "Runtime.UnknownReason", {}}),
            R"({"errorMessage":"boom \"x\"","errorType":"Runtime.UnknownReason","stackTrace":[]})");
  EXPECT_EQ(EncodeLambdaErrorBody({"m", "T", {"a", "b"}}),
            R"({"errorMessage":"m","errorType":"T","stackTrace":["a","b"]})");
}

TEST(LambdaErrorBody, DecodeIsLenientAboutMissingMembers) {
  auto full = DecodeLambdaErrorBody(R"({"errorMessage":"m","errorType":"T","stackTrace":["s"]})");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(*full, (LambdaErrorBody{"m", "T", {"s"}}));
  auto empty = DecodeLambdaErrorBody("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, LambdaErrorBody{});
  auto nulls = DecodeLambdaErrorBody(R"({"errorMessage":null,"stackTrace":null,"extra":1})");
  ASSERT_TRUE(nulls.ok());
  EXPECT_EQ(*nulls, LambdaErrorBody{});
  LambdaErrorBody body{"x", "Function.ResponseSizeTooLarge", {"l1"}};
  auto back = DecodeLambdaErrorBody(EncodeLambdaErrorBody(body));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, body);
}

TEST(LambdaErrorBody, DecodeErrors) {
  for (std::string_view bad : {"", "oops", "[]", R"({"errorMessage":1})", R"({"errorType":[]})",
                               R"({"stackTrace":"x"})", R"({"stackTrace":[1]})"}) {
    auto r = DecodeLambdaErrorBody(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "InvalidErrorBody");
  }
}

}  // namespace
}  // namespace sb::protocol
