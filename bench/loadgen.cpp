// sb-loadgen: a small closed-loop HTTP/1.1 load generator for DynamoDB-compatible endpoints.
//
// C keep-alive TCP connections each send requests back to back (one in flight per connection),
// timing each. T threads (default 1) drive them with epoll, as wrk does, so the generator's own
// CPU and wake-ups stay small next to the server's on a machine they share. Speaks just enough HTTP for DynamoDB's JSON protocol (Content-Length bodies).
// Requests carry a well-formed but unverified SigV4 Authorization header, which local engines
// accept by default. Prints one JSON line of results. Used by bench/run; not a test.
//
//   sb-loadgen --port P --op put|get|query|update|delete|batch [--concurrency C] [--seconds S]
//              [--keys K] [--table T] [--setup] [--stream VIEW_TYPE] [--threads T]
//
// --setup creates the table (with a stream of VIEW_TYPE unless it is "none"; default
// NEW_AND_OLD_IMAGES) and preloads K items. Operations on random items of the K:
//   put     PutItem of a whole item            get     GetItem
//   query   Query of one partition (Limit 10)  update  UpdateItem SET Score, UpdatedAt
//   batch   BatchWriteItem of 25 PutRequests (distinct keys); "items" counts them
//   delete  DeleteItem of items that exist: first preloads (untimed, BatchWriteItem) a fresh
//           key range this run alone deletes, each connection walking its own stride once
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
  int port = 8000;
  std::string op = "put";
  int concurrency = 1;
  double seconds = 3;
  int keys = 10000;
  std::string table = "BenchTable";
  bool setup = false;
  std::string stream = "NEW_AND_OLD_IMAGES";
  int threads = 1;
};

// Opens a TCP connection to 127.0.0.1:port with Nagle off.
int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
  }
  return fd;
}

// Takes one whole response (Content-Length framed) off the front of *buf: true with its
// status and body, false if it has not all arrived yet.
bool TakeResponse(std::string* buf, int* status, std::string* body) {
  const size_t header_end = buf->find("\r\n\r\n");
  if (header_end == std::string::npos) return false;
  // Content-Length, its name in any case, found in place (no copy of the head per response).
  size_t content_length = 0;
  constexpr std::string_view kName = "content-length:";
  for (size_t line = buf->find("\r\n"); line < header_end; line = buf->find("\r\n", line + 2)) {
    const size_t start = line + 2;
    if (start + kName.size() > header_end) break;
    bool match = true;
    for (size_t i = 0; i < kName.size() && match; ++i) {
      match = std::tolower(static_cast<unsigned char>((*buf)[start + i])) == kName[i];
    }
    if (match) {
      content_length = std::strtoul(buf->c_str() + start + kName.size(), nullptr, 10);
      break;
    }
  }
  const size_t total = header_end + 4 + content_length;
  if (buf->size() < total) return false;
  *status = std::atoi(buf->c_str() + 9);
  body->assign(*buf, header_end + 4, content_length);
  buf->erase(0, total);
  return true;
}

// A blocking connection, for set-up and preloads.
class Connection {
 public:
  explicit Connection(int port) : fd_(Connect(port)) {}
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends one request and reads one response; returns the HTTP status, body in *body.
  int RoundTrip(const std::string& request, std::string* body) {
    size_t off = 0;
    while (off < request.size()) {
      ssize_t n = ::send(fd_, request.data() + off, request.size() - off, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      off += static_cast<size_t>(n);
    }
    int status = 0;
    while (!TakeResponse(&buf_, &status, body)) {
      char tmp[65536];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) throw std::runtime_error("connection closed by server");
      buf_.append(tmp, static_cast<size_t>(n));
    }
    return status;
  }

 private:
  int fd_;
  std::string buf_;
};

