#include "web/web_server.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

#include "base/percent_decode.h"
#include "web/page.h"

namespace sb::web {
namespace {

http::Response Text(int status, std::string content_type, std::string body) {
  http::Response r;
  r.status = status;
  r.headers.Set("Content-Type", std::move(content_type));
  r.headers.Set("Cache-Control", "no-store");
  r.body = std::move(body);
  return r;
}

std::optional<int64_t> ParseSeq(std::string_view text) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0) return std::nullopt;
  return v;
}

// The value of `name` in the query string of `target` (no percent-decoding: digits only).
std::optional<std::string_view> QueryParam(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string BoardsJson(const BoardFeed& feed) {
  // seq first, read before the snapshot: a client resuming from it may see a board twice,
  // never miss one.
  int64_t seq = feed.seq();
  std::string out = "{\"seq\":" + std::to_string(seq) + ",\"boards\":[";
  bool first = true;
  for (const auto& doc : feed.Snapshot()) {
    if (!first) out += ",";
    first = false;
    out += doc.json;
  }
  return out + "]}";
}

// `game`: only that game's boards (?game=); the position still advances past the others.
std::string Events(const WebOptions& options, BoardFeed& feed, std::optional<int64_t> since,
                   std::chrono::milliseconds wait, const std::optional<std::string>& game) {
  // Where a round without events leaves the client: where it was, or past what was skipped.
  int64_t position = since.has_value() ? *since : feed.seq();
  std::vector<BoardDocument> docs;
  if (!since.has_value()) {
    docs = feed.Snapshot();
  } else {
    docs = feed.ChangesAfter(*since, wait);
  }
  if (game.has_value()) {
    for (const BoardDocument& doc : docs) position = std::max(position, doc.seq);
    std::erase_if(docs, [&](const BoardDocument& doc) { return doc.game != *game; });
  }
  std::string out = "retry: " + std::to_string(options.retry_ms) + "\n\n";
  for (const auto& doc : docs) {
    out += "id: " + std::to_string(doc.seq) + "\nevent: board\ndata: " + doc.json + "\n\n";
  }
  if (docs.empty()) {
    // Keep (or set) the client's position so its next request resumes from here.
    out += ": keep-alive\nid: " + std::to_string(position) + "\n\n";
  }
  return out;
}

// One round of /api/activity: the entries after `since` (the latest ones without it), then
// the health event carrying the position to resume from.
std::string Activity(const WebOptions& options, const WebSources& sources,
                     std::optional<int64_t> since, std::chrono::milliseconds wait) {
  constexpr size_t kFirstRound = 50;
  constexpr std::chrono::milliseconds kHealthEvery{1000};
  std::vector<ActivityEntry> entries;
  int64_t position = 0;
  if (!since.has_value()) {
    position = sources.activity->seq();
    entries = sources.activity->Recent(kFirstRound);
  } else {
    position = *since;
    entries = sources.activity->After(*since, std::min(wait, kHealthEvery));
  }
  std::string out = "retry: " + std::to_string(options.retry_ms) + "\n\n";
  for (const auto& e : entries) {
    out += "id: " + std::to_string(e.seq) + "\nevent: change\ndata: " + e.json + "\n\n";
    position = std::max(position, e.seq);
  }
  out += "id: " + std::to_string(position) + "\nevent: health\ndata: " +
         (sources.health != nullptr ? sources.health->Json() : std::string("{}")) + "\n\n";
  return out;
}

// The client's position (Last-Event-ID, else ?since=) and ?wait=, or a 400 response.
struct RoundParams {
  std::optional<int64_t> since;
  std::chrono::milliseconds wait;
  std::optional<http::Response> error;
};

RoundParams ReadRoundParams(const WebOptions& options, const http::Request& request) {
  RoundParams out{std::nullopt, options.event_wait, std::nullopt};
  std::string_view target = request.target;
  if (auto id = request.headers.Get("Last-Event-ID"); id.has_value() && !id->empty()) {
    out.since = ParseSeq(*id);
    if (!out.since) out.error = Text(400, "text/plain; charset=utf-8", "bad Last-Event-ID\n");
  } else if (auto q = QueryParam(target, "since"); q.has_value()) {
    out.since = ParseSeq(*q);
    if (!out.since) out.error = Text(400, "text/plain; charset=utf-8", "bad since\n");
  }
  if (auto w = QueryParam(target, "wait"); w.has_value()) {
    std::optional<int64_t> ms = ParseSeq(*w);
    if (!ms) {
      out.error = Text(400, "text/plain; charset=utf-8", "bad wait\n");
    } else {
      out.wait = std::min(out.wait, std::chrono::milliseconds(*ms));
    }
  }
  return out;
}

http::Response EventStream(std::string body) {
  http::Response r = Text(200, "text/event-stream", std::move(body));
  // One round per connection: the client reconnects (and the server frees the thread).
  r.headers.Set("Connection", "close");
  return r;
}

}  // namespace

