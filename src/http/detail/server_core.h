// Internal to src/http: the state an http::Server shares with its connections, the pool that
// runs blocking handlers, and one connection's state machine. Included only by src/http/*.cpp.
//
// Threads: each of the `threads` I/O threads runs an io_context of its own (an IoLoop), and
// each connection lives on one loop for its whole life, so its reads, writes and timer never
// run concurrently and need no strand; handlers run on the HandlerPool (HandlerThreads::kPool,
// or kInline requests that ServerOptions::to_pool picks) or inline on the loop (kInline).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/detail/delivery_queue.h"
#include "http/request_parser.h"
#include "http/server.h"

namespace sb::http::detail {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

// Threads that run blocking handler calls. Grows by one thread whenever a task arrives and
// no thread is idle, so every queued task starts at once; threads are kept until Stop().
class HandlerPool {
 public:
  HandlerPool() = default;
  ~HandlerPool() { Stop(); }
  void Post(std::function<void()> task);
  // Waits for running tasks; tasks not started yet are dropped. Idempotent.
  void Stop();

 private:
  void Work();
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool stopping_ = false;
};

class Connection;

// One I/O thread's event loop: an io_context that exactly one thread runs, and the queue that
// hands it the responses finished elsewhere. One loop per thread, rather than one io_context
// shared by all threads, means an epoll event wakes only the thread that will handle it
// (docs/engine.md, "Performance").
struct IoLoop {
  IoLoop() = default;
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;
  net::io_context ioc{1};  // concurrency hint: one thread runs it
  DeliveryQueue deliveries{ioc};
};

struct Core {
  Core(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}
  const ServerOptions options;
  const Handler handler;
  std::unique_ptr<HandlerPool> pool;  // null: HandlerThreads::kInline without to_pool
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> refused{0};
  std::atomic<size_t> buffered_body{0};
  std::atomic<size_t> peak_buffered_body{0};

  mutable std::mutex mu;
  std::condition_variable all_closed;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live;  // guarded by mu

  // Declared last, so destroyed first: handlers they still hold release their connections,
  // whose destructors use the members above. Never resized after the server starts.
  std::vector<std::unique_ptr<IoLoop>> loops;

  void AdjustBuffered(size_t before, size_t after);
  // Calls the handler behind the per-request exception barrier.
  Response Invoke(const Request& request) const;
  // ServerOptions::to_pool, behind the same barrier (a throw answers false).
  bool WantsPool(const Request& request) const;
  // The HeaderCheck, behind the same barrier.
  std::optional<Response> CheckHeader(const Request& head) const;
};

// One accepted connection. Created by the accept loop; keeps itself alive through the
// handlers it has pending; unregisters from Core::live when destroyed.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket` was accepted onto `loop`'s io_context.
  Connection(Core& core, IoLoop& loop, tcp::socket socket);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Registers with the core and starts reading. Call once, right after make_shared.
  void Start();
  // From any thread: close now, or right after the response of a running handler.
  void Close();

 private:
  enum class Phase { kIdle, kHeader, kBody, kHandler, kWrite, kLinger, kClosed };
  void BeginRequest(bool first);
  void Parse();
  void Read();
  void OnRead(const boost::system::error_code& ec, size_t n);
  bool OnHeader();  // false: the connection waits for a write it started
  void Dispatch();
  void Deliver(Response response);  // any thread: a handler's answer, back to its loop
  void Respond(Response response, bool force_close);
  void OnWrite(const boost::system::error_code& ec);
  void Reject(int status, std::string_view type, std::string_view message);
  void OnTimeout();
  void Linger();
  void Shutdown();
  void SetDeadline(SteadyTime deadline);
  void OnTimer(const boost::system::error_code& ec, uint64_t wait_id);
  void TrackBody();

  Core& core_;
  IoLoop& loop_;
  tcp::socket socket_;
  net::steady_timer timer_;
  RequestParser parser_;
  Request request_;
  std::string remote_address_;
  uint16_t remote_port_ = 0;
  std::vector<char> in_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool last_read_filled_ = false;  // the last read filled the buffer: more is coming fast
  Phase phase_ = Phase::kIdle;
  SteadyTime deadline_ = SteadyTime::max();
  SteadyTime timer_expiry_ = SteadyTime::max();
  bool timer_armed_ = false;
  uint64_t wait_id_ = 0;
  bool timed_out_ = false;
  bool close_requested_ = false;  // Close() or Stop() while a handler ran
  bool close_after_write_ = false;
  bool keep_alive_ = true;
  int version_ = 11;
  bool head_method_ = false;
  size_t tracked_body_ = 0;
  size_t lingered_ = 0;
  std::string out_head_;
  Response response_;
};

}  // namespace sb::http::detail
