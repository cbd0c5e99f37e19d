// Transport: one signed, retried JSON 1.0 call (the wire protocol shared by DynamoDB and
// DynamoDB Streams; docs/dynamodb-wire.md §1, docs/streams-wire.md §1). Both typed clients sit on
// it.
//
// Each attempt: POST <endpoint>/ with Content-Type application/x-amz-json-1.0,
// X-Amz-Target <target>, SigV4-signed for service "dynamodb" (also for Streams: its signing
// name is "dynamodb") at the clock's current time; the response's x-amz-crc32 is checked
// when present. Failures are retried per retry.h with full-jitter backoff, up to
// RetryPolicy::max_attempts tries; the last error is returned.
//
// Thread-safety: Call may run concurrently if the http::Client, Sleeper and Random allow it
// (CurlClient, RealSleeper and RealRandom do).
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "base/clock.h"
#include "base/random.h"
#include "dynamo/config.h"
#include "http/client.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::dynamo {

class Transport {
 public:
  // All references must outlive the Transport.
  Transport(ClientConfig config, http::Client& http, const Clock& clock, Sleeper& sleeper,
            Random& random);

  // Calls `target` (e.g. "DynamoDB_20120810.GetItem") at `endpoint` (a base URL without
  // path, e.g. "http://127.0.0.1:8000"). Returns the response object, or the error: the
  // service's ApiError (type after '#', message), or one of retry.h's client-side errors.
  // When `body_text` is non-null, a successful call also stores there the response body the
  // object was parsed from (for a caller that passes parts of it on unchanged).
  protocol::ApiResult<boost::json::object> Call(std::string_view endpoint, std::string_view target,
                                                const boost::json::object& request,
                                                std::string* body_text = nullptr);

  const ClientConfig& config() const { return config_; }

 private:
  protocol::ApiResult<boost::json::object> Attempt(std::string_view endpoint,
                                                   std::string_view target,
                                                   const std::string& body,
                                                   std::string* body_text);

  // Signs `request` (whose URL path is `path`) with SigV4 unless the config has no credentials.
  protocol::ApiStatus Sign(std::string_view path, http::ClientRequest* request) const;

  ClientConfig config_;
  http::Client& http_;
  const Clock& clock_;
  Sleeper& sleeper_;
  Random& random_;
};

// CRC-32 (zlib polynomial) of `bytes`, as DynamoDB sends it in x-amz-crc32.
uint32_t Crc32(std::string_view bytes);

}  // namespace sb::dynamo
