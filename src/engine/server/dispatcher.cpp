#include "engine/server/dispatcher.h"

#include <zlib.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstddef>
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
  // splitmix64 from a random seed per thread: request ids need to be unique, not secret.
  thread_local uint64_t state = (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  // Eight characters from each 64-bit draw, read off as base-36 digits of the draw taken as a
  // fraction: multiply by 36, the integer part is the digit (no division). 36 = 4 x 9, so
  // each digit shifts out two bits: the eighth still draws on 48 random bits.
  std::string id(52, 'A');
  uint64_t bits = 0;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i % 8 == 0) {
      uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      bits = z ^ (z >> 31);
    }
    const unsigned __int128 scaled = static_cast<unsigned __int128>(bits) * 36;
    id[i] = kAlphabet[static_cast<size_t>(scaled >> 64)];
    bits = static_cast<uint64_t>(scaled);
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
  // The request's JSON is allocated from a buffer on this frame (then from larger blocks, for
  // a large body), all released at once when the request is answered. Nothing parsed
  // outlives this call: operations copy what they keep, and the response is written out
  // below.
  alignas(std::max_align_t) unsigned char json_buffer[4096];
  json::monotonic_resource json_memory(json_buffer, sizeof json_buffer);
  auto body = ops::ParseRequestJson(request.headers.Get("Content-Encoding"), request.body,
                                    &json_memory);
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
