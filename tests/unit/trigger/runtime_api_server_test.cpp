// Tests of the local Runtime API over real HTTP on 127.0.0.1 (no function process: the test
// plays the runtime with CurlClient).
#include "trigger/runtime_api_server.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <regex>

#include "http/client.h"
#include "protocol/lambda/runtime_api.h"

namespace sb::trigger {
namespace {

using SteadyClock = std::chrono::steady_clock;

class RuntimeApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RuntimeApiServer::Options o;
    o.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
    o.clock = &clock_;
    o.max_response_bytes = 1000;
    api_ = std::move(RuntimeApiServer::Start(o)).value();
    generation_ = api_->ResetForNewProcess();
  }
  http::Response Send(std::string method, std::string path, std::string body = "",
                      http::Headers headers = {}) {
    http::ClientRequest r;
    r.method = std::move(method);
    r.url = "http://" + api_->address() + path;
    r.body = std::move(body);
    r.headers = std::move(headers);
    auto response = client_.Send(r);
    EXPECT_TRUE(response.ok());
    return response.ok() ? std::move(response).value() : http::Response{};
  }
  std::future<http::Response> NextAsync() {
    return std::async(std::launch::async, [this] {
      http::CurlClient client;  // its own connection
      http::ClientRequest r;
      r.method = "GET";
      r.url = "http://" + api_->address() + std::string(protocol::kRuntimeNextPath);
      auto response = client.Send(r);
      return response.ok() ? std::move(response).value() : http::Response{-1, {}, ""};
    });
  }
  Invocation Make(std::string id, std::string payload = R"({"Records":[]})") {
    Invocation inv;
    inv.request_id = std::move(id);
    inv.payload = std::move(payload);
    inv.timeout = std::chrono::milliseconds(3000);
    inv.trace_id = "Root=1-5f0a0a0a-000000000000000000000000;Parent=0000000000000000;Sampled=0";
    return inv;
  }
  SteadyClock::time_point Soon() { return SteadyClock::now() + std::chrono::seconds(10); }

  FakeClock clock_{1'700'000'000'000};
  std::unique_ptr<RuntimeApiServer> api_;
  uint64_t generation_ = 0;
  http::CurlClient client_;
};

TEST_F(RuntimeApiServerTest, NextLongPollsUntilAnInvocationIsQueued) {
  auto next = NextAsync();
  EXPECT_EQ(next.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  api_->Enqueue(Make("id-1", R"({"hello":1})"));
  http::Response r = next.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"hello":1})");
  EXPECT_EQ(r.headers.Get("lambda-runtime-aws-request-id"), "id-1");
  EXPECT_EQ(r.headers.Get("Lambda-Runtime-Deadline-Ms"), "1700000003000");
  EXPECT_EQ(r.headers.Get("Lambda-Runtime-Invoked-Function-Arn"),
            "arn:aws:lambda:us-east-1:000000000000:function:f");
  EXPECT_TRUE(r.headers.Get("Lambda-Runtime-Trace-Id").has_value());
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(api_->WaitDispatched("id-1", Soon()), RuntimeApiServer::Wait::kDispatched);
}

TEST_F(RuntimeApiServerTest, ResponseCompletesTheInvocationOnce) {
  api_->Enqueue(Make("id-1"));
  ASSERT_EQ(NextAsync().get().status, 200);
  http::Response r = Send("POST", protocol::RuntimeResponsePath("id-1"), R"({"ok":true})");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, R"({"status":"OK"})");
  InvocationResult result;
  ASSERT_EQ(api_->WaitCompleted("id-1", Soon(), &result), RuntimeApiServer::Wait::kCompleted);
  EXPECT_TRUE(result.ok);
  EXPECT_EQ(result.body, R"({"ok":true})");
  // Answering again: 403; an unknown id: 400.
  r = Send("POST", protocol::RuntimeResponsePath("id-1"), "{}");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(boost::json::parse(r.body).at("errorType").as_string(), "InvalidStateTransition");
  r = Send("POST", protocol::RuntimeResponsePath("nope"), "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(boost::json::parse(r.body).at("errorType").as_string(), "InvalidRequestID");
}

TEST_F(RuntimeApiServerTest, ErrorTypeComesFromHeaderThenBody) {
  api_->Enqueue(Make("id-1"));
  ASSERT_EQ(NextAsync().get().status, 200);
  http::Headers h;
  h.Set(std::string(protocol::kHeaderFunctionErrorType), "Runtime.Custom");
  EXPECT_EQ(Send("POST", protocol::RuntimeErrorPath("id-1"),
                 R"({"errorMessage":"bad","errorType":"BodyType"})", h)
                .status,
            202);
  InvocationResult result;
  ASSERT_EQ(api_->WaitCompleted("id-1", Soon(), &result), RuntimeApiServer::Wait::kCompleted);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_type, "Runtime.Custom");
  EXPECT_EQ(result.error_message, "bad");

  api_->Enqueue(Make("id-2"));
  ASSERT_EQ(NextAsync().get().status, 200);
  EXPECT_EQ(Send("POST", protocol::RuntimeErrorPath("id-2"),
                 R"({"errorMessage":"worse","errorType":"BatchProcessingError","stackTrace":[]})")
                .status,
            202);
  ASSERT_EQ(api_->WaitCompleted("id-2", Soon(), &result), RuntimeApiServer::Wait::kCompleted);
  EXPECT_EQ(result.error_type, "BatchProcessingError");
}

