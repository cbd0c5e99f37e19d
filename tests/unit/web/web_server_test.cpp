#include "web/web_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http/client.h"

namespace sb::web {
namespace {

http::Request Get(std::string target) {
  http::Request r;
  r.target = std::move(target);
  return r;
}

TEST(WebHandlerTest, PageBoardsAndErrors) {
  BoardFeed feed;
  WebOptions options;
  auto page = HandleWebRequest(options, feed, Get("/"));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("new EventSource(withWait(\"/api/events\"))"), std::string::npos);
  EXPECT_NE(page.body.find("new EventSource(withWait(\"/api/activity\"))"), std::string::npos);
  // Everything inline: no external script, style, font or image.
  EXPECT_EQ(page.body.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page.body.find("href=\"http"), std::string::npos);
  EXPECT_EQ(page.body.find("@import"), std::string::npos);
  EXPECT_EQ(page.body.find("url("), std::string::npos);
  EXPECT_EQ(page.headers.Get("Content-Type").value(), "text/html; charset=utf-8");

  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/boards")).body, R"({"seq":0,"boards":[]})");
  feed.Publish("g2", R"({"game":"g2"})");
  feed.Publish("g1", R"({"game":"g1"})");
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/boards")).body,
            R"({"seq":2,"boards":[{"game":"g1"},{"game":"g2"}]})");

  EXPECT_EQ(HandleWebRequest(options, feed, Get("/missing")).status, 404);
  http::Request post = Get("/api/boards");
  post.method = "POST";
  EXPECT_EQ(HandleWebRequest(options, feed, post).status, 405);
  http::Request bad = Get("/api/events");
  bad.headers.Set("Last-Event-ID", "x1");
  EXPECT_EQ(HandleWebRequest(options, feed, bad).status, 400);
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/events?since=-1")).status, 400);
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/events?since=0&wait=x")).status, 400);
}

TEST(WebHandlerTest, EventsOfOneGame) {
  BoardFeed feed;
  WebOptions options;
  options.event_wait = std::chrono::milliseconds(20);
  options.retry_ms = 250;
  feed.Publish("g1", R"({"game":"g1"})");
  feed.Publish("chess club", R"({"game":"chess club"})");
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/events?game=chess+club")).body,
            "retry: 250\n\nid: 2\nevent: board\ndata: {\"game\":\"chess club\"}\n\n");
  // Another game's change is not sent, but the position moves past it.
  feed.Publish("g1", R"({"game":"g1","version":2})");
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/events?game=chess%20club&since=2")).body,
            "retry: 250\n\n: keep-alive\nid: 3\n\n");
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/events?game=%zz")).status, 400);
}

TEST(WebHandlerTest, EventsSnapshotThenResumeFromLastEventId) {
  BoardFeed feed;
  WebOptions options;
  options.event_wait = std::chrono::milliseconds(20);
  options.retry_ms = 250;
  feed.Publish("g1", R"({"game":"g1","version":1})");
  auto first = HandleWebRequest(options, feed, Get("/api/events"));
  EXPECT_EQ(first.headers.Get("Content-Type").value(), "text/event-stream");
  EXPECT_EQ(first.body,
            "retry: 250\n\nid: 1\nevent: board\ndata: {\"game\":\"g1\",\"version\":1}\n\n");

  // ?wait= shortens the wait below event_wait (a long one would block this test).
  options.event_wait = std::chrono::milliseconds(60000);
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/events?since=1&wait=10")).body,
            "retry: 250\n\n: keep-alive\nid: 1\n\n");
  options.event_wait = std::chrono::milliseconds(20);
  // Nothing new: a keep-alive comment that keeps the position.
  http::Request resume = Get("/api/events");
  resume.headers.Set("Last-Event-ID", "1");
  EXPECT_EQ(HandleWebRequest(options, feed, resume).body, "retry: 250\n\n: keep-alive\nid: 1\n\n");

  feed.Publish("g2", R"({"game":"g2"})");
  feed.Publish("g1", R"({"game":"g1","version":2})");
  EXPECT_EQ(HandleWebRequest(options, feed, resume).body,
            "retry: 250\n\nid: 2\nevent: board\ndata: {\"game\":\"g2\"}\n\n"
            "id: 3\nevent: board\ndata: {\"game\":\"g1\",\"version\":2}\n\n");
  EXPECT_EQ(HandleWebRequest(options, feed, Get("/api/events?since=2")).body,
            "retry: 250\n\nid: 3\nevent: board\ndata: {\"game\":\"g1\",\"version\":2}\n\n");
}

