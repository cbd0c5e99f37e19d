#include "http/client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <set>

#include "http/server.h"

namespace sb::http {
namespace {

std::unique_ptr<Server> StartServer(Handler handler) {
  auto server = Server::Start(ServerOptions{}, std::move(handler));
  EXPECT_TRUE(server.ok());
  return server.ok() ? std::move(server).value() : nullptr;
}

// A loopback port with nothing listening: bind port 0, read it back, close.
uint16_t UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(CurlClientTest, SendsMethodTargetHeadersBodyAndCollectsResponse) {
  std::promise<Request> seen;
  auto server = StartServer([&](const Request& r) {
    seen.set_value(r);
    Response resp;
    resp.status = 201;
    resp.headers.Add("X-Amzn-RequestId", "REQ1");
    resp.headers.Add("x-amz-crc32", "12345");
    resp.body = "created";
    return resp;
  });
  CurlClient client;
  ClientRequest req;
  req.method = "PUT";
  req.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/item?x=1";
  req.headers.Add("X-Amz-Target", "DynamoDB_20120810.PutItem");
  req.headers.Add("Content-Type", "application/x-amz-json-1.0");
  req.body = std::string(5000, 'q');  // large enough that curl would send "Expect: 100-continue"
  auto resp = client.Send(req);
  ASSERT_TRUE(resp.ok()) << resp.error().message;
  EXPECT_EQ(resp->status, 201);
  EXPECT_EQ(resp->body, "created");
  EXPECT_EQ(resp->headers.Get("x-amzn-requestid"), "REQ1");
  EXPECT_EQ(resp->headers.Get("X-Amz-Crc32"), "12345");
  EXPECT_EQ(resp->headers.Get("Content-Length"), "7");
  Request r = seen.get_future().get();
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.target, "/item?x=1");
  EXPECT_EQ(r.body, req.body);
  EXPECT_EQ(r.headers.Get("x-amz-target"), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(r.headers.Get("content-type"), "application/x-amz-json-1.0");
  EXPECT_FALSE(r.headers.Has("Expect"));
}

TEST(CurlClientTest, AddsNoContentTypeOfItsOwnAndSupportsGet) {
  std::promise<Request> seen;
  auto server = StartServer([&](const Request& r) {
    seen.set_value(r);
    return Response{};
  });
  CurlClient client;
  ClientRequest post;
  post.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/";
  post.body = "a=b";
  ASSERT_TRUE(client.Send(post).ok());
  Request r = seen.get_future().get();
  EXPECT_FALSE(r.headers.Has("Content-Type"));
  EXPECT_EQ(r.headers.Get("Content-Length"), "3");
}

TEST(CurlClientTest, ReusesTheConnectionAcrossRequests) {
  std::mutex mu;
  std::set<uint16_t> ports;
  auto server = StartServer([&](const Request& r) {
    std::lock_guard lock(mu);
    ports.insert(r.remote_port);
    return Response{};
  });
  CurlClient client;
  ClientRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/";
  for (int i = 0; i < 50; ++i) {
    auto resp = client.Send(req);
    ASSERT_TRUE(resp.ok());
    ASSERT_EQ(resp->status, 200);
  }
  EXPECT_EQ(ports.size(), 1u);
}

TEST(CurlClientTest, ConnectionRefusedIsConnectError) {
  CurlClient client;
  ClientRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/";
  auto resp = client.Send(req);
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().code, "connect") << resp.error().message;
}

TEST(CurlClientTest, TotalTimeoutIsTimeoutErrorAndClientRecovers) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto server = StartServer([&](const Request& r) {
    if (r.target == "/slow") released.wait();
    return Response{};
  });
  CurlClient client;
  ClientRequest slow;
  slow.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/slow";
  slow.timeout = std::chrono::milliseconds(200);
  auto resp = client.Send(slow);
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().code, "timeout") << resp.error().message;
  release.set_value();
  ClientRequest fast;
  fast.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/fast";
  auto again = client.Send(fast);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->status, 200);
}

TEST(CurlClientTest, ServerClosingAKeptConnectionIsRetriedTransparently) {
  auto server = StartServer([](const Request& r) {
    Response resp;
    if (r.target == "/close") resp.headers.Add("Connection", "close");
    return resp;
  });
  CurlClient client;
  ClientRequest req;
  const std::string base = "http://127.0.0.1:" + std::to_string(server->port());
  for (const char* path : {"/a", "/close", "/b", "/close", "/c"}) {
    req.url = base + path;
    auto resp = client.Send(req);
    ASSERT_TRUE(resp.ok()) << path << ": " << resp.error().message;
    EXPECT_EQ(resp->status, 200);
  }
}

TEST(CurlClientTest, ServerGoneMidwayIsAnErrorNotACrash) {
  auto server = StartServer([](const Request&) { return Response{}; });
  const std::string url = "http://127.0.0.1:" + std::to_string(server->port()) + "/";
  CurlClient client;
  ClientRequest req;
  req.url = url;
  ASSERT_TRUE(client.Send(req).ok());
  server->Stop();
  auto resp = client.Send(req);
  ASSERT_FALSE(resp.ok());
  EXPECT_TRUE(resp.error().code == "connect" || resp.error().code == "transport")
      << resp.error().code;
}

}  // namespace
}  // namespace sb::http

namespace sb::http {
namespace {

// Regression: the packaged function carries Debian's libcurl, whose default CA path is missing
// on Amazon Linux 2023; the client must find the bundle wherever the system keeps it.
TEST(CaBundleTest, PicksTheFirstReadableCandidate) {
  char dir[] = "/tmp/sb-ca-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  std::string missing = std::string(dir) + "/missing.crt";
  std::string present = std::string(dir) + "/ca-bundle.crt";
  FILE* f = std::fopen(present.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fclose(f);
  EXPECT_EQ(FindCaBundle({missing, present}), present);
  EXPECT_EQ(FindCaBundle({missing}), std::nullopt);
  std::remove(present.c_str());
  ::rmdir(dir);
}

TEST(CaBundleTest, KnowsAmazonLinuxPath) {
  bool has_al2023 = false;
  for (const auto& c : kCaBundleCandidates) has_al2023 |= c == "/etc/pki/tls/certs/ca-bundle.crt";
  EXPECT_TRUE(has_al2023);
}

}  // namespace
}  // namespace sb::http
