#include "engine/ops/item_write.h"

#include <boost/json.hpp>

#include "protocol/dynamodb/json_codec.h"

namespace sb::engine::ops {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::Item;

namespace {

constexpr size_t kMaxAttributeNameBytes = 65535;

protocol::ApiStatus CheckNames(const protocol::AttributeMap& map, int depth);

protocol::ApiStatus CheckValueNames(const protocol::AttributeValue& v, int depth) {
  if (depth > 64) return {};  // the codec caps nesting at 32 levels long before this
  if (v.is(protocol::AttrType::M)) return CheckNames(v.m(), depth + 1);
  if (v.is(protocol::AttrType::L)) {
    for (const auto& e : v.l()) SB_TRY_STATUS(CheckValueNames(e, depth + 1));
  }
  return {};
}

protocol::ApiStatus CheckNames(const protocol::AttributeMap& map, int depth) {
  for (const auto& [name, value] : map) {
    SB_TRY_STATUS(CheckAttributeName(name));
    SB_TRY_STATUS(CheckValueNames(value, depth));
  }
  return {};
}

}  // namespace

protocol::ApiStatus CheckAttributeName(std::string_view name) {
  if (name.empty()) {
    return ApiError::Validation("One or more parameter values were invalid: Empty attribute name");
  }
  if (name.size() > kMaxAttributeNameBytes) {
    return ApiError::Validation(
        "One or more parameter values were invalid: Attribute name exceeds the maximum length "
        "of 65535 bytes");
  }
  return {};
}

protocol::ApiStatus CheckAttributeNames(const protocol::Item& item) { return CheckNames(item, 0); }

protocol::ApiResult<WriteOutcome> ApplyWrite(storage::WriteTxn& txn, const WriteRequest& w) {
  WriteOutcome out;
  out.table = txn.FindTable(w.table_name);
  if (!out.table) return ApiError::ResourceNotFound();
  const TableDef& table = *out.table;
  auto storage_error = [](const Error& e) { return ApiError::Internal("storage: " + e.message); };

  const storage::EncodedKey key = storage::EncodeKey(w.key);
  auto old = txn.Get(table, key);
  if (!old.ok()) return storage_error(old.error());
  out.old_item = std::move(old).value();

  if (w.condition) {
    static const Item kEmpty;
    SB_ASSIGN_OR_RETURN(bool holds,
                        expr::Evaluate(*w.condition, out.old_item ? *out.old_item : kEmpty));
    if (!holds) {
      out.condition_failed = true;
      out.new_item = out.old_item;
      return out;
    }
  }

