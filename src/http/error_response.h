// The bodies of the responses the HTTP server writes itself (rejections before or instead of
// the Handler). The server fronts the DynamoDB engine, so every such response has DynamoDB's
// error shape, which the AWS SDKs parse:
//   Content-Type: application/x-amz-json-1.0
//   {"__type":"com.amazon.coral.service#<Type>","message":"<text>"}
// (docs/engine.md, "The HTTP server", lists each status and type). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/quote.h"
#include "http/message.h"

namespace sb::http {

// A DynamoDB-shaped error response: `type` is the short name (e.g.
// "RequestTimeoutException"), qualified with "com.amazon.coral.service#"; `message` is
// JSON-escaped.
Response ErrorResponse(int status, std::string_view type, std::string_view message);

// `text` escaped for a JSON string (without the quotes): '"', '\\' and control characters.
std::string JsonEscape(std::string_view text);

// Messages quote inputs through sb::QuotePrefix (base/quote.h).

}  // namespace sb::http