TEST_F(RuntimeApiServerTest, OversizeResponseIs413AndFailsTheInvocation) {
  api_->Enqueue(Make("id-1"));
  ASSERT_EQ(NextAsync().get().status, 200);
  http::Response r = Send("POST", protocol::RuntimeResponsePath("id-1"), std::string(1001, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(boost::json::parse(r.body).at("errorType").as_string(), "RequestEntityTooLarge");
  InvocationResult result;
  ASSERT_EQ(api_->WaitCompleted("id-1", Soon(), &result), RuntimeApiServer::Wait::kCompleted);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error_type, "Function.ResponseSizeTooLarge");
}

TEST_F(RuntimeApiServerTest, NextAgainWithoutAnsweringIs403) {
  api_->Enqueue(Make("id-1"));
  ASSERT_EQ(NextAsync().get().status, 200);
  EXPECT_EQ(NextAsync().get().status, 403);
}

TEST_F(RuntimeApiServerTest, InitErrorIsReportedToTheWaiter) {
  api_->Enqueue(Make("id-1"));
  http::Headers h;
  h.Set(std::string(protocol::kHeaderFunctionErrorType), "Runtime.ConfigError");
  EXPECT_EQ(Send("POST", std::string(protocol::kRuntimeInitErrorPath),
                 R"({"errorMessage":"no table name"})", h)
                .status,
            202);
  EXPECT_EQ(api_->WaitDispatched("id-1", Soon()), RuntimeApiServer::Wait::kInitError);
  ASSERT_TRUE(api_->init_error());
  EXPECT_EQ(api_->init_error()->error_type, "Runtime.ConfigError");
  EXPECT_EQ(api_->init_error()->error_message, "no table name");
}

TEST_F(RuntimeApiServerTest, InitErrorAfterAnInvocationIs403) {
  api_->Enqueue(Make("id-1"));
  ASSERT_EQ(NextAsync().get().status, 200);
  EXPECT_EQ(Send("POST", std::string(protocol::kRuntimeInitErrorPath), "{}").status, 403);
}

TEST_F(RuntimeApiServerTest, ResetAnswersAWaitingNextWith500) {
  auto next = NextAsync();
  EXPECT_EQ(next.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  api_->ResetForNewProcess();
  http::Response answer = next.get();
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("being replaced"), std::string::npos) << answer.body;
}

// A stop is not a replacement: the exiting function's last log line says which it was.
TEST_F(RuntimeApiServerTest, StopAnswersAWaitingNextWith500SayingSo) {
  auto next = NextAsync();
  EXPECT_EQ(next.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  api_->Stop();
  http::Response answer = next.get();
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("Runtime.ExitError"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("stopping"), std::string::npos) << answer.body;
}

TEST_F(RuntimeApiServerTest, ProcessExitWakesWaitersButStaleGenerationsDoNot) {
  api_->Enqueue(Make("id-1"));
  api_->SignalProcessExit(generation_ + 100);  // stale
  EXPECT_EQ(api_->WaitDispatched("id-1", SteadyClock::now() + std::chrono::milliseconds(50)),
            RuntimeApiServer::Wait::kDeadline);
  api_->SignalProcessExit(generation_);
  EXPECT_EQ(api_->WaitDispatched("id-1", Soon()), RuntimeApiServer::Wait::kProcessExited);
}

TEST_F(RuntimeApiServerTest, UnknownPathsAndMethods) {
  EXPECT_EQ(Send("GET", "/2018-06-01/runtime/nothing").status, 404);
  EXPECT_EQ(Send("POST", std::string(protocol::kRuntimeNextPath)).status, 405);
  EXPECT_EQ(Send("GET", protocol::RuntimeResponsePath("x")).status, 405);
}

TEST_F(RuntimeApiServerTest, ForeignHostIsRefused) {
  // A web page reaching the port by DNS rebinding sends its own name as Host.
  http::Headers foreign;
  foreign.Set("Host", "rebind.example:9001");
  http::Response refused = Send("GET", std::string(protocol::kRuntimeNextPath), "", foreign);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("AccessDeniedException"), std::string::npos) << refused.body;
  http::Headers loopback;
  loopback.Set("Host", "localhost");
  EXPECT_EQ(Send("GET", "/2018-06-01/runtime/nothing", "", loopback).status, 404);
  EXPECT_EQ(Send("GET", "/2018-06-01/runtime/nothing").status, 404);  // Host: 127.0.0.1:port
}

TEST_F(RuntimeApiServerTest, AnUnknownLongRequestIdIsQuotedByPrefix) {
  http::Response r = Send("POST", protocol::RuntimeResponsePath(std::string(8000, 'i')), "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("InvalidRequestID"), std::string::npos) << r.body;
  EXPECT_LT(r.body.size(), 300u) << r.body;
}

TEST(RuntimeIdsTest, RequestIdIsAUuidV4AndTraceIdHasXRayShape) {
  SeededRandom random(7);
  std::string id = NewRequestId(random);
  EXPECT_TRUE(std::regex_match(
      id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << id;
  EXPECT_NE(NewRequestId(random), id);
  std::string trace = NewTraceId(random, 0x5f0a0a0a);
  EXPECT_TRUE(std::regex_match(
      trace, std::regex("Root=1-5f0a0a0a-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0")))
      << trace;
}

}  // namespace
}  // namespace sb::trigger
