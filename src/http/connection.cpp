// One connection's state machine (detail/server_core.h): idle -> header -> body -> handler ->
// write, and again for the next keep-alive request; any rejection writes a DynamoDB-shaped
// error, then lingers (reads and drops input for a short while) and closes.
//
// Timeouts use one timer per connection, armed lazily: the timer is re-armed only when a
// phase needs an earlier expiry than the one pending; when it fires early it re-arms for the
// current deadline. A fired deadline cancels the socket; the read or write that was waiting
// then sees timed_out_ and answers 408 or closes.
#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/defer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "base/log.h"
#include "http/detail/server_core.h"
#include "http/error_response.h"
#include "http/host_check.h"

namespace sb::http::detail {

namespace {

constexpr size_t kInitialBuffer = 4 * 1024;
constexpr size_t kBodyReadBuffer = 64 * 1024;
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr size_t kLingerBytes = 64u << 20;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string_view ReasonPhrase(int status) {
  namespace bhttp = boost::beast::http;
  if (status < 100 || status > 999) return "Unknown";
  bhttp::status s = bhttp::int_to_status(static_cast<unsigned>(status));
  if (s == bhttp::status::unknown) return "Unknown";
  auto r = bhttp::obsolete_reason(s);
  return std::string_view(r.data(), r.size());
}

void AppendNumber(std::string& out, size_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

// The IMF-fixdate of the current second (RFC 9110), formatted once per second per thread.
std::string_view HttpDate() {
  thread_local std::time_t cached = 0;
  thread_local char text[40];
  thread_local size_t length = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = now;
  }
  return std::string_view(text, length);
}

}  // namespace

Connection::Connection(Core& core, IoLoop& loop, tcp::socket socket)
    : core_(core),
      loop_(loop),
      socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      parser_(RequestParser::Limits{core.options.max_body_bytes, core.options.max_header_bytes,
                                    core.options.max_request_line_bytes, true}),
      in_(kInitialBuffer) {}

Connection::~Connection() {
  core_.AdjustBuffered(tracked_body_, 0);
  std::lock_guard lock(core_.mu);
  core_.live.erase(this);
  if (core_.live.empty()) core_.all_closed.notify_all();
}

void Connection::Start() {
  {
    std::lock_guard lock(core_.mu);
    core_.live.emplace(this, weak_from_this());
  }
  boost::system::error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);
  auto endpoint = socket_.remote_endpoint(ec);
  if (!ec) {
    remote_address_ = endpoint.address().to_string();
    remote_port_ = endpoint.port();
  }
  net::post(socket_.get_executor(), [self = shared_from_this()] { self->BeginRequest(true); });
}

void Connection::Close() {
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->phase_ == Phase::kHandler || self->phase_ == Phase::kWrite) {
      self->close_requested_ = true;  // the response goes out first, with Connection: close
      return;
    }
    self->Shutdown();
  });
}

void Connection::BeginRequest(bool first) {
  if (begin_ == end_ && in_.size() > kInitialBuffer) {
    in_ = std::vector<char>(kInitialBuffer);  // back to small while waiting
    begin_ = end_ = 0;
  }
  last_read_filled_ = false;
  parser_.Reset(&request_);
  request_.remote_address = remote_address_;  // the previous request may have been moved
  request_.remote_port = remote_port_;
  timed_out_ = false;
  const auto now = std::chrono::steady_clock::now();
  if (first || begin_ < end_) {
    phase_ = Phase::kHeader;
    SetDeadline(now + core_.options.header_timeout);
  } else {
    phase_ = Phase::kIdle;
    SetDeadline(now + core_.options.idle_timeout);
  }
  Parse();
}

void Connection::Parse() {
  using S = RequestParser::Status;
  for (;;) {
    size_t used = 0;
    S status = parser_.Feed(std::string_view(in_.data() + begin_, end_ - begin_), &used);
    begin_ += used;
    TrackBody();
    if (tracked_body_ > 0 && status == S::kNeedMore &&
        core_.buffered_body.load() > core_.options.max_buffered_body_bytes) {
      // Bodies in progress on all connections together are over budget: shed this one
      // (retryable) rather than let memory grow with every slow upload.
      return Reject(503, "ServiceUnavailableException",
                    "Too many request bodies in progress; retry later");
    }
    switch (status) {
      case S::kNeedMore:
        Read();
        return;
      case S::kHeaderComplete:
        if (!OnHeader()) return;
        continue;
      case S::kComplete:
        Dispatch();
        return;
      case S::kBadRequest:
        return Reject(400, "SerializationException", "Malformed HTTP request");
      case S::kLineTooLong:
        return Reject(414, "RequestURITooLongException",
                      "The request line exceeds " +
                          std::to_string(core_.options.max_request_line_bytes) + " bytes");
      case S::kHeaderTooLarge:
        return Reject(431, "RequestHeaderFieldsTooLargeException",
                      "The request headers exceed " +
                          std::to_string(core_.options.max_header_bytes) + " bytes");
      case S::kBodyTooLarge:
        return Reject(
            413, "RequestEntityTooLargeException",
            "The request body exceeds " + std::to_string(core_.options.max_body_bytes) + " bytes");
    }
  }
}

