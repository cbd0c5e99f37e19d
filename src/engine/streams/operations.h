// The four DynamoDB Streams operations, one per file, each registered in the engine's
// operation registry (engine/ops/registry.h) under the Streams service
// ("DynamoDBStreams_20120810"). Each is an ops::OpFn: it validates its request with the
// shared readers (op_support.h, engine/ops/request.h), reads ctx.streams (InternalServerError
// when it is null) and answers DynamoDB Streams' response shape or error. Thread-safe.
#pragma once

#include "engine/ops/context.h"

namespace sb::engine::streams {

ops::OpResult ListStreams(ops::Context& ctx, const boost::json::object& request);
ops::OpResult DescribeStream(ops::Context& ctx, const boost::json::object& request);
ops::OpResult GetShardIterator(ops::Context& ctx, const boost::json::object& request);
ops::OpResult GetRecords(ops::Context& ctx, const boost::json::object& request);

}  // namespace sb::engine::streams
