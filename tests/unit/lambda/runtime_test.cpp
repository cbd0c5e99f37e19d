#include "lambda/runtime.h"

#include <gtest/gtest.h>

#include <deque>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol/lambda/error_body.h"

namespace sb::lambda {
namespace {

constexpr const char* kBase = "http://127.0.0.1:9001/2018-06-01/runtime/";

http::Response Invocation(std::string id, std::string body,
                          std::string deadline = "1700000003000") {
  http::Response r;
  r.status = 200;
  r.headers.Add("lambda-runtime-aws-request-id", std::move(id));  // any case must match
  if (!deadline.empty()) r.headers.Add("Lambda-Runtime-Deadline-Ms", std::move(deadline));
  r.headers.Add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:1:function:f");
  r.headers.Add("Lambda-Runtime-Trace-Id", "Root=1-abc;Parent=def;Sampled=1");
  r.body = std::move(body);
  return r;
}

http::Response Answer(int status, std::string body = "") {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// Answers /next from a script of outcomes and every post with 202 unless told otherwise.
struct Script {
  std::deque<Result<http::Response>> next;
  std::deque<Result<http::Response>> posts;  // empty: 202
  Result<http::Response> operator()(const http::ClientRequest& req) {
    if (req.method == "GET") {
      if (next.empty()) return Answer(500, "script exhausted");
      auto r = std::move(next.front());
      next.pop_front();
      return r;
    }
    if (posts.empty()) return Answer(202, R"({"status":"OK"})");
    auto r = std::move(posts.front());
    posts.pop_front();
    return r;
  }
};

struct Fixture {
  FakeClock clock{1'700'000'000'000};
  FakeSleeper sleeper;
  RuntimeOptions Options(int64_t max_invocations) {
    RuntimeOptions o;
    o.endpoint = "127.0.0.1:9001";
    o.max_invocations = max_invocations;
    return o;
  }
};

InvocationResult Echo(std::string_view payload, const InvocationContext&) {
  return InvocationResult::Success("echo:" + std::string(payload));
}

TEST(RuntimeTest, SuccessPostsResponseAndHandlerSeesContext) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("req-1", R"({"Records":[]})"));
  http::FakeClient client(std::ref(script));
  std::vector<std::string> traces;
  RuntimeOptions options = f.Options(1);
  options.on_trace_id = [&](std::string_view t) { traces.emplace_back(t); };
  Runtime runtime(client, f.sleeper, f.clock, options);
  InvocationContext seen;
  std::string seen_payload;
  int64_t remaining = 0;
  Status s = runtime.Run([&](std::string_view payload, const InvocationContext& ctx) {
    seen = ctx;
    seen_payload = payload;
    remaining = ctx.RemainingMillis();
    return InvocationResult::Success(R"({"batchItemFailures":[]})");
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(runtime.invocations(), 1);
  EXPECT_EQ(seen_payload, R"({"Records":[]})");
  EXPECT_EQ(seen.request_id, "req-1");
  EXPECT_EQ(seen.deadline_ms, 1700000003000);
  EXPECT_EQ(remaining, 3000);
  EXPECT_EQ(seen.function_arn, "arn:aws:lambda:us-east-1:1:function:f");
  EXPECT_EQ(seen.trace_id, "Root=1-abc;Parent=def;Sampled=1");
  EXPECT_EQ(traces, std::vector<std::string>{"Root=1-abc;Parent=def;Sampled=1"});

  auto reqs = client.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].method, "GET");
  EXPECT_EQ(reqs[0].url, std::string(kBase) + "invocation/next");
  EXPECT_EQ(reqs[0].timeout.count(), 0);  // /next never times out
  EXPECT_EQ(reqs[1].method, "POST");
  EXPECT_EQ(reqs[1].url, std::string(kBase) + "invocation/req-1/response");
  EXPECT_EQ(reqs[1].body, R"({"batchItemFailures":[]})");
  EXPECT_EQ(reqs[1].headers.Get("content-type"), "application/json");
  EXPECT_FALSE(reqs[1].headers.Has("Lambda-Runtime-Function-Error-Type"));
  EXPECT_EQ(f.sleeper.calls(), 0);
}

TEST(RuntimeTest, HandlerFailurePostsErrorBodyAndHeader) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("req-2", "{}"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(1));
  ASSERT_TRUE(runtime
                  .Run([](std::string_view, const InvocationContext&) {
                    return InvocationResult::Failure("BatchProcessingError",
                                                     "All records \"failed\"");
                  })
                  .ok());
  auto reqs = client.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].url, std::string(kBase) + "invocation/req-2/error");
  EXPECT_EQ(reqs[1].headers.Get("Lambda-Runtime-Function-Error-Type"), "BatchProcessingError");
  auto body = protocol::DecodeLambdaErrorBody(reqs[1].body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->error_type, "BatchProcessingError");
  EXPECT_EQ(body->error_message, "All records \"failed\"");
  EXPECT_NE(reqs[1].body.find("\"stackTrace\":[]"), std::string::npos);
}

