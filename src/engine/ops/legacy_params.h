// Reading DynamoDB's legacy (pre-expression) request parameters — Expected, AttributeUpdates,
// KeyConditions, QueryFilter / ScanFilter (each with ConditionalOperator) and AttributesToGet —
// into the resolved trees of the expression languages (expr/legacy.h converts them), and
// DynamoDB's rule that one request cannot mix them with expression parameters:
//   "Can not use both expression and non-expression parameters in the same request:
//    Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"
// Pure; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/expr/expr.h"
#include "engine/expr/key_condition.h"
#include "protocol/dynamodb/api_error.h"

namespace sb::engine::ops {

// Fails with DynamoDB's message when the request has at least one of `legacy` and at least one
// of `expression` (each list in the order the message names them). Absent or null members
// do not count.
protocol::ApiStatus CheckNotMixed(const boost::json::object& req,
                                  std::initializer_list<std::string_view> legacy,
                                  std::initializer_list<std::string_view> expression);

// Expected (+ ConditionalOperator) as a condition; nullptr when Expected is absent.
// ConditionalOperator without Expected is DynamoDB's ValidationException.
protocol::ApiResult<std::shared_ptr<const expr::Condition>> ReadExpected(
    const boost::json::object& req);

// QueryFilter or ScanFilter (`key`) (+ ConditionalOperator); nullptr when absent.
protocol::ApiResult<std::shared_ptr<const expr::Condition>> ReadLegacyFilter(
    const boost::json::object& req, std::string_view key);

// AttributeUpdates as an update; nullptr when absent.
protocol::ApiResult<std::shared_ptr<const expr::Update>> ReadAttributeUpdates(
    const boost::json::object& req);

// KeyConditions against the queried key schema; nullopt when absent.
protocol::ApiResult<std::optional<expr::KeyRange>> ReadKeyConditions(
    const boost::json::object& req, std::string_view hash_key_name,
    std::optional<std::string_view> range_key_name);

// AttributesToGet as a projection; nullptr when absent.
protocol::ApiResult<std::shared_ptr<const expr::Projection>> ReadAttributesToGet(
    const boost::json::object& req);

}  // namespace sb::engine::ops
