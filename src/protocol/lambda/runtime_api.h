// Lambda Runtime API (2018-06-01) wire names (docs/runtime-api.md §1-§2): paths, header names and
// environment variable names, shared by the runtime loop (src/lambda) and the local Runtime API
// server (src/trigger). Paths are relative to http://${AWS_LAMBDA_RUNTIME_API}.
// Header names are given in their canonical spelling but must be matched case-insensitively.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::protocol {

inline constexpr std::string_view kRuntimeApiVersion = "2018-06-01";

// GET: long-poll for the next event (no client timeout: the process may be frozen meanwhile).
inline constexpr std::string_view kRuntimeNextPath = "/2018-06-01/runtime/invocation/next";
// POST: report an initialization failure, then exit.
inline constexpr std::string_view kRuntimeInitErrorPath = "/2018-06-01/runtime/init/error";
// POST /2018-06-01/runtime/invocation/{AwsRequestId}/response
std::string RuntimeResponsePath(std::string_view request_id);
// POST /2018-06-01/runtime/invocation/{AwsRequestId}/error
std::string RuntimeErrorPath(std::string_view request_id);

// What a Runtime API server sees: which endpoint a request path names.
struct RuntimeRoute {
  enum class Kind { kNext, kResponse, kError, kInitError };
  Kind kind = Kind::kNext;
  std::string request_id;  // kResponse and kError only
  friend bool operator==(const RuntimeRoute&, const RuntimeRoute&) = default;
};
// nullopt for any other path (including an empty request id). A query string is ignored.
std::optional<RuntimeRoute> ParseRuntimePath(std::string_view path);

// Response headers on GET next (docs/runtime-api.md §2).
inline constexpr std::string_view kHeaderRequestId = "Lambda-Runtime-Aws-Request-Id";
inline constexpr std::string_view kHeaderDeadlineMs = "Lambda-Runtime-Deadline-Ms";  // epoch ms
inline constexpr std::string_view kHeaderInvokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
inline constexpr std::string_view kHeaderTraceId = "Lambda-Runtime-Trace-Id";
inline constexpr std::string_view kHeaderClientContext = "Lambda-Runtime-Client-Context";
inline constexpr std::string_view kHeaderCognitoIdentity = "Lambda-Runtime-Cognito-Identity";
inline constexpr std::string_view kHeaderTenantId = "Lambda-Runtime-Aws-Tenant-Id";

// Request headers the runtime may send (docs/runtime-api.md §2).
inline constexpr std::string_view kHeaderFunctionErrorType = "Lambda-Runtime-Function-Error-Type";
inline constexpr std::string_view kHeaderXRayErrorCause =
    "Lambda-Runtime-Function-XRay-Error-Cause";
inline constexpr std::string_view kHeaderFunctionResponseMode =
    "Lambda-Runtime-Function-Response-Mode";

// Environment (docs/runtime-api.md §1, §5).
inline constexpr std::string_view kEnvRuntimeApi = "AWS_LAMBDA_RUNTIME_API";  // host:port
inline constexpr std::string_view kEnvTraceId = "_X_AMZN_TRACE_ID";           // set per invoke
inline constexpr std::string_view kEnvHandler = "_HANDLER";

// Body of the 202 answers to /response and /error.
inline constexpr std::string_view kRuntimeAcceptedBody = R"({"status":"OK"})";

}  // namespace sb::protocol