void Connection::Read() {
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (begin_ > 0) {
    std::memmove(in_.data(), in_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  // A body that arrives faster than the buffer holds gets a bigger buffer (fewer reads); a
  // stalled one keeps the small one, so thousands of them stay cheap.
  if (phase_ == Phase::kBody && last_read_filled_ && in_.size() < kBodyReadBuffer) {
    in_.resize(kBodyReadBuffer);
  }
  if (end_ == in_.size()) in_.resize(in_.size() * 2);  // a head bigger than the buffer
  socket_.async_read_some(net::buffer(in_.data() + end_, in_.size() - end_),
                          [self = shared_from_this()](const boost::system::error_code& ec,
                                                      size_t n) { self->OnRead(ec, n); });
}

void Connection::OnRead(const boost::system::error_code& ec, size_t n) {
  if (phase_ == Phase::kClosed) return;
  if (phase_ == Phase::kLinger) {
    lingered_ += n;
    if (ec || timed_out_ || lingered_ > kLingerBytes) return Shutdown();
    begin_ = end_ = 0;
    return Read();
  }
  if (timed_out_) return OnTimeout();
  if (ec == net::error::eof && (phase_ == Phase::kBody || begin_ < end_)) {
    // Half-closed mid-request (e.g. a body shorter than its Content-Length): say so.
    return Reject(400, "SerializationException",
                  "The connection ended before the request was complete");
  }
  if (ec) return Shutdown();  // peer closed, reset, or Close()
  last_read_filled_ = end_ + n == in_.size();
  end_ += n;
  if (phase_ == Phase::kIdle) {
    phase_ = Phase::kHeader;
    SetDeadline(std::chrono::steady_clock::now() + core_.options.header_timeout);
  }
  Parse();
}

bool Connection::OnHeader() {
  phase_ = Phase::kBody;
  SetDeadline(std::chrono::steady_clock::now() + core_.options.body_timeout);
  if (core_.options.check_host) {
    auto host = request_.headers.Get("Host");
    if (host && !HostAllowed(*host, core_.options.allowed_hosts)) {
      Reject(403, "AccessDeniedException",
             "Host '" + QuotePrefix(*host) +
                 "' is not allowed: use a loopback name (127.0.0.1, localhost, [::1]), "
                 "add it with --allow-host, or turn on --verify-signatures");
      return false;
    }
  }
  if (core_.options.header_check) {
    if (std::optional<Response> refusal = core_.CheckHeader(request_)) {
      Respond(std::move(*refusal), /*force_close=*/true);
      return false;
    }
  }
  if (parser_.expects_continue() && parser_.expects_body() && begin_ == end_) {
    net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                       if (self->phase_ == Phase::kClosed) return;
                       if (self->timed_out_) return self->OnTimeout();
                       if (ec) return self->Shutdown();
                       self->Parse();
                     });
    return false;
  }
  return true;
}

void Connection::Dispatch() {
  phase_ = Phase::kHandler;
  SetDeadline(SteadyTime::max());
  keep_alive_ = parser_.keep_alive();
  version_ = parser_.version();
  head_method_ = request_.method == "HEAD";
  if (!core_.pool || (core_.options.handler_threads == HandlerThreads::kInline &&
                      !core_.WantsPool(request_))) {
    Response response = core_.Invoke(request_);
    Respond(std::move(response), false);
    return;
  }
  if (core_.options.offload) {
    auto request = std::make_shared<Request>(std::move(request_));
    auto self = shared_from_this();
    OffloadFollowUp follow_up =
        core_.options.offload([self, request] { return self->core_.Invoke(*request); },
                              [self](Response response) { self->Deliver(std::move(response)); });
    // Deferred: it runs on this thread after the handlers already queued, so the requests
    // read in the same wake-up are offloaded before it (and it wakes no other thread).
    if (follow_up) net::defer(loop_.ioc.get_executor(), std::move(follow_up));
    return;
  }
  core_.pool->Post([self = shared_from_this(), request = std::move(request_)] {
    self->Deliver(self->core_.Invoke(request));
  });
}

// From the thread that ran the handler: the response goes back through this connection's
// loop's delivery queue, with the others finished about the same time (at once when that
// thread is the loop's own).
void Connection::Deliver(Response response) {
  loop_.deliveries.Push([self = shared_from_this(), response = std::move(response)]() mutable {
    self->Respond(std::move(response), false);
  });
}

