#include "engine/ops/legacy_params.h"

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "base/quote.h"
#include "engine/expr/legacy.h"
#include "engine/ops/item_write.h"
#include "engine/ops/request.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;
using protocol::AttributeValue;

namespace {

ApiResult<std::optional<std::vector<AttributeValue>>> ValueList(const json::object& o) {
  const json::value* v = FindMember(o, "AttributeValueList");
  if (v == nullptr) return std::optional<std::vector<AttributeValue>>();
  if (!v->is_array()) return MemberTypeError("AttributeValueList", "an array");
  std::vector<AttributeValue> out;
  for (const auto& e : v->get_array()) {
    // Not SB_ASSIGN_OR_RETURN: GCC 12 at -O3 reports a false -Wmaybe-uninitialized on the
    // moved-from variant there.
    auto decoded = protocol::DecodeAttributeValue(e);
    if (!decoded.ok()) return Fail(std::move(decoded).error());
    out.push_back(std::move(decoded).value());
  }
  return std::optional<std::vector<AttributeValue>>(std::move(out));
}

// The entries of a legacy condition map (QueryFilter, ScanFilter, KeyConditions).
ApiResult<std::map<std::string, expr::LegacyCondition>> ConditionMap(const json::object& m,
                                                                     std::string_view key) {
  std::map<std::string, expr::LegacyCondition> out;
  for (const auto& kv : m) {
    if (!kv.value().is_object()) return MemberTypeError(key, "an object of Condition objects");
    const json::object& c = kv.value().get_object();
    SB_ASSIGN_OR_RETURN(auto op, OptString(c, "ComparisonOperator"));
    if (!op) {
      return ApiError::Validation("1 validation error detected: Value null at '" +
                                  std::string(key == "KeyConditions" ? "keyConditions"
                                              : key == "QueryFilter" ? "queryFilter"
                                                                     : "scanFilter") +
                                  "." + std::string(kv.key()) +
                                  ".member.comparisonOperator' failed to satisfy constraint: "
                                  "Member must not be null");
    }
    SB_ASSIGN_OR_RETURN(auto values, ValueList(c));
    out[std::string(kv.key())] =
        expr::LegacyCondition{*op, values.value_or(std::vector<AttributeValue>{})};
  }
  return out;
}

// ConditionalOperator, checked against the map it combines (DynamoDB's messages).
ApiResult<std::optional<std::string>> ConditionalOperator(const json::object& req,
                                                          const json::object* combined) {
  SB_ASSIGN_OR_RETURN(auto op, OptString(req, "ConditionalOperator"));
  if (op && combined == nullptr) {
    return ApiError::Validation("ConditionalOperator cannot be used without Filter or Expected");
  }
  return op;
}

}  // namespace

