// KeyConditionExpression -> KeyRange: the partition-key value and an optional sort-key
// condition, which the storage layer turns into a range scan.
//
// DynamoDB's rules: exactly one equality on the partition key, optionally AND one condition on
// the sort key (=, <, <=, >, >=, BETWEEN, begins_with), in either order, parentheses allowed.
// Errors (ValidationException):
//   "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR"
//     (likewise NOT, IN, <>, and the functions other than begins_with)
//   "Invalid KeyConditionExpression: Conditions can be of length 1 or 2 only"
//   "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition
//    per key"
//   "Query condition missed key schema element: <name>"  (no condition on a key attribute, or
//     a condition on a non-key attribute where the sort key's would be)
//   "Query key condition not supported"  (partition key not compared with =, nested paths,
//     two paths or two values compared, a non-key attribute on a hash-only table)
// plus the parse and placeholder errors of parser.h / resolve.h. Whether the values' types
// match the key schema is the caller's check (it knows the attribute definitions).
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/placeholders.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

// The key condition of a Query, resolved.
struct KeyRange {
  // Which sort-key condition applies. Bounds are inclusive except for kLt / kGt.
  enum class SortOp : uint8_t {
    kNone,        // no sort-key condition: the whole partition
    kEq,          // sort == sort_value
    kLt,          // sort <  sort_value
    kLe,          // sort <= sort_value
    kGt,          // sort >  sort_value
    kGe,          // sort >= sort_value
    kBetween,     // sort_value <= sort <= sort_value2
    kBeginsWith,  // sort starts with sort_value (S: UTF-8 bytes; B: bytes)
  };

  std::string hash_name;                // the partition key attribute name
  protocol::AttributeValue hash_value;  // the partition key value (items must equal it)
  SortOp sort_op = SortOp::kNone;
  std::string sort_name;                 // the sort key attribute name; empty when kNone
  protocol::AttributeValue sort_value;   // the operand (BETWEEN: the lower bound)
  protocol::AttributeValue sort_value2;  // BETWEEN only: the upper bound

  friend bool operator==(const KeyRange&, const KeyRange&) = default;
};

// The checks of a KeyConditionExpression that need no table (Query makes them before it looks
// the table up, as DynamoDB does): its grammar, its functions and its placeholders. The
// checks against the key schema are ParseKeyConditionText's / ParseMultiKeyConditionText's.
protocol::ApiStatus CheckKeyConditionText(std::string_view text, Placeholders& ph);

// Parses, resolves and checks a KeyConditionExpression against the key schema.
protocol::ApiResult<KeyRange> ParseKeyConditionText(std::string_view text, Placeholders& ph,
                                                    std::string_view hash_key_name,
                                                    std::optional<std::string_view> range_key_name);

// The key condition of a Query on a multi-attribute GSI key (docs/engine.md): equality on
// every partition key attribute; on the sort key attributes, left to right, equality on a
// prefix and then at most one other condition (<, <=, >, >=, BETWEEN, begins_with) on the
// attribute right after it.
struct MultiKeyRange {
  std::vector<protocol::AttributeValue> hash_values;  // one per partition key attribute
  std::vector<protocol::AttributeValue> sort_prefix;  // equal to the first sort attributes
  // The condition on sort attribute number sort_prefix.size(); never kEq (an equality there
  // is part of sort_prefix).
  KeyRange::SortOp sort_op = KeyRange::SortOp::kNone;
  std::string sort_name;                 // empty when kNone
  protocol::AttributeValue sort_value;   // the operand (BETWEEN: the lower bound)
  protocol::AttributeValue sort_value2;  // BETWEEN only: the upper bound
  friend bool operator==(const MultiKeyRange&, const MultiKeyRange&) = default;
};

// Parses, resolves and checks a KeyConditionExpression against a multi-attribute key
// (`hash_names` non-empty, in KeySchema order; `range_names` possibly empty). Errors as above,
// with a condition missing on a partition key attribute, or on a sort key attribute before
// one that has a condition, reported as "Query condition missed key schema element: <name>",
// and a range condition followed by a condition on a later sort key attribute as
// "Invalid KeyConditionExpression: Only the last sort key attribute in a key condition may
// use a range condition; <name> has one".
protocol::ApiResult<MultiKeyRange> ParseMultiKeyConditionText(
    std::string_view text, Placeholders& ph, const std::vector<std::string>& hash_names,
    const std::vector<std::string>& range_names);

}  // namespace sb::engine::expr
