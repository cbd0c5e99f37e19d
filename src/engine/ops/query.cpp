#include "engine/ops/query.h"

#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/expr/ast.h"
#include "engine/expr/expr.h"
#include "engine/model/keys.h"
#include "engine/ops/capacity.h"
#include "engine/ops/legacy_params.h"
#include "engine/ops/request.h"
#include "engine/storage/key_codec.h"
#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::ApiStatus;
using protocol::AttributeValue;
using protocol::Item;

constexpr size_t kPageBytes = 1024 * 1024;  // DynamoDB's 1 MB Query / Scan page
constexpr int64_t kMaxTotalSegments = 1000000;  // DynamoDB's TotalSegments maximum

enum class Select { kAllAttributes, kAllProjected, kSpecific, kCount };

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

}  // namespace

namespace detail {

OpResult ExecuteRead(Context& ctx, const json::object& request, bool is_query) {
  // ---- parse and validate everything ------------------------------------------------------
  SB_ASSIGN_OR_RETURN(std::string table_name, TableNameParam(request));
  if (is_query) {
    SB_TRY_STATUS(CheckNotMixed(request, {"KeyConditions", "QueryFilter", "AttributesToGet"},
                                {"KeyConditionExpression", "FilterExpression",
                                 "ProjectionExpression"}));
  } else {
    SB_TRY_STATUS(CheckNotMixed(request, {"ScanFilter", "AttributesToGet"},
                                {"FilterExpression", "ProjectionExpression"}));
  }
  // Legacy parameters (converted to the same trees as their expressions).
  SB_ASSIGN_OR_RETURN(std::shared_ptr<const expr::Condition> legacy_filter,
                      ReadLegacyFilter(request, is_query ? "QueryFilter" : "ScanFilter"));
  SB_ASSIGN_OR_RETURN(std::shared_ptr<const expr::Projection> legacy_projection,
                      ReadAttributesToGet(request));
  Violations violations;
  SB_ASSIGN_OR_RETURN(auto index_name, OptString(request, "IndexName"));
  SB_ASSIGN_OR_RETURN(auto consistent_opt, OptBool(request, "ConsistentRead"));
  SB_ASSIGN_OR_RETURN(auto select_text,
                      OptEnum(request, "Select",
                              {"ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "COUNT",
                               "SPECIFIC_ATTRIBUTES"},
                              violations));
  SB_ASSIGN_OR_RETURN(CapacityMode capacity_mode, ReadCapacityMode(request, violations));
  SB_ASSIGN_OR_RETURN(auto limit, OptInt(request, "Limit"));
  SB_ASSIGN_OR_RETURN(auto forward_opt, OptBool(request, "ScanIndexForward"));
  SB_ASSIGN_OR_RETURN(auto key_text, OptString(request, "KeyConditionExpression"));
  SB_ASSIGN_OR_RETURN(auto filter_text, OptString(request, "FilterExpression"));
  SB_ASSIGN_OR_RETURN(auto projection_text, OptString(request, "ProjectionExpression"));
  SB_ASSIGN_OR_RETURN(ExpressionMaps maps, ReadExpressionMaps(request));
  SB_ASSIGN_OR_RETURN(auto start_key, OptItem(request, "ExclusiveStartKey"));
  SB_ASSIGN_OR_RETURN(auto segment, OptInt(request, "Segment"));
  SB_ASSIGN_OR_RETURN(auto total_segments, OptInt(request, "TotalSegments"));
  const bool consistent = consistent_opt.value_or(false);

  if (limit && *limit < 1) {
    std::string shown = std::to_string(*limit);
    violations.Add("limit", shown, "Member must have value greater than or equal to 1");
  }
  if (index_name) CheckName("indexName", index_name, violations, /*required=*/false);
  SB_TRY_STATUS(violations.ToStatus());
  if (!is_query) {
    if (segment && !total_segments) {
      return Fail(ApiError::Validation(
          "The TotalSegments parameter is required but was not present in the request when "
          "Segment parameter is present"));
    }
    if (total_segments && !segment) {
      return Fail(ApiError::Validation(
          "The Segment parameter is required but was not present in the request when parameter "
          "TotalSegments is present"));
    }
    if (total_segments && (*total_segments < 1 || *total_segments > kMaxTotalSegments)) {
      return Fail(ApiError::Validation(
          "1 validation error detected: Value '" + std::to_string(*total_segments) +
          "' at 'totalSegments' failed to satisfy constraint: Member must have value " +
          (*total_segments < 1 ? "greater than or equal to 1" : "less than or equal to 1000000")));
    }
    if (segment && *segment < 0) {
      return Fail(ApiError::Validation(
          "1 validation error detected: Value '" + std::to_string(*segment) +
          "' at 'segment' failed to satisfy constraint: Member must have value greater than or "
          "equal to 0"));
    }
    if (segment && *segment >= *total_segments) {
      return Fail(ApiError::Validation(
          "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
          "Segment: " + std::to_string(*segment) + " is not less than TotalSegments: " +
          std::to_string(*total_segments)));
    }
  }

  Select select = Select::kAllAttributes;
  if (select_text) {
    if (*select_text == "ALL_PROJECTED_ATTRIBUTES") select = Select::kAllProjected;
    if (*select_text == "SPECIFIC_ATTRIBUTES") select = Select::kSpecific;
    if (*select_text == "COUNT") select = Select::kCount;
  }

  SB_ASSIGN_OR_RETURN(std::shared_ptr<const TableDef> table, LookupTable(ctx, table_name));
  const IndexDef* index = nullptr;
  if (index_name) {
    index = table->FindIndex(*index_name);
    if (index == nullptr) {
      return Fail(ApiError::Validation("The table does not have the specified index: " +
                                       *index_name));
    }
    if (index->global && consistent) {
      return Fail(ApiError::Validation(
          "Consistent reads are not supported on global secondary indexes"));
    }
  }

  if (!select_text) {
    select = (projection_text || legacy_projection) ? Select::kSpecific
             : index         ? Select::kAllProjected
                             : Select::kAllAttributes;
  }
  if (projection_text && select != Select::kSpecific) {
    return Fail(ApiError::Validation(
        "One or more parameter values were invalid: Select type " + *select_text +
        " is not compatible with ProjectionExpression"));
  }
  if (legacy_projection && select != Select::kSpecific) {
    return Fail(ApiError::Validation(
        "One or more parameter values were invalid: Select type " + *select_text +
        " is not compatible with AttributesToGet"));
  }
  if (select == Select::kSpecific && !projection_text && !legacy_projection) {
    return Fail(ApiError::Validation(
        "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires a "
        "ProjectionExpression"));
  }
  if (select == Select::kAllProjected && index == nullptr) {
    return Fail(ApiError::Validation(
        "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is "
        "only valid when querying or scanning a secondary index"));
  }
  // DynamoDB: ALL_ATTRIBUTES on a GSI needs an ALL projection (GSIs cannot fetch from the
  // table); an LSI fetches the missing attributes from the table.
  const bool fetch_from_table = index != nullptr && !index->global &&
                                index->projection.type != ProjectionType::kAll &&
                                select == Select::kAllAttributes;
  if (index != nullptr && index->global && select == Select::kAllAttributes &&
      index->projection.type != ProjectionType::kAll) {
    return Fail(ApiError::Validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
        "for global secondary index " + index->name + " because its projection type is not ALL"));
  }

