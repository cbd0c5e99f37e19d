#include "lambda/runtime.h"

#include <charconv>
#include <exception>
#include <limits>
#include <utility>

#include "base/log.h"
#include "protocol/lambda/error_body.h"
#include "protocol/lambda/runtime_api.h"

namespace sb::lambda {
namespace {

constexpr std::string_view kComponent = "lambda-runtime";

std::string HeaderOr(const http::Headers& headers, std::string_view name) {
  auto v = headers.Get(name);
  return v ? std::string(*v) : std::string();
}

// Epoch milliseconds; 0 when absent or not a non-negative integer.
int64_t ParseDeadline(const http::Headers& headers) {
  auto v = headers.Get(protocol::kHeaderDeadlineMs);
  if (!v || v->empty()) return 0;
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size() || out < 0) return 0;
  return out;
}

bool Is2xx(int status) { return status >= 200 && status < 300; }

}  // namespace

int64_t InvocationContext::RemainingMillis() const {
  if (deadline_ms == 0 || clock == nullptr) return std::numeric_limits<int64_t>::max();
  return deadline_ms - clock->NowUnixMillis();
}

InvocationResult InvocationResult::Success(std::string payload, std::string content_type) {
  InvocationResult r;
  r.payload = std::move(payload);
  r.content_type = std::move(content_type);
  return r;
}

InvocationResult InvocationResult::Failure(std::string error_type, std::string error_message) {
  InvocationResult r;
  r.ok = false;
  r.error_type = std::move(error_type);
  r.error_message = std::move(error_message);
  return r;
}

Runtime::Runtime(http::Client& client, Sleeper& sleeper, const Clock& clock, RuntimeOptions options)
    : client_(client), sleeper_(sleeper), clock_(clock), options_(std::move(options)) {}

std::string Runtime::Url(std::string_view path) const {
  std::string base = options_.endpoint;
  if (base.find("://") == std::string::npos) base = "http://" + base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path);
}

std::chrono::milliseconds Runtime::Backoff(int attempt) const {
  auto d = options_.initial_backoff;
  for (int i = 1; i < attempt && d < options_.max_backoff; ++i) d *= 2;
  return std::min(d, options_.max_backoff);
}

Status Runtime::Run(const Handler& handler) {
  int failures = 0;
  while (options_.max_invocations == 0 || invocations_ < options_.max_invocations) {
    std::string payload;
    InvocationContext context;
    Error fatal;
    switch (PollNext(&payload, &context, &fatal)) {
      case PollOutcome::kFatal:
        return fatal;
      case PollOutcome::kRetry:
        if (++failures >= options_.max_next_failures) {
          return MakeError(fatal.code, "giving up after " + std::to_string(failures) +
                                           " failed polls of /next: " + fatal.message);
        }
        sleeper_.SleepFor(Backoff(failures));
        continue;
      case PollOutcome::kInvocation:
        failures = 0;
        break;
    }
    ++invocations_;
    if (options_.on_trace_id) options_.on_trace_id(context.trace_id);
    InvocationResult result = Invoke(handler, payload, context);
    Status posted;
    if (result.ok) {
      posted = Post(protocol::RuntimeResponsePath(context.request_id), result.content_type,
                    std::move(result.payload), "");
    } else {
      protocol::LambdaErrorBody body{result.error_message, result.error_type, {}};
      posted = Post(protocol::RuntimeErrorPath(context.request_id),
                    std::string(protocol::kLambdaErrorContentType),
                    protocol::EncodeLambdaErrorBody(body), result.error_type);
    }
    if (!posted.ok()) return posted;
  }
  return {};
}

