#include "runtime_api_server.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "protocol/lambda/runtime_api.h"

namespace sb::function::itest {

RuntimeApiServer::RuntimeApiServer() {
  http::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 4;
  auto server = http::Server::Start(options, [this](const http::Request& r) { return Handle(r); });
  EXPECT_TRUE(server.ok()) << server.error().message;
  if (server.ok()) server_ = std::move(server).value();
}

RuntimeApiServer::~RuntimeApiServer() {
  Finish();
  if (server_) server_->Stop();
}

std::string RuntimeApiServer::AddEvent(std::string payload) {
  std::lock_guard lock(mu_);
  std::string id = "req-" + std::to_string(next_id_++);
  events_.emplace_back(id, std::move(payload));
  cv_.notify_all();
  return id;
}

std::optional<Posted> RuntimeApiServer::WaitForPost(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return posted_.size() > n; })) return std::nullopt;
  return posted_[n];
}

void RuntimeApiServer::Finish() {
  std::lock_guard lock(mu_);
  finished_ = true;
  cv_.notify_all();
}

http::Response RuntimeApiServer::Handle(const http::Request& request) {
  http::Response response;
  std::string path = request.target.substr(0, request.target.find('?'));
  std::optional<protocol::RuntimeRoute> route = protocol::ParseRuntimePath(path);
  if (!route.has_value()) {
    response.status = 404;
    return response;
  }
  if (route->kind == protocol::RuntimeRoute::Kind::kNext) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(60), [&] { return finished_ || !events_.empty(); });
    if (events_.empty()) {
      response.status = 500;
      response.body = R"({"errorMessage":"test over","errorType":"ServiceException"})";
      return response;
    }
    auto [id, payload] = std::move(events_.front());
    events_.pop_front();
    response.headers.Set(std::string(protocol::kHeaderRequestId), id);
    response.headers.Set(std::string(protocol::kHeaderDeadlineMs),
                         std::to_string(RealClock::Instance().NowUnixMillis() + 60'000));
    response.headers.Set(std::string(protocol::kHeaderInvokedFunctionArn),
                         "arn:aws:lambda:us-east-1:012345678912:function:leaderboard");
    response.headers.Set(
        std::string(protocol::kHeaderTraceId),
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
    response.headers.Set("Content-Type", "application/json");
    response.body = std::move(payload);
    return response;
  }
  Posted p;
  p.body = request.body;
  p.error_type = std::string(request.headers.Get(protocol::kHeaderFunctionErrorType).value_or(""));
  switch (route->kind) {
    case protocol::RuntimeRoute::Kind::kResponse:
      p.kind = "response";
      break;
    case protocol::RuntimeRoute::Kind::kError:
      p.kind = "error";
      break;
    default:
      p.kind = "init_error";
      break;
  }
  p.request_id = route->request_id;
  {
    std::lock_guard lock(mu_);
    posted_.push_back(std::move(p));
    cv_.notify_all();
  }
  response.status = 202;
  response.body = std::string(protocol::kRuntimeAcceptedBody);
  return response;
}

}  // namespace sb::function::itest
