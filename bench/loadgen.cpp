// sb-loadgen: a small closed-loop HTTP/1.1 load generator for DynamoDB-compatible endpoints.
//
// Each of C threads holds one keep-alive TCP connection and sends requests back to back,
// timing each. Speaks just enough HTTP for DynamoDB's JSON protocol (Content-Length bodies).
// Requests carry a well-formed but unverified SigV4 Authorization header, which local engines
// accept by default. Prints one JSON line of results. Used by bench/run; not a test.
//
//   sb-loadgen --port P --op put|get|query|update|delete|batch [--concurrency C] [--seconds S]
//              [--keys K] [--table T] [--setup] [--stream VIEW_TYPE]
//
// --setup creates the table (with a stream of VIEW_TYPE unless it is "none"; default
// NEW_AND_OLD_IMAGES) and preloads K items. Operations on random items of the K:
//   put     PutItem of a whole item            get     GetItem
//   query   Query of one partition (Limit 10)  update  UpdateItem SET Score, UpdatedAt
//   batch   BatchWriteItem of 25 PutRequests (distinct keys); "items" counts them
//   delete  DeleteItem of items that exist: first preloads (untimed, BatchWriteItem) a fresh
//           key range this run alone deletes, each thread walking its own stride once
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
  std::string stream = "NEW_AND_OLD_IMAGES";
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

int Run(const Options& o) {
  if (o.setup) Setup(o);
  const std::string op = OpName(o.op);
  const int kBatch = 25;
  // Delete: a fresh key range per run, enough for the run at a high rate.
  const std::string del_prefix = "del" + std::to_string(::getpid()) + "-";
  const int del_keys = std::max(o.keys, static_cast<int>(60000 * o.seconds));
  if (o.op == "delete") PreloadForDelete(o, del_prefix, del_keys);
  std::atomic<bool> stop{false};
  std::atomic<long> errors{0};
  std::atomic<int> finished{0};
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
        int next_delete = t;
        while (!stop.load(std::memory_order_relaxed)) {
          std::string req;
          if (o.op == "delete") {
            if (next_delete >= del_keys) break;  // this thread's stride is done
            const int i = next_delete;
            next_delete += o.concurrency;
            req = MakeRequest(o.port, op,
                              "{\"TableName\":\"" + o.table + "\",\"Key\":{\"PlayerId\":{\"S\":\"" +
                                  del_prefix + std::to_string(i) + "\"},\"GameId\":{\"S\":\"game" +
                                  std::to_string(i % 10) + "\"}},\"ReturnValues\":\"ALL_OLD\"}");
          } else if (o.op == "batch") {
            // 25 distinct keys: a random start, stepping by a stride that cannot repeat.
            const int first = pick(rng) % std::max(1, o.keys - kBatch * 7);
            req = MakeRequest(o.port, op, BatchBody(o.table, "", first, 7, kBatch));
          } else {
            req = MakeRequest(o.port, op, BodyFor(o, op, pick(rng)));
          }
          auto t0 = std::chrono::steady_clock::now();
          int status = c.RoundTrip(req, &body);
          auto t1 = std::chrono::steady_clock::now();
          if (status != 200 || (o.op == "delete" && body.find("\"Attributes\"") == std::string::npos) ||
              (o.op == "batch" && body.find("\"UnprocessedItems\":{}") == std::string::npos)) {
            ++errors;
            if (!error_recorded.exchange(true)) first_error = body;
          }
          lat.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
        }
      } catch (const std::exception& e) {
        ++errors;
        if (!error_recorded.exchange(true)) first_error = e.what();
      }
      ++finished;
    });
  }
  const auto until = start + std::chrono::duration<double>(o.seconds);
  while (std::chrono::steady_clock::now() < until && finished.load() < o.concurrency) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
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
  const double rps = static_cast<double>(all.size()) / elapsed;
  std::printf(
      "{\"op\":\"%s\",\"concurrency\":%d,\"requests\":%zu,\"seconds\":%.3f,\"rps\":%.0f,"
      "\"items_per_s\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"errors\":%ld,\"stream\":%s}\n",
      op.c_str(), o.concurrency, all.size(), elapsed, rps, o.op == "batch" ? rps * kBatch : rps,
      pct(0.50), pct(0.99), errors.load(), o.setup ? (g_stream_enabled ? "true" : "false") : "null");
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
    else if (a == "--stream") o.stream = next();
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
