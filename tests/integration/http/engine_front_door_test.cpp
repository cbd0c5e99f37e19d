// The engine's front door (engine/server/front_door.h) through real sockets: the Host check
// without signature checks, and with them, heads checked before bodies are read.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "engine/server/engine.h"
#include "engine/server/front_door.h"
#include "sigv4/sigv4.h"
#include "test_socket.h"

namespace sb::engine::server {
namespace {

using http::testing::BodyOf;
using http::testing::RawConnection;

std::unique_ptr<Engine> StartEngine(bool verify, std::vector<std::string> allowed = {}) {
  EngineOptions options;
  options.port = 0;
  options.in_memory = true;
  options.threads = 2;
  options.http.allowed_hosts = std::move(allowed);
  if (verify) {
    options.dispatch.verify_signatures = true;
    options.dispatch.secrets = [](std::string_view id) -> std::optional<std::string> {
      if (id == "AKIDTEST") return std::string("secret");
      return std::nullopt;
    };
  }
  auto engine = Engine::Start(options, RealClock::Instance());
  EXPECT_TRUE(engine.ok()) << (engine.ok() ? "" : engine.error().message);
  return engine.ok() ? std::move(engine).value() : nullptr;
}

std::string ListTables(const std::string& host, const std::string& extra = "") {
  const std::string body = "{}";
  return "POST / HTTP/1.1\r\nHost: " + host +
         "\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
         "Content-Type: application/x-amz-json-1.0\r\n" +
         extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A ListTables request signed for AKIDTEST/secret, with `body` (wire text).
std::string SignedListTables(uint16_t port, const std::string& body) {
  const std::string host = "127.0.0.1:" + std::to_string(port);
  sigv4::Request req;
  req.method = "POST";
  req.target = "/";
  req.body = "{}";
  req.headers = {{"Host", host}, {"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
  sigv4::SignParams params;
  params.region = "us-east-1";
  params.service = "dynamodb";
  params.time = std::chrono::system_clock::now();
  EXPECT_TRUE(sigv4::Sign(req, {"AKIDTEST", "secret", ""}, params).ok());
  std::string wire = "POST / HTTP/1.1\r\n";
  for (const auto& [name, value] : req.headers) wire += name + ": " + value + "\r\n";
  return wire + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

size_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
  }
  return 0;
}

TEST(EngineFrontDoorTest, ForeignHostIsRefusedWithoutSignatureChecks) {
  auto engine = StartEngine(false, {"dev.box"});
  ASSERT_NE(engine, nullptr);
  RawConnection evil(engine->port());
  ASSERT_TRUE(evil.Send(ListTables("attacker.example")));
  std::string resp = evil.ReadResponse();
  EXPECT_EQ(resp.rfind("HTTP/1.1 403", 0), 0u) << resp;
  EXPECT_NE(BodyOf(resp).find("com.amazon.coral.service#AccessDeniedException"), std::string::npos);
  for (const std::string host : {"127.0.0.1:8000", "localhost:8000", "[::1]:8000", "dev.box"}) {
    RawConnection ok(engine->port());
    ASSERT_TRUE(ok.Send(ListTables(host)));
    EXPECT_EQ(BodyOf(ok.ReadResponse()), R"({"TableNames":[]})") << host;
  }
}

TEST(EngineFrontDoorTest, UnsignedUploadsAreRefusedBeforeTheirBodies) {
  auto engine = StartEngine(true);
  ASSERT_NE(engine, nullptr);
  const size_t before = ResidentBytes();
  std::vector<std::unique_ptr<RawConnection>> uploads;
  const std::string chunk(4 << 20, 'u');
  for (int i = 0; i < 40; ++i) {
    uploads.push_back(std::make_unique<RawConnection>(engine->port()));
    ASSERT_TRUE(uploads.back()->Send(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
        "Content-Length: " +
        std::to_string(16 << 20) + "\r\n\r\n"));
    uploads.back()->Send(chunk);  // fails once the server has refused and closed: fine
  }
  for (auto& u : uploads) {
    std::string resp = u->ReadResponse();
    EXPECT_EQ(resp.rfind("HTTP/1.1 400", 0), 0u) << resp.substr(0, 200);
    EXPECT_NE(resp.find("MissingAuthenticationTokenException"), std::string::npos);
  }
  // 40 x 16 MiB declared, 160 MiB sent: none of it held (without the head check the server
  // would have buffered what it received).
  EXPECT_LT(ResidentBytes(), before + (48u << 20));
  uploads.clear();

  // Correctly signed: served. Signed, but the body is not the one signed: refused after it.
  RawConnection good(engine->port());
  ASSERT_TRUE(good.Send(SignedListTables(engine->port(), "{}")));
  EXPECT_EQ(BodyOf(good.ReadResponse()), R"({"TableNames":[]})");
  RawConnection tampered(engine->port());
  ASSERT_TRUE(tampered.Send(SignedListTables(engine->port(), "{ }")));
  std::string resp = tampered.ReadResponse();
  EXPECT_NE(resp.find("InvalidSignatureException"), std::string::npos) << resp;
  // Signature checks replace the Host check.
  RawConnection named(engine->port());
  ASSERT_TRUE(named.Send(ListTables("attacker.example")));
  EXPECT_NE(named.ReadResponse().find("MissingAuthenticationTokenException"), std::string::npos);
}

}  // namespace
}  // namespace sb::engine::server
