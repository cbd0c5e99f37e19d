#include "http/server.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "http/client.h"
#include "test_socket.h"

namespace sb::http {
namespace {

using testing::BodyOf;
using testing::RawConnection;

// Echo handler: answers "<METHOD> <target> <body>"; /throw throws; /close asks to close.
Response Echo(const Request& r) {
  if (r.target == "/throw") throw std::runtime_error("boom: secret detail");
  Response resp;
  resp.headers.Add("Content-Type", "text/plain");
  if (r.target == "/close") resp.headers.Add("Connection", "close");
  if (r.target == "/wrong-length") resp.headers.Add("Content-Length", "999");
  resp.body = r.method + " " + r.target + " " + r.body;
  return resp;
}

std::unique_ptr<Server> StartServer(Handler handler, ServerOptions options = {}) {
  auto server = Server::Start(options, std::move(handler));
  EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().message);
  return server.ok() ? std::move(server).value() : nullptr;
}

std::string Post(const std::string& target, const std::string& body,
                 const std::string& extra = "") {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(ServerTest, PortZeroPicksAFreePortAndBusyPortFails) {
  auto server = StartServer(Echo);
  ASSERT_NE(server, nullptr);
  EXPECT_NE(server->port(), 0);
  ServerOptions same;
  same.port = server->port();
  auto second = Server::Start(same, Echo);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "bind");
}

TEST(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  auto server = StartServer(Echo);
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.connected());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(conn.Send(Post("/k", "n" + std::to_string(i))));
    std::string resp = conn.ReadResponse();
    ASSERT_EQ(resp.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << resp;
    EXPECT_EQ(BodyOf(resp), "POST /k n" + std::to_string(i));
  }
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  auto server = StartServer(Echo);
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(Post("/a", "1") + Post("/b", "22") + "GET /c HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /a 1");
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /b 22");
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "GET /c ");
}

TEST(ServerTest, ChunkedRequestBodyIsAssembled) {
  auto server = StartServer(Echo);
  RawConnection conn(server->port());
  ASSERT_TRUE(
      conn.Send("POST /ch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /ch abcde");
}

TEST(ServerTest, RequestHeadersAndPeerReachTheHandler) {
  std::promise<Request> seen;
  auto server = StartServer([&](const Request& r) {
    seen.set_value(r);
    return Response{};
  });
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(
      Post("/p?q=1", "{}", "X-Amz-Target: DynamoDB_20120810.GetItem\r\nX-Rep: 1\r\nX-Rep: 2\r\n")));
  std::string resp = conn.ReadResponse();
  EXPECT_NE(RawConnection::Lower(resp).find("content-length: 0\r\n"), std::string::npos) << resp;
  Request r = seen.get_future().get();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/p?q=1");
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(r.headers.Get("x-amz-target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(r.headers.Get("x-rep"), "1");
  EXPECT_EQ(r.remote_address, "127.0.0.1");
  EXPECT_NE(r.remote_port, 0);
}

TEST(ServerTest, PeerReachesEveryRequestOfAKeepAliveConnection) {
  auto server = StartServer([](const Request& r) {
    Response resp;
    resp.body = r.remote_address + ":" + std::to_string(r.remote_port);
    return resp;
  });
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(Post("/1", "")));
  const std::string first = BodyOf(conn.ReadResponse());
  EXPECT_EQ(first.rfind("127.0.0.1:", 0), 0u) << first;
  ASSERT_TRUE(conn.Send(Post("/2", "")));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), first);
}

TEST(ServerTest, ContentLengthIsAlwaysTheServersOwn) {
  auto server = StartServer(Echo);
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(Post("/wrong-length", "x")));
  std::string resp = RawConnection::Lower(conn.ReadResponse());
  EXPECT_NE(resp.find("content-length: 20\r\n"), std::string::npos) << resp;
  EXPECT_EQ(resp.find("999"), std::string::npos) << resp;
}

