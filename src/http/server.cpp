// The server: a listening socket and `threads` I/O threads, each running an event loop of its
// own (detail::IoLoop); the accept loop hands new connections to the loops in turn, and a
// connection stays on its loop (src/http/connection.cpp).
//
// Why asynchronous I/O: a connection that is idle or stalled costs a few kilobytes and a
// timer, not a thread, so thousands of them cannot starve the legitimate ones, and the
// header/body/idle deadlines can be enforced. Handlers that may block (long polls) run on a
// separate pool (HandlerThreads::kPool) so they never hold an I/O thread.
//
// Stop(): close the listener, ask every connection to close (one with a running handler
// closes right after its response), wait for the handler pool, then for the connections to
// go (bounded), and join the I/O threads.
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <exception>

#include "base/log.h"
#include "http/detail/server_core.h"
#include "http/error_response.h"

namespace sb::http {

namespace detail {

void HandlerPool::Post(std::function<void()> task) {
  std::lock_guard lock(mu_);
  if (stopping_) return;
  tasks_.push_back(std::move(task));
  if (idle_ < tasks_.size()) {
    try {
      threads_.emplace_back([this] { Work(); });
    } catch (const std::system_error& e) {
      log::Error("http", std::string("cannot start a handler thread: ") + e.what());
    }
  }
  cv_.notify_one();
}

void HandlerPool::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    cv_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
    --idle_;
    if (stopping_) return;
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    task = nullptr;  // drop what it holds (a connection) before waiting again
    lock.lock();
  }
}

void HandlerPool::Stop() {
  std::vector<std::thread> threads;
  std::deque<std::function<void()>> dropped;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
    dropped.swap(tasks_);
  }
  cv_.notify_all();
  for (auto& t : threads) t.join();
}

void Core::AdjustBuffered(size_t before, size_t after) {
  if (after >= before) {
    size_t now = buffered_body.fetch_add(after - before) + (after - before);
    size_t peak = peak_buffered_body.load();
    while (now > peak && !peak_buffered_body.compare_exchange_weak(peak, now)) {
    }
  } else {
    buffered_body.fetch_sub(before - after);
  }
}

Response Core::Invoke(const Request& request) const {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    log::Error("http", std::string("handler threw: ") + e.what());
  } catch (...) {
    log::Error("http", "handler threw a non-standard exception");
  }
  return InternalErrorResponse();
}

bool Core::WantsPool(const Request& request) const {
  try {
    return options.to_pool && options.to_pool(request);
  } catch (...) {
    return false;
  }
}

std::optional<Response> Core::CheckHeader(const Request& head) const {
  try {
    return options.header_check(head);
  } catch (const std::exception& e) {
    log::Error("http", std::string("header check threw: ") + e.what());
  } catch (...) {
    log::Error("http", "header check threw a non-standard exception");
  }
  return InternalErrorResponse();
}

}  // namespace detail

