#include "dynamo/cancellation.h"

#include <gtest/gtest.h>

namespace sb::dynamo {
namespace {

using protocol::ApiError;

constexpr const char* kCanceled =
    R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
    R"("message":"Transaction cancelled, please refer cancellation reasons for specific )"
    R"(reasons [ValidationError, None]")";

TEST(CancellationTest, ReadsTheCancellationReasonsMember) {
  ApiError e = ApiError::FromResponse(
      400, std::string(kCanceled) +
               R"(,"CancellationReasons":[{"Code":"ValidationError","Message":"bad value"},)"
               R"({"Code":"None"}]})");
  EXPECT_EQ(CancellationReasons(e), (std::vector<CancellationReason>{
                                        {"ValidationError", "bad value"}, {"None", ""}}));
  EXPECT_EQ(CancellationReasonCodes(e), (std::vector<std::string>{"ValidationError", "None"}));
  // Kept as sent: serializing the error again reproduces the member.
  EXPECT_NE(e.ToJson().find(R"("CancellationReasons":[{"Code":"ValidationError")"),
            std::string::npos);
}

TEST(CancellationTest, FallsBackToTheCodesInTheMessage) {
  ApiError e = ApiError::FromResponse(400, std::string(kCanceled) + "}");
  EXPECT_EQ(CancellationReasons(e),
            (std::vector<CancellationReason>{{"ValidationError", ""}, {"None", ""}}));
}

TEST(CancellationTest, EmptyForOtherErrors) {
  EXPECT_TRUE(CancellationReasons(ApiError::ConditionalCheckFailed()).empty());
  ApiError other = ApiError::FromResponse(
      400, R"({"__type":"x#ValidationException","message":"m [a]","CancellationReasons":[]})");
  EXPECT_TRUE(CancellationReasons(other).empty());
}

}  // namespace
}  // namespace sb::dynamo
