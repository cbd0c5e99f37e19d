// DynamoDB's legacy (pre-expression) request parameters, converted into the same resolved trees
// the expression languages produce, so the rest of the engine has one code path:
//   Expected (+ ConditionalOperator)               -> Condition
//   QueryFilter / ScanFilter (+ ConditionalOperator) -> Condition
//   AttributeUpdates                                -> Update
//   KeyConditions                                   -> KeyRange
//   AttributesToGet                                 -> Projection
// Legacy parameters name top-level attributes only. Errors are ValidationExceptions with
// DynamoDB's "One or more parameter values were invalid: ..." messages. Whether a request mixes
// legacy and expression parameters is the caller's check. Pure; thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/expr.h"
#include "protocol/dynamodb/api_error.h"
#include "protocol/dynamodb/attribute_value.h"

namespace sb::engine::expr {

// One legacy condition: ComparisonOperator (EQ, NE, LE, LT, GE, GT, NOT_NULL, NULL, CONTAINS,
// NOT_CONTAINS, BEGINS_WITH, IN, BETWEEN) and its AttributeValueList.
struct LegacyCondition {
  std::string comparison_operator;
  std::vector<protocol::AttributeValue> values;
};

// One entry of Expected: either Value / Exists, or ComparisonOperator / AttributeValueList.
struct LegacyExpected {
  std::optional<protocol::AttributeValue> value;
  std::optional<bool> exists;
  std::optional<std::string> comparison_operator;
  std::optional<std::vector<protocol::AttributeValue>> attribute_value_list;
};

// One entry of AttributeUpdates: Action PUT (default), DELETE or ADD, and an optional Value.
struct LegacyAttributeUpdate {
  std::string action = "PUT";
  std::optional<protocol::AttributeValue> value;
};

// `conditional_operator`: "AND" (also when absent) or "OR".
protocol::ApiResult<std::shared_ptr<const Condition>> ConvertExpected(
    const std::map<std::string, LegacyExpected>& expected,
    std::optional<std::string_view> conditional_operator);

// QueryFilter or ScanFilter.
protocol::ApiResult<std::shared_ptr<const Condition>> ConvertFilter(
    const std::map<std::string, LegacyCondition>& filter,
    std::optional<std::string_view> conditional_operator);

protocol::ApiResult<std::shared_ptr<const Update>> ConvertAttributeUpdates(
    const std::map<std::string, LegacyAttributeUpdate>& updates);

protocol::ApiResult<KeyRange> ConvertKeyConditions(
    const std::map<std::string, LegacyCondition>& key_conditions, std::string_view hash_key_name,
    std::optional<std::string_view> range_key_name);

std::shared_ptr<const Projection> ConvertAttributesToGet(const std::vector<std::string>& names);

}  // namespace sb::engine::expr