ApiStatus CheckNotMixed(const json::object& req, std::initializer_list<std::string_view> legacy,
                        std::initializer_list<std::string_view> expression) {
  auto present = [&](std::initializer_list<std::string_view> keys) {
    std::string list;
    for (auto k : keys) {
      if (FindMember(req, k) == nullptr) continue;
      if (!list.empty()) list += ", ";
      list += k;
    }
    return list;
  };
  std::string l = present(legacy), e = present(expression);
  if (l.empty() || e.empty()) return {};
  return ApiError::Validation(
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: {" +
      l + "} Expression parameters: {" + e + "}");
}

ApiResult<std::shared_ptr<const expr::Condition>> ReadExpected(const json::object& req) {
  SB_ASSIGN_OR_RETURN(const json::object* m, OptObject(req, "Expected"));
  SB_ASSIGN_OR_RETURN(auto op, ConditionalOperator(req, m));
  if (m == nullptr) return std::shared_ptr<const expr::Condition>();
  std::map<std::string, expr::LegacyExpected> expected;
  for (const auto& kv : *m) {
    if (!kv.value().is_object())
      return MemberTypeError("Expected", "an object of ExpectedAttributeValue");
    const json::object& e = kv.value().get_object();
    expr::LegacyExpected x;
    if (const json::value* v = FindMember(e, "Value")) {
      auto decoded = protocol::DecodeAttributeValue(*v);  // see ValueList on the macro
      if (!decoded.ok()) return Fail(std::move(decoded).error());
      x.value = std::move(decoded).value();
    }
    if (const json::value* v = FindMember(e, "Exists")) {
      if (!v->is_bool()) return MemberTypeError("Exists", "a boolean");
      x.exists = v->get_bool();
    }
    SB_ASSIGN_OR_RETURN(x.comparison_operator, OptString(e, "ComparisonOperator"));
    SB_ASSIGN_OR_RETURN(x.attribute_value_list, ValueList(e));
    expected[std::string(kv.key())] = std::move(x);
  }
  return expr::ConvertExpected(expected, op);
}

ApiResult<std::shared_ptr<const expr::Condition>> ReadLegacyFilter(const json::object& req,
                                                                   std::string_view key) {
  SB_ASSIGN_OR_RETURN(const json::object* m, OptObject(req, key));
  SB_ASSIGN_OR_RETURN(auto op, ConditionalOperator(req, m));
  if (m == nullptr) return std::shared_ptr<const expr::Condition>();
  SB_ASSIGN_OR_RETURN(auto filter, ConditionMap(*m, key));
  return expr::ConvertFilter(filter, op);
}

ApiResult<std::shared_ptr<const expr::Update>> ReadAttributeUpdates(const json::object& req) {
  SB_ASSIGN_OR_RETURN(const json::object* m, OptObject(req, "AttributeUpdates"));
  if (m == nullptr) return std::shared_ptr<const expr::Update>();
  std::map<std::string, expr::LegacyAttributeUpdate> updates;
  for (const auto& kv : *m) {
    if (!kv.value().is_object()) {
      return MemberTypeError("AttributeUpdates", "an object of AttributeValueUpdate");
    }
    const json::object& u = kv.value().get_object();
    expr::LegacyAttributeUpdate x;
    SB_ASSIGN_OR_RETURN(auto action, OptString(u, "Action"));
    if (action) x.action = *action;
    if (const json::value* v = FindMember(u, "Value")) {
      auto decoded = protocol::DecodeAttributeValue(*v);  // see ValueList on the macro
      if (!decoded.ok()) return Fail(std::move(decoded).error());
      x.value = std::move(decoded).value();
    }
    updates[std::string(kv.key())] = std::move(x);
  }
  return expr::ConvertAttributeUpdates(updates);
}

ApiResult<std::optional<expr::KeyRange>> ReadKeyConditions(
    const json::object& req, std::string_view hash_key_name,
    std::optional<std::string_view> range_key_name) {
  SB_ASSIGN_OR_RETURN(const json::object* m, OptObject(req, "KeyConditions"));
  if (m == nullptr) return std::optional<expr::KeyRange>();
  SB_ASSIGN_OR_RETURN(auto conds, ConditionMap(*m, "KeyConditions"));
  SB_ASSIGN_OR_RETURN(expr::KeyRange range,
                      expr::ConvertKeyConditions(conds, hash_key_name, range_key_name));
  return std::optional<expr::KeyRange>(std::move(range));
}

ApiResult<std::shared_ptr<const expr::Projection>> ReadAttributesToGet(const json::object& req) {
  const json::value* v = FindMember(req, "AttributesToGet");
  if (v == nullptr) return std::shared_ptr<const expr::Projection>();
  if (!v->is_array()) return MemberTypeError("AttributesToGet", "an array");
  std::vector<std::string> names;
  for (const auto& e : v->get_array()) {
    if (!e.is_string()) return MemberTypeError("AttributesToGet", "an array of strings");
    names.emplace_back(e.get_string());
  }
  if (names.empty()) {
    return ApiError::Validation(
        "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1");
  }
  for (size_t i = 0; i < names.size(); ++i) {
    // AWS refuses a name over 64 KB here as in items (ScyllaDB's tests against it); what it
    // says of an empty one here is not known, so it stays accepted.
    if (!names[i].empty()) SB_TRY_STATUS(CheckAttributeName(names[i]));
    for (size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        return ApiError::Validation(
            "One or more parameter values were invalid: Duplicate value in attribute name: " +
            QuotePrefix(names[i]));
      }
    }
  }
  return expr::ConvertAttributesToGet(names);
}

}  // namespace sb::engine::ops
