// Member shapes: the JSON kind a DynamoDB request member must have, and the
// SerializationException DynamoDB answers when it has another.
//
// DynamoDB deserializes a request into typed members before it validates anything, so a
// member of the wrong JSON kind (a list where a map belongs, a number where a string
// belongs) is a SerializationException whatever else is wrong with the request. The messages
// are AWS's Java deserializer's, as dynalite reproduces them from live AWS, e.g.
//   class java.lang.Short can not be converted to an String
//   Start of list found where not expected
//   Start of structure or map found where not expected.
//   Expected list or null / Expected map or null / Expected null
// Pure; thread-safe.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>

#include "protocol/dynamodb/api_error.h"

namespace sb::protocol {

enum class MemberShape {
  kString,     // JSON string
  kBoolean,    // JSON true/false
  kInteger,    // JSON number (Limit, Segment, ...)
  kList,       // JSON array
  kMap,        // JSON object with arbitrary keys (Key, ExpressionAttributeNames, ...)
  kStructure,  // JSON object with named members (ProvisionedThroughput, an AttributeValue, ...)
};

// The SerializationException for `v` where a member of `shape` belongs; nullopt when `v` has
// that shape. JSON null always passes (a null member counts as absent).
std::optional<ApiError> CheckMemberShape(const boost::json::value& v, MemberShape shape);

// The Java class AWS names for a JSON number in these messages ("java.lang.Short", ...).
std::string JavaClassForNumber(const boost::json::value& v);

}  // namespace sb::protocol
