// sb-loadgen: a small closed-loop HTTP/1.1 load generator for DynamoDB-compatible endpoints.
//
// Each of C threads holds one keep-alive TCP connection and sends requests back to back,
// timing each. Speaks just enough HTTP for DynamoDB's JSON protocol (Content-Length bodies).
// Requests carry a well-formed but unverified SigV4 Authorization header, which local engines
// accept by default. Prints one JSON line of results. Used by bench/run; not a test.
//
//   sb-loadgen --port P --op put|get|query [--concurrency C] [--seconds S] [--keys K]
//              [--table T] [--setup]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
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
};

class Connection {
 public:
  explicit Connection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + " failed");
    }
  }
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
    for (;;) {
      size_t header_end = buf_.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        size_t content_length = 0;
        std::string head = buf_.substr(0, header_end);
        for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t cl = head.find("content-length:");
        if (cl != std::string::npos) content_length = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
        size_t total = header_end + 4 + content_length;
        if (buf_.size() >= total) {
          int status = std::atoi(buf_.c_str() + 9);
          body->assign(buf_, header_end + 4, content_length);
          buf_.erase(0, total);
          return status;
        }
      }
      char tmp[65536];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n <= 0) throw std::runtime_error("connection closed by server");
      buf_.append(tmp, static_cast<size_t>(n));
    }
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

std::string BodyFor(const Options& o, const std::string& op, int i) {
  const std::string pk = "{\"S\":\"" + Key(i) + "\"}";
  if (op == "PutItem") {
    return "{\"TableName\":\"" + o.table + "\",\"Item\":{\"PlayerId\":" + pk +
           ",\"GameId\":{\"S\":\"game" + std::to_string(i % 10) + "\"},\"Score\":{\"N\":\"" +
           std::to_string(i * 7 % 100000) + "\"},\"PlayerName\":{\"S\":\"Player " +
           std::to_string(i) + "\"}}}";
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

void Setup(const Options& o) {
  Connection c(o.port);
  std::string body;
  std::string create =
      "{\"TableName\":\"" + o.table +
      "\",\"BillingMode\":\"PAY_PER_REQUEST\",\"AttributeDefinitions\":[{\"AttributeName\":"
      "\"PlayerId\",\"AttributeType\":\"S\"},{\"AttributeName\":\"GameId\",\"AttributeType\":"
      "\"S\"}],\"KeySchema\":[{\"AttributeName\":\"PlayerId\",\"KeyType\":\"HASH\"},"
      "{\"AttributeName\":\"GameId\",\"KeyType\":\"RANGE\"}]}";
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
  for (int i = 0; i < o.keys; ++i) {
    status = c.RoundTrip(MakeRequest(o.port, "PutItem", BodyFor(o, "PutItem", i)), &body);
    if (status != 200) throw std::runtime_error("preload PutItem failed: " + body);
  }
}

int Run(const Options& o) {
  if (o.setup) Setup(o);
  const std::string op = o.op == "put" ? "PutItem" : o.op == "get" ? "GetItem" : "Query";
  std::atomic<bool> stop{false};
  std::atomic<long> errors{0};
  std::vector<std::vector<int64_t>> latencies(static_cast<size_t>(o.concurrency));
  std::vector<std::thread> threads;
  std::string first_error;
  std::atomic<bool> error_recorded{false};
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < o.concurrency; ++t) {
    threads.emplace_back([&, t] {
      try {
        Connection c(o.port);
        std::mt19937 rng(static_cast<unsigned>(t * 7919 + 1));
        std::uniform_int_distribution<int> pick(0, o.keys - 1);
        std::string body;
        auto& lat = latencies[static_cast<size_t>(t)];
        lat.reserve(1 << 20);
        while (!stop.load(std::memory_order_relaxed)) {
          std::string req = MakeRequest(o.port, op, BodyFor(o, op, pick(rng)));
          auto t0 = std::chrono::steady_clock::now();
          int status = c.RoundTrip(req, &body);
          auto t1 = std::chrono::steady_clock::now();
          if (status != 200) {
            ++errors;
            if (!error_recorded.exchange(true)) first_error = body;
          }
          lat.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
        }
      } catch (const std::exception& e) {
        ++errors;
        if (!error_recorded.exchange(true)) first_error = e.what();
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& th : threads) th.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<int64_t> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) -> double {
    if (all.empty()) return 0;
    size_t i = std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())));
    return static_cast<double>(all[i]) / 1000.0;
  };
  std::printf(
      "{\"op\":\"%s\",\"concurrency\":%d,\"requests\":%zu,\"seconds\":%.3f,\"rps\":%.0f,"
      "\"p50_us\":%.1f,\"p99_us\":%.1f,\"errors\":%ld}\n",
      op.c_str(), o.concurrency, all.size(), elapsed, static_cast<double>(all.size()) / elapsed,
      pct(0.50), pct(0.99), errors.load());
  if (errors.load() > 0) {
    std::fprintf(stderr, "sb-loadgen: %ld errors; first: %s\n", errors.load(), first_error.c_str());
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
    else {
      std::fprintf(stderr, "sb-loadgen: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.op != "put" && o.op != "get" && o.op != "query") {
    std::fprintf(stderr, "sb-loadgen: --op must be put, get or query\n");
    return 2;
  }
  try {
    return Run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sb-loadgen: %s\n", e.what());
    return 1;
  }
}
