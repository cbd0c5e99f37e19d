// DynamoDB JSON <-> AttributeValue / Item, on Boost.JSON.
//
// Decoding validates as DynamoDB does and returns ValidationException / SerializationException
// shaped ApiErrors with DynamoDB's messages (as dynalite reproduces them from live AWS), e.g.
//   Supplied AttributeValue is empty, must contain exactly one of the supported datatypes
//   Supplied AttributeValue has more than one datatypes set, must contain exactly one of ...
//   One or more parameter values were invalid: An number set  may not be empty
//   One or more parameter values were invalid: Input collection [a, a] contains duplicates.
//   (NS: "Input collection contains duplicates"; duplicates are numeric, "1" == "1.0")
//   One or more parameter values were invalid: Null attribute value types must have the value
//   of true
//   Nesting Levels have exceeded supported limits: Attributes in the item have nested levels
//   beyond supported limit   (a value inside more than 32 L/M levels; AWS's words)
// plus Number::Parse's messages. Wrong JSON kinds (e.g. {"S":1}) and bad base64 are
// SerializationExceptions, reported before any validation fault in the same value.
// Empty S and B are accepted (DynamoDB allows them outside keys; key checks are the caller's).
// Encoding emits canonical numbers and base64 binaries. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::protocol {

// boost::json::parse_options::max_depth to use for documents carrying AttributeValues: each
// L/M level costs two JSON levels, so Boost's default (32) would refuse legal items before
// DynamoDB's own 32-level rule could answer with its message.
inline constexpr int kJsonMaxDepth = 160;

ApiResult<AttributeValue> DecodeAttributeValue(const boost::json::value& json);
ApiResult<Item> DecodeItem(const boost::json::value& json);  // a JSON object of AttributeValues

boost::json::value EncodeAttributeValue(const AttributeValue& v);
boost::json::value EncodeItem(const Item& item);

// Convenience: whole documents as text.
ApiResult<Item> ParseItemJson(std::string_view text);
std::string ItemToJson(const Item& item);

// Base64 (standard alphabet, padded), as DynamoDB JSON carries binaries.
std::string Base64Encode(std::string_view bytes);
bool Base64Decode(std::string_view text, std::string* out);

}  // namespace sb::protocol