Runtime::PollOutcome Runtime::PollNext(std::string* payload, InvocationContext* context,
                                       Error* fatal) {
  http::ClientRequest request;
  request.method = "GET";
  request.url = Url(protocol::kRuntimeNextPath);
  // Wait as long as it takes (docs/runtime-api.md §1).
  request.timeout = std::chrono::milliseconds(0);
  Result<http::Response> response = client_.Send(request);
  if (!response.ok()) {
    log::Warn(kComponent, "GET next failed: " + response.error().message);
    *fatal = MakeError("transport", response.error().message);
    return PollOutcome::kRetry;
  }
  if (response->status >= 500) {
    // docs/runtime-api.md §1: a 500 from /next means the runtime must exit.
    *fatal = MakeError("runtime_api", "GET next answered " + std::to_string(response->status) +
                                          ": " + response->body);
    return PollOutcome::kFatal;
  }
  std::string request_id = HeaderOr(response->headers, protocol::kHeaderRequestId);
  if (!Is2xx(response->status) || request_id.empty()) {
    std::string why =
        !Is2xx(response->status)
            ? "GET next answered " + std::to_string(response->status) + ": " + response->body
            : "GET next answered without " + std::string(protocol::kHeaderRequestId);
    log::Warn(kComponent, why);
    *fatal = MakeError("invalid_response", why);
    return PollOutcome::kRetry;
  }
  context->request_id = std::move(request_id);
  context->deadline_ms = ParseDeadline(response->headers);
  context->function_arn = HeaderOr(response->headers, protocol::kHeaderInvokedFunctionArn);
  context->trace_id = HeaderOr(response->headers, protocol::kHeaderTraceId);
  context->client_context = HeaderOr(response->headers, protocol::kHeaderClientContext);
  context->cognito_identity = HeaderOr(response->headers, protocol::kHeaderCognitoIdentity);
  context->clock = &clock_;
  *payload = std::move(response->body);
  return PollOutcome::kInvocation;
}

InvocationResult Runtime::Invoke(const Handler& handler, std::string_view payload,
                                 const InvocationContext& context) {
  // Exception barrier: nothing a handler throws leaves the loop (catch-alls live only here,
  // around each HTTP request and in each main()).
  try {
    InvocationResult result = handler(payload, context);
    if (!result.ok && result.error_type.empty()) result.error_type = "Runtime.UnknownReason";
    return result;
  } catch (const std::exception& e) {
    log::Error(kComponent, "handler threw: " + std::string(e.what()));
    return InvocationResult::Failure("Runtime.HandlerException", e.what());
  } catch (...) {
    log::Error(kComponent, "handler threw a non-standard exception");
    return InvocationResult::Failure("Runtime.HandlerException",
                                     "the handler threw a non-standard exception");
  }
}

Status Runtime::Post(const std::string& path, const std::string& content_type, std::string body,
                     std::string_view error_type) {
  http::ClientRequest request;
  request.method = "POST";
  request.url = Url(path);
  request.timeout = options_.post_timeout;
  request.headers.Set("Content-Type", content_type);
  if (!error_type.empty()) {
    request.headers.Set(std::string(protocol::kHeaderFunctionErrorType), std::string(error_type));
  }
  request.body = std::move(body);
  const int attempts = std::max(1, options_.max_post_attempts);
  for (int attempt = 1;; ++attempt) {
    Result<http::Response> response = client_.Send(request);
    if (response.ok()) {
      if (Is2xx(response->status)) return {};
      std::string what =
          "POST " + path + " answered " + std::to_string(response->status) + ": " + response->body;
      if (response->status >= 500) return MakeError("runtime_api", what);
      // 4xx: Lambda has settled this invocation its own way (e.g. 413 fails it with
      // Function.ResponseSizeTooLarge); nothing we can post will change that.
      log::Warn(kComponent, what);
      return {};
    }
    log::Warn(kComponent, "POST " + path + " failed: " + response.error().message);
    if (attempt >= attempts) {
      return MakeError("transport", "POST " + path + " failed " + std::to_string(attempt) +
                                        " times: " + response.error().message);
    }
    sleeper_.SleepFor(Backoff(attempt));
  }
}

Status Runtime::ReportInitError(std::string_view error_type, std::string_view error_message) {
  protocol::LambdaErrorBody body{std::string(error_message), std::string(error_type), {}};
  http::ClientRequest request;
  request.method = "POST";
  request.url = Url(protocol::kRuntimeInitErrorPath);
  request.timeout = options_.post_timeout;
  request.headers.Set("Content-Type", std::string(protocol::kLambdaErrorContentType));
  request.headers.Set(std::string(protocol::kHeaderFunctionErrorType), std::string(error_type));
  request.body = protocol::EncodeLambdaErrorBody(body);
  Result<http::Response> response = client_.Send(request);
  if (!response.ok()) return MakeError("transport", response.error().message);
  if (!Is2xx(response->status)) {
    return MakeError("runtime_api", "POST init/error answered " + std::to_string(response->status) +
                                        ": " + response->body);
  }
  return {};
}

}  // namespace sb::lambda
