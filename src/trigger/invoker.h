// Invoker: the seam through which the event source mapping calls the function synchronously
// (RequestResponse), as Lambda's poller does (docs/lambda-wire.md §1). LocalFunction / FunctionPool
// (local_function.h) run a real child process behind the local Runtime API; tests use fakes.
//
// Thread-safety: implementations must allow concurrent Invoke calls (several shards, and
// ParallelizationFactor > 1, invoke at once); they may serialize them internally.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace sb::trigger {

struct InvokeOutcome {
  enum class Kind {
    kOk,             // the runtime posted /response; body is the function's result
    kFunctionError,  // the runtime posted /invocation/{id}/error
    kTimeout,        // no answer before the deadline: the process was killed (and restarted)
    kCrashed,        // the process exited during the invocation
    kInitError,      // the runtime posted /runtime/init/error (or exited before /next)
    kNotInvoked,     // the function could not be started at all (not a function error)
  };
  Kind kind = Kind::kOk;
  std::string body;           // kOk: the response payload
  std::string error_type;     // errors: e.g. "Unhandled", "Sandbox.Timedout", "Runtime.ExitError"
  std::string error_message;  // errors: human text
  std::string request_id;     // the invocation's request id (empty for kNotInvoked)

  // Lambda counts timeouts, crashes, init failures and /error posts as function errors
  // (docs/lambda-wire.md §4): they consume MaximumRetryAttempts and trigger bisection.
  bool IsFunctionError() const {
    return kind == Kind::kFunctionError || kind == Kind::kTimeout || kind == Kind::kCrashed ||
           kind == Kind::kInitError;
  }
};

const char* InvokeOutcomeKindName(InvokeOutcome::Kind kind);

class Invoker {
 public:
  virtual ~Invoker() = default;
  // Invokes the function with `payload` and waits for the outcome, at most `timeout` (the
  // function's configured timeout) plus start-up time. Never throws.
  virtual InvokeOutcome Invoke(std::string_view payload, std::chrono::milliseconds timeout) = 0;
};

}  // namespace sb::trigger
