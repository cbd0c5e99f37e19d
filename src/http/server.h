// HTTP/1.1 server on Boost.Beast: keep-alive, many concurrent connections, a pool of worker
// threads, a request-body cap (413 above it), and an exception barrier per request (a
// throwing handler yields a 500 and the connection carries on).
//
// Thread-safety: the Handler is called concurrently from several threads.
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
  int threads = 0;    // 0: one per hardware thread
  size_t max_body_bytes = 16 * 1024 * 1024;
};

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
