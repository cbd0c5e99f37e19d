// RuntimeApiServer: a local Lambda Runtime API (2018-06-01, docs/runtime-api.md §1-§4) for ONE
// function process, on 127.0.0.1 (real HTTP, http::Server). The supervisor (LocalFunction) queues
// one invocation at a time and waits for its outcome; the runtime inside the process long-polls for
// it:
//   GET  /2018-06-01/runtime/invocation/next        blocks until an invocation is queued; 200
//        with the payload and Lambda-Runtime-Aws-Request-Id, -Deadline-Ms (dispatch time +
//        the function timeout, epoch ms), -Invoked-Function-Arn, -Trace-Id, Content-Type.
//        403 InvalidStateTransition if the previous invocation was not answered yet;
//        500 if the supervisor has moved on to a new process (the runtime must exit).
//   POST /2018-06-01/runtime/invocation/{id}/response  202 {"status":"OK"}; 400
//        InvalidRequestID for an unknown id; 403 InvalidStateTransition if already answered;
//        413 RequestEntityTooLarge above 6 MB + 100 bytes (the invocation then fails with
//        Function.ResponseSizeTooLarge, as the RIE does).
//   POST /2018-06-01/runtime/invocation/{id}/error     202; 400 / 403 as above. The error type
//        is the Lambda-Runtime-Function-Error-Type header, else the body's errorType, else
//        "Unhandled"; the body is {"errorMessage","errorType","stackTrace"} (docs/runtime-api.md
//        §3).
//   POST /2018-06-01/runtime/init/error                202; 403 once an invocation has been
//        handed to this process.
// Other paths answer 404, wrong methods 405; error bodies are {"errorMessage","errorType"}.
//
// Thread-safety: all methods are thread-safe; the HTTP handler runs on connection threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "http/message.h"
#include "http/server.h"
#include "protocol/lambda/error_body.h"

namespace sb::trigger {

// RIE's MaxPayloadSize (docs/runtime-api.md §4).
inline constexpr size_t kMaxResponseBytes = 6 * 1024 * 1024 + 100;

struct Invocation {
  std::string request_id;
  std::string payload;
  std::chrono::milliseconds timeout{3000};  // Deadline-Ms = dispatch time + timeout
  std::string trace_id;
};

struct InvocationResult {
  bool ok = true;             // /response (true) or /error (false)
  std::string body;           // ok: the response body
  std::string error_type;     // !ok
  std::string error_message;  // !ok
};

class RuntimeApiServer {
 public:
  struct Options {
    std::string function_arn;
    size_t max_response_bytes = kMaxResponseBytes;
    const Clock* clock = nullptr;  // null: RealClock
  };
  // Binds 127.0.0.1 on a free port. Errors: the server's bind errors.
  static Result<std::unique_ptr<RuntimeApiServer>> Start(Options options);
  ~RuntimeApiServer();

  uint16_t port() const;
  std::string address() const;  // "127.0.0.1:<port>", the AWS_LAMBDA_RUNTIME_API value

  // A new process is about to start: forgets queued / in-flight invocations, the init error
  // and the exit flag; a GET /next still waiting (from the old process) is answered 500.
  // Returns the new process generation (for SignalProcessExit).
  uint64_t ResetForNewProcess();
  // The process of `generation` has exited: wakes the waiters. Stale generations are ignored.
  void SignalProcessExit(uint64_t generation);

  // Queues an invocation for GET /next. REQUIRES: nothing queued or in flight.
  void Enqueue(Invocation invocation);

  enum class Wait { kDispatched, kCompleted, kInitError, kProcessExited, kDeadline, kStopped };
  // Phase 1: until the runtime has taken the invocation (kDispatched), or an init error,
  // the process exits, `deadline` passes, or Stop().
  Wait WaitDispatched(const std::string& request_id,
                      std::chrono::steady_clock::time_point deadline);
  // Phase 2: until the invocation is answered (kCompleted; *result set), or the process
  // exits, `deadline` passes, or Stop().
  Wait WaitCompleted(const std::string& request_id, std::chrono::steady_clock::time_point deadline,
                     InvocationResult* result);
  // The init error posted by the current process, if any.
  std::optional<protocol::LambdaErrorBody> init_error() const;

  // Wakes every waiter and long-poll with kStopped / 500 and stops the HTTP server.
  void Stop();

 private:
  explicit RuntimeApiServer(Options options) : options_(std::move(options)) {}
  http::Response Handle(const http::Request& request);
  http::Response Next();
  http::Response Answer(const std::string& id, const http::Request& request, bool ok);
  http::Response InitError(const http::Request& request);

  const Options options_;
  std::unique_ptr<http::Server> server_;
  RealRandom random_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t generation_ = 0;
  bool process_exited_ = false;
  bool dispatched_any_ = false;  // this process has received an invocation
  std::optional<protocol::LambdaErrorBody> init_error_;
  std::deque<Invocation> queue_;
  std::optional<Invocation> in_flight_;
  std::string last_dispatched_id_;
  std::map<std::string, InvocationResult> results_;
  std::set<std::string> answered_;  // ids answered by this process
};

// A new request id (random UUID v4) and X-Ray trace header ("Root=1-<8 hex>-<24 hex>;
// Parent=<16 hex>;Sampled=0").
std::string NewRequestId(Random& random);
std::string NewTraceId(Random& random, int64_t unix_seconds);

}  // namespace sb::trigger
