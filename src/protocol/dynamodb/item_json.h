// An Item written as DynamoDB JSON text directly, without building a Boost.JSON document first:
// the text is byte for byte what boost::json::serialize(EncodeItem(item)) gives (members in
// the item's order, strings escaped as Boost.JSON escapes them, numbers canonical, binaries
// base64), at a fraction of the cost. GetItem answers with it (docs/engine.md, "Performance").
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "protocol/dynamodb/attribute_value.h"

namespace sb::protocol {

// Appends `item` as a JSON object of AttributeValues to `out`.
void AppendItemJson(std::string& out, const Item& item);

// Appends one AttributeValue ({"S":"..."}, {"M":{...}}, ...) to `out`.
void AppendAttributeValueJson(std::string& out, const AttributeValue& value);

// Appends `text` as a JSON string, escaped as Boost.JSON's serializer escapes it.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace sb::protocol