TEST(WebServerTest, ServesOverRealHttpAndStopsWhileAnEventRequestWaits) {
  BoardFeed feed;
  WebOptions options;
  options.port = 0;
  options.event_wait = std::chrono::milliseconds(60000);
  auto server = WebServer::Start(options, feed);
  ASSERT_TRUE(server.ok()) << server.error().message;
  const std::string base = (*server)->url();
  EXPECT_EQ(base.rfind("http://127.0.0.1:", 0), 0u);

  http::CurlClient client;
  auto get = [](std::string url) {
    http::ClientRequest r;
    r.method = "GET";
    r.url = std::move(url);
    r.timeout = std::chrono::milliseconds(90000);
    return r;
  };
  http::ClientRequest req = get(base + "api/boards");
  auto boards = client.Send(req);
  ASSERT_TRUE(boards.ok());
  EXPECT_EQ(boards->status, 200);
  EXPECT_EQ(boards->body, R"({"seq":0,"boards":[]})");

  // The round's wait (event_wait, 60 s) and the client's timeout are far longer than this
  // deadline, so a round that is not woken fails the test instead of passing late.
  const auto deadline = std::chrono::milliseconds(5000);

  // A waiting event round is answered by the next Publish.
  std::thread publisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    feed.Publish("g", R"({"game":"g"})");
  });
  const auto publish_round_start = std::chrono::steady_clock::now();
  auto answered = client.Send(get(base + "api/events?since=0"));
  const auto publish_round_took = std::chrono::steady_clock::now() - publish_round_start;
  publisher.join();
  ASSERT_TRUE(answered.ok());
  EXPECT_NE(answered->body.find("id: 1\nevent: board\ndata: {\"game\":\"g\"}"), std::string::npos);
  EXPECT_LT(publish_round_took, deadline) << "the round ended by its timeout, not by Publish";

  // Stop ends a round that is still waiting, at once.
  std::chrono::steady_clock::duration round_took{};
  std::thread waiter([&] {
    const auto start = std::chrono::steady_clock::now();
    auto r = client.Send(get(base + "api/events?since=1"));
    round_took = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(!r.ok() || r->body.find("event: board") == std::string::npos);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the round is waiting
  const auto stop_start = std::chrono::steady_clock::now();
  (*server)->Stop();
  const auto stop_took = std::chrono::steady_clock::now() - stop_start;
  waiter.join();
  EXPECT_LT(stop_took, deadline) << "Stop waited for the round's own timeout";
  EXPECT_LT(round_took, deadline + std::chrono::milliseconds(200));
}

TEST(WebServerTest, RefusesAForeignHost) {
  BoardFeed feed;
  WebOptions options;
  options.port = 0;
  options.allowed_hosts = {"board.lan"};
  auto server = WebServer::Start(options, feed);
  ASSERT_TRUE(server.ok()) << server.error().message;
  http::CurlClient client;
  auto status_with_host = [&](const std::string& host) {
    http::ClientRequest r;
    r.method = "GET";
    r.url = (*server)->url() + "api/boards";
    if (!host.empty()) r.headers.Set("Host", host);
    auto response = client.Send(r);
    EXPECT_TRUE(response.ok());
    return response.ok() ? response->status : -1;
  };
  // A page on another name that re-points it to 127.0.0.1 (DNS rebinding) sends that name.
  EXPECT_EQ(status_with_host("rebind.example"), 403);
  EXPECT_EQ(status_with_host("rebind.example:8080"), 403);
  EXPECT_EQ(status_with_host(""), 200);  // curl sends 127.0.0.1:<port>
  EXPECT_EQ(status_with_host("localhost:8080"), 200);
  EXPECT_EQ(status_with_host("[::1]:8080"), 200);
  EXPECT_EQ(status_with_host("board.lan:8080"), 200);  // an allowed name
}

}  // namespace
}  // namespace sb::web
