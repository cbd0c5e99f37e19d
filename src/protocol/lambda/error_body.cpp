// Lambda error body. See error_body.h.
#include "protocol/lambda/error_body.h"

#include <boost/json.hpp>

namespace sb::protocol {
namespace json = boost::json;

std::string EncodeLambdaErrorBody(const LambdaErrorBody& body) {
  json::array trace;
  for (const auto& line : body.stack_trace) trace.emplace_back(line);
  json::object o;
  o["errorMessage"] = body.error_message;
  o["errorType"] = body.error_type;
  o["stackTrace"] = std::move(trace);
  return json::serialize(o);
}

Result<LambdaErrorBody> DecodeLambdaErrorBody(std::string_view text) {
  auto invalid = [](std::string why) { return MakeError("InvalidErrorBody", std::move(why)); };
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return invalid("not valid JSON: " + ec.message());
  const json::object* o = v.if_object();
  if (o == nullptr) return invalid("not a JSON object");
  LambdaErrorBody body;
  for (auto [key, out] :
       {std::pair{"errorMessage", &body.error_message}, std::pair{"errorType", &body.error_type}}) {
    auto it = o->find(key);
    if (it == o->end() || it->value().is_null()) continue;
    if (!it->value().is_string()) return invalid(std::string(key) + " is not a string");
    *out = std::string(it->value().get_string());
  }
  if (auto it = o->find("stackTrace"); it != o->end() && !it->value().is_null()) {
    const json::array* a = it->value().if_array();
    if (a == nullptr) return invalid("stackTrace is not a list");
    for (const auto& line : *a) {
      if (!line.is_string()) return invalid("stackTrace holds a non-string");
      body.stack_trace.emplace_back(line.get_string());
    }
  }
  return body;
}

}  // namespace sb::protocol
