// The DynamoDB Streams operations as engine operations: what the server's dispatcher runs for
// `X-Amz-Target: DynamoDBStreams_20120810.<Operation>` (the same port and the same signing
// service, `dynamodb`, as DynamoDB itself; docs/streams-wire.md §1). Each runs on ctx.streams.
// Thread-safe.
#pragma once

#include <string_view>

#include "engine/ops/context.h"

namespace sb::engine::streams {

inline constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810";

// ListStreams, DescribeStream, GetShardIterator or GetRecords; nullptr for any other name.
// The returned operation answers InternalServerError when ctx.streams is null.
ops::OpFn FindStreamsOperation(std::string_view operation);

}  // namespace sb::engine::streams