TEST(RuntimeTest, FailureWithoutTypeGetsUnknownReason) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("r", "{}"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(1));
  ASSERT_TRUE(runtime
                  .Run([](std::string_view, const InvocationContext&) {
                    return InvocationResult::Failure("", "no type");
                  })
                  .ok());
  EXPECT_EQ(client.requests()[1].headers.Get("Lambda-Runtime-Function-Error-Type"),
            "Runtime.UnknownReason");
}

TEST(RuntimeTest, ThrowingHandlerBecomesInvocationErrorAndLoopGoesOn) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("a", "1"));
  script.next.push_back(Invocation("b", "2"));
  script.next.push_back(Invocation("c", "3"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(3));
  Status s =
      runtime.Run([](std::string_view payload, const InvocationContext& ctx) -> InvocationResult {
        if (payload == "1") throw std::runtime_error("boom");
        if (payload == "2") throw 42;  // not a std::exception
        return Echo(payload, ctx);
      });
  ASSERT_TRUE(s.ok());
  auto reqs = client.requests();
  ASSERT_EQ(reqs.size(), 6u);
  EXPECT_EQ(reqs[1].url, std::string(kBase) + "invocation/a/error");
  EXPECT_EQ(protocol::DecodeLambdaErrorBody(reqs[1].body)->error_message, "boom");
  EXPECT_EQ(reqs[1].headers.Get("Lambda-Runtime-Function-Error-Type"), "Runtime.HandlerException");
  EXPECT_EQ(reqs[3].url, std::string(kBase) + "invocation/b/error");
  EXPECT_EQ(reqs[5].url, std::string(kBase) + "invocation/c/response");
  EXPECT_EQ(reqs[5].body, "echo:3");
}

TEST(RuntimeTest, NextTransportFailuresAreRetriedWithBackoff) {
  Fixture f;
  Script script;
  script.next.push_back(MakeError("connect", "refused"));
  script.next.push_back(MakeError("transport", "reset"));
  script.next.push_back(Answer(403, R"({"errorType":"InvalidStateTransition"})"));
  script.next.push_back(Invocation("r", "x"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(1));
  ASSERT_TRUE(runtime.Run(Echo).ok());
  EXPECT_EQ(f.sleeper.calls(), 3);
  EXPECT_EQ(f.sleeper.total_ms(), 50 + 100 + 200);
  EXPECT_EQ(client.requests().back().url, std::string(kBase) + "invocation/r/response");
}

TEST(RuntimeTest, GivesUpAfterRepeatedNextFailures) {
  Fixture f;
  Script script;
  for (int i = 0; i < 10; ++i) script.next.push_back(MakeError("connect", "refused"));
  http::FakeClient client(std::ref(script));
  RuntimeOptions o = f.Options(0);
  o.max_next_failures = 4;
  Runtime runtime(client, f.sleeper, f.clock, o);
  Status s = runtime.Run(Echo);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "transport");
  EXPECT_EQ(client.requests().size(), 4u);
  EXPECT_EQ(f.sleeper.calls(), 3);
}

TEST(RuntimeTest, SuccessResetsTheFailureCount) {
  Fixture f;
  Script script;
  for (int round = 0; round < 3; ++round) {
    script.next.push_back(MakeError("connect", "refused"));
    script.next.push_back(MakeError("connect", "refused"));
    script.next.push_back(Invocation("r" + std::to_string(round), "x"));
  }
  http::FakeClient client(std::ref(script));
  RuntimeOptions o = f.Options(3);
  o.max_next_failures = 3;
  Runtime runtime(client, f.sleeper, f.clock, o);
  ASSERT_TRUE(runtime.Run(Echo).ok());
  EXPECT_EQ(runtime.invocations(), 3);
}

TEST(RuntimeTest, BackoffIsCapped) {
  Fixture f;
  Script script;
  for (int i = 0; i < 7; ++i) script.next.push_back(MakeError("connect", "refused"));
  script.next.push_back(Invocation("r", "x"));
  http::FakeClient client(std::ref(script));
  RuntimeOptions o = f.Options(1);
  o.max_next_failures = 10;
  o.initial_backoff = std::chrono::milliseconds(100);
  o.max_backoff = std::chrono::milliseconds(300);
  Runtime runtime(client, f.sleeper, f.clock, o);
  ASSERT_TRUE(runtime.Run(Echo).ok());
  EXPECT_EQ(f.sleeper.total_ms(), 100 + 200 + 300 * 5);
}

TEST(RuntimeTest, NextServerErrorMeansExitNow) {
  Fixture f;
  Script script;
  script.next.push_back(Answer(500, R"({"errorType":"Runtime.ExitError"})"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(0));
  Status s = runtime.Run(Echo);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "runtime_api");
  EXPECT_EQ(client.requests().size(), 1u);
  EXPECT_EQ(f.sleeper.calls(), 0);
}

