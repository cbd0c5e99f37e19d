// HTTP/1.1 server on Boost.Beast: keep-alive, many concurrent connections, a pool of worker
// threads, a request-body cap (413 above it), and an exception barrier per request (a
// throwing handler yields a 500 and the connection carries on).
//
// Wire behaviour (pinned by tests/unit/http/server_test.cpp):
// - Each connection is served by one pool thread; the pool grows so that every open
//   connection has its own thread, hence a Handler that blocks stalls only its connection.
// - Keep-alive for HTTP/1.1 (and HTTP/1.0 with "Connection: keep-alive"); a request or a
//   handler response carrying "Connection: close" closes after the response. Pipelined
//   requests are answered in order.
// - The server always writes Content-Length itself (handler Content-Length, Transfer-Encoding
//   and Connection headers are ignored); HEAD responses carry no body.
// - Malformed request -> 400 and close. Body above max_body_bytes -> 413 and close.
// - A Handler that throws -> InternalErrorResponse() (500, DynamoDB-shaped JSON body).
//
// Thread-safety: the Handler is called concurrently from several threads. Stop() may be
// called from any thread except a Handler's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "http/message.h"

namespace sb::http {

using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: pick a free port (read it back with Server::port())
  // Worker threads kept ready for new connections (0: one per hardware thread). The pool grows
  // beyond this while more connections are open, and shrinks back as they close.
  int threads = 0;
  size_t max_body_bytes = 16 * 1024 * 1024;
  // Stack size of each connection thread (virtual memory; only touched pages cost memory).
  size_t thread_stack_bytes = 1024 * 1024;
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
  // Stops accepting, closes connections, joins threads. Idempotent; the destructor calls it.
  virtual void Stop() = 0;
};

}  // namespace sb::http