  const KeySchema& schema = index ? index->key : table->key;
  expr::Placeholders ph(maps.names_ptr(), maps.values_ptr());
  SB_TRY_STATUS(ph.Validate());

  std::optional<expr::KeyRange> key_range;
  if (is_query) {
    std::optional<std::string_view> legacy_range_name;
    if (schema.range) legacy_range_name = schema.range->name;
    SB_ASSIGN_OR_RETURN(auto legacy_keys,
                        ReadKeyConditions(request, schema.hash.name, legacy_range_name));
    if (legacy_keys) key_range = std::move(legacy_keys);
    if (!key_text && !key_range) {
      return Fail(ApiError::Validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
          "request."));
    }
    if (key_text) {
      SB_ASSIGN_OR_RETURN(key_range, expr::ParseKeyCondition(*key_text, ph, schema.hash.name,
                                                             legacy_range_name));
    }
  } else if (key_text) {
    return Fail(ApiError::Validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "KeyConditionExpression is not a Scan parameter"));
  }
  std::shared_ptr<const expr::Condition> filter;
  if (filter_text) {
    SB_ASSIGN_OR_RETURN(filter, expr::ParseCondition(*filter_text, "FilterExpression", ph));
  }
  std::shared_ptr<const expr::Projection> projection;
  if (projection_text) {
    SB_ASSIGN_OR_RETURN(projection, expr::ParseProjection(*projection_text, ph));
  }
  const bool filter_is_legacy = legacy_filter != nullptr;
  if (legacy_filter) filter = std::move(legacy_filter);
  if (legacy_projection) projection = std::move(legacy_projection);
  SB_TRY_STATUS(ph.CheckAllUsed());

  if (is_query && filter) {
    // DynamoDB: a Query filter may not name the primary key of what is queried.
    std::set<std::string> used;
    CollectNames(filter->root, &used);
    for (const std::string& k : {schema.hash.name, schema.range ? schema.range->name : ""}) {
      if (!k.empty() && used.count(k)) {
        return Fail(ApiError::Validation(
            std::string(filter_is_legacy ? "QueryFilter" : "Filter Expression") +
            " can only contain non-primary key attributes: Primary key "
            "attribute: " + k));
      }
    }
  }

  storage::ReadSpec spec;
  spec.table = table.get();
  spec.index = index;
  if (key_range) {
    if (!HasScalarType(key_range->hash_value, schema.hash.type)) {
      return Fail(ApiError::Validation(
          "One or more parameter values were invalid: Condition parameter type does not match "
          "schema type"));
    }
    spec.hash = storage::EncodeKeyValue(key_range->hash_value);
    SB_ASSIGN_OR_RETURN(spec.range, SortRange(*key_range, schema.range));
    spec.forward = forward_opt.value_or(true);
  } else if (segment) {
    storage::SegmentParts(static_cast<int>(*segment), static_cast<int>(*total_segments),
                          &spec.part_lo, &spec.part_hi);
  }

  if (start_key) {
    // Exactly the table key, plus the index key for index reads.
    std::set<std::string> expected = {table->key.hash.name};
    if (table->key.range) expected.insert(table->key.range->name);
    if (index) {
      expected.insert(index->key.hash.name);
      if (index->key.range) expected.insert(index->key.range->name);
    }
    bool shape_ok = start_key->size() == expected.size();
    for (const auto& [name, v] : *start_key) shape_ok = shape_ok && expected.count(name);
    auto table_key = storage::EncodeItemKey(table->key, *start_key);
    auto index_key = storage::EncodeItemKey(schema, *start_key);
    if (!shape_ok || !table_key || !index_key) {
      return Fail(ApiError::Validation(
          "The provided starting key is invalid: The provided key element does not match the "
          "schema"));
    }
    if (spec.hash && index_key->hash != *spec.hash) {
      return Fail(ApiError::Validation(
          "The provided starting key is invalid: Exclusive Start Key must have same hash key "
          "value as the query"));
    }
    if (!spec.hash && segment &&
        !(storage::PartitionHash(index_key->hash) >= spec.part_lo &&
          storage::PartitionHash(index_key->hash) <= spec.part_hi)) {
      return Fail(ApiError::Validation(
          "The provided starting key is invalid: The provided Exclusive start key does not map "
          "to the provided segment"));
    }
    spec.start_after = storage::Position{*index_key, *table_key};
  }

  // ---- read one page ----------------------------------------------------------------------
  json::array items;
  int64_t count = 0;
  int64_t scanned = 0;
  size_t bytes = 0;
  std::optional<Item> last_key;
  std::optional<ApiError> failure;
  Status read = ctx.store->Read([&](storage::ReadView& view) -> Status {
    return view.ForEach(spec, [&](const storage::RowView& row) -> bool {
      Result<Item> decoded = row.Decode();
      if (!decoded.ok()) {
        failure = ApiError::Internal("storage: " + decoded.error().message);
        return false;
      }
      Item item = std::move(decoded).value();
      ++scanned;
      bytes += protocol::ItemSizeBytes(item);
      Item key_of_row = KeyItem(table->key, item);
      if (index) {
        for (auto& [k, v] : KeyItem(index->key, item)) key_of_row.insert_or_assign(k, v);
      }
      if (fetch_from_table) {
        Result<std::optional<Item>> full = view.Get(*table, row.base);
        if (!full.ok()) {
          failure = ApiError::Internal("storage: " + full.error().message);
          return false;
        }
        if (*full) item = std::move(**full);
      }
      bool keep = true;
      if (filter) {
        ApiResult<bool> r = expr::Evaluate(*filter, item);
        if (!r.ok()) {
          failure = r.error();
          return false;
        }
        keep = *r;
      }
      if (keep) {
        ++count;
        if (select != Select::kCount) {
          items.push_back(protocol::EncodeItem(projection ? expr::Project(*projection, item)
                                                          : item));
        }
      }
      if ((limit && scanned >= *limit) || bytes >= kPageBytes) {
        last_key = std::move(key_of_row);
        return false;
      }
      return true;
    });
  });
  if (failure) return Fail(*failure);
  if (!read.ok()) return Fail(ApiError::Internal("storage: " + read.error().message));

  json::object out;
  if (select != Select::kCount) out["Items"] = std::move(items);
  out["Count"] = count;
  out["ScannedCount"] = scanned;
  if (last_key) out["LastEvaluatedKey"] = protocol::EncodeItem(*last_key);
  Capacity capacity(table->name);
  if (index) {
    capacity.AddIndex(*index, ReadUnits(bytes, consistent));
  } else {
    capacity.AddTable(ReadUnits(bytes, consistent));
  }
  AttachCapacity(out, capacity, capacity_mode);
  return out;
}

}  // namespace detail

OpResult Query(Context& ctx, const json::object& request) {
  return detail::ExecuteRead(ctx, request, /*is_query=*/true);
}

}  // namespace sb::engine::ops
