// Placeholders: a request's ExpressionAttributeNames ("#n" -> name) and ExpressionAttributeValues
// (":v" -> AttributeValue), and which of them the request's expressions have used.
//
// DynamoDB rejects a request whose names or values are not all used by ITS expressions taken
// together (a value used only by the FilterExpression still counts for the whole Query), so one
// Placeholders object is shared by every expression of a request and checked once at the end.
// Not thread-safe (one request, one thread). Borrows the maps: they must outlive this object.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

// Checks one key of ExpressionAttributeNames (sigil '#') or ExpressionAttributeValues (':'):
// first its length, at most 255 bytes ("<map> contains invalid key: The expression attribute
// map contains a key that is too long; size of key: N", without the size for values, as
// DynamoDB words it), then its syntax: the sigil, then one or more of a-z A-Z 0-9 _ ("<map>
// contains invalid key: Syntax error; key: \"x\"").
protocol::ApiStatus CheckPlaceholderKey(std::string_view map_name, std::string_view key,
                                        char sigil);

class Placeholders {
 public:
  // Either map may be null (the request did not carry it).
  Placeholders(const std::map<std::string, std::string>* names,
               const protocol::AttributeMap* values);

  // Checks the maps themselves, before any expression is parsed: an empty map, keys that are
  // not placeholders (CheckPlaceholderKey) and an empty name are ValidationExceptions, as in
  // DynamoDB:
  //   "ExpressionAttributeNames must not be empty"
  //   "ExpressionAttributeNames contains invalid key: Syntax error; key: \"x\""
  //   "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a"
  //   "ExpressionAttributeNames contains invalid value: Attribute name exceeds the maximum
  //    length of 65535 bytes for key #a"
  // (the first two for ExpressionAttributeValues too).
  protocol::ApiStatus Validate() const;

  // Looks up "#n" / ":v" and records the use. Null when undefined.
  const std::string* UseName(std::string_view ref);
  const protocol::AttributeValue* UseValue(std::string_view ref);

  // After all expressions of the request are parsed: unused names, then unused values, are
  // ValidationExceptions, e.g. "Value provided in ExpressionAttributeValues unused in
  // expressions: keys: {:v, :w}".
  protocol::ApiStatus CheckAllUsed() const;

 private:
  const std::map<std::string, std::string>* names_;
  const protocol::AttributeMap* values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

}  // namespace sb::engine::expr
