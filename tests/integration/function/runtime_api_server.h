// A test Lambda Runtime API (docs/runtime-api.md §1-§2) on 127.0.0.1, on sb::http::Server: hands
// out queued events through GET /next (with request id, deadline, ARN and trace headers), records
// what the runtime posts to /response, /error and /init/error. When no event is queued, /next
// waits; after Finish() it answers 500, which tells a runtime to exit (docs/runtime-api.md §1).
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/server.h"

namespace sb::function::itest {

struct Posted {
  std::string kind;        // "response", "error", "init_error"
  std::string request_id;  // empty for init_error
  std::string body;
  std::string error_type;  // Lambda-Runtime-Function-Error-Type header, if any
};

class RuntimeApiServer {
 public:
  RuntimeApiServer();
  ~RuntimeApiServer();
  bool ok() const { return server_ != nullptr; }
  uint16_t port() const { return server_->port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }

  // Queues an event; its request id is "req-<n>" (n counts from 1).
  std::string AddEvent(std::string payload);
  // Waits up to `timeout` for the n-th post (0-based).
  std::optional<Posted> WaitForPost(size_t n, std::chrono::milliseconds timeout);
  // From now on, /next answers 500.
  void Finish();

 private:
  http::Response Handle(const http::Request& request);

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::string, std::string>> events_;  // (request id, payload)
  std::vector<Posted> posted_;
  int next_id_ = 1;
  bool finished_ = false;
  std::unique_ptr<http::Server> server_;
};

}  // namespace sb::function::itest