  switch (w.kind) {
    case WriteRequest::Kind::kConditionCheck:
      out.new_item = out.old_item;
      return out;
    case WriteRequest::Kind::kDelete:
      if (out.old_item) {
        Status st = txn.Delete(table, *out.old_item);
        if (!st.ok()) return storage_error(st.error());
      }
      return out;
    case WriteRequest::Kind::kPut:
      out.new_item = w.item;
      break;
    case WriteRequest::Kind::kUpdate: {
      Item base = out.old_item ? *out.old_item : KeyItem(table.key, w.key);
      if (w.update) {
        std::vector<std::string> key_names{table.key.hash.name};
        if (table.key.range) key_names.push_back(table.key.range->name);
        if (!out.old_item && expr::RemovesOnly(*w.update)) {
          // DynamoDB: removing from a missing item creates nothing and writes no stream
          // record; a path through missing parents (REMOVE a.b) is then no error either.
          // Removing a key attribute stays an error (tests/clients/python/test_items.py).
          for (const auto& name : expr::UpdatedTopLevelNames(*w.update)) {
            for (const auto& k : key_names) {
              if (name == k) {
                return expr::KeyUpdateError(name);
              }
            }
          }
          return out;
        }
        SB_ASSIGN_OR_RETURN(base, expr::Apply(*w.update, base, key_names));
      }
      SB_TRY_STATUS(CheckItemSize(base));
      out.new_item = std::move(base);
      break;
    }
  }
  SB_TRY_STATUS(CheckAttributeNames(*out.new_item));
  // The index-key checks run against the schema inside the transaction (an index may have
  // been added since the request was validated).
  SB_TRY_STATUS(ValidateIndexKeys(table, *out.new_item));
  Status st = txn.Put(table, *out.new_item, out.old_item);
  if (!st.ok()) return storage_error(st.error());
  return out;
}

ApiResult<ReturnValues> ReadReturnValues(const json::object& request,
                                         std::initializer_list<ReturnValues> allowed,
                                         std::string_view refusal, Violations& v) {
  SB_ASSIGN_OR_RETURN(auto text, OptEnum(request, "ReturnValues",
                                         {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"},
                                         v));
  if (!text) return ReturnValues::kNone;
  ReturnValues rv = ReturnValues::kNone;
  if (*text == "ALL_OLD") rv = ReturnValues::kAllOld;
  else if (*text == "UPDATED_OLD") rv = ReturnValues::kUpdatedOld;
  else if (*text == "ALL_NEW") rv = ReturnValues::kAllNew;
  else if (*text == "UPDATED_NEW") rv = ReturnValues::kUpdatedNew;
  else if (*text != "NONE") return ReturnValues::kNone;  // reported through `v`
  for (auto a : allowed) {
    if (a == rv) return rv;
  }
  return ApiError::Validation(std::string(refusal));
}

ApiResult<bool> ReadReturnOldOnConditionFailure(const json::object& request, Violations& v) {
  SB_ASSIGN_OR_RETURN(auto text, OptEnum(request, "ReturnValuesOnConditionCheckFailure",
                                         {"ALL_OLD", "NONE"}, v));
  return text && *text == "ALL_OLD";
}

std::optional<Item> SelectReturnValues(ReturnValues rv, const WriteOutcome& outcome,
                                       const std::vector<std::string>& updated_names) {
  auto pick = [&](const std::optional<Item>& item) -> std::optional<Item> {
    if (!item) return std::nullopt;
    Item out;
    for (const auto& n : updated_names) {
      auto it = item->find(n);
      if (it != item->end()) out.emplace(n, it->second);
    }
    if (out.empty()) return std::nullopt;
    return out;
  };
  switch (rv) {
    case ReturnValues::kNone: return std::nullopt;
    case ReturnValues::kAllOld: return outcome.old_item;
    case ReturnValues::kAllNew: return outcome.new_item;
    case ReturnValues::kUpdatedOld: return pick(outcome.old_item);
    case ReturnValues::kUpdatedNew: return pick(outcome.new_item);
  }
  return std::nullopt;
}

ApiError ConditionFailed(bool return_old, const std::optional<Item>& old) {
  ApiError e = ApiError::ConditionalCheckFailed();
  if (return_old && old) {
    e.extra_json = "\"Item\":" + json::serialize(protocol::EncodeItem(*old));
  }
  return e;
}

protocol::ApiStatus CheckMapsNeedExpressions(const ExpressionMaps& maps, bool has_expressions) {
  if (has_expressions) return {};
  if (maps.names) {
    return ApiError::Validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }
  if (maps.values) {
    return ApiError::Validation(
        "ExpressionAttributeValues can only be specified when using expressions");
  }
  return {};
}

OpResult RunSingleWrite(Context& ctx, const WriteRequest& w, ReturnValues rv,
                        bool return_old_on_failure, CapacityMode mode,
                        const std::vector<std::string>& updated_names) {
  auto result = ctx.store->Write(
      [&](storage::WriteTxn& txn) -> ApiResult<WriteOutcome> { return ApplyWrite(txn, w); });
  if (!result.ok()) return Fail(result.error());
  const WriteOutcome& outcome = result.value();
  if (outcome.condition_failed) return ConditionFailed(return_old_on_failure, outcome.old_item);
  json::object resp;
  std::optional<Item> attrs;
  if (w.update && (rv == ReturnValues::kUpdatedOld || rv == ReturnValues::kUpdatedNew)) {
    // Only the updated paths, nested ones projected (expr::ProjectUpdatedPaths).
    const auto& item = rv == ReturnValues::kUpdatedOld ? outcome.old_item : outcome.new_item;
    if (item) attrs = expr::ProjectUpdatedPaths(*w.update, *item);
    if (attrs && attrs->empty()) attrs.reset();
  } else {
    attrs = SelectReturnValues(rv, outcome, updated_names);
  }
  if (attrs) {
    resp["Attributes"] = protocol::EncodeItem(*attrs);
  }
  if (mode != CapacityMode::kNone) {
    Capacity c(w.table_name);
    if (w.kind == WriteRequest::Kind::kDelete && !outcome.old_item) {
      c.AddTable(1);  // deleting a missing item still costs one write unit
    } else {
      c.AddWrite(*outcome.table, outcome.old_item,
                 w.kind == WriteRequest::Kind::kDelete ? std::nullopt : outcome.new_item);
    }
    AttachCapacity(resp, c, mode);
  }
  return resp;
}

}  // namespace sb::engine::ops
