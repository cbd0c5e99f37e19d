// The local Lambda Runtime API. See runtime_api_server.h.
#include "trigger/runtime_api_server.h"

#include <boost/json.hpp>
#include <cstdio>

#include "base/quote.h"
#include "protocol/lambda/runtime_api.h"

namespace sb::trigger {
namespace json = boost::json;

namespace {

http::Response JsonResponse(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.headers.Set("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

// {"errorMessage":..,"errorType":..}: the Runtime API's own error shape (docs/runtime-api.md §1).
http::Response ApiError(int status, std::string_view type, std::string_view message) {
  json::object o{{"errorMessage", message}, {"errorType", type}};
  return JsonResponse(status, json::serialize(o));
}

http::Response Accepted() { return JsonResponse(202, std::string(protocol::kRuntimeAcceptedBody)); }

std::string Hex(Random& random, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  uint64_t bits = 0;
  for (int i = 0; i < digits; ++i) {
    if (i % 16 == 0) bits = random.Next();
    s += kHex[bits & 0xf];
    bits >>= 4;
  }
  return s;
}

// Reads the error type and message of an /error or /init/error post.
protocol::LambdaErrorBody ReadErrorPost(const http::Request& request) {
  protocol::LambdaErrorBody body;
  auto decoded = protocol::DecodeLambdaErrorBody(request.body);
  if (decoded.ok()) {
    body = std::move(decoded).value();
  } else {
    body.error_message = request.body;
  }
  if (auto h = request.headers.Get(protocol::kHeaderFunctionErrorType); h && !h->empty()) {
    body.error_type = std::string(*h);
  }
  if (body.error_type.empty()) body.error_type = "Unhandled";
  return body;
}

}  // namespace

std::string NewRequestId(Random& random) {
  std::string h = Hex(random, 32);
  h[12] = '4';                                            // version 4
  h[16] = "89ab"[static_cast<unsigned char>(h[16]) % 4];  // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string NewTraceId(Random& random, int64_t unix_seconds) {
  char time_hex[16];
  std::snprintf(time_hex, sizeof time_hex, "%08llx",
                static_cast<unsigned long long>(unix_seconds) & 0xffffffffULL);
  return "Root=1-" + std::string(time_hex) + "-" + Hex(random, 24) + ";Parent=" + Hex(random, 16) +
         ";Sampled=0";
}

Result<std::unique_ptr<RuntimeApiServer>> RuntimeApiServer::Start(Options options) {
  std::unique_ptr<RuntimeApiServer> api(new RuntimeApiServer(std::move(options)));
  http::ServerOptions so;
  so.host = "127.0.0.1";
  so.port = 0;
  so.threads = 2;
  // Only the local function calls this API, by 127.0.0.1; refuse other Hosts, as a web page
  // reaching it by DNS rebinding would send (http/host_check.h).
  so.check_host = true;
  // Room above the payload cap so an oversize response reaches Handle() and gets Lambda's 413.
  so.max_body_bytes = api->options_.max_response_bytes + 1024 * 1024;
  RuntimeApiServer* self = api.get();
  SB_ASSIGN_OR_RETURN(api->server_, http::Server::Start(so, [self](const http::Request& r) {
                        return self->Handle(r);
                      }));
  return api;
}

RuntimeApiServer::~RuntimeApiServer() { Stop(); }

uint16_t RuntimeApiServer::port() const { return server_->port(); }

std::string RuntimeApiServer::address() const { return "127.0.0.1:" + std::to_string(port()); }

void RuntimeApiServer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (server_) server_->Stop();
}

uint64_t RuntimeApiServer::ResetForNewProcess() {
  uint64_t gen;
  {
    std::lock_guard lock(mu_);
    gen = ++generation_;
    process_exited_ = false;
    dispatched_any_ = false;
    init_error_.reset();
    queue_.clear();
    in_flight_.reset();
    results_.clear();
    answered_.clear();
  }
  cv_.notify_all();
  return gen;
}

void RuntimeApiServer::SignalProcessExit(uint64_t generation) {
  {
    std::lock_guard lock(mu_);
    if (generation != generation_) return;
    process_exited_ = true;
  }
  cv_.notify_all();
}

void RuntimeApiServer::Enqueue(Invocation invocation) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(invocation));
  }
  cv_.notify_all();
}

RuntimeApiServer::Wait RuntimeApiServer::WaitDispatched(
    const std::string& request_id, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (stopping_) return Wait::kStopped;
    if (last_dispatched_id_ == request_id) return Wait::kDispatched;
    if (init_error_) return Wait::kInitError;
    if (process_exited_) return Wait::kProcessExited;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      if (last_dispatched_id_ == request_id) return Wait::kDispatched;
      return Wait::kDeadline;
    }
  }
}

RuntimeApiServer::Wait RuntimeApiServer::WaitCompleted(
    const std::string& request_id, std::chrono::steady_clock::time_point deadline,
    InvocationResult* result) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (auto it = results_.find(request_id); it != results_.end()) {
      *result = std::move(it->second);
      results_.erase(it);
      return Wait::kCompleted;
    }
    if (stopping_) return Wait::kStopped;
    if (process_exited_) return Wait::kProcessExited;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      if (results_.count(request_id) != 0) continue;
      return Wait::kDeadline;
    }
  }
}

