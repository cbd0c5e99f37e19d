#include "dynamo/transport.h"

#include <zlib.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <string>

#include "dynamo/retry.h"
#include "dynamo/url.h"
#include "sigv4/sigv4.h"

namespace sb::dynamo {
namespace {

using protocol::ApiError;

ApiError ClientError(std::string_view type, std::string message, int http_status) {
  ApiError e;
  e.type = std::string(type);
  e.message = std::move(message);
  e.http_status = http_status;
  return e;
}

// x-amz-crc32 is an unsigned decimal integer (docs/dynamodb-wire.md §2). A header we cannot parse
// counts as a mismatch: the response cannot be trusted.
bool CrcMatches(std::string_view header, std::string_view body) {
  uint64_t expected = 0;
  auto [ptr, ec] = std::from_chars(header.data(), header.data() + header.size(), expected);
  if (ec != std::errc() || ptr != header.data() + header.size()) return false;
  return expected == Crc32(body);
}

}  // namespace

// Without credentials the request goes unsigned: a local engine accepts it (like DynamoDB
// Local) and AWS answers MissingAuthenticationTokenException, which names the problem.
protocol::ApiStatus Transport::Sign(std::string_view path, http::ClientRequest* request) const {
  if (config_.credentials.access_key_id.empty() && config_.credentials.secret_access_key.empty()) {
    return {};
  }
  sigv4::Request to_sign;
  to_sign.method = request->method;
  to_sign.target = path;
  for (const auto& [name, value] : request->headers.all())
    to_sign.headers.emplace_back(name, value);
  to_sign.body = request->body;
  sigv4::Credentials credentials{config_.credentials.access_key_id,
                                 config_.credentials.secret_access_key,
                                 config_.credentials.session_token};
  sigv4::SignParams params;
  params.region = config_.region;
  params.service = "dynamodb";
  params.time = sigv4::TimePoint(std::chrono::milliseconds(clock_.NowUnixMillis()));
  Status signed_ok = sigv4::Sign(to_sign, credentials, params);
  if (!signed_ok.ok()) {
    return ClientError(kSigningError, signed_ok.error().message, 0);
  }
  http::Headers headers;
  for (auto& [name, value] : to_sign.headers) headers.Add(std::move(name), std::move(value));
  request->headers = std::move(headers);
  return {};
}

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; feed large bodies in chunks.
  while (!bytes.empty()) {
    size_t n = std::min<size_t>(bytes.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

Transport::Transport(ClientConfig config, http::Client& http, const Clock& clock, Sleeper& sleeper,
                     Random& random)
    : config_(std::move(config)), http_(http), clock_(clock), sleeper_(sleeper), random_(random) {}

protocol::ApiResult<boost::json::object> Transport::Call(std::string_view endpoint,
                                                         std::string_view target,
                                                         const boost::json::object& request,
                                                         std::string* body_text) {
  const std::string body = boost::json::serialize(request);
  const int max_attempts = std::max(1, config_.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    protocol::ApiResult<boost::json::object> result = Attempt(endpoint, target, body, body_text);
    if (result.ok() || attempt >= max_attempts || !IsRetryable(result.error())) return result;
    sleeper_.SleepFor(BackoffDelay(config_.retry, attempt - 1, random_));
  }
}

protocol::ApiResult<boost::json::object> Transport::Attempt(std::string_view endpoint,
                                                            std::string_view target,
                                                            const std::string& body,
                                                            std::string* body_text) {
  Result<Url> url = ParseUrl(endpoint);
  if (!url.ok()) {
    return ClientError(kTransportError, "invalid endpoint URL: " + url.error().message, 0);
  }
  http::ClientRequest request;
  request.method = "POST";
  request.url = url->scheme + "://" + url->authority + url->path;
  request.timeout = config_.request_timeout;
  request.connect_timeout = config_.connect_timeout;
  request.body = body;
  request.headers.Set("Host", url->authority);
  request.headers.Set("Content-Type", "application/x-amz-json-1.0");
  request.headers.Set("X-Amz-Target", std::string(target));
  request.headers.Set("Accept-Encoding", "identity");

  if (protocol::ApiStatus s = Sign(url->path, &request); !s.ok()) return s.error();

  Result<http::Response> sent = http_.Send(request);
  if (!sent.ok()) {
    return ClientError(kTransportError, sent.error().code + ": " + sent.error().message, 0);
  }
  http::Response& response = *sent;
  if (auto crc = response.headers.Get("x-amz-crc32"); crc.has_value()) {
    if (!CrcMatches(*crc, response.body)) {
      return ClientError(kCrc32MismatchError,
                         "x-amz-crc32 " + std::string(*crc) + " does not match the body (" +
                             std::to_string(Crc32(response.body)) + ")",
                         response.status);
    }
  }
  if (response.status < 200 || response.status >= 300) {
    return ApiError::FromResponse(response.status, response.body);
  }
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(response.body, ec);
  if (ec || !parsed.is_object()) {
    return ClientError(kInvalidResponseError,
                       std::string(target) + ": response body is not a JSON object",
                       response.status);
  }
  if (body_text != nullptr) *body_text = std::move(response.body);
  return std::move(parsed.as_object());
}

}  // namespace sb::dynamo
