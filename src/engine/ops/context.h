// The context every engine operation runs in, and the shape of an operation.
//
// An operation is a function (Context&, request JSON object) -> response JSON object or
// ApiError. It validates the whole request first and only then opens a write transaction
// (validate fully, then mutate). Operations are thread-safe: many run concurrently
// on one Context; the Store serializes writes.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "base/clock.h"
#include "engine/storage/store.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::engine::streams {
class Streams;
}  // namespace sb::engine::streams

namespace sb::engine::ops {

struct Context {
  storage::Store* store = nullptr;       // not owned
  const Clock* clock = nullptr;          // not owned; CreationDateTime, TTL expiry
  std::string region = "us-east-1";      // for ARNs
  streams::Streams* streams = nullptr;   // not owned; the DynamoDB Streams API (null: none)
};

using OpResult = protocol::ApiResult<boost::json::object>;
using OpFn = OpResult (*)(Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::ops
