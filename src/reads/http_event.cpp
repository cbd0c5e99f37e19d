#include "reads/http_event.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace sb::reads {
namespace {

namespace json = boost::json;

const json::string* StringAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

// Header names in a 2.0 event are lower-case.
std::string Header(const json::object& event, std::string_view name) {
  const json::value* h = event.if_contains("headers");
  if (h == nullptr || !h->is_object()) return "";
  const json::string* v = StringAt(h->as_object(), name);
  return v != nullptr ? std::string(*v) : "";
}

}  // namespace

Result<std::string> HandleHttpEvent(ReadApi& api, const std::vector<std::string>& cors_origins,
                                    std::string_view payload) {
  boost::system::error_code ec;
  json::value event = json::parse(payload, ec);
  if (ec || !event.is_object()) {
    return MakeError("InvalidEvent", "the event is not a JSON object");
  }
  const json::object& e = event.as_object();
  const json::string* path = StringAt(e, "rawPath");
  const json::string* method = nullptr;
  if (const json::value* rc = e.if_contains("requestContext"); rc != nullptr && rc->is_object()) {
    if (const json::value* h = rc->as_object().if_contains("http"); h != nullptr && h->is_object()) {
      method = StringAt(h->as_object(), "method");
    }
  }
  if (path == nullptr || method == nullptr) {
    return MakeError("InvalidEvent",
                     "not an HTTP API (payload 2.0) or Function URL event: rawPath and "
                     "requestContext.http.method are required");
  }
  const json::string* query = StringAt(e, "rawQueryString");

  json::object headers{{"content-type", "application/json"}, {"cache-control", "no-store"}};
  const std::string origin = Header(e, "origin");
  const bool any = std::find(cors_origins.begin(), cors_origins.end(), "*") != cors_origins.end();
  if (!origin.empty() &&
      (any || std::find(cors_origins.begin(), cors_origins.end(), origin) != cors_origins.end())) {
    headers["access-control-allow-origin"] = any ? "*" : origin;
    if (!any) headers["vary"] = "Origin";
  }
  json::object response;
  if (*method == "OPTIONS") {
    headers["access-control-allow-methods"] = "GET, HEAD, OPTIONS";
    headers["access-control-allow-headers"] = "content-type";
    headers["access-control-max-age"] = "600";
    response["statusCode"] = 204;
    response["body"] = "";
  } else {
    ApiAnswer a = api.Handle(std::string_view(*method), std::string_view(*path),
                             query != nullptr ? std::string_view(*query) : std::string_view());
    response["statusCode"] = a.status;
    response["body"] = *method == "HEAD" ? std::string() : a.body;
  }
  response["headers"] = std::move(headers);
  response["isBase64Encoded"] = false;
  return json::serialize(response);
}

}  // namespace sb::reads
