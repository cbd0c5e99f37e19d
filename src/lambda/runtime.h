// The custom-runtime loop over the Lambda Runtime API (2018-06-01; docs/runtime-api.md): wait for
// the next invocation, run the handler, post its response or error, repeat.
//
// What it does, compared with aws-lambda-cpp (the reference C++ runtime):
//  - The transport is a seam (http::Client): every path is tested with FakeClient, and against
//    a real HTTP server on loopback.
//  - GET /next has no timeout (the process is frozen between invocations; docs/runtime-api.md §1).
//  - A handler that throws, or returns a failure, becomes an invocation error (POST /error with
//    the error body of docs/runtime-api.md §3 and a Lambda-Runtime-Function-Error-Type header); the
//    loop goes on. Nothing thrown by a handler escapes Run().
//  - Initialisation failures are reported with ReportInitError (POST /init/error); main()
//    then exits non-zero.
//  - Transport failures on /next are retried with exponential backoff through the Sleeper seam
//    (aws-lambda-cpp retries 3 times back to back, with no pause); after max_next_failures
//    consecutive failures Run() returns an error so main() exits and Lambda restarts the
//    environment. A 5xx from /next means "exit now" (docs/runtime-api.md §1). A /next answer
//    without a request id cannot be answered and counts as a failed poll.
//  - Posting the result: transport failures are retried (with backoff, max_post_attempts);
//    aws-lambda-cpp gives up on the first one. A 4xx answer (400 InvalidRequestID,
//    403 InvalidStateTransition, 413 RequestEntityTooLarge: Lambda has already failed that
//    invocation) is logged and the loop moves on; a 5xx or exhausted retries end Run() with
//    an error.
//  - The trace id is handed to a hook per invocation (main() exports _X_AMZN_TRACE_ID); the
//    library itself never reads or writes the environment.
//
// Thread-safety: a Runtime is used from one thread (Lambda sends one invocation at a time).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "http/client.h"

namespace sb::lambda {

// What the handler knows about the invocation it serves (from the /next response headers).
struct InvocationContext {
  std::string request_id;        // Lambda-Runtime-Aws-Request-Id
  int64_t deadline_ms = 0;       // Lambda-Runtime-Deadline-Ms (epoch ms); 0 if absent/invalid
  std::string function_arn;      // Lambda-Runtime-Invoked-Function-Arn
  std::string trace_id;          // Lambda-Runtime-Trace-Id
  std::string client_context;    // Lambda-Runtime-Client-Context (mobile invokes only)
  std::string cognito_identity;  // Lambda-Runtime-Cognito-Identity (mobile invokes only)
  const Clock* clock = nullptr;  // the runtime's clock; never null inside a handler

  // Milliseconds left before the deadline (negative once past); INT64_MAX if no deadline.
  int64_t RemainingMillis() const;
};

// A handler's answer: a payload, or an error Lambda reports as a function error.
struct InvocationResult {
  bool ok = true;
  std::string payload;                            // ok
  std::string content_type = "application/json";  // ok
  std::string error_type;                         // !ok: e.g. "BatchProcessingError"
  std::string error_message;                      // !ok

  static InvocationResult Success(std::string payload,
                                  std::string content_type = "application/json");
  static InvocationResult Failure(std::string error_type, std::string error_message);
};

// Called once per invocation with the event payload. May throw: the runtime catches it.
using Handler = std::function<InvocationResult(std::string_view payload, const InvocationContext&)>;

struct RuntimeOptions {
  // The value of AWS_LAMBDA_RUNTIME_API ("host:port"), read by main(); "http://" is implied
  // unless a scheme is given.
  std::string endpoint;
  int max_next_failures = 5;  // consecutive failed polls before Run() gives up
  int max_post_attempts = 3;  // tries per /response or /error post on transport failure
  std::chrono::milliseconds initial_backoff{50};  // doubles per retry ...
  std::chrono::milliseconds max_backoff{1000};    // ... up to this
  std::chrono::milliseconds post_timeout{10000};  // for posts; /next never times out
  // Stop after this many invocations (0: run forever). For tests and one-shot tools.
  int64_t max_invocations = 0;
  // Called with each invocation's trace id before the handler runs (may be empty).
  std::function<void(std::string_view trace_id)> on_trace_id;
};

class Runtime {
 public:
  // `client`, `sleeper` and `clock` must outlive the Runtime.
  Runtime(http::Client& client, Sleeper& sleeper, const Clock& clock, RuntimeOptions options);

  // Serves invocations until max_invocations is reached (then OK) or the Runtime API can no
  // longer be used (then an Error: code "runtime_api" for a 5xx, "transport" when retries are
  // exhausted, "invalid_response" after repeated unusable /next answers). Never throws.
  Status Run(const Handler& handler);

  // Reports a failed initialisation (POST /init/error). The caller exits afterwards.
  // Errors: transport failure or a non-2xx answer.
  Status ReportInitError(std::string_view error_type, std::string_view error_message);

  int64_t invocations() const { return invocations_; }

 private:
  enum class PollOutcome { kInvocation, kRetry, kFatal };
  PollOutcome PollNext(std::string* payload, InvocationContext* context, Error* fatal);
  InvocationResult Invoke(const Handler& handler, std::string_view payload,
                          const InvocationContext& context);
  Status Post(const std::string& path, const std::string& content_type, std::string body,
              std::string_view error_type);
  std::string Url(std::string_view path) const;
  std::chrono::milliseconds Backoff(int attempt) const;

  http::Client& client_;
  Sleeper& sleeper_;
  const Clock& clock_;
  RuntimeOptions options_;
  int64_t invocations_ = 0;
};

}  // namespace sb::lambda
