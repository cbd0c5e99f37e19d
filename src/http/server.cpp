// The server: one accept thread plus a growing pool of connection threads.
//
// Why threads and blocking sockets rather than an async io_context: the Handler may block
// (SQLite, a long-poll), and a blocked handler must not stall other connections. A connection
// is served start to finish by one pool thread (read, parse, handle, write), which is also the
// cheapest path per request on keep-alive connections: one recv and one sendmsg, no hand-off.
// The pool keeps `threads` idle workers and grows by one whenever a connection arrives and no
// worker is idle; extra workers retire when they go idle. Worker stacks are small
// (ServerOptions::thread_stack_bytes, virtual memory until touched), so thousands of open
// connections are fine.
//
// Stop(): shutdown() of the listening socket wakes accept(); shutdown() of every served
// socket wakes its blocked recv(); a handler that is running finishes, its response write
// fails quietly, and every thread is joined.
#include "http/server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <boost/beast/http/status.hpp>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/log.h"
#include "http/request_parser.h"

namespace sb::http {

namespace {

constexpr size_t kReadChunk = 16 * 1024;

std::string ErrnoText(int err) { return std::string(std::strerror(err)); }

// Sends every byte of the two buffers. False on any error (peer gone, Stop()).
bool SendAll(int fd, std::string_view head, std::string_view body) {
  iovec iov[2];
  iov[0] = {const_cast<char*>(head.data()), head.size()};
  iov[1] = {const_cast<char*>(body.data()), body.size()};
  int first = 0;
  const int count = body.empty() ? 1 : 2;
  while (first < count) {
    msghdr msg{};
    msg.msg_iov = iov + first;
    msg.msg_iovlen = static_cast<size_t>(count - first);
    ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    auto left = static_cast<size_t>(n);
    while (first < count && left >= iov[first].iov_len) {
      left -= iov[first].iov_len;
      ++first;
    }
    if (first < count) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return true;
}

void AppendNumber(std::string& out, size_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

std::string_view ReasonPhrase(int status) {
  namespace bhttp = boost::beast::http;
  if (status < 100 || status > 999) return "Unknown";
  bhttp::status s = bhttp::int_to_status(static_cast<unsigned>(status));
  if (s == bhttp::status::unknown) return "Unknown";
  auto r = bhttp::obsolete_reason(s);
  return std::string_view(r.data(), r.size());
}

// After a final response on a connection we are closing: stop sending, then read and drop
// what the peer still sends (bounded), so that closing with unread input does not turn into a
// TCP reset that could destroy the response before the client reads it.
void LingeringClose(int fd) {
  ::shutdown(fd, SHUT_WR);
  timeval tv{};
  tv.tv_sec = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char sink[16 * 1024];
  size_t total = 0;
  while (total < (64u << 20)) {
    ssize_t n = ::recv(fd, sink, sizeof sink, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += static_cast<size_t>(n);
  }
}

class ThreadServer;

struct WorkerStart {
  ThreadServer* server;
  std::list<pthread_t>::iterator self;
};

class ThreadServer final : public Server {
 public:
  ThreadServer(ServerOptions options, Handler handler, int listen_fd, uint16_t port)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        listen_fd_(listen_fd),
        port_(port) {}

  ~ThreadServer() override { Stop(); }

  Status Launch() {
    const int idle = options_.threads > 0
                         ? options_.threads
                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    max_idle_ = static_cast<size_t>(idle);
    {
      std::lock_guard lock(mu_);
      for (size_t i = 0; i < max_idle_; ++i) {
        if (!SpawnWorkerLocked()) return MakeError("thread", "cannot start server worker thread");
      }
    }
    if (!SpawnThread(&AcceptMain, this, &acceptor_)) {
      return MakeError("thread", "cannot start server accept thread");
    }
    acceptor_started_ = true;
    return {};
  }

  uint16_t port() const override { return port_; }

  void Stop() override {
    std::lock_guard stop_lock(stop_mu_);
    if (stopped_) return;
    stopped_ = true;
    stopping_.store(true);
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes a blocked accept()
    if (acceptor_started_) pthread_join(acceptor_, nullptr);
    ::close(listen_fd_);
    std::list<pthread_t> workers;
    {
      std::lock_guard lock(mu_);
      for (int fd : active_fds_) ::shutdown(fd, SHUT_RDWR);  // wakes blocked reads
      for (int fd : pending_) ::close(fd);
      pending_.clear();
      workers.swap(workers_);
      workers.insert(workers.end(), exited_.begin(), exited_.end());
      exited_.clear();
      cv_.notify_all();
    }
    for (pthread_t t : workers) pthread_join(t, nullptr);
  }

 private:
  static void* AcceptMain(void* arg) {
    static_cast<ThreadServer*>(arg)->AcceptLoop();
    return nullptr;
  }
  static void* WorkerMain(void* arg) {
    auto* start = static_cast<WorkerStart*>(arg);
    ThreadServer* server = start->server;
    auto self = start->self;
    delete start;
    server->WorkerLoop(self);
    return nullptr;
  }

  bool SpawnThread(void* (*fn)(void*), void* arg, pthread_t* out) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, std::max<size_t>(options_.thread_stack_bytes, 64 * 1024));
    int rc = pthread_create(out, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    return rc == 0;
  }

  // REQUIRES: mu_ held.
  bool SpawnWorkerLocked() {
    workers_.emplace_front();
    auto it = workers_.begin();
    auto* start = new WorkerStart{this, it};
    if (!SpawnThread(&WorkerMain, start, &*it)) {
      delete start;
      workers_.erase(it);
      return false;
    }
    return true;
  }

  void AcceptLoop() {
    while (!stopping_.load()) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (stopping_.load()) break;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        continue;  // EINTR, ECONNABORTED and other per-connection errors
      }
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::vector<pthread_t> to_join;
      {
        std::lock_guard lock(mu_);
        if (stopping_.load()) {
          ::close(fd);
          break;
        }
        pending_.push_back(fd);
        if (idle_ < pending_.size() && !SpawnWorkerLocked()) {
          log::Error("http",
                     "cannot start a connection thread; connection waits for a free worker");
        }
        cv_.notify_one();
        to_join.swap(exited_);
      }
      for (pthread_t t : to_join) pthread_join(t, nullptr);
    }
  }

  void WorkerLoop(std::list<pthread_t>::iterator self) {
    for (;;) {
      int fd;
      {
        std::unique_lock lock(mu_);
        ++idle_;
        cv_.wait(lock, [&] { return stopping_.load() || !pending_.empty(); });
        --idle_;
        if (stopping_.load()) return;  // Stop() joins us
        fd = pending_.front();
        pending_.pop_front();
        active_fds_.insert(fd);
      }
      Serve(fd);
      {
        std::lock_guard lock(mu_);
        active_fds_.erase(fd);
        ::close(fd);
        if (stopping_.load()) return;
        if (idle_ >= max_idle_) {
          // Retire: the accept thread joins us later (or Stop() does).
          exited_.push_back(*self);
          workers_.erase(self);
          return;
        }
      }
    }
  }

  static std::string PeerAddress(int fd, uint16_t* port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      *port = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
      ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
    } else if (addr.ss_family == AF_INET6) {
      *port = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
      ::inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr, text, sizeof text);
    }
    return text;
  }

