// A hostile client against http::Server, on loopback: after each attack the server still
// answers a normal request (ExpectServes).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "http/server.h"
#include "test_socket.h"

namespace sb::http {
namespace {

using namespace std::chrono_literals;
using testing::BodyOf;
using testing::RawConnection;

Response Echo(const Request& r) {
  Response resp;
  resp.headers.Add("Content-Type", "text/plain");
  resp.body = r.method + " " + r.target + " " + r.body;
  return resp;
}

std::unique_ptr<Server> StartServer(ServerOptions options, Handler handler = Echo) {
  auto server = Server::Start(options, std::move(handler));
  EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().message);
  return server.ok() ? std::move(server).value() : nullptr;
}

std::string Post(const std::string& target, const std::string& body,
                 const std::string& extra = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A normal request on a fresh connection gets its normal answer.
void ExpectServes(const Server& server) {
  RawConnection conn(server.port());
  ASSERT_TRUE(conn.connected());
  ASSERT_TRUE(conn.Send(Post("/normal", "ok")));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /normal ok");
}

// The response is `status` with a DynamoDB-shaped body naming `type`, and the connection
// closes after it.
void ExpectRejected(RawConnection& conn, int status, const std::string& type) {
  std::string resp = conn.ReadResponse();
  EXPECT_EQ(resp.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0), 0u) << resp;
  EXPECT_NE(RawConnection::Lower(resp).find("content-type: application/x-amz-json-1.0\r\n"),
            std::string::npos)
      << resp;
  EXPECT_EQ(
      BodyOf(resp).rfind(R"({"__type":"com.amazon.coral.service#)" + type + R"(","message":")", 0),
      0u)
      << resp;
  EXPECT_NE(resp.find("Connection: close\r\n"), std::string::npos) << resp;
  EXPECT_TRUE(conn.ClosedOrReset());
}

ServerOptions ShortTimeouts() {
  ServerOptions options;
  options.threads = 2;
  options.header_timeout = 300ms;
  options.body_timeout = 300ms;
  options.idle_timeout = 300ms;
  return options;
}

TEST(HttpHardeningTest, StalledHeaderIs408AndSilentConnectionIsClosed) {
  auto server = StartServer(ShortTimeouts());
  RawConnection half(server->port());
  ASSERT_TRUE(half.Send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"));
  RawConnection silent(server->port());
  const auto start = std::chrono::steady_clock::now();
  ExpectRejected(half, 408, "RequestTimeoutException");
  EXPECT_TRUE(silent.ClosedByPeer());  // never sent a byte: closed without a response
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  ExpectServes(*server);
}

TEST(HttpHardeningTest, StalledBodyIs408) {
  auto server = StartServer(ShortTimeouts());
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123"));
  ExpectRejected(conn, 408, "RequestTimeoutException");
  ExpectServes(*server);
}

TEST(HttpHardeningTest, ShortBodyAgainstLongContentLength) {
  auto server = StartServer(ShortTimeouts());
  // Kept open: the body deadline answers it.
  RawConnection stalled(server->port());
  ASSERT_TRUE(stalled.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nshort"));
  ExpectRejected(stalled, 408, "RequestTimeoutException");
  // Half-closed: the server says the request ended early instead of waiting.
  RawConnection ended(server->port());
  ASSERT_TRUE(ended.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nshort"));
  ASSERT_TRUE(ended.ShutdownWrite());
  ExpectRejected(ended, 400, "SerializationException");
  ExpectServes(*server);
}

TEST(HttpHardeningTest, IdleKeepAliveConnectionIsClosedQuietly) {
  auto server = StartServer(ShortTimeouts());
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(Post("/one", "1")));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /one 1");
  EXPECT_TRUE(conn.ClosedByPeer());  // after idle_timeout, no 408: nothing was asked
  ExpectServes(*server);
}

TEST(HttpHardeningTest, OversizedRequestLineIs414AndHeadersAre431) {
  ServerOptions options;
  options.max_request_line_bytes = 1024;
  options.max_header_bytes = 4096;
  auto server = StartServer(options);
  RawConnection line(server->port());
  ASSERT_TRUE(line.Send("GET /" + std::string(5000, 'a')));  // no line end needed
  ExpectRejected(line, 414, "RequestURITooLongException");

  RawConnection headers(server->port());
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 100; ++i)
    many += "X-Filler-" + std::to_string(i) + ": " + std::string(60, 'f') + "\r\n";
  ASSERT_TRUE(headers.Send(many));  // never finished: the size alone rejects it
  ExpectRejected(headers, 431, "RequestHeaderFieldsTooLargeException");
  ExpectServes(*server);
}

TEST(HttpHardeningTest, MalformedAndOversizedBodiesHaveErrorBodies) {
  ServerOptions options;
  options.max_body_bytes = 1000;
  auto server = StartServer(options);
  RawConnection bad(server->port());
  ASSERT_TRUE(bad.Send("GARBAGE\r\n\r\n"));
  ExpectRejected(bad, 400, "SerializationException");
  RawConnection big(server->port());
  // Declared above the cap: refused from the head, the body is never read.
  ASSERT_TRUE(big.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n"));
  ExpectRejected(big, 413, "RequestEntityTooLargeException");
  EXPECT_EQ(server->stats().peak_buffered_body_bytes, 0u);
  ExpectServes(*server);
}

TEST(HttpHardeningTest, ConnectionFloodPastTheLimitIsRefusedAtOnce) {
  ServerOptions options;
  options.max_connections = 50;
  options.header_timeout = 30s;
  auto server = StartServer(options);
  std::vector<std::unique_ptr<RawConnection>> flood;
  for (int i = 0; i < 50; ++i) {
    flood.push_back(std::make_unique<RawConnection>(server->port()));
    ASSERT_TRUE(flood.back()->Send("POST / HTTP/1.1\r\n"));  // stalled heads hold their slots
  }
  for (int i = 0; i < 200 && server->stats().open_connections < 50; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(server->stats().open_connections, 50u);
  const auto start = std::chrono::steady_clock::now();
  RawConnection over(server->port());
  ASSERT_TRUE(over.connected());
  std::string refusal = over.ReadResponse();
  EXPECT_NE(refusal.find("\r\nDate: "), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("\r\nServer: Streamboard\r\n"), std::string::npos) << refusal;
  EXPECT_EQ(BodyOf(refusal).rfind(
                R"({"__type":"com.amazon.coral.service#ServiceUnavailableException")", 0),
            0u);
  EXPECT_TRUE(over.ClosedOrReset());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);  // refused, not queued
  EXPECT_GE(server->stats().refused_connections, 1u);
  flood.resize(40);  // ten slots free again
  for (int i = 0; i < 200 && server->stats().open_connections > 40; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  ExpectServes(*server);
}

TEST(HttpHardeningTest, ManyStalledConnectionsDoNotDelayALegitimateRequest) {
  ServerOptions options;
  options.threads = 2;
  options.header_timeout = 30s;
  auto server = StartServer(options);
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 500; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(server->port()));
    ASSERT_TRUE(stalled.back()->Send(i % 2 ? "POST / HTTP/1.1\r\nHost: x\r\n"
                                           : Post("/", "x").substr(0, 70) + "\r\n\r\nab"));
  }
  ExpectServes(*server);
}

TEST(HttpHardeningTest, ExpectContinueIsAnsweredBeforeTheBody) {
  auto server = StartServer(ServerOptions{});
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(
      "POST /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  EXPECT_EQ(conn.ReadUntil("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(conn.Send("hello"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /c hello");
  // Keep-alive goes on.
  ASSERT_TRUE(conn.Send(Post("/again", "x")));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /again x");
  ExpectServes(*server);
}

TEST(HttpHardeningTest, RefusedHeadGetsNoContinueAndItsBodyIsNeverBuffered) {
  ServerOptions options;
  options.header_check = [](const Request& head) -> std::optional<Response> {
    if (head.headers.Has("Authorization")) return std::nullopt;
    Response r;
    r.status = 400;
    r.headers.Add("Content-Type", "application/x-amz-json-1.0");
    r.body =
        R"({"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"})";
    return r;
  };
  std::atomic<int> calls{0};
  auto server = StartServer(options, [&](const Request& r) {
    ++calls;
    return Echo(r);
  });
  RawConnection expecting(server->port());
  ASSERT_TRUE(expecting.Send(
      "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  std::string resp = expecting.ReadResponse();
  EXPECT_EQ(resp.rfind("HTTP/1.1 400", 0), 0u) << resp;  // not "100 Continue"
  EXPECT_NE(resp.find("MissingAuthenticationToken"), std::string::npos) << resp;

  // Twenty unsigned 16 MiB uploads, each already 1 MiB in: none of it is buffered.
  std::vector<std::unique_ptr<RawConnection>> uploads;
  const std::string chunk(1 << 20, 'u');
  for (int i = 0; i < 20; ++i) {
    uploads.push_back(std::make_unique<RawConnection>(server->port()));
    ASSERT_TRUE(uploads.back()->Send(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(16 << 20) + "\r\n\r\n"));
    uploads.back()->Send(chunk);  // may fail once the server has answered and closed
  }
  for (auto& u : uploads) EXPECT_NE(u->ReadResponse().find("HTTP/1.1 400"), std::string::npos);
  EXPECT_EQ(server->stats().peak_buffered_body_bytes, 0u);
  EXPECT_EQ(calls.load(), 0);
  RawConnection signed_conn(server->port());
  ASSERT_TRUE(signed_conn.Send(Post("/s", "body", "Authorization: yes\r\n")));
  EXPECT_EQ(BodyOf(signed_conn.ReadResponse()), "POST /s body");
}

TEST(HttpHardeningTest, AcceptedBodiesAreHeldWithinTheCap) {
  ServerOptions options;
  options.max_body_bytes = 3 << 20;
  auto server = StartServer(options);
  std::vector<std::unique_ptr<RawConnection>> uploads;
  for (int i = 0; i < 4; ++i) {
    uploads.push_back(std::make_unique<RawConnection>(server->port()));
    ASSERT_TRUE(uploads.back()->Send(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(3 << 20) + "\r\n\r\n" +
        std::string(2500000, 'b')));
  }
  for (int i = 0; i < 400 && server->stats().buffered_body_bytes < 4 * 2500000u; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_GE(server->stats().buffered_body_bytes, 4 * 2500000u);
  EXPECT_LE(server->stats().peak_buffered_body_bytes, 4u * (3 << 20));
  uploads.clear();
  for (int i = 0; i < 400 && server->stats().buffered_body_bytes > 0; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(server->stats().buffered_body_bytes, 0u);  // released with the connections
  ExpectServes(*server);
}

TEST(HttpHardeningTest, BodiesInProgressBeyondTheBudgetAreShed) {
  ServerOptions options;
  options.max_body_bytes = 4 << 20;
  options.max_buffered_body_bytes = 6 << 20;
  auto server = StartServer(options);
  // Three slow uploads of 3 MiB each, all unfinished: together past the 6 MiB budget.
  std::vector<std::unique_ptr<RawConnection>> uploads;
  for (int i = 0; i < 3; ++i) {
    uploads.push_back(std::make_unique<RawConnection>(server->port()));
    uploads.back()->Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                         std::to_string(4 << 20) + "\r\n\r\n" + std::string(3 << 20, 'b'));
  }
  int shed = 0;
  for (auto& u : uploads) {
    u->ShutdownWrite();  // the rest never comes: an unshed upload answers 400 at EOF
    std::string resp = u->ReadResponse();
    if (resp.rfind("HTTP/1.1 503", 0) == 0) ++shed;
  }
  EXPECT_GE(shed, 1);
  EXPECT_LE(server->stats().peak_buffered_body_bytes, (6u << 20) + (4u << 20));
  ExpectServes(*server);
}

TEST(HttpHardeningTest, ForeignHostIsRefusedWhenChecked) {
  ServerOptions options;
  options.check_host = true;
  options.allowed_hosts = {"my.box"};
  auto server = StartServer(options);
  for (const std::string host : {"evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                 "[::2]:8000", "0.0.0.0:8000", "128.0.0.1"}) {
    RawConnection conn(server->port());
    ASSERT_TRUE(conn.Send("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 1\r\n\r\nx"));
    ExpectRejected(conn, 403, "AccessDeniedException");
  }
  for (const std::string host : {"127.0.0.1:8000", "127.4.5.6", "localhost", "LocalHost:1",
                                 "[::1]:8000", "my.box", "MY.BOX:9"}) {
    RawConnection conn(server->port());
    ASSERT_TRUE(conn.Send("POST /h HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 1\r\n\r\nx"));
    EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /h x") << host;
  }
  // A long foreign Host is quoted only in part.
  RawConnection long_host(server->port());
  ASSERT_TRUE(long_host.Send("GET / HTTP/1.1\r\nHost: " + std::string(3000, 'h') + "\r\n\r\n"));
  std::string resp = long_host.ReadResponse();
  EXPECT_LT(BodyOf(resp).size(), 400u) << resp;
  EXPECT_NE(resp.find("hhh..."), std::string::npos);
  ExpectServes(*server);
}

TEST(HttpHardeningTest, PipelinedKeepAliveRequestsAreAnsweredInOrderWithServerAndDate) {
  auto server = StartServer(ServerOptions{});
  RawConnection conn(server->port());
  ASSERT_TRUE(
      conn.Send(Post("/a", "1") + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n" + Post("/c", "333")));
  std::string a = conn.ReadResponse();
  EXPECT_EQ(BodyOf(a), "POST /a 1");
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "GET /b ");
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /c 333");
  EXPECT_NE(a.find("\r\nServer: Streamboard\r\n"), std::string::npos) << a;
  EXPECT_NE(a.find(" GMT\r\n"), std::string::npos) << a;
  EXPECT_NE(a.find("\r\nDate: "), std::string::npos) << a;
  ExpectServes(*server);
}

TEST(HttpHardeningTest, LongPollOutlastsEveryTimeout) {
  ServerOptions options = ShortTimeouts();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto server = StartServer(options, [&](const Request& r) {
    if (r.target == "/next") released.wait();
    return Echo(r);
  });
  RawConnection poll(server->port());
  ASSERT_TRUE(poll.Send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(1s);  // > header, body and idle timeouts
  ExpectServes(*server);            // and the waiting handler holds no I/O thread
  release.set_value();
  EXPECT_EQ(BodyOf(poll.ReadResponse()), "GET /next ");
}

TEST(HttpHardeningTest, InlineHandlersServeOnTheIoThreads) {
  ServerOptions options;
  options.threads = 1;
  options.handler_threads = HandlerThreads::kInline;
  auto server = StartServer(options);
  RawConnection conn(server->port());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(conn.Send(Post("/i", std::to_string(i))));
    EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /i " + std::to_string(i));
  }
  ExpectServes(*server);
}

}  // namespace
}  // namespace sb::http
