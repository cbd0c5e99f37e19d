// Dispatcher: DynamoDB's JSON 1.0 protocol over HTTP for the engine's operations.
//
// POST / with `X-Amz-Target: <Service>.<Operation>` and a JSON object body. Responses carry
// `x-amzn-RequestId` (52 upper-case alphanumerics, like DynamoDB's), `x-amz-crc32` (zlib
// CRC-32 of the body, decimal; botocore checks it) and `Content-Type:
// application/x-amz-json-1.0`. Every error is an ApiError serialized by ApiError::ToJson here
// and only here. Protocol errors: an unknown target -> UnknownOperationException; a body that
// is not a JSON object -> SerializationException; a method other than POST -> 404
// UnknownOperationException, except `GET /`, which answers DynamoDB's health check
// ("healthy: dynamodb.<region>.amazonaws.com "). Anything thrown by an operation is caught per
// request and becomes a 500 InternalServerError.
//
// Operations: the target is looked up, whole, in an ops::OpRegistry (by default
// OpRegistry::Global(), where every DynamoDB and DynamoDB Streams operation registers itself);
// the dispatcher knows no operation or service name. A response is written by
// ops::ResponseText, which splices the raw JSON texts an operation passes through
// (ops/raw_json.h) unchanged, before the CRC is computed over the final bytes.
//
// Thread-safety: Handle may be called concurrently.
#pragma once

#include <string>

#include "engine/ops/context.h"
#include "engine/ops/registry.h"
#include "http/message.h"
#include "sigv4/sigv4.h"

namespace sb::engine::server {

struct DispatcherOptions {
  // When set, requests must carry a valid SigV4 signature by a known access key.
  bool verify_signatures = false;
  sigv4::SecretLookup secrets;  // REQUIRES: set when verify_signatures
  // The operations served; null: ops::OpRegistry::Global(). Not owned; must outlive the
  // dispatcher.
  const ops::OpRegistry* registry = nullptr;
};

class Dispatcher {
 public:
  // `ctx` must outlive the dispatcher.
  Dispatcher(ops::Context* ctx, DispatcherOptions options);

  // Handles one HTTP request. Never throws.
  http::Response Handle(const http::Request& request) const;

 private:
  http::Response HandleUnsafe(const http::Request& request) const;
  http::Response Finish(int status, std::string body) const;
  http::Response ErrorResponse(const protocol::ApiError& e) const;

  ops::Context* ctx_;
  DispatcherOptions options_;
  const ops::OpRegistry* registry_;
};

// A fresh 52-character request id (A-Z, 0-9).
std::string NewRequestId();

}  // namespace sb::engine::server
