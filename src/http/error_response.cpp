#include "http/error_response.h"

namespace sb::http {

std::string JsonEscape(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7f) {
      out.append("\\u00");
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Response ErrorResponse(int status, std::string_view type, std::string_view message) {
  Response r;
  r.status = status;
  r.headers.Add("Content-Type", "application/x-amz-json-1.0");
  r.body.reserve(64 + type.size() + message.size());
  r.body.append(R"({"__type":"com.amazon.coral.service#)");
  r.body.append(JsonEscape(type));
  r.body.append(R"(","message":")");
  r.body.append(JsonEscape(message));
  r.body.append(R"("})");
  return r;
}

}  // namespace sb::http
