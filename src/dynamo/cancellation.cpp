#include "dynamo/cancellation.h"

#include <boost/json.hpp>
#include <string_view>

namespace sb::dynamo {

namespace json = boost::json;

namespace {

// The codes listed in brackets at the end of the message.
std::vector<CancellationReason> FromMessage(const std::string& m) {
  std::vector<CancellationReason> reasons;
  const size_t open = m.rfind('[');
  const size_t close = m.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return reasons;
  std::string_view list = std::string_view(m).substr(open + 1, close - open - 1);
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view code = list.substr(0, comma);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    reasons.push_back({std::string(code), {}});
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return reasons;
}

std::string StringOf(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::vector<CancellationReason> CancellationReasons(const protocol::ApiError& error) {
  if (error.code() != protocol::ErrorCode::kTransactionCanceled) return {};
  if (!error.extra_json.empty()) {
    boost::system::error_code ec;
    json::value extra = json::parse("{" + error.extra_json + "}", ec);
    const json::value* list =
        ec || !extra.is_object() ? nullptr : extra.get_object().if_contains("CancellationReasons");
    if (list != nullptr && list->is_array()) {
      std::vector<CancellationReason> reasons;
      for (const json::value& r : list->get_array()) {
        const json::object* o = r.if_object();
        if (o == nullptr) {
          reasons.push_back({});
          continue;
        }
        reasons.push_back({StringOf(*o, "Code"), StringOf(*o, "Message")});
      }
      return reasons;
    }
  }
  return FromMessage(error.message);
}

std::vector<std::string> CancellationReasonCodes(const protocol::ApiError& error) {
  std::vector<std::string> codes;
  for (auto& r : CancellationReasons(error)) codes.push_back(std::move(r.code));
  return codes;
}

}  // namespace sb::dynamo