std::optional<protocol::LambdaErrorBody> RuntimeApiServer::init_error() const {
  std::lock_guard lock(mu_);
  return init_error_;
}

http::Response RuntimeApiServer::Handle(const http::Request& request) {
  std::string_view target = request.target;
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  std::optional<protocol::RuntimeRoute> route = protocol::ParseRuntimePath(target);
  if (!route) return ApiError(404, "NotFound", "no such Runtime API path: " + std::string(target));
  switch (route->kind) {
    case protocol::RuntimeRoute::Kind::kNext:
      if (request.method != "GET") return ApiError(405, "MethodNotAllowed", "use GET");
      return Next();
    case protocol::RuntimeRoute::Kind::kResponse:
    case protocol::RuntimeRoute::Kind::kError:
      if (request.method != "POST") return ApiError(405, "MethodNotAllowed", "use POST");
      return Answer(route->request_id, request,
                    route->kind == protocol::RuntimeRoute::Kind::kResponse);
    case protocol::RuntimeRoute::Kind::kInitError:
      if (request.method != "POST") return ApiError(405, "MethodNotAllowed", "use POST");
      return InitError(request);
  }
  return ApiError(404, "NotFound", "no such path");
}

http::Response RuntimeApiServer::Next() {
  std::unique_lock lock(mu_);
  const uint64_t generation = generation_;
  if (in_flight_) {
    return ApiError(403, "InvalidStateTransition",
                    "State transition from Running to Ready failed: invocation " +
                        in_flight_->request_id + " has not been answered");
  }
  cv_.wait(lock, [&] { return stopping_ || generation != generation_ || !queue_.empty(); });
  if (stopping_) return ApiError(500, "Runtime.ExitError", "the local trigger is stopping; exit");
  if (generation != generation_) {
    return ApiError(500, "Runtime.ExitError", "the runtime is being replaced; exit");
  }
  Invocation inv = std::move(queue_.front());
  queue_.pop_front();
  const Clock& clock = options_.clock != nullptr ? *options_.clock : RealClock::Instance();
  int64_t deadline_ms = clock.NowUnixMillis() + inv.timeout.count();
  http::Response r;
  r.status = 200;
  r.headers.Set(std::string(protocol::kHeaderRequestId), inv.request_id);
  r.headers.Set(std::string(protocol::kHeaderDeadlineMs), std::to_string(deadline_ms));
  r.headers.Set(std::string(protocol::kHeaderInvokedFunctionArn), options_.function_arn);
  if (!inv.trace_id.empty()) r.headers.Set(std::string(protocol::kHeaderTraceId), inv.trace_id);
  r.headers.Set("Content-Type", "application/json");
  r.body = std::move(inv.payload);
  inv.payload.clear();
  last_dispatched_id_ = inv.request_id;
  dispatched_any_ = true;
  in_flight_ = std::move(inv);
  lock.unlock();
  cv_.notify_all();
  return r;
}

http::Response RuntimeApiServer::Answer(const std::string& id, const http::Request& request,
                                        bool ok) {
  std::unique_lock lock(mu_);
  if (!in_flight_ || in_flight_->request_id != id) {
    if (answered_.count(id) != 0) {
      return ApiError(403, "InvalidStateTransition",
                      "invocation " + QuotePrefix(id) + " has already been answered");
    }
    return ApiError(400, "InvalidRequestID", "unknown request id " + QuotePrefix(id));
  }
  InvocationResult result;
  http::Response reply = Accepted();
  if (ok && request.body.size() > options_.max_response_bytes) {
    result.ok = false;
    result.error_type = "Function.ResponseSizeTooLarge";
    result.error_message = "Response payload size (" + std::to_string(request.body.size()) +
                           " bytes) exceeded maximum allowed payload size (" +
                           std::to_string(options_.max_response_bytes) + " bytes).";
    reply = ApiError(413, "RequestEntityTooLarge",
                     "Exceeded maximum allowed payload size (" +
                         std::to_string(options_.max_response_bytes) + " bytes).");
  } else if (ok) {
    result.body = request.body;
  } else {
    protocol::LambdaErrorBody e = ReadErrorPost(request);
    result.ok = false;
    result.error_type = std::move(e.error_type);
    result.error_message = std::move(e.error_message);
  }
  results_[id] = std::move(result);
  answered_.insert(id);
  in_flight_.reset();
  lock.unlock();
  cv_.notify_all();
  return reply;
}

http::Response RuntimeApiServer::InitError(const http::Request& request) {
  std::unique_lock lock(mu_);
  if (dispatched_any_) {
    return ApiError(403, "InvalidStateTransition",
                    "init/error after the runtime has started serving invocations");
  }
  init_error_ = ReadErrorPost(request);
  lock.unlock();
  cv_.notify_all();
  return Accepted();
}

}  // namespace sb::trigger
