// Url: the parts of an endpoint URL the client needs to address and sign a request.
// "http://127.0.0.1:8000" -> {scheme "http", authority "127.0.0.1:8000", path "/"}.
// A default port (80 for http, 443 for https) is dropped from the authority, as the SDKs
// do for the Host header. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace sb::dynamo {

struct Url {
  std::string scheme;     // "http" | "https"
  std::string authority;  // host[:port], the Host header value
  std::string path;       // "/" when the URL has none
};

// Errors (code "invalid_url"): no "http://" / "https://" scheme, empty host, a query or
// fragment, a non-numeric or out-of-range port.
Result<Url> ParseUrl(std::string_view text);

}  // namespace sb::dynamo