// Writes a response; `force_close` closes the connection after it (rejections).
void Connection::Respond(Response response, bool force_close) {
  if (!loop_.ioc.get_executor().running_in_this_thread()) {
    // Only this connection's loop may touch it; anything else is a race on its state.
    log::Error("http", "a response was written off its connection's I/O thread");
    std::abort();
  }
  if (phase_ == Phase::kClosed) return;
  request_.body = std::string();  // release the request body before writing
  TrackBody();
  bool close = force_close || !keep_alive_ || close_requested_ || core_.stopping.load();
  if (auto c = response.headers.Get("Connection"); c && EqualsIgnoreCase(*c, "close")) close = true;
  const bool http10 = version_ == 10;
  out_head_.clear();
  out_head_.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  AppendNumber(out_head_, static_cast<size_t>(response.status));
  out_head_.push_back(' ');
  out_head_.append(ReasonPhrase(response.status));
  out_head_.append("\r\n");
  bool has_server = false;
  bool has_date = false;
  for (const auto& [name, value] : response.headers.all()) {
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
        EqualsIgnoreCase(name, "Connection")) {
      continue;
    }
    has_server = has_server || EqualsIgnoreCase(name, "Server");
    has_date = has_date || EqualsIgnoreCase(name, "Date");
    out_head_.append(name).append(": ").append(value).append("\r\n");
  }
  if (!has_server) out_head_.append("Server: ").append(core_.options.server_name).append("\r\n");
  if (!has_date) out_head_.append("Date: ").append(HttpDate()).append("\r\n");
  out_head_.append("Content-Length: ");
  AppendNumber(out_head_, response.body.size());
  out_head_.append("\r\n");
  if (close) {
    out_head_.append("Connection: close\r\n");
  } else if (http10) {
    out_head_.append("Connection: keep-alive\r\n");
  }
  out_head_.append("\r\n");
  response_ = std::move(response);
  close_after_write_ = close;
  phase_ = Phase::kWrite;
  timed_out_ = false;
  // A peer that stops reading our response is as stalled as one that stops sending.
  SetDeadline(std::chrono::steady_clock::now() + core_.options.idle_timeout);
  std::array<net::const_buffer, 2> buffers{
      net::buffer(out_head_), head_method_ ? net::const_buffer() : net::buffer(response_.body)};
  net::async_write(socket_, buffers,
                   [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                     self->OnWrite(ec);
                   });
}

void Connection::OnWrite(const boost::system::error_code& ec) {
  if (phase_ == Phase::kClosed) return;
  response_ = Response();
  if (ec || timed_out_) return Shutdown();
  if (close_after_write_ || close_requested_) return Linger();
  BeginRequest(false);
}

void Connection::Reject(int status, std::string_view type, std::string_view message) {
  keep_alive_ = false;
  head_method_ = false;
  version_ = parser_.header_done() ? parser_.version() : 11;
  Respond(ErrorResponse(status, type, message), true);
}

void Connection::OnTimeout() {
  const bool got_bytes = parser_.got_some() || begin_ < end_;
  if (phase_ == Phase::kBody) {
    return Reject(408, "RequestTimeoutException", "Timed out reading the request body");
  }
  if (phase_ == Phase::kHeader && got_bytes) {
    return Reject(408, "RequestTimeoutException", "Timed out reading the request header");
  }
  Shutdown();  // idle, or a connection that never sent a byte: close quietly
}

// After a final response on a connection we are closing: stop sending, then read and drop
// what the peer still sends (bounded in time and bytes), so that closing with unread input
// does not turn into a TCP reset that could destroy the response before the client reads it.
void Connection::Linger() {
  if (core_.stopping.load()) return Shutdown();
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  phase_ = Phase::kLinger;
  timed_out_ = false;
  lingered_ = 0;
  in_.resize(kInitialBuffer);
  in_.shrink_to_fit();
  begin_ = end_ = 0;
  SetDeadline(std::chrono::steady_clock::now() + kLingerTime);
  Read();
}

void Connection::Shutdown() {
  if (phase_ == Phase::kClosed) return;
  phase_ = Phase::kClosed;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  timer_.cancel();
  request_ = Request();
  TrackBody();
}

void Connection::SetDeadline(SteadyTime deadline) {
  deadline_ = deadline;
  if (deadline == SteadyTime::max()) return;
  if (timer_armed_ && timer_expiry_ <= deadline) return;  // fires first, then re-arms
  timer_armed_ = true;
  timer_expiry_ = deadline;
  const uint64_t id = ++wait_id_;
  timer_.expires_at(deadline);
  timer_.async_wait([self = shared_from_this(), id](const boost::system::error_code& ec) {
    self->OnTimer(ec, id);
  });
}

void Connection::OnTimer(const boost::system::error_code& ec, uint64_t wait_id) {
  if (wait_id != wait_id_) return;  // superseded by a later wait
  timer_armed_ = false;
  if (ec || phase_ == Phase::kClosed || deadline_ == SteadyTime::max()) return;
  if (std::chrono::steady_clock::now() < deadline_) {
    SetDeadline(deadline_);
    return;
  }
  timed_out_ = true;
  boost::system::error_code ignored;
  socket_.cancel(ignored);  // the pending read or write completes with operation_aborted
}

void Connection::TrackBody() {
  const size_t now = request_.body.capacity() > 15 ? request_.body.capacity() : 0;
  if (now == tracked_body_) return;
  core_.AdjustBuffered(tracked_body_, now);
  tracked_body_ = now;
}

}  // namespace sb::http::detail