std::string MakeRequest(int port, const std::string& op, const std::string& body) {
  std::string r;
  r.reserve(body.size() + 512);
  r += "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n";
  r += "Content-Type: application/x-amz-json-1.0\r\n";
  r += "X-Amz-Target: DynamoDB_20120810." + op + "\r\n";
  r += "X-Amz-Date: 20261125T000000Z\r\n";
  r += "Authorization: AWS4-HMAC-SHA256 Credential=bench/20261125/us-east-1/dynamodb/aws4_request, "
       "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
       "Signature=0000000000000000000000000000000000000000000000000000000000000000\r\n";
  r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  r += body;
  return r;
}

std::string Key(int i) { return "player" + std::to_string(i); }

std::string ItemJson(const std::string& pk, int i) {
  return "{\"PlayerId\":" + pk + ",\"GameId\":{\"S\":\"game" + std::to_string(i % 10) +
         "\"},\"Score\":{\"N\":\"" + std::to_string(i * 7 % 100000) +
         "\"},\"PlayerName\":{\"S\":\"Player " + std::to_string(i) + "\"}}";
}

// A BatchWriteItem of PutRequests for keys first, first+step, ... (`count` of them), under
// partition keys Key(i) or, with a prefix, prefix + i.
std::string BatchBody(const std::string& table, const std::string& prefix, int first, int step,
                      int count) {
  std::string b = "{\"RequestItems\":{\"" + table + "\":[";
  for (int n = 0; n < count; ++n) {
    const int i = first + n * step;
    const std::string pk = "{\"S\":\"" + (prefix.empty() ? Key(i) : prefix + std::to_string(i)) + "\"}";
    if (n > 0) b += ",";
    b += "{\"PutRequest\":{\"Item\":" + ItemJson(pk, i) + "}}";
  }
  return b + "]}}";
}

std::string BodyFor(const Options& o, const std::string& op, int i) {
  const std::string pk = "{\"S\":\"" + Key(i) + "\"}";
  if (op == "PutItem") {
    return "{\"TableName\":\"" + o.table + "\",\"Item\":" + ItemJson(pk, i) + "}";
  }
  if (op == "UpdateItem") {
    return "{\"TableName\":\"" + o.table + "\",\"Key\":{\"PlayerId\":" + pk +
           ",\"GameId\":{\"S\":\"game" + std::to_string(i % 10) +
           "\"}},\"UpdateExpression\":\"SET Score = :s, UpdatedAt = :t\","
           "\"ExpressionAttributeValues\":{\":s\":{\"N\":\"" + std::to_string(i * 13 % 100000) +
           "\"},\":t\":{\"N\":\"" + std::to_string(1764000000 + i) + "\"}}}";
  }
  if (op == "GetItem") {
    return "{\"TableName\":\"" + o.table + "\",\"Key\":{\"PlayerId\":" + pk +
           ",\"GameId\":{\"S\":\"game" + std::to_string(i % 10) + "\"}}}";
  }
  // Query: one player's items (a partition), as a leaderboard lookup by player would.
  return "{\"TableName\":\"" + o.table +
         "\",\"KeyConditionExpression\":\"PlayerId = :p\",\"ExpressionAttributeValues\":"
         "{\":p\":" + pk + "},\"Limit\":10}";
}

bool g_stream_enabled = false;  // set by Setup: DescribeTable showed a LatestStreamArn

void Check(int status, const std::string& body, const char* what) {
  if (status != 200) throw std::runtime_error(std::string(what) + " failed: " + body);
}

