// Incremental HTTP/1.x request parser used by the server for every connection (and by the
// fuzz target in tests/fuzz/http/). It wraps Boost.Beast's basic_parser so that Beast stays
// inside src/http/*.cpp, and fills an sb::http::Request directly (no intermediate copy).
//
// Usage per message: Reset(&request), then Feed() byte ranges until it returns kComplete or an
// error. Bytes not consumed by Feed() belong to the next call (or the next pipelined message).
// With Limits::pause_after_header, Feed() returns kHeaderComplete once, as soon as the request
// line and headers are parsed and before any body byte is taken, so the caller can refuse the
// request (or answer "100 Continue") before reading the body; feeding on continues with it.
//
// Limits: the request line (kLineTooLong above line_limit_bytes), the request line plus
// headers (kHeaderTooLarge above header_limit_bytes) and the body, declared or received
// (kBodyTooLarge above max_body_bytes). The body is appended as it arrives and never past
// the cap.
//
// Thread-compatible: one parser per connection.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "http/message.h"

namespace sb::http {

class RequestParser {
 public:
  enum class Status {
    kNeedMore,        // consumed what it could; call Feed again with more bytes appended
    kHeaderComplete,  // (pause_after_header only) the head is in the Request; body unread
    kComplete,        // one whole request is in the Request given to Reset()
    kBadRequest,      // malformed request line, header or chunk framing: answer 400 and close
    kLineTooLong,     // request line above line_limit_bytes: answer 414 and close
    kHeaderTooLarge,  // request line plus headers above header_limit_bytes: 431 and close
    kBodyTooLarge,    // declared or received body above max_body_bytes: answer 413 and close
  };

  struct Limits {
    size_t max_body_bytes = 16 * 1024 * 1024;
    size_t header_limit_bytes = 64 * 1024;
    size_t line_limit_bytes = 16 * 1024;
    bool pause_after_header = false;
  };

  explicit RequestParser(const Limits& limits);
  // header_limit_bytes caps the request line plus headers (kHeaderTooLarge above it).
  explicit RequestParser(size_t max_body_bytes, size_t header_limit_bytes = 64 * 1024);
  ~RequestParser();
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Starts a new message. `out` is cleared (remote_address is kept) and must outlive the
  // parse. REQUIRES: out != nullptr.
  void Reset(Request* out);

  // Feeds the unconsumed input; *consumed receives how many leading bytes were used.
  // REQUIRES: Reset() was called since the last kComplete or error.
  Status Feed(std::string_view data, size_t* consumed);

  // True once any byte of the current message has been accepted.
  bool got_some() const;
  // True once the request line and headers have been parsed.
  bool header_done() const;
  // After the header: whether the request has a body still to come (Content-Length > 0 or
  // chunked) and whether it asked for "Expect: 100-continue".
  bool expects_body() const;
  bool expects_continue() const;
  // After kComplete: whether the connection may stay open (HTTP/1.1 default, HTTP/1.0 only
  // with "Connection: keep-alive", never after "Connection: close").
  bool keep_alive() const;
  // After the request line: 10 for HTTP/1.0, 11 for HTTP/1.1.
  int version() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::http
