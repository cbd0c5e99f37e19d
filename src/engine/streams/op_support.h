// What the four DynamoDB Streams operations share: their request readers (the DynamoDB
// readers of engine/ops/request.h with the Streams API's length and range constraints), their
// errors, and the attached Streams of a context. Pure apart from Attached(); thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "engine/ops/context.h"
#include "engine/ops/request.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::engine::streams {

class Streams;

// ctx.streams after a due retention sweep; InternalServerError when streams are not enabled.
protocol::ApiResult<Streams*> Attached(ops::Context& ctx);

// A string member whose length must be in [min, max] ("Member must have length ..."); a
// missing `required` member is "Member must not be null".
protocol::ApiResult<std::optional<std::string>> BoundedString(const boost::json::object& o,
                                                              std::string_view key, size_t min,
                                                              size_t max, bool required,
                                                              ops::Violations& v);

// The Limit member: 1 <= Limit <= max.
protocol::ApiResult<std::optional<int64_t>> LimitParam(const boost::json::object& o, int64_t max,
                                                       ops::Violations& v);

protocol::ApiError StorageFailure(const Error& e);  // InternalServerError
protocol::ApiError StreamNotFound(std::string_view arn);
protocol::ApiError ShardNotFound();
protocol::ApiError TrimmedData();
protocol::ApiError InvalidStreamArn();

}  // namespace sb::engine::streams