void Setup(const Options& o) {
  Connection c(o.port);
  std::string body;
  std::string stream;
  if (o.stream != "none") {
    stream = ",\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"" + o.stream +
             "\"}";
  }
  std::string create =
      "{\"TableName\":\"" + o.table +
      "\",\"BillingMode\":\"PAY_PER_REQUEST\",\"AttributeDefinitions\":[{\"AttributeName\":"
      "\"PlayerId\",\"AttributeType\":\"S\"},{\"AttributeName\":\"GameId\",\"AttributeType\":"
      "\"S\"}],\"KeySchema\":[{\"AttributeName\":\"PlayerId\",\"KeyType\":\"HASH\"},"
      "{\"AttributeName\":\"GameId\",\"KeyType\":\"RANGE\"}]" + stream + "}";
  int status = c.RoundTrip(MakeRequest(o.port, "CreateTable", create), &body);
  if (status != 200 && body.find("ResourceInUse") == std::string::npos) {
    throw std::runtime_error("CreateTable failed: " + body);
  }
  // dynalite creates tables asynchronously: wait for ACTIVE.
  for (int i = 0; i < 200; ++i) {
    c.RoundTrip(MakeRequest(o.port, "DescribeTable", "{\"TableName\":\"" + o.table + "\"}"), &body);
    if (body.find("\"TableStatus\":\"ACTIVE\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // dynalite accepts StreamSpecification but keeps no stream: say so in the results.
  g_stream_enabled = body.find("LatestStreamArn") != std::string::npos;
  for (int i = 0; i < o.keys; i += 25) {
    const int n = std::min(25, o.keys - i);
    status = c.RoundTrip(MakeRequest(o.port, "BatchWriteItem", BatchBody(o.table, "", i, 1, n)), &body);
    Check(status, body, "preload BatchWriteItem");
    if (body.find("\"UnprocessedItems\":{}") == std::string::npos) {
      throw std::runtime_error("preload left unprocessed items: " + body);
    }
  }
}

// The delete run's own items: `count` keys under `prefix`, written by C connections at once.
void PreloadForDelete(const Options& o, const std::string& prefix, int count) {
  std::vector<std::thread> threads;
  std::atomic<bool> failed{false};
  for (int t = 0; t < o.concurrency; ++t) {
    threads.emplace_back([&, t] {
      try {
        Connection c(o.port);
        std::string body;
        const int step = o.concurrency;
        for (int first = t; first < count; first += 25 * step) {
          const int n = std::min(25, (count - first + step - 1) / step);
          Check(c.RoundTrip(MakeRequest(o.port, "BatchWriteItem",
                                        BatchBody(o.table, prefix, first, step, n)),
                            &body),
                body, "delete preload");
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "sb-loadgen: %s\n", e.what());
        failed = true;
      }
    });
  }
  for (auto& th : threads) th.join();
  if (failed) throw std::runtime_error("delete preload failed");
}

std::string OpName(const std::string& op) {
  if (op == "put") return "PutItem";
  if (op == "get") return "GetItem";
  if (op == "query") return "Query";
  if (op == "update") return "UpdateItem";
  if (op == "delete") return "DeleteItem";
  return "BatchWriteItem";
}

// One connection of the timed run, with one request in flight at a time (a closed loop).
struct Client {
  int fd = -1;
  std::string out;  // the request being sent
  size_t sent = 0;
  std::string in;   // bytes of the response received so far
  std::chrono::steady_clock::time_point t0;
  std::mt19937 rng;
  int next_delete = 0;  // delete: this connection's next key of its stride
  bool done = false;
};

// What the timed run's threads share.
struct RunState {
  const Options* o = nullptr;
  std::string op;
  std::string del_prefix;
  int del_keys = 0;
  std::atomic<bool> stop{false};
  std::atomic<long> errors{0};
  std::atomic<int> finished{0};  // threads whose connections are all done
  std::mutex error_mu;
  std::string first_error;

  void Fail(const std::string& what) {
    ++errors;
    std::lock_guard<std::mutex> lock(error_mu);
    if (first_error.empty()) first_error = what.empty() ? "(empty)" : what;
  }
};

constexpr int kBatch = 25;

// The next request of client c, or false when its delete stride is done.
bool NextRequest(RunState& s, Client& c) {
  const Options& o = *s.o;
  std::uniform_int_distribution<int> pick(0, o.keys - 1);
  if (o.op == "delete") {
    if (c.next_delete >= s.del_keys) return false;
    const int i = c.next_delete;
    c.next_delete += o.concurrency;
    c.out = MakeRequest(o.port, s.op,
                        "{\"TableName\":\"" + o.table + "\",\"Key\":{\"PlayerId\":{\"S\":\"" +
                            s.del_prefix + std::to_string(i) + "\"},\"GameId\":{\"S\":\"game" +
                            std::to_string(i % 10) + "\"}},\"ReturnValues\":\"ALL_OLD\"}");
  } else if (o.op == "batch") {
    // 25 distinct keys: a random start, stepping by a stride that cannot repeat.
    const int first = pick(c.rng) % std::max(1, o.keys - kBatch * 7);
    c.out = MakeRequest(o.port, s.op, BatchBody(o.table, "", first, 7, kBatch));
  } else {
    c.out = MakeRequest(o.port, s.op, BodyFor(o, s.op, pick(c.rng)));
  }
  c.sent = 0;
  return true;
}

// Sends what is left of c's request without blocking; false if the socket failed.
bool SendSome(Client& c) {
  while (c.sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n <= 0) return false;
    c.sent += static_cast<size_t>(n);
  }
  return true;
}

void Watch(int epoll_fd, int op, Client& c) {
  epoll_event ev{};
  ev.events = EPOLLIN | (c.sent < c.out.size() ? EPOLLOUT : 0u);
  ev.data.ptr = &c;
  ::epoll_ctl(epoll_fd, op, c.fd, &ev);
}

// One thread of the timed run: drives its clients with epoll, like wrk, so that a run at 32
// connections costs the machine one load-generating thread rather than 32 that each wake per
// response. Appends every latency (ns) to *lat.
void Drive(RunState& s, std::vector<Client>& clients, std::vector<int64_t>* lat) {
  const int epoll_fd = ::epoll_create1(0);
  int open = 0;
  auto finish = [&](Client& c) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    c.done = true;
    --open;
  };
  for (auto& c : clients) {
    ++open;
    if (!NextRequest(s, c)) {
      c.done = true;
      --open;
      continue;
    }
    c.t0 = std::chrono::steady_clock::now();
    if (!SendSome(c)) {
      s.Fail("send failed");
      c.done = true;
      --open;
      continue;
    }
    Watch(epoll_fd, EPOLL_CTL_ADD, c);
  }
  std::vector<epoll_event> events(clients.size() + 1);
  std::string body;
  while (open > 0 && !s.stop.load(std::memory_order_relaxed)) {
    const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 5);
    for (int e = 0; e < n; ++e) {
      Client& c = *static_cast<Client*>(events[static_cast<size_t>(e)].data.ptr);
      if (c.done) continue;
      if (events[static_cast<size_t>(e)].events & EPOLLOUT) {
        if (!SendSome(c)) {
          s.Fail("send failed");
          finish(c);
          continue;
        }
        if (c.sent == c.out.size()) Watch(epoll_fd, EPOLL_CTL_MOD, c);
      }
      if (!(events[static_cast<size_t>(e)].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      char tmp[65536];
      const ssize_t got = ::recv(c.fd, tmp, sizeof tmp, 0);
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (got <= 0) {
        s.Fail("connection closed by server");
        finish(c);
        continue;
      }
      c.in.append(tmp, static_cast<size_t>(got));
      int status = 0;
      if (!TakeResponse(&c.in, &status, &body)) continue;
      const auto t1 = std::chrono::steady_clock::now();
      lat->push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - c.t0).count());
      const std::string& op = s.o->op;
      if (status != 200 || (op == "delete" && body.find("\"Attributes\"") == std::string::npos) ||
          (op == "batch" && body.find("\"UnprocessedItems\":{}") == std::string::npos)) {
        s.Fail(body);
      }
      if (!NextRequest(s, c)) {
        finish(c);
        continue;
      }
      c.t0 = std::chrono::steady_clock::now();
      if (!SendSome(c)) {
        s.Fail("send failed");
        finish(c);
        continue;
      }
      if (c.sent < c.out.size()) Watch(epoll_fd, EPOLL_CTL_MOD, c);
    }
  }
  for (auto& c : clients) ::close(c.fd);
  ::close(epoll_fd);
  ++s.finished;
}

