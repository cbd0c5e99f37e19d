// HTTP client seam. CurlClient (libcurl: keep-alive connection reuse, TLS, timeouts) is the
// real one; FakeClient (tests) answers from a scripted function and records requests.
//
// Thread-safety: CurlClient::Send may be called from several threads at once (each thread
// reuses its own connections). FakeClient is thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "http/message.h"

namespace sb::http {

struct ClientRequest {
  std::string method = "POST";
  std::string url;  // absolute: http://127.0.0.1:8000/ or https://dynamodb.us-east-1.amazonaws.com/
  Headers headers;
  std::string body;
  // 0 = no timeout (the Lambda Runtime API's /next must wait indefinitely).
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds connect_timeout{2000};
};

// A transport failure (no HTTP response at all): code "connect", "timeout" or "transport".
class Client {
 public:
  virtual ~Client() = default;
  virtual Result<Response> Send(const ClientRequest& request) = 0;
};

// Where CurlClient looks for the system's CA certificates, in order: Debian/Ubuntu, then
// Amazon Linux 2023 / RHEL (Lambda's provided.al2023), then others.
inline const std::vector<std::string> kCaBundleCandidates = {
    "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/certs/ca-bundle.crt", "/etc/ssl/cert.pem"};
// The first readable file of `candidates`, if any.
std::optional<std::string> FindCaBundle(const std::vector<std::string>& candidates);

class CurlClient final : public Client {
 public:
  CurlClient();
  ~CurlClient() override;
  Result<Response> Send(const ClientRequest& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class FakeClient final : public Client {
 public:
  using Script = std::function<Result<Response>(const ClientRequest&)>;
  explicit FakeClient(Script script) : script_(std::move(script)) {}
  Result<Response> Send(const ClientRequest& request) override {
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
    }
    return script_(request);
  }
  std::vector<ClientRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  Script script_;
  mutable std::mutex mu_;
  std::vector<ClientRequest> requests_;
};

}  // namespace sb::http
