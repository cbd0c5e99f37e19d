// The runtime loop over real HTTP: a small Runtime API server on 127.0.0.1 (sb::http::Server)
// and the real libcurl client.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/client.h"
#include "http/server.h"
#include "lambda/runtime.h"
#include "protocol/lambda/error_body.h"
#include "protocol/lambda/runtime_api.h"

namespace sb::lambda {
namespace {

struct Posted {
  std::string kind;  // "response", "error", "init"
  std::string request_id;
  std::string body;
  std::string error_type_header;
  std::string content_type;
};

// Serves queued invocations on /next and records what the runtime posts.
class FakeRuntimeApi {
 public:
  struct Invocation {
    std::string id;
    std::string payload;
    std::string deadline_ms;
  };

  explicit FakeRuntimeApi(std::vector<Invocation> queue) : queue_(queue.begin(), queue.end()) {
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.threads = 2;
    auto server =
        http::Server::Start(options, [this](const http::Request& r) { return Handle(r); });
    EXPECT_TRUE(server.ok());
    if (server.ok()) server_ = std::move(server).value();
  }
  ~FakeRuntimeApi() {
    if (server_) server_->Stop();
  }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  std::vector<Posted> posted() {
    std::lock_guard lock(mu_);
    return posted_;
  }

 private:
  http::Response Handle(const http::Request& req) {
    std::lock_guard lock(mu_);
    http::Response resp;
    auto route = protocol::ParseRuntimePath(req.target);
    if (!route) {
      resp.status = 404;
      return resp;
    }
    if (route->kind == protocol::RuntimeRoute::Kind::kNext) {
      if (queue_.empty()) {
        resp.status = 500;  // tells the runtime to exit
        return resp;
      }
      Invocation inv = queue_.front();
      queue_.pop_front();
      resp.headers.Add(std::string(protocol::kHeaderRequestId), inv.id);
      resp.headers.Add(std::string(protocol::kHeaderDeadlineMs), inv.deadline_ms);
      resp.headers.Add(std::string(protocol::kHeaderInvokedFunctionArn),
                       "arn:aws:lambda:us-east-1:012345678912:function:test_function");
      resp.headers.Add(std::string(protocol::kHeaderTraceId), "Root=1-5e0-" + inv.id);
      resp.headers.Add("Content-Type", "application/json");
      resp.body = inv.payload;
      return resp;
    }
    Posted p;
    p.kind = route->kind == protocol::RuntimeRoute::Kind::kResponse
                 ? "response"
                 : (route->kind == protocol::RuntimeRoute::Kind::kError ? "error" : "init");
    p.request_id = route->request_id;
    p.body = req.body;
    p.error_type_header =
        std::string(req.headers.Get(protocol::kHeaderFunctionErrorType).value_or(""));
    p.content_type = std::string(req.headers.Get("Content-Type").value_or(""));
    posted_.push_back(std::move(p));
    resp.status = 202;
    resp.body = std::string(protocol::kRuntimeAcceptedBody);
    return resp;
  }

  std::mutex mu_;
  std::deque<Invocation> queue_;
  std::vector<Posted> posted_;
  std::unique_ptr<http::Server> server_;
};

RuntimeOptions Options(const FakeRuntimeApi& api, int64_t max_invocations) {
  RuntimeOptions o;
  o.endpoint = api.endpoint();
  o.max_invocations = max_invocations;
  return o;
}

TEST(RuntimeLoopbackTest, SuccessAndHandlerExceptionAndDeadline) {
  FakeRuntimeApi api({{"id-1", R"({"Records":[1]})", "1700000004500"},
                      {"id-2", R"({"Records":[2]})", "1700000009000"},
                      {"id-3", R"({"Records":[3]})", "1700000010000"}});
  http::CurlClient client;
  FakeClock clock(1'700'000'000'000);
  FakeSleeper sleeper;
  Runtime runtime(client, sleeper, clock, Options(api, 3));
  std::vector<int64_t> remaining;
  std::vector<std::string> arns;
  Status s = runtime.Run([&](std::string_view payload, const InvocationContext& ctx) {
    remaining.push_back(ctx.RemainingMillis());
    arns.push_back(ctx.function_arn);
    if (payload == R"({"Records":[2]})") throw std::runtime_error("bad batch");
    return InvocationResult::Success(R"({"batchItemFailures":[]})");
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(remaining, (std::vector<int64_t>{4500, 9000, 10000}));
  EXPECT_EQ(arns[0], "arn:aws:lambda:us-east-1:012345678912:function:test_function");

  auto posted = api.posted();
  ASSERT_EQ(posted.size(), 3u);
  EXPECT_EQ(posted[0].kind, "response");
  EXPECT_EQ(posted[0].request_id, "id-1");
  EXPECT_EQ(posted[0].body, R"({"batchItemFailures":[]})");
  EXPECT_EQ(posted[0].content_type, "application/json");
  EXPECT_EQ(posted[1].kind, "error");
  EXPECT_EQ(posted[1].request_id, "id-2");
  EXPECT_EQ(posted[1].error_type_header, "Runtime.HandlerException");
  auto body = protocol::DecodeLambdaErrorBody(posted[1].body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->error_message, "bad batch");
  EXPECT_EQ(body->error_type, "Runtime.HandlerException");
  EXPECT_EQ(posted[2].kind, "response");
  EXPECT_EQ(posted[2].request_id, "id-3");
}

TEST(RuntimeLoopbackTest, ExitsWhenTheApiAnswers500) {
  FakeRuntimeApi api({{"only", "{}", "1700000001000"}});
  http::CurlClient client;
  FakeClock clock;
  FakeSleeper sleeper;
  Runtime runtime(client, sleeper, clock, Options(api, 0));
  Status s = runtime.Run([](std::string_view, const InvocationContext&) {
    return InvocationResult::Success("ok", "text/plain");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "runtime_api");
  EXPECT_EQ(runtime.invocations(), 1);
  ASSERT_EQ(api.posted().size(), 1u);
  EXPECT_EQ(api.posted()[0].content_type, "text/plain");
}

TEST(RuntimeLoopbackTest, InitError) {
  FakeRuntimeApi api({});
  http::CurlClient client;
  FakeClock clock;
  FakeSleeper sleeper;
  Runtime runtime(client, sleeper, clock, Options(api, 0));
  ASSERT_TRUE(runtime.ReportInitError("Runtime.ConfigError", "LEADERBOARD_TABLE is not set").ok());
  auto posted = api.posted();
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0].kind, "init");
  EXPECT_EQ(posted[0].error_type_header, "Runtime.ConfigError");
  auto body = protocol::DecodeLambdaErrorBody(posted[0].body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->error_message, "LEADERBOARD_TABLE is not set");
}

TEST(RuntimeLoopbackTest, NothingListeningIsRetriedThenGivesUp) {
  // Start and stop a server to get a port nobody listens on.
  uint16_t port = 0;
  {
    FakeRuntimeApi api({});
    port = static_cast<uint16_t>(std::stoi(api.endpoint().substr(api.endpoint().find(':') + 1)));
  }
  http::CurlClient client;
  FakeClock clock;
  FakeSleeper sleeper;
  RuntimeOptions o;
  o.endpoint = "127.0.0.1:" + std::to_string(port);
  o.max_next_failures = 3;
  Runtime runtime(client, sleeper, clock, o);
  Status s = runtime.Run(
      [](std::string_view, const InvocationContext&) { return InvocationResult::Success(""); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(sleeper.calls(), 2);
}

}  // namespace
}  // namespace sb::lambda
