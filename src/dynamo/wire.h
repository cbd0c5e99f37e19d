// Helpers shared by the typed clients' request encoders and response decoders: the
// operation target, reading optional members of a response object with a type check. Internal to sb_dynamo.
// Pure; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::dynamo::wire {

// The X-Amz-Target of a DynamoDB operation: "DynamoDB_20120810.<op>".
std::string DynamoDbTarget(std::string_view op);

// An InvalidResponseError naming the call and what was wrong.
protocol::ApiError Invalid(std::string_view call, std::string_view what);

// Each returns nullopt when the member is absent (or JSON null); an error when it is present
// with the wrong type.
protocol::ApiResult<std::optional<std::string>> OptString(const boost::json::object& o,
                                                          std::string_view key,
                                                          std::string_view call);
protocol::ApiResult<std::optional<int64_t>> OptInt(const boost::json::object& o,
                                                   std::string_view key, std::string_view call);
protocol::ApiResult<std::optional<protocol::Item>> OptItem(const boost::json::object& o,
                                                           std::string_view key,
                                                           std::string_view call);

}  // namespace sb::dynamo::wire
