#include "engine/server/dispatcher.h"

#include <zlib.h>

#include <boost/json.hpp>
#include <chrono>
#include <exception>
#include <random>

#include "base/log.h"
#include "engine/ops/raw_json.h"
#include "engine/ops/request_body.h"

namespace sb::engine::server {

namespace json = boost::json;
using protocol::ApiError;

std::string NewRequestId() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng(std::random_device{}());
  // Two characters from each 64-bit draw: each 32-bit half scaled to [0, 36) by a multiply
  // and a shift, with no division (a bias below 36 / 2^32).
  std::string id(52, 'A');
  for (size_t i = 0; i < id.size(); i += 2) {
    const uint64_t bits = rng();
    id[i] = kAlphabet[((bits & 0xFFFFFFFFu) * 36) >> 32];
    id[i + 1] = kAlphabet[((bits >> 32) * 36) >> 32];
  }
  return id;
}

Dispatcher::Dispatcher(ops::Context* ctx, DispatcherOptions options)
    : ctx_(ctx),
      options_(std::move(options)),
      registry_(options_.registry != nullptr ? options_.registry : &ops::OpRegistry::Global()) {}

http::Response Dispatcher::Finish(int status, std::string body) const {
  http::Response r;
  r.status = status;
  r.headers.Set("x-amzn-RequestId", NewRequestId());
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  r.headers.Set("x-amz-crc32", std::to_string(crc));
  r.headers.Set("Content-Type", "application/x-amz-json-1.0");
  r.body = std::move(body);
  return r;
}

http::Response Dispatcher::ErrorResponse(const ApiError& e) const {
  return Finish(e.http_status, e.ToJson());
}

http::Response Dispatcher::Handle(const http::Request& request) const {
  try {
    return HandleUnsafe(request);
  } catch (const std::exception& e) {
    log::Error("engine", std::string("request failed: ") + e.what());
  } catch (...) {
    log::Error("engine", "request failed: unknown exception");
  }
  return ErrorResponse(ApiError::Internal());
}

http::Response Dispatcher::HandleUnsafe(const http::Request& request) const {
  std::string_view path = request.target;
  path = path.substr(0, path.find('?'));
  if (request.method == "GET" && path == "/") {
    // DynamoDB's health check answer.
    http::Response r;
    r.status = 200;
    r.headers.Set("x-amzn-RequestId", NewRequestId());
    r.headers.Set("Content-Type", "text/plain");
    r.body = "healthy: dynamodb." + ctx_->region + ".amazonaws.com ";
    return r;
  }
  if (request.method != "POST" || path != "/") {
    ApiError e = ApiError::UnknownOperation();
    e.http_status = 404;
    return ErrorResponse(e);
  }
  if (options_.verify_signatures) {
    sigv4::Request sreq;
    sreq.method = request.method;
    sreq.target = request.target;
    sreq.body = request.body;
    for (const auto& [name, value] : request.headers.all()) sreq.headers.emplace_back(name, value);
    auto failure = sigv4::Verify(sreq, options_.secrets, std::chrono::system_clock::now());
    if (failure) {
      return ErrorResponse(ApiError{failure->type, failure->message, 400, {}});
    }
  }
  // Content-Encoding and JSON, then the operation, then member types, in DynamoDB's order
  // (engine/ops/request_body.h): a body that is not JSON is a SerializationException even
  // under an unknown X-Amz-Target.
  auto body = ops::ParseRequestJson(request.headers.Get("Content-Encoding"), request.body);
  if (!body.ok()) return ErrorResponse(body.error());
  auto target = request.headers.Get("X-Amz-Target");
  if (!target) return ErrorResponse(ApiError::UnknownOperation());
  ops::OpFn op = registry_->Find(*target);
  if (op == nullptr) return ErrorResponse(ApiError::UnknownOperation());
  if (auto members = ops::CheckRequestMembers(body.value()); !members.ok()) {
    return ErrorResponse(members.error());
  }
  ops::OpResult result = op(*ctx_, body.value());
  if (!result.ok()) return ErrorResponse(result.error());
  // Raw arrays (GetRecords' records) are spliced in unchanged; the CRC covers the final text.
  return Finish(200, ops::ResponseText(result.value()));
}

}  // namespace sb::engine::server