TEST(ServerTest, SixtyFourConcurrentClients) {
  ServerOptions options;
  options.threads = 2;
  auto server = StartServer(Echo, options);
  const std::string base = "http://127.0.0.1:" + std::to_string(server->port());
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 64; ++c) {
    clients.emplace_back([&, c] {
      CurlClient client;
      for (int i = 0; i < 25; ++i) {
        ClientRequest req;
        req.url = base + "/c" + std::to_string(c);
        req.body = std::to_string(i);
        req.timeout = std::chrono::seconds(20);
        auto resp = client.Send(req);
        if (resp.ok() && resp->status == 200 &&
            resp->body == "POST /c" + std::to_string(c) + " " + req.body)
          ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 64 * 25);
}

// Requests wake the I/O threads without preempting the thread on their core: every loop runs
// under SCHED_BATCH (docs/engine.md, "Performance"). Handlers inline on the loop see it.
TEST(ServerTest, IoThreadsRunUnderBatchScheduling) {
  ServerOptions options;
  options.threads = 3;
  options.handler_threads = HandlerThreads::kInline;
  auto server = StartServer(
      [](const Request&) {
        Response resp;
        resp.body = std::to_string(::sched_getscheduler(0));
        return resp;
      },
      options);
  ASSERT_NE(server, nullptr);
  // Connections are dealt to the loops in turn: six of them reach each loop twice.
  std::vector<std::unique_ptr<RawConnection>> conns;
  for (int c = 0; c < 6; ++c) conns.push_back(std::make_unique<RawConnection>(server->port()));
  for (auto& conn : conns) {
    ASSERT_TRUE(conn->Send(Post("/policy", "")));
    EXPECT_EQ(BodyOf(conn->ReadResponse()), std::to_string(SCHED_BATCH));
  }
  EXPECT_EQ(::sched_getscheduler(0), SCHED_OTHER);  // the caller's thread keeps its own
}

TEST(ServerTest, BlockingHandlerDoesNotStallOtherConnections) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> entered;
  ServerOptions options;
  options.threads = 1;
  auto server = StartServer(
      [&](const Request& r) {
        if (r.target == "/block") {
          entered.set_value();
          released.wait();
        }
        return Echo(r);
      },
      options);
  RawConnection blocked(server->port());
  ASSERT_TRUE(blocked.Send(Post("/block", "")));
  entered.get_future().wait();
  // While /block holds its thread, other connections are served.
  for (int i = 0; i < 3; ++i) {
    RawConnection other(server->port());
    ASSERT_TRUE(other.Send(Post("/fast", "")));
    EXPECT_EQ(BodyOf(other.ReadResponse()), "POST /fast ");
  }
  release.set_value();
  EXPECT_EQ(BodyOf(blocked.ReadResponse()), "POST /block ");
}

TEST(ServerTest, BodyAboveCapIs413AndCloses) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  std::atomic<int> calls{0};
  auto server = StartServer(
      [&](const Request& r) {
        ++calls;
        return Echo(r);
      },
      options);
  RawConnection at_cap(server->port());
  ASSERT_TRUE(at_cap.Send(Post("/ok", std::string(1024, 'a'))));
  EXPECT_EQ(at_cap.ReadResponse().rfind("HTTP/1.1 200", 0), 0u);

  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(Post("/big", std::string(4096, 'a'))));
  std::string resp = conn.ReadResponse();
  EXPECT_EQ(resp.rfind("HTTP/1.1 413", 0), 0u) << resp;
  EXPECT_TRUE(conn.ClosedByPeer());

  // Chunked bodies are capped too.
  RawConnection chunked(server->port());
  std::string chunk(800, 'b');
  ASSERT_TRUE(
      chunked.Send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" +
                   chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
  EXPECT_EQ(chunked.ReadResponse().rfind("HTTP/1.1 413", 0), 0u);

  // Through the real client as well.
  CurlClient client;
  ClientRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/big";
  req.body = std::string(100000, 'z');
  auto r = client.Send(req);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(calls.load(), 1);
}

TEST(ServerTest, MalformedRequestIs400AndCloses) {
  auto server = StartServer(Echo);
  for (const std::string bad :
       {"GARBAGE\r\n\r\n", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n",
        "POST / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n"}) {
    RawConnection conn(server->port());
    ASSERT_TRUE(conn.Send(bad));
    std::string resp = conn.ReadResponse();
    EXPECT_EQ(resp.rfind("HTTP/1.1 400", 0), 0u) << bad << " -> " << resp;
    EXPECT_TRUE(conn.ClosedByPeer()) << bad;
  }
  // The server still serves.
  RawConnection good(server->port());
  ASSERT_TRUE(good.Send(Post("/", "")));
  EXPECT_EQ(good.ReadResponse().rfind("HTTP/1.1 200", 0), 0u);
}

