#include "dynamo/wire.h"

#include "dynamo/retry.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::dynamo::wire {

std::string DynamoDbTarget(std::string_view op) { return "DynamoDB_20120810." + std::string(op); }

protocol::ApiError Invalid(std::string_view call, std::string_view what) {
  protocol::ApiError e;
  e.type = std::string(kInvalidResponseError);
  e.message = std::string(call) + ": " + std::string(what);
  e.http_status = 200;
  return e;
}

protocol::ApiResult<std::optional<std::string>> OptString(const boost::json::object& o,
                                                          std::string_view key,
                                                          std::string_view call) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return Invalid(call, std::string(key) + " is not a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

protocol::ApiResult<std::optional<int64_t>> OptInt(const boost::json::object& o,
                                                   std::string_view key, std::string_view call) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->as_int64());
  if (v->is_uint64()) return std::optional<int64_t>(static_cast<int64_t>(v->as_uint64()));
  if (v->is_double()) return std::optional<int64_t>(static_cast<int64_t>(v->as_double()));
  return Invalid(call, std::string(key) + " is not a number");
}

protocol::ApiResult<std::optional<protocol::Item>> OptItem(const boost::json::object& o,
                                                           std::string_view key,
                                                           std::string_view call) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<protocol::Item>();
  protocol::ApiResult<protocol::Item> item = protocol::DecodeItem(*v);
  if (!item.ok()) return Invalid(call, std::string(key) + ": " + item.error().message);
  return std::optional<protocol::Item>(std::move(item).value());
}

}  // namespace sb::dynamo::wire
