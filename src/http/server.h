// HTTP/1.1 server on Boost.Beast: a fixed pool of I/O threads running asynchronous reads and
// writes, keep-alive, timeouts, a connection limit, header and body limits, and an exception
// barrier per request (a throwing handler yields a 500 and the connection carries on).
//
// Wire behaviour (pinned by tests/unit/http/server_test.cpp and
// tests/integration/http/hardening_test.cpp; docs/engine.md, "The HTTP server"):
// - Keep-alive for HTTP/1.1 (and HTTP/1.0 with "Connection: keep-alive"); a request or a
//   handler response carrying "Connection: close" closes after the response. Pipelined
//   requests are answered in order.
// - Timeouts: a request head must arrive within header_timeout of its first byte (or of the
//   connection's start), its body within body_timeout of the head, and a kept-alive
//   connection may sit idle for idle_timeout. A stalled head or body gets 408 and the
//   connection closes; an idle connection is closed silently. No timeout runs while the
//   Handler works on a request (a long poll may wait as long as it likes).
// - At max_connections open connections, a new connection is answered 503 and closed at once.
//   A body still arriving while all bodies held exceed max_buffered_body_bytes -> 503.
// - Request line above max_request_line_bytes -> 414; request line plus headers above
//   max_header_bytes -> 431; malformed request -> 400; body (declared or received) above
//   max_body_bytes -> 413, without reading it. Each of these closes the connection. The body
//   is appended as it arrives and never buffered past the cap.
// - "Expect: 100-continue" is answered "100 Continue" once the head has passed every check.
// - check_host: a Host that is not a loopback name nor in allowed_hosts -> 403.
// - header_check runs on the head before any body byte is read; a response it returns is
//   sent instead of reading the body, and the connection closes.
// - Every rejection above has DynamoDB's error shape (http/error_response.h). Every response
//   carries Server and Date; the server writes Content-Length itself (handler Content-Length,
//   Transfer-Encoding and Connection headers are ignored); HEAD responses carry no body.
// - A Handler that throws -> InternalErrorResponse() (500, DynamoDB-shaped JSON body).
//
// Thread-safety: the Handler and header_check are called concurrently from several threads.
// Stop() may be called from any thread except a Handler's.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "http/message.h"

namespace sb::http {

using Handler = std::function<Response(const Request&)>;

// Sees a request's method, target and headers (its body is empty: not read yet). Returns a
// response to refuse the request, or nullopt to go on. Runs on an I/O thread: must not block.
using HeaderCheck = std::function<std::optional<Response>(const Request& head)>;

// Where the Handler runs.
enum class HandlerThreads {
  // On a pool of handler threads that grows so that every request in progress has one: a
  // Handler may block (a long poll) without holding up other connections. The default.
  kPool,
  // On the I/O thread that read the request: no hand-off, the cheapest path. A Handler that
  // blocks holds one of the `threads` I/O threads, and so every connection of that thread's
  // event loop, while it does. Requests for which ServerOptions::to_pool answers true go to
  // the pool instead.
  kInline,
};

// kInline only: true sends this request (head and body read) to the handler pool, for a
// Handler that will wait (a write waiting for its group commit) without holding an I/O
// thread. Runs on an I/O thread: must be cheap and must not block.
using PoolPredicate = std::function<bool(const Request&)>;

// With to_pool: runs the requests it picks instead of the handler pool. Must call `work` once
// (the Handler behind the exception barrier; on any thread) and then `deliver` once with its
// result or with another response (`deliver` may be called from any thread). It is called on
// an I/O thread and may return a follow-up (or null), which that thread runs once it has
// dispatched the requests it had already read: so work queued by a burst of requests can run
// together, there, without a hand-off to another thread. The engine uses it to queue writes
// for its group commit and run the batch in the follow-up, answering each request after the
// COMMIT. A `deliver` called on an I/O thread writes the response at once.
using OffloadFollowUp = std::function<void()>;
using Offload = std::function<OffloadFollowUp(std::function<Response()> work,
                                              std::function<void(Response)> deliver)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: pick a free port (read it back with Server::port())
  // I/O threads (0: one per hardware thread), each running an event loop of its own under
  // SCHED_BATCH (a request wakes it without preempting the thread on its core); new
  // connections are dealt to the loops in turn and stay on theirs.
  int threads = 0;
  HandlerThreads handler_threads = HandlerThreads::kPool;
  PoolPredicate to_pool;  // optional; kInline only
  Offload offload;        // optional; with to_pool
  // Open connections above which new ones are refused with 503. Start() raises the process's
  // soft open-file limit towards this when it can.
  size_t max_connections = 16384;
  size_t max_body_bytes = 16 * 1024 * 1024;
  // Request bodies held by all connections together while they are still arriving; a body
  // that grows the total past this gets 503 (retryable) and its connection closes.
  size_t max_buffered_body_bytes = 256 * 1024 * 1024;
  size_t max_header_bytes = 64 * 1024;  // request line plus headers
  size_t max_request_line_bytes = 16 * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds idle_timeout{60'000};
  // When set, requests whose Host is neither a loopback name nor in allowed_hosts get 403
  // (http/host_check.h). A request without Host is accepted (no browser sends one).
  bool check_host = false;
  std::vector<std::string> allowed_hosts;
  HeaderCheck header_check;  // optional
  std::string server_name = "Streamboard";
};

// Counters for tests and diagnostics.
struct ServerStats {
  size_t open_connections = 0;
  uint64_t refused_connections = 0;  // over max_connections
  size_t buffered_body_bytes = 0;    // request bodies held right now (allocated bytes)
  size_t peak_buffered_body_bytes = 0;
};

// The body of the 500 answered when a Handler throws. The server is used by the DynamoDB
// engine, so it has DynamoDB's error shape; the message is generic on purpose (the exception
// text is logged, not sent to the client).
inline constexpr const char* kInternalErrorBody =
    R"({"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"})";
// Status 500, Content-Type application/x-amz-json-1.0, body kInternalErrorBody.
Response InternalErrorResponse();

class Server {
 public:
  virtual ~Server() = default;
  // Binds, listens and starts serving on background threads. Errors: bind/listen failures.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);
  virtual uint16_t port() const = 0;
  virtual ServerStats stats() const = 0;
  // Stops accepting, closes connections, waits for running handlers, joins threads.
  // Idempotent; the destructor calls it.
  virtual void Stop() = 0;
};

}  // namespace sb::http