TEST(ServerTest, HandlerExceptionIs500AndConnectionCarriesOn) {
  auto server = StartServer(Echo);
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(Post("/throw", "")));
  std::string resp = conn.ReadResponse();
  EXPECT_EQ(resp.rfind("HTTP/1.1 500", 0), 0u) << resp;
  EXPECT_EQ(BodyOf(resp), kInternalErrorBody);
  EXPECT_EQ(BodyOf(resp).find("secret"), std::string::npos);
  EXPECT_NE(RawConnection::Lower(resp).find("content-type: application/x-amz-json-1.0"),
            std::string::npos);
  ASSERT_TRUE(conn.Send(Post("/after", "x")));
  EXPECT_EQ(BodyOf(conn.ReadResponse()), "POST /after x");
}

TEST(ServerTest, ConnectionCloseIsHonoured) {
  auto server = StartServer(Echo);
  RawConnection by_client(server->port());
  ASSERT_TRUE(by_client.Send(Post("/", "", "Connection: close\r\n")));
  std::string resp = by_client.ReadResponse();
  EXPECT_NE(resp.find("Connection: close\r\n"), std::string::npos) << resp;
  EXPECT_TRUE(by_client.ClosedByPeer());

  RawConnection by_handler(server->port());
  ASSERT_TRUE(by_handler.Send(Post("/close", "")));
  resp = by_handler.ReadResponse();
  EXPECT_NE(resp.find("Connection: close\r\n"), std::string::npos) << resp;
  EXPECT_TRUE(by_handler.ClosedByPeer());
}

TEST(ServerTest, Http10ClosesUnlessKeepAliveAsked) {
  auto server = StartServer(Echo);
  RawConnection plain(server->port());
  ASSERT_TRUE(plain.Send("GET /old HTTP/1.0\r\n\r\n"));
  std::string resp = plain.ReadResponse();
  EXPECT_EQ(resp.rfind("HTTP/1.0 200", 0), 0u) << resp;
  EXPECT_EQ(BodyOf(resp), "GET /old ");
  EXPECT_TRUE(plain.ClosedByPeer());

  RawConnection keep(server->port());
  ASSERT_TRUE(keep.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  resp = keep.ReadResponse();
  EXPECT_NE(resp.find("Connection: keep-alive\r\n"), std::string::npos) << resp;
  ASSERT_TRUE(keep.Send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  EXPECT_EQ(BodyOf(keep.ReadResponse()), "GET /b ");
}

TEST(ServerTest, HeadResponseHasLengthButNoBody) {
  auto server = StartServer(Echo);
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /g HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string raw = conn.ReadUntil("GET /g ");
  // The HEAD response announces the 8 bytes of "HEAD /h " but sends none: the GET response
  // starts right after its head.
  size_t head_end = raw.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << raw;
  EXPECT_NE(RawConnection::Lower(raw.substr(0, head_end)).find("content-length: 8"),
            std::string::npos)
      << raw;
  EXPECT_EQ(raw.substr(head_end + 4, 12), "HTTP/1.1 200") << raw;
}

TEST(ServerTest, StopWithOpenAndMidRequestConnections) {
  std::atomic<int> calls{0};
  auto server = StartServer([&](const Request& r) {
    ++calls;
    return Echo(r);
  });
  RawConnection idle(server->port());
  RawConnection used(server->port());
  ASSERT_TRUE(used.Send(Post("/", "1")));
  ASSERT_FALSE(used.ReadResponse().empty());
  RawConnection partial(server->port());
  ASSERT_TRUE(partial.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-part"));
  server->Stop();
  server->Stop();  // idempotent
  EXPECT_TRUE(idle.ClosedOrReset());
  EXPECT_TRUE(used.ClosedByPeer());  // was being served: closed cleanly
  EXPECT_TRUE(partial.ClosedOrReset());
  EXPECT_EQ(calls.load(), 1);
  RawConnection after(server->port());
  EXPECT_FALSE(after.connected());
  server.reset();  // destructor after Stop is fine
}

TEST(ServerTest, StopWhileHandlerRunsWaitsForIt) {
  std::promise<void> entered;
  std::atomic<bool> finished{false};
  auto server = StartServer([&](const Request& r) {
    entered.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    finished = true;
    return Echo(r);
  });
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.Send(Post("/", "")));
  entered.get_future().wait();
  server->Stop();
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace sb::http