int Run(const Options& o) {
  if (o.setup) Setup(o);
  RunState s;
  s.o = &o;
  s.op = OpName(o.op);
  // Delete: a fresh key range per run, enough for the run at a high rate.
  s.del_prefix = "del" + std::to_string(::getpid()) + "-";
  s.del_keys = std::max(o.keys, static_cast<int>(60000 * o.seconds));
  if (o.op == "delete") PreloadForDelete(o, s.del_prefix, s.del_keys);
  const int threads = std::min(o.threads, o.concurrency);
  std::vector<std::vector<Client>> clients(static_cast<size_t>(threads));
  for (int i = 0; i < o.concurrency; ++i) {
    Client c;
    c.fd = Connect(o.port);
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    c.rng.seed(static_cast<unsigned>(i * 7919 + 1));
    c.next_delete = i;
    clients[static_cast<size_t>(i % threads)].push_back(std::move(c));
  }
  std::vector<std::vector<int64_t>> latencies(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    latencies[static_cast<size_t>(t)].reserve(1 << 21);
    workers.emplace_back(Drive, std::ref(s), std::ref(clients[static_cast<size_t>(t)]),
                         &latencies[static_cast<size_t>(t)]);
  }
  const auto until = start + std::chrono::duration<double>(o.seconds);
  while (std::chrono::steady_clock::now() < until && s.finished.load() < threads) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  s.stop = true;
  for (auto& w : workers) w.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<int64_t> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) -> double {
    if (all.empty()) return 0;
    size_t i = std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())));
    return static_cast<double>(all[i]) / 1000.0;
  };
  const double rps = static_cast<double>(all.size()) / elapsed;
  std::printf(
      "{\"op\":\"%s\",\"concurrency\":%d,\"threads\":%d,\"requests\":%zu,\"seconds\":%.3f,"
      "\"rps\":%.0f,\"items_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"errors\":%ld,"
      "\"stream\":%s}\n",
      s.op.c_str(), o.concurrency, threads, all.size(), elapsed, rps,
      o.op == "batch" ? rps * kBatch : rps, pct(0.50), pct(0.99), s.errors.load(),
      o.setup ? (g_stream_enabled ? "true" : "false") : "null");
  if (s.errors.load() > 0) {
    std::fprintf(stderr, "sb-loadgen: %ld errors; first: %s\n", s.errors.load(),
                 s.first_error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sb-loadgen: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--port") o.port = std::atoi(next().c_str());
    else if (a == "--op") o.op = next();
    else if (a == "--concurrency") o.concurrency = std::max(1, std::atoi(next().c_str()));
    else if (a == "--seconds") o.seconds = std::atof(next().c_str());
    else if (a == "--keys") o.keys = std::max(1, std::atoi(next().c_str()));
    else if (a == "--table") o.table = next();
    else if (a == "--setup") o.setup = true;
    else if (a == "--stream") o.stream = next();
    else if (a == "--threads") o.threads = std::max(1, std::atoi(next().c_str()));
    else {
      std::fprintf(stderr, "sb-loadgen: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.op != "put" && o.op != "get" && o.op != "query" && o.op != "update" &&
      o.op != "delete" && o.op != "batch") {
    std::fprintf(stderr, "sb-loadgen: --op must be put, get, query, update, delete or batch\n");
    return 2;
  }
  try {
    return Run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sb-loadgen: %s\n", e.what());
    return 1;
  }
}
