#include "dynamo/retry.h"

#include <gtest/gtest.h>

#include <limits>

namespace sb::dynamo {
namespace {

// A Random pinned to one value: 0 gives the minimum delay, max() the maximum.
class ConstRandom final : public Random {
 public:
  explicit ConstRandom(uint64_t v) : v_(v) {}
  uint64_t Next() override { return v_; }

 private:
  uint64_t v_;
};

protocol::ApiError Err(std::string type, int status) {
  return protocol::ApiError{std::move(type), "m", status, {}};
}

TEST(DynamoRetryTest, RetryableErrors) {
  EXPECT_TRUE(IsRetryable(Err("ThrottlingException", 400)));
  EXPECT_TRUE(IsRetryable(Err("ProvisionedThroughputExceededException", 400)));
  EXPECT_TRUE(IsRetryable(Err("RequestLimitExceeded", 400)));
  EXPECT_TRUE(IsRetryable(Err("LimitExceededException", 400)));
  EXPECT_TRUE(IsRetryable(Err("InternalServerError", 500)));
  EXPECT_TRUE(IsRetryable(Err("ServiceUnavailable", 503)));
  EXPECT_TRUE(IsRetryable(Err(std::string(kTransportError), 0)));
  EXPECT_TRUE(IsRetryable(Err(std::string(kCrc32MismatchError), 200)));
}

TEST(DynamoRetryTest, OtherClientErrorsAreNotRetried) {
  EXPECT_FALSE(IsRetryable(Err("ConditionalCheckFailedException", 400)));
  EXPECT_FALSE(IsRetryable(Err("ValidationException", 400)));
  EXPECT_FALSE(IsRetryable(Err("ResourceNotFoundException", 400)));
  EXPECT_FALSE(IsRetryable(Err("UnrecognizedClientException", 400)));
  EXPECT_FALSE(IsRetryable(Err(std::string(kInvalidResponseError), 200)));
  EXPECT_FALSE(IsRetryable(Err(std::string(kSigningError), 0)));
}

TEST(DynamoRetryTest, BackoffDoublesUpToTheCap) {
  RetryPolicy p;
  p.base = std::chrono::milliseconds(50);
  p.cap = std::chrono::milliseconds(1000);
  ConstRandom max(std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(BackoffDelay(p, 0, max).count(), 50);
  EXPECT_EQ(BackoffDelay(p, 1, max).count(), 100);
  EXPECT_EQ(BackoffDelay(p, 2, max).count(), 200);
  EXPECT_EQ(BackoffDelay(p, 4, max).count(), 800);
  EXPECT_EQ(BackoffDelay(p, 5, max).count(), 1000);
  EXPECT_EQ(BackoffDelay(p, 200, max).count(), 1000);  // no overflow far past the cap
}

TEST(DynamoRetryTest, FullJitterCanBeZero) {
  RetryPolicy p;
  ConstRandom zero(0);
  EXPECT_EQ(BackoffDelay(p, 3, zero).count(), 0);
}

TEST(DynamoRetryTest, JitterStaysWithinTheCeiling) {
  RetryPolicy p;
  p.base = std::chrono::milliseconds(50);
  p.cap = std::chrono::milliseconds(400);
  SeededRandom random(7);
  bool saw_below_half = false;
  for (int i = 0; i < 1000; ++i) {
    int retry = i % 6;
    int64_t ceiling = std::min<int64_t>(400, 50LL << retry);
    int64_t d = BackoffDelay(p, retry, random).count();
    EXPECT_GE(d, 0);
    EXPECT_LE(d, ceiling);
    if (d < ceiling / 2) saw_below_half = true;
  }
  EXPECT_TRUE(saw_below_half);  // jittered, not a fixed schedule
}

}  // namespace
}  // namespace sb::dynamo
