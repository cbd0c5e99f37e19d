// Request body decoding: what happens to a request's bytes before an operation sees them.
//
//  1. Content-Encoding: `gzip` and `deflate` bodies (the AWS SDKs' request compression) are
//     inflated; `identity` or no header passes the body through. Any other coding, or a body
//     that does not inflate, is a SerializationException; a body inflating past 16 MiB
//     (DynamoDB's request size limit) is 413 RequestEntityTooLargeException.
//  2. JSON: a body that is not a JSON object is a SerializationException.
//  3. Member shapes: every top-level member DynamoDB defines (and the elements of its list and
//     map members) must have its JSON kind, else the SerializationException DynamoDB answers
//     (protocol/dynamodb/member_shape.h). So a wrong-typed member is reported before any
//     validation, as DynamoDB deserializes before it validates. Unknown members are ignored.
//
// Pure; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "protocol/dynamodb/api_error.h"

namespace sb::engine::ops {

// Steps 1 and 2: the body inflated and parsed as a JSON object. DynamoDB parses the body
// before it looks at X-Amz-Target (dynalite's order of checks, reproduced from AWS): a body
// that is not JSON is a SerializationException even for an unknown operation. The message
// names the byte offset where parsing stopped ("... at offset 1"); the wording is the
// engine's (dynalite sends the bare type). The object and everything in it are allocated from
// `storage` (default: the heap); the caller keeps that resource alive while they are used.
protocol::ApiResult<boost::json::object> ParseRequestJson(
    std::optional<std::string_view> content_encoding, std::string_view body,
    boost::json::storage_ptr storage = {});

// Step 3: the member shapes of a parsed request (the member shapes are both APIs' own, keyed
// by member name: each name has one type in every operation).
protocol::ApiStatus CheckRequestMembers(const boost::json::object& request);

// All three steps: ParseRequestJson, then CheckRequestMembers.
protocol::ApiResult<boost::json::object> DecodeRequestBody(
    std::optional<std::string_view> content_encoding, std::string_view body);

}  // namespace sb::engine::ops