http::Response HandleWebRequest(const WebOptions& options, BoardFeed& feed,
                                const http::Request& request) {
  return HandleWebRequest(options, WebSources{feed}, request);
}

http::Response HandleWebRequest(const WebOptions& options, const WebSources& sources,
                                const http::Request& request) {
  BoardFeed& feed = sources.boards;
  if (request.method != "GET" && request.method != "HEAD") {
    http::Response r = Text(405, "text/plain; charset=utf-8", "method not allowed\n");
    r.headers.Set("Allow", "GET, HEAD");
    return r;
  }
  std::string_view target = request.target;
  std::string_view path = target.substr(0, target.find('?'));
  if (path == "/" || path == "/index.html") {
    return Text(200, "text/html; charset=utf-8", PageHtml());
  }
  if (sources.reads && (path == "/api/games" || path == "/api/windows" || path == "/api/top" ||
                        path == "/api/rank")) {
    return sources.reads(request);
  }
  if (path == "/api/boards") {
    return Text(200, "application/json", BoardsJson(feed));
  }
  if (path == "/api/events") {
    RoundParams round = ReadRoundParams(options, request);
    if (round.error) return *round.error;
    std::optional<std::string> game;
    if (auto g = QueryParam(request.target, "game"); g.has_value()) {
      game = PercentDecode(*g);
      if (!game) return Text(400, "text/plain; charset=utf-8", "bad game\n");
    }
    return EventStream(Events(options, feed, round.since, round.wait, game));
  }
  if (path == "/api/activity" && sources.activity != nullptr) {
    RoundParams round = ReadRoundParams(options, request);
    if (round.error) return *round.error;
    return EventStream(Activity(options, sources, round.since, round.wait));
  }
  if (path == "/api/health" && sources.health != nullptr) {
    return Text(200, "application/json", sources.health->Json());
  }
  return Text(404, "text/plain; charset=utf-8", "not found\n");
}

Result<std::unique_ptr<WebServer>> WebServer::Start(const WebOptions& options,
                                                    WebSources sources) {
  std::unique_ptr<WebServer> web(new WebServer(options, sources));
  http::ServerOptions so;
  so.host = options.host;
  so.port = options.port;
  // Two long-polled streams per open page, plus the page's reads.
  so.threads = 8;
  so.max_body_bytes = 64 * 1024;
  so.check_host = true;
  so.allowed_hosts = options.allowed_hosts;
  WebServer* self = web.get();
  http::Handler handler = [self](const http::Request& r) {
    return HandleWebRequest(self->options_, self->sources_, r);
  };
  auto server = http::Server::Start(so, std::move(handler));
  if (!server.ok()) return Fail(std::move(server).error());
  web->server_ = std::move(server).value();
  return web;
}

WebServer::~WebServer() { Stop(); }

std::string WebServer::url() const {
  return "http://" + options_.host + ":" + std::to_string(server_->port()) + "/";
}

void WebServer::Stop() {
  sources_.boards.Close();
  if (sources_.activity != nullptr) sources_.activity->Close();
  if (server_) server_->Stop();
}

}  // namespace sb::web