  // Runs the handler behind the per-request exception barrier.
  Response Invoke(const Request& request) {
    try {
      return handler_(request);
    } catch (const std::exception& e) {
      log::Error("http", std::string("handler threw: ") + e.what());
    } catch (...) {
      log::Error("http", "handler threw a non-standard exception");
    }
    return InternalErrorResponse();
  }

  // Serves one connection until it closes, errs, or the server stops.
  void Serve(int fd) {
    Request request;
    request.remote_address = PeerAddress(fd, &request.remote_port);
    RequestParser parser(options_.max_body_bytes);
    std::vector<char> in(kReadChunk);
    size_t begin = 0;
    size_t end = 0;
    std::string head;
    head.reserve(512);
    while (!stopping_.load()) {
      parser.Reset(&request);
      RequestParser::Status status = RequestParser::Status::kNeedMore;
      for (;;) {
        if (begin < end) {
          size_t used = 0;
          status = parser.Feed(std::string_view(in.data() + begin, end - begin), &used);
          begin += used;
          if (status != RequestParser::Status::kNeedMore) break;
        }
        // Need more bytes: compact, grow if full, then read.
        if (begin == end) {
          begin = end = 0;
        } else if (begin > 0) {
          std::memmove(in.data(), in.data() + begin, end - begin);
          end -= begin;
          begin = 0;
        }
        if (end == in.size()) in.resize(in.size() * 2);
        ssize_t n = ::recv(fd, in.data() + end, in.size() - end, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // peer closed (possibly mid-request), error, or Stop()
        end += static_cast<size_t>(n);
      }
      if (status == RequestParser::Status::kBadRequest) {
        SendAll(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                {});
        LingeringClose(fd);
        return;
      }
      if (status == RequestParser::Status::kBodyTooLarge) {
        SendAll(fd,
                "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                {});
        LingeringClose(fd);
        return;
      }
      Response response = Invoke(request);
      bool close = !parser.keep_alive() || stopping_.load();
      if (auto c = response.headers.Get("Connection"); c && EqualsIgnoreCase(*c, "close"))
        close = true;
      const bool http10 = parser.version() == 10;
      head.clear();
      head.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
      AppendNumber(head, static_cast<size_t>(response.status));
      head.push_back(' ');
      head.append(ReasonPhrase(response.status));
      head.append("\r\n");
      for (const auto& [name, value] : response.headers.all()) {
        if (EqualsIgnoreCase(name, "Content-Length") ||
            EqualsIgnoreCase(name, "Transfer-Encoding") || EqualsIgnoreCase(name, "Connection")) {
          continue;
        }
        head.append(name).append(": ").append(value).append("\r\n");
      }
      head.append("Content-Length: ");
      AppendNumber(head, response.body.size());
      head.append("\r\n");
      if (close) {
        head.append("Connection: close\r\n");
      } else if (http10) {
        head.append("Connection: keep-alive\r\n");
      }
      head.append("\r\n");
      const bool send_body = request.method != "HEAD";
      if (!SendAll(fd, head, send_body ? std::string_view(response.body) : std::string_view()))
        return;
      if (close) {
        LingeringClose(fd);
        return;
      }
    }
  }

  const ServerOptions options_;
  const Handler handler_;
  const int listen_fd_;
  const uint16_t port_;
  size_t max_idle_ = 1;

  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  bool stopped_ = false;  // guarded by stop_mu_
  pthread_t acceptor_{};
  bool acceptor_started_ = false;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int> pending_;             // accepted, waiting for a worker
  std::unordered_set<int> active_fds_;  // being served; Stop() shuts them down
  std::list<pthread_t> workers_;        // live worker threads
  std::vector<pthread_t> exited_;       // retired workers still to be joined
  size_t idle_ = 0;                     // workers waiting for a connection
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
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port_text = std::to_string(options.port);
  int rc = ::getaddrinfo(options.host.empty() ? nullptr : options.host.c_str(), port_text.c_str(),
                         &hints, &found);
  if (rc != 0)
    return MakeError("bind", "cannot resolve " + options.host + ": " + ::gai_strerror(rc));
  std::string last_error = "no address";
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = ErrnoText(errno);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) break;
    last_error = ErrnoText(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    return MakeError("bind",
                     "cannot listen on " + options.host + ":" + port_text + ": " + last_error);
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  uint16_t port = bound.ss_family == AF_INET6
                      ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                      : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  auto server = std::make_unique<ThreadServer>(options, std::move(handler), fd, port);
  Status started = server->Launch();
  if (!started.ok()) return started.error();  // the destructor stops what did start
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace sb::http