TEST(RuntimeTest, NextWithoutRequestIdIsAFailedPoll) {
  Fixture f;
  Script script;
  http::Response no_id = Answer(200, "{}");
  script.next.push_back(no_id);
  script.next.push_back(no_id);
  http::FakeClient client(std::ref(script));
  RuntimeOptions o = f.Options(0);
  o.max_next_failures = 2;
  Runtime runtime(client, f.sleeper, f.clock, o);
  int calls = 0;
  Status s = runtime.Run([&](std::string_view p, const InvocationContext& c) {
    ++calls;
    return Echo(p, c);
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "invalid_response");
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(client.requests().size(), 2u);  // nothing was posted
}

TEST(RuntimeTest, MissingOrBadDeadlineMeansNoDeadline) {
  Fixture f;
  for (std::string deadline : {"", "soon", "-5", "12x"}) {
    Script script;
    script.next.push_back(Invocation("r", "x", deadline));
    http::FakeClient client(std::ref(script));
    Runtime runtime(client, f.sleeper, f.clock, f.Options(1));
    InvocationContext seen;
    ASSERT_TRUE(runtime
                    .Run([&](std::string_view p, const InvocationContext& c) {
                      seen = c;
                      return Echo(p, c);
                    })
                    .ok());
    EXPECT_EQ(seen.deadline_ms, 0) << deadline;
    EXPECT_EQ(seen.RemainingMillis(), std::numeric_limits<int64_t>::max()) << deadline;
  }
}

TEST(RuntimeTest, RemainingMillisFollowsTheClock) {
  Fixture f;
  InvocationContext ctx;
  ctx.deadline_ms = f.clock.NowUnixMillis() + 500;
  ctx.clock = &f.clock;
  EXPECT_EQ(ctx.RemainingMillis(), 500);
  f.clock.Advance(std::chrono::milliseconds(700));
  EXPECT_EQ(ctx.RemainingMillis(), -200);
}

TEST(RuntimeTest, PostTransportFailureIsRetried) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("r", "x"));
  script.posts.push_back(MakeError("transport", "reset"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(1));
  ASSERT_TRUE(runtime.Run(Echo).ok());
  auto reqs = client.requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[1].url, reqs[2].url);
  EXPECT_EQ(reqs[2].body, "echo:x");
  EXPECT_EQ(f.sleeper.calls(), 1);
}

TEST(RuntimeTest, PostThatKeepsFailingEndsRun) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("r", "x"));
  for (int i = 0; i < 5; ++i) script.posts.push_back(MakeError("transport", "reset"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(0));
  Status s = runtime.Run(Echo);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "transport");
  EXPECT_EQ(client.requests().size(), 1u + 3u);  // max_post_attempts = 3
}

TEST(RuntimeTest, PostRejectedWith4xxMovesOn) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("big", "x"));
  script.next.push_back(Invocation("next", "y"));
  script.posts.push_back(Answer(413, R"({"errorType":"RequestEntityTooLarge"})"));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(2));
  ASSERT_TRUE(runtime.Run(Echo).ok());
  EXPECT_EQ(client.requests().back().url, std::string(kBase) + "invocation/next/response");
}

TEST(RuntimeTest, PostServerErrorEndsRun) {
  Fixture f;
  Script script;
  script.next.push_back(Invocation("r", "x"));
  script.posts.push_back(Answer(500));
  http::FakeClient client(std::ref(script));
  Runtime runtime(client, f.sleeper, f.clock, f.Options(0));
  Status s = runtime.Run(Echo);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "runtime_api");
}

TEST(RuntimeTest, ReportInitError) {
  Fixture f;
  Script script;
  http::FakeClient client(std::ref(script));
  RuntimeOptions o = f.Options(0);
  o.endpoint = "http://127.0.0.1:9001/";  // scheme and trailing slash are tolerated
  Runtime runtime(client, f.sleeper, f.clock, o);
  ASSERT_TRUE(runtime.ReportInitError("Runtime.ConfigError", "TABLE not set").ok());
  auto reqs = client.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].url, std::string(kBase) + "init/error");
  EXPECT_EQ(reqs[0].headers.Get("Lambda-Runtime-Function-Error-Type"), "Runtime.ConfigError");
  auto body = protocol::DecodeLambdaErrorBody(reqs[0].body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->error_message, "TABLE not set");

  Script rejecting;
  rejecting.posts.push_back(Answer(403));
  http::FakeClient client2(std::ref(rejecting));
  Runtime runtime2(client2, f.sleeper, f.clock, f.Options(0));
  EXPECT_FALSE(runtime2.ReportInitError("Runtime.ConfigError", "x").ok());
  Script broken;
  broken.posts.push_back(MakeError("connect", "refused"));
  http::FakeClient client3(std::ref(broken));
  Runtime runtime3(client3, f.sleeper, f.clock, f.Options(0));
  EXPECT_EQ(runtime3.ReportInitError("Runtime.ConfigError", "x").error().code, "transport");
}

}  // namespace
}  // namespace sb::lambda
