// The Lambda error body (docs/runtime-api.md §3), posted by a runtime to /error and /init/error and
// returned by the Runtime API itself for failed calls:
//   {"errorMessage":"...","errorType":"...","stackTrace":[...]}
// All members optional when decoding; any errorType is accepted. Encoding always emits all
// three, as aws-lambda-cpp does (stackTrace [] when empty). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sb::protocol {

inline constexpr std::string_view kLambdaErrorContentType = "application/json";

struct LambdaErrorBody {
  std::string error_message;
  std::string error_type;  // e.g. "Runtime.UnknownReason", "Function.ResponseSizeTooLarge"
  std::vector<std::string> stack_trace;
  friend bool operator==(const LambdaErrorBody&, const LambdaErrorBody&) = default;
};

std::string EncodeLambdaErrorBody(const LambdaErrorBody& body);

// Errors (code "InvalidErrorBody"): not JSON, not an object, or a member of the wrong JSON type.
Result<LambdaErrorBody> DecodeLambdaErrorBody(std::string_view text);

}  // namespace sb::protocol
