#include "dynamo/retry.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sb::dynamo {

bool IsRetryable(const protocol::ApiError& error) {
  if (error.type == kTransportError || error.type == kCrc32MismatchError) return true;
  if (error.http_status >= 500) return true;
  return error.type == "ThrottlingException" ||
         error.type == "ProvisionedThroughputExceededException" ||
         error.type == "RequestLimitExceeded" || error.type == "LimitExceededException";
}

std::chrono::milliseconds BackoffDelay(const RetryPolicy& policy, int retry_index, Random& random) {
  assert(retry_index >= 0);
  const int64_t cap = std::max<int64_t>(0, policy.cap.count());
  int64_t ceiling = std::max<int64_t>(0, policy.base.count());
  // Double without overflowing: stop as soon as the cap is reached.
  for (int i = 0; i < retry_index && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  auto delay = static_cast<int64_t>(random.UniformDouble() * static_cast<double>(ceiling + 1));
  return std::chrono::milliseconds(std::min(delay, ceiling));
}

}  // namespace sb::dynamo
