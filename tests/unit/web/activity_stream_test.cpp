// /api/activity and /api/health of the web handler (web_server.h), without a socket.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "web/web_server.h"

namespace sb::web {
namespace {

http::Request Get(std::string target) {
  http::Request r;
  r.target = std::move(target);
  return r;
}

TEST(ActivityStreamTest, FirstRoundIsTheLatestEntriesThenHealthWithThePosition) {
  BoardFeed boards;
  ActivityFeed activity(100);
  PipelineHealth health;
  WebOptions options;
  options.retry_ms = 250;
  WebSources sources{boards, &activity, &health};
  for (int i = 1; i <= 60; ++i) activity.Publish("{\"i\":" + std::to_string(i) + "}");
  auto first = HandleWebRequest(options, sources, Get("/api/activity"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.headers.Get("Content-Type").value(), "text/event-stream");
  const std::string& body = first.body;
  // The latest 50 (11..60), oldest first, then health carrying 60.
  EXPECT_EQ(body.find("id: 10\n"), std::string::npos);
  EXPECT_EQ(body.rfind("retry: 250\n\nid: 11\nevent: change\ndata: {\"i\":11}\n\n", 0), 0u);
  const std::string tail = "id: 60\nevent: change\ndata: {\"i\":60}\n\nid: 60\nevent: health\ndata: " +
                           health.Json() + "\n\n";
  ASSERT_GE(body.size(), tail.size());
  EXPECT_EQ(body.substr(body.size() - tail.size()), tail);
}

TEST(ActivityStreamTest, ResumedRoundGetsTheEntriesAfterItsPosition) {
  BoardFeed boards;
  ActivityFeed activity(100);
  PipelineHealth health;
  WebOptions options;
  options.retry_ms = 100;
  WebSources sources{boards, &activity, &health};
  activity.Publish(R"({"m":"a"})");
  activity.Publish(R"({"m":"b"})");
  http::Request resume = Get("/api/activity");
  resume.headers.Set("Last-Event-ID", "1");
  EXPECT_EQ(HandleWebRequest(options, sources, resume).body,
            "retry: 100\n\nid: 2\nevent: change\ndata: {\"m\":\"b\"}\n\n"
            "id: 2\nevent: health\ndata: " + health.Json() + "\n\n");
  // Nothing new after ?wait=: health alone, keeping the position.
  EXPECT_EQ(HandleWebRequest(options, sources, Get("/api/activity?since=2&wait=5")).body,
            "retry: 100\n\nid: 2\nevent: health\ndata: " + health.Json() + "\n\n");
  EXPECT_EQ(HandleWebRequest(options, sources, Get("/api/activity?since=x")).status, 400);
  EXPECT_EQ(HandleWebRequest(options, sources, Get("/api/health")).body, health.Json());
}

// Health arrives at least every second: a round with nothing to say ends after ~1 s even
// when the configured wait is a minute (the test allows far more than 1 s).
TEST(ActivityStreamTest, AnIdleRoundEndsWithinAboutASecond) {
  BoardFeed boards;
  ActivityFeed activity(10);
  PipelineHealth health;
  WebOptions options;
  options.event_wait = std::chrono::milliseconds(60000);
  WebSources sources{boards, &activity, &health};
  const auto start = std::chrono::steady_clock::now();
  auto r = HandleWebRequest(options, sources, Get("/api/activity?since=0"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_NE(r.body.find("event: health"), std::string::npos);
}

TEST(ActivityStreamTest, WithoutSourcesTheRoutesAreMissing) {
  BoardFeed boards;
  WebOptions options;
  EXPECT_EQ(HandleWebRequest(options, boards, Get("/api/activity")).status, 404);
  EXPECT_EQ(HandleWebRequest(options, boards, Get("/api/health")).status, 404);
}

}  // namespace
}  // namespace sb::web
