// WebServer: the live page of `streamboard up` on sb::http::Server (loopback by default).
//
//   GET /             the page (web/page.h): one table per game, updated live from /api/events
//   GET /api/boards   {"seq":N,"boards":[<board>, ...]} (board shape: FormatBoardJson)
//   GET /api/events   Server-Sent Events (text/event-stream). Each board change is one event
//                       id: <seq>
//                       event: board
//                       data: <board JSON>
//                     sb::http::Server writes whole responses (Content-Length), so the stream
//                     is served in rounds: a request without Last-Event-ID (or ?since=) gets
//                     every board at once; a request with one waits up to
//                     `event_wait` for changes after it, answers them (or a ": keep-alive"
//                     comment) and ends with "retry: <ms>", so EventSource reconnects at once
//                     and resumes from its Last-Event-ID: no change is missed.
//                     ?wait=<ms> shortens the wait (at most event_wait): the page passes its
//                     own ?wait= on, so a headless browser's virtual time can run it.
//                     ?game=<id> (percent-encoded) streams that game's boards only.
//   GET /api/activity Server-Sent Events, the live log and the pipeline's health, in the same
//                     rounds (Last-Event-ID / ?since= / ?wait=) over the ActivityFeed:
//                       id: <seq>            one per activity entry after the client's
//                       event: change        position (without one: the latest 50)
//                       data: <entry JSON>
//                     then, closing every round, the health (PipelineHealth::Json) carrying
//                     the position to resume from:
//                       id: <seq>
//                       event: health
//                       data: <health JSON>
//                     A round waits at most 1 s for an entry, so health arrives every second.
//                     404 when the server has no ActivityFeed.
//   GET /api/health   the health JSON alone (404 without a PipelineHealth)
//   anything else     404 (405 for a method other than GET or HEAD)
//
// Thread-safety: Start/Stop from one thread; the feed may be published to from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "http/message.h"
#include "http/server.h"
#include "web/activity_feed.h"
#include "web/board_feed.h"
#include "web/pipeline_health.h"

namespace sb::web {

struct WebOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  std::chrono::milliseconds event_wait{15000};
  int retry_ms = 100;  // the SSE "retry:" field
  // Requests whose Host is neither a loopback name nor one of these get 403 (the page is
  // local: a foreign Host means DNS rebinding; http/host_check.h).
  std::vector<std::string> allowed_hosts;
};

// What the server serves. Each must outlive the server (or the handler call).
struct WebSources {
  BoardFeed& boards;
  ActivityFeed* activity = nullptr;      // null: no /api/activity
  const PipelineHealth* health = nullptr;  // null: no /api/health, no health events
  // The read API (/api/games, /api/windows, /api/top, /api/rank; docs/read-api.md): answers
  // those paths whole. Empty: they are 404.
  std::function<http::Response(const http::Request&)> reads{};
};

// The request handler alone (tests call it without a socket).
http::Response HandleWebRequest(const WebOptions& options, const WebSources& sources,
                                const http::Request& request);
// The same with boards only.
http::Response HandleWebRequest(const WebOptions& options, BoardFeed& feed,
                                const http::Request& request);

class WebServer {
 public:
  // Errors: bind failures (code from http::Server). The sources must outlive the server.
  static Result<std::unique_ptr<WebServer>> Start(const WebOptions& options, WebSources sources);
  static Result<std::unique_ptr<WebServer>> Start(const WebOptions& options, BoardFeed& feed) {
    return Start(options, WebSources{feed});
  }
  ~WebServer();
  uint16_t port() const { return server_->port(); }
  // "http://<host>:<port>/"
  std::string url() const;
  // Closes the feeds (ending waiting event requests) and stops the server. Idempotent.
  void Stop();

 private:
  WebServer(WebOptions options, WebSources sources)
      : options_(std::move(options)), sources_(sources) {}
  const WebOptions options_;
  const WebSources sources_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace sb::web
