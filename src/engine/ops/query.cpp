#include "engine/ops/query.h"

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "engine/expr/ast.h"
#include "engine/expr/expr.h"
#include "engine/expr/key_condition.h"
#include "engine/ops/legacy_params.h"
#include "engine/ops/read_page.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/storage/key_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;
using protocol::AttributeValue;
using read::ReadParams;
using read::ReadTarget;

// The top-level attribute names a condition reads (for Query's rule that a FilterExpression
// may not name primary key attributes).
void CollectNames(const expr::Operand& op, std::set<std::string>* out) {
  if (op.kind == expr::Operand::Kind::kPath && !op.path.elems.empty()) {
    out->insert(op.path.elems.front().name);
  }
  for (const auto& a : op.args) CollectNames(a, out);
}
void CollectNames(const expr::CondNode& node, std::set<std::string>* out) {
  for (const auto& op : node.operands) CollectNames(op, out);
  for (const auto& c : node.children) CollectNames(c, out);
}

// KeyRange sort condition -> encoded storage range; checks operand types against the schema.
ApiResult<storage::SortKeyRange> SortRange(const expr::KeyRange& kr,
                                           const std::optional<KeyElement>& range) {
  using Op = expr::KeyRange::SortOp;
  storage::SortKeyRange out;
  if (kr.sort_op == Op::kNone) return out;
  // REQUIRES (ParseKeyCondition): a sort condition only exists on the range key.
  auto check = [&](const AttributeValue& v) -> ApiStatus {
    if (!range || !HasScalarType(v, range->type)) {
      return Fail(ApiError::Validation(
          "One or more parameter values were invalid: Condition parameter type does not match "
          "schema type"));
    }
    return {};
  };
  SB_TRY_STATUS(check(kr.sort_value));
  std::string a = storage::EncodeKeyValue(kr.sort_value);
  switch (kr.sort_op) {
    case Op::kNone:
      break;
    case Op::kEq:
      return storage::SortKeyRange::Equal(a);
    case Op::kLt:
      out.upper = storage::Bound{a, false};
      break;
    case Op::kLe:
      out.upper = storage::Bound{a, true};
      break;
    case Op::kGt:
      out.lower = storage::Bound{a, false};
      break;
    case Op::kGe:
      out.lower = storage::Bound{a, true};
      break;
    case Op::kBetween: {
      SB_TRY_STATUS(check(kr.sort_value2));
      std::string b = storage::EncodeKeyValue(kr.sort_value2);
      if (b < a) {
        return Fail(ApiError::Validation(
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
            "greater than or equal to lower bound"));
      }
      out.lower = storage::Bound{a, true};
      out.upper = storage::Bound{b, true};
      break;
    }
    case Op::kBeginsWith:
      if (kr.sort_value.is(protocol::AttrType::N)) {
        return Fail(ApiError::Validation(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N"));
      }
      return storage::SortKeyRange::Prefix(a);
  }
  return out;
}


// The key condition: KeyConditions (legacy) or KeyConditionExpression, one of them required.
ApiResult<expr::KeyRange> ReadKeyRange(const json::object& request, const ReadParams& p,
                                       const KeySchema& schema, expr::Placeholders& ph) {
  std::optional<std::string_view> legacy_range_name;
  if (schema.range) legacy_range_name = schema.range->name;
  SB_ASSIGN_OR_RETURN(auto key_range,
                      ReadKeyConditions(request, schema.hash.name, legacy_range_name));
  if (!p.key_text && !key_range) {
    return Fail(ApiError::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request."));
  }
  if (p.key_text) {
    SB_ASSIGN_OR_RETURN(key_range, expr::ParseKeyCondition(*p.key_text, ph, schema.hash.name,
                                                           legacy_range_name));
  }
  return std::move(*key_range);
}

// DynamoDB: a Query filter may not name the primary key of what is queried.
ApiStatus CheckFilterSparesKey(const read::ReadExpressions& e, const KeySchema& schema) {
  if (!e.filter) return {};
  std::set<std::string> used;
  CollectNames(e.filter->root, &used);
  for (const KeyElement& elem : schema.Elements()) {
    const std::string& k = elem.name;
    if (used.count(k)) {
      return Fail(ApiError::Validation(
          std::string(e.filter_is_legacy ? "QueryFilter" : "Filter Expression") +
          " can only contain non-primary key attributes: Primary key attribute: " + k));
    }
  }
  return {};
}

// Narrows `spec` to the key condition's partition and sort key range.
ApiStatus SetKeyRange(const expr::KeyRange& key_range, const KeySchema& schema,
                      const ReadParams& p, storage::ReadSpec& spec) {
  if (!HasScalarType(key_range.hash_value, schema.hash.type)) {
    return Fail(ApiError::Validation(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type"));
  }
  spec.hash = storage::EncodeKeyValue(key_range.hash_value);
  SB_ASSIGN_OR_RETURN(spec.range, SortRange(key_range, schema.range));
  spec.forward = p.forward.value_or(true);
  return {};
}

bool IsMultiAttribute(const KeySchema& schema) {
  return !schema.hash_rest.empty() || !schema.range_rest.empty();
}

ApiError TypeMismatch() {
  return ApiError::Validation(
      "One or more parameter values were invalid: Condition parameter type does not match "
      "schema type");
}

// The sort-key range of a multi-attribute sort key (key_codec.h's composite): the equality
// prefix is a byte prefix, and the condition on the next attribute bounds the bytes after it.
ApiResult<storage::SortKeyRange> CompositeSortRange(const expr::MultiKeyRange& kr,
                                                    const std::vector<KeyElement>& parts) {
  using Op = expr::KeyRange::SortOp;
  std::string prefix;
  for (const AttributeValue& v : kr.sort_prefix) prefix += storage::EncodeKeyComponent(v);
  storage::SortKeyRange whole;  // every key with that prefix
  if (!prefix.empty()) whole = storage::SortKeyRange::Prefix(prefix);
  if (kr.sort_op == Op::kNone) return whole;
  const KeyElement& elem = parts[kr.sort_prefix.size()];
  if (!HasScalarType(kr.sort_value, elem.type)) return Fail(TypeMismatch());
  const AttributeValue& v = kr.sort_value;
  storage::SortKeyRange out = whole;
  switch (kr.sort_op) {
    case Op::kNone:
    case Op::kEq:
      break;
    case Op::kLt:
      out.upper = storage::Bound{prefix + storage::EncodeKeyComponent(v), false};
      break;
    case Op::kLe:
      out.upper = storage::Bound{prefix + storage::EncodeKeyComponentUpper(v), false};
      break;
    case Op::kGt:
      out.lower = storage::Bound{prefix + storage::EncodeKeyComponentUpper(v), true};
      break;
    case Op::kGe:
      out.lower = storage::Bound{prefix + storage::EncodeKeyComponent(v), true};
      break;
    case Op::kBetween: {
      if (!HasScalarType(kr.sort_value2, elem.type)) return Fail(TypeMismatch());
      std::string a = storage::EncodeKeyComponent(v);
      std::string b = storage::EncodeKeyComponent(kr.sort_value2);
      if (b < a) {
        return Fail(ApiError::Validation(
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
            "greater than or equal to lower bound"));
      }
      out.lower = storage::Bound{prefix + a, true};
      out.upper = storage::Bound{prefix + storage::EncodeKeyComponentUpper(kr.sort_value2), false};
      break;
    }
    case Op::kBeginsWith:
      if (v.is(protocol::AttrType::N)) {
        return Fail(ApiError::Validation(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N"));
      }
      return storage::SortKeyRange::Prefix(prefix + storage::EncodeKeyComponentPrefix(v));
  }
  return out;
}

// Query on a multi-attribute GSI key: KeyConditionExpression only (docs/engine.md), checked
// against every key attribute, then the partition and sort key range.
ApiStatus SetMultiKeyRange(const json::object& request, const ReadParams& p,
                           const KeySchema& schema, expr::Placeholders& ph,
                           storage::ReadSpec& spec) {
  if (request.contains("KeyConditions")) {
    return Fail(ApiError::Validation(
        "KeyConditions is not supported on an index with a multi-attribute key; use "
        "KeyConditionExpression"));
  }
  if (!p.key_text) {
    return Fail(ApiError::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request."));
  }
  const std::vector<KeyElement> hash_parts = schema.HashParts();
  const std::vector<KeyElement> range_parts = schema.RangeParts();
  std::vector<std::string> hash_names, range_names;
  for (const auto& e : hash_parts) hash_names.push_back(e.name);
  for (const auto& e : range_parts) range_names.push_back(e.name);
  SB_ASSIGN_OR_RETURN(expr::MultiKeyRange kr, expr::ParseMultiKeyConditionText(
                                                  *p.key_text, ph, hash_names, range_names));
  for (size_t i = 0; i < hash_parts.size(); ++i) {
    if (!HasScalarType(kr.hash_values[i], hash_parts[i].type)) return Fail(TypeMismatch());
  }
  for (size_t i = 0; i < kr.sort_prefix.size(); ++i) {
    if (!HasScalarType(kr.sort_prefix[i], range_parts[i].type)) return Fail(TypeMismatch());
  }
  spec.hash = storage::EncodeKeyParts(kr.hash_values);
  spec.forward = p.forward.value_or(true);
  if (range_parts.size() > 1) {
    SB_ASSIGN_OR_RETURN(spec.range, CompositeSortRange(kr, range_parts));
    return {};
  }
  // One sort key attribute (several partition key attributes): its plain encoding.
  expr::KeyRange single;
  if (!kr.sort_prefix.empty()) {
    single.sort_op = expr::KeyRange::SortOp::kEq;
    single.sort_value = kr.sort_prefix[0];
  } else {
    single.sort_op = kr.sort_op;
    single.sort_value = kr.sort_value;
    single.sort_value2 = kr.sort_value2;
  }
  SB_ASSIGN_OR_RETURN(spec.range, SortRange(single, schema.range));
  return {};
}

}  // namespace

OpResult Query(Context& ctx, const json::object& request) {
  // Validate everything first (read_page.h gives the order), then read one page.
  SB_ASSIGN_OR_RETURN(std::string table_name, TableNameParam(request));
  // DynamoDB accepts the legacy KeyConditions beside a FilterExpression or a
  // ProjectionExpression; only the other legacy members exclude expressions.
  SB_TRY_STATUS(CheckNotMixed(request, {"KeyConditions"}, {"KeyConditionExpression"}));
  SB_TRY_STATUS(CheckNotMixed(request, {"QueryFilter", "AttributesToGet"},
                              {"KeyConditionExpression", "FilterExpression",
                               "ProjectionExpression"}));
  SB_ASSIGN_OR_RETURN(ReadParams p, ReadParams::Parse(request, table_name, "QueryFilter"));
  // What needs no table comes before the lookup (docs/engine.md): the placeholders, the key
  // condition's grammar, the filter and the projection, and unused placeholders.
  expr::Placeholders ph(p.maps.names_ptr(), p.maps.values_ptr());
  SB_TRY_STATUS(ph.Validate());
  if (p.key_text) SB_TRY_STATUS(expr::CheckKeyConditionText(*p.key_text, ph));
  SB_ASSIGN_OR_RETURN(read::ReadExpressions e, read::ParseReadExpressions(p, ph));
  SB_ASSIGN_OR_RETURN(ReadTarget target, read::ResolveTarget(ctx, p));
  const KeySchema& schema = target.schema();
  storage::ReadSpec spec = read::SpecFor(target);
  if (IsMultiAttribute(schema)) {
    SB_TRY_STATUS(SetMultiKeyRange(request, p, schema, ph, spec));
    SB_TRY_STATUS(CheckFilterSparesKey(e, schema));
    SB_TRY_STATUS(read::SetStartKey(target, p.start_key, spec));
    return read::ReadPage(ctx, target, p, e, spec);
  }
  SB_ASSIGN_OR_RETURN(expr::KeyRange key_range, ReadKeyRange(request, p, schema, ph));
  SB_TRY_STATUS(CheckFilterSparesKey(e, schema));
  SB_TRY_STATUS(SetKeyRange(key_range, schema, p, spec));
  SB_TRY_STATUS(read::SetStartKey(target, p.start_key, spec));
  return read::ReadPage(ctx, target, p, e, spec);
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "Query", &Query};
}  // namespace

}  // namespace sb::engine::ops