namespace {

using detail::net::ip::tcp;
namespace net = detail::net;

// Answers 503 on a connection over the limit and closes it, without a Connection object:
// the socket is fresh, so the small response fits its send buffer.
void Refuse(tcp::socket& socket, const std::string& server_name) {
  static const std::string body =
      ErrorResponse(503, "ServiceUnavailableException", "Too many open connections; retry later")
          .body;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[40];
  const size_t date_length = std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  std::string wire = "HTTP/1.1 503 Service Unavailable\r\nServer: " + server_name + "\r\nDate: ";
  wire.append(date, date_length);
  wire += "\r\nContent-Type: application/x-amz-json-1.0\r\nConnection: close\r\n";
  wire += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  const int fd = socket.native_handle();
  (void)::send(fd, wire.data(), wire.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(fd, SHUT_WR);
  char sink[4096];
  while (::recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0) {
  }
  boost::system::error_code ignored;
  socket.close(ignored);
}

// Raises the soft open-file limit so that `connections` sockets fit (up to the hard limit).
void RaiseFileLimit(size_t connections) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  const rlim_t want = static_cast<rlim_t>(connections) + 256;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < want) {
    lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? want : std::min(want, lim.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// Puts the calling I/O thread under SCHED_BATCH: the same CPU share as any thread, but a wake-up
// (a request arriving) does not preempt the thread running on that core. The clients of a
// local server share its cores; preempting one at each request broke its bursts of sends
// into one wake-up per request (docs/engine.md, "Performance"). A refusal only costs speed.
void ScheduleAsBatch() {
  sched_param param{};
  if (::sched_setscheduler(0, SCHED_BATCH, &param) != 0) {
    log::Debug("http", std::string("SCHED_BATCH refused: ") + std::strerror(errno));
  }
}

class AsyncServer final : public Server {
 public:
  AsyncServer(const ServerOptions& options, Handler handler)
      : core_(options, std::move(handler)),
        acceptor_(MakeLoops(core_)),
        retry_(acceptor_.get_executor()) {
    if (options.handler_threads == HandlerThreads::kPool || options.to_pool) {
      core_.pool = std::make_unique<detail::HandlerPool>();
    }
    for (auto& loop : core_.loops) work_.push_back(net::make_work_guard(loop->ioc));
  }
  ~AsyncServer() override { Stop(); }

  Status Listen() {
    boost::system::error_code ec;
    auto address = net::ip::make_address(core_.options.host, ec);
    if (ec) {
      tcp::resolver resolver(acceptor_.get_executor());
      auto found = resolver.resolve(core_.options.host, "", ec);
      if (ec || found.empty()) {
        return MakeError("bind", "cannot resolve " + core_.options.host + ": " + ec.message());
      }
      address = found.begin()->endpoint().address();
    }
    tcp::endpoint endpoint(address, core_.options.port);
    const std::string where = core_.options.host + ":" + std::to_string(core_.options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return MakeError("bind", "cannot listen on " + where + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    RaiseFileLimit(core_.options.max_connections);
    return {};
  }

  void Run() {
    Accept();
    for (auto& loop : core_.loops) {
      threads_.emplace_back([&ioc = loop->ioc] {
        ScheduleAsBatch();
        ioc.run();
      });
    }
  }

  uint16_t port() const override { return port_; }

  ServerStats stats() const override {
    ServerStats s;
    {
      std::lock_guard lock(core_.mu);
      s.open_connections = core_.live.size();
    }
    s.refused_connections = core_.refused.load();
    s.buffered_body_bytes = core_.buffered_body.load();
    s.peak_buffered_body_bytes = core_.peak_buffered_body.load();
    return s;
  }

  void Stop() override {
    std::lock_guard stop_lock(stop_mu_);
    if (stopped_) return;
    stopped_ = true;
    core_.stopping.store(true);
    net::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      retry_.cancel();
    });
    CloseAll();
    if (core_.pool) core_.pool->Stop();
    {
      // Connections close promptly once asked; the bound only guards against a bug.
      std::unique_lock lock(core_.mu);
      core_.all_closed.wait_for(lock, std::chrono::seconds(5), [&] { return core_.live.empty(); });
    }
    for (auto& work : work_) work.reset();
    for (auto& loop : core_.loops) loop->ioc.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  // Creates the I/O loops (one per I/O thread) and returns the executor of the first, which
  // also runs the accept loop.
  static net::any_io_executor MakeLoops(detail::Core& core) {
    const int n = core.options.threads > 0
                      ? core.options.threads
                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 0; i < n; ++i) core.loops.push_back(std::make_unique<detail::IoLoop>());
    return core.loops.front()->ioc.get_executor();
  }

  void CloseAll() {
    std::vector<std::shared_ptr<detail::Connection>> open;
    {
      std::lock_guard lock(core_.mu);
      for (auto& [raw, weak] : core_.live) {
        if (auto c = weak.lock()) open.push_back(std::move(c));
      }
    }
    for (auto& c : open) c->Close();
  }

  // The next connection goes to the next loop in turn.
  void Accept() {
    detail::IoLoop& loop = *core_.loops[next_loop_];
    next_loop_ = (next_loop_ + 1) % core_.loops.size();
    acceptor_.async_accept(loop.ioc, [this, &loop](const boost::system::error_code& ec,
                                                   tcp::socket socket) {
      OnAccept(loop, ec, std::move(socket));
    });
  }

  void OnAccept(detail::IoLoop& loop, const boost::system::error_code& ec, tcp::socket socket) {
    if (core_.stopping.load()) return;
    if (ec) {
      // Out of descriptors or memory: wait a little instead of spinning; other errors
      // concern one connection only.
      const bool exhausted = ec == net::error::no_descriptors || ec == net::error::no_memory ||
                             ec == net::error::no_buffer_space;
      retry_.expires_after(std::chrono::milliseconds(exhausted ? 10 : 0));
      retry_.async_wait([this](const boost::system::error_code& wait_ec) {
        if (!wait_ec && !core_.stopping.load()) Accept();
      });
      return;
    }
    size_t open;
    {
      std::lock_guard lock(core_.mu);
      open = core_.live.size();
    }
    if (open >= core_.options.max_connections) {
      core_.refused.fetch_add(1);
      Refuse(socket, core_.options.server_name);
    } else {
      std::make_shared<detail::Connection>(core_, loop, std::move(socket))->Start();
    }
    Accept();
  }

  detail::Core core_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  size_t next_loop_ = 0;  // on the accept loop only
  uint16_t port_ = 0;
  std::mutex stop_mu_;
  bool stopped_ = false;
};

}  // namespace

Response InternalErrorResponse() {
  Response r;
  r.status = 500;
  r.headers.Add("Content-Type", "application/x-amz-json-1.0");
  r.body = kInternalErrorBody;
  return r;
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  auto server = std::make_unique<AsyncServer>(options, std::move(handler));
  Status listening = server->Listen();
  if (!listening.ok()) return listening.error();
  server->Run();
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace sb::http
