// The read function's transport: an API Gateway HTTP API (payload format 2.0) or Lambda
// Function URL event in, ReadApi's answer out as the proxy response Lambda expects:
//   in:  {"rawPath":"/api/rank","rawQueryString":"game=g&player=p",
//         "requestContext":{"http":{"method":"GET"}},"headers":{"origin":"https://..."}}
//   out: {"statusCode":200,"headers":{"content-type":"application/json",...},"body":"...",
//         "isBase64Encoded":false}
// CORS: when the request's Origin is in `cors_origins` (or that list holds "*"), the answer
// carries Access-Control-Allow-Origin (and Vary: Origin); an OPTIONS preflight is answered
// 204 with the allowed method and header. API Gateway's own CORS configuration answers
// preflights before they reach the function; this keeps a Function URL honest too.
// Pure but for `api`; thread-safety as ReadApi.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "reads/read_api.h"

namespace sb::reads {

// Errors (code "InvalidEvent"): the payload is not a JSON object with rawPath and
// requestContext.http.method strings (not an HTTP event: a configuration mistake).
Result<std::string> HandleHttpEvent(ReadApi& api, const std::vector<std::string>& cors_origins,
                                    std::string_view payload);

}  // namespace sb::reads
