// DynamoDB JSON <-> AttributeValue / Item, on Boost.JSON.
//
// Decoding validates as DynamoDB does and returns ValidationException / SerializationException
// shaped ApiErrors with DynamoDB's messages, e.g.
//   "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
//   "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
//   "One or more parameter values were invalid: An number set  may not be empty"
//   "Input collection [a, a] contains duplicates."  (duplicate set members)
// plus Number::Parse's messages; nesting deeper than 32 levels is refused.
// Encoding emits canonical numbers and base64 binaries. Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::protocol {

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
