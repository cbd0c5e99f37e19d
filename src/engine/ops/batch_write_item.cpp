#include "engine/ops/batch_write_item.h"

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/quote.h"
#include "engine/model/keys.h"
#include "engine/ops/capacity.h"
#include "engine/ops/item_write.h"
#include "engine/ops/registry.h"
#include "engine/ops/request.h"
#include "engine/storage/store.h"

namespace sb::engine::ops {
namespace {

namespace json = boost::json;
using protocol::ApiError;
using protocol::ApiResult;
using protocol::Item;

constexpr size_t kMaxWrites = 25;  // DynamoDB: per call, across all tables

// DynamoDB's messages for a table's list of requests outside 1..25. (For a long list DynamoDB
// either echoes the whole request in Java's toString form or, in newer regions, names the
// member path; we give the latter.)
ApiError EmptyListError(const std::string& table) {
  return ApiError::Validation("1 validation error detected: Value '{" + QuotePrefix(table) +
                              "=[]}' at 'requestItems' failed to satisfy constraint: Map value "
                              "must satisfy constraint: [Member must have length less than or "
                              "equal to 25, Member must have length greater than or equal to 1]");
}
ApiError LongListError(const std::string& table) {
  return ApiError::Validation("1 validation error detected: Value at 'RequestItems." +
                              QuotePrefix(table) +
                              ".member' failed to satisfy constraint: Member must have length "
                              "less than or equal to 25");
}

// BatchWriteItem reports a put item whose table key is missing or mistyped as "The provided key
// element does not match the schema" (not PutItem's wording); the empty-value, key-size and
// index-key messages stay as PutItem words them.
ApiError PutKeyError(ApiError e) {
  static constexpr std::string_view kPrefix = "One or more parameter values were invalid: ";
  const std::string& m = e.message;
  if (m.rfind(std::string(kPrefix) + "Missing the key ", 0) == 0 ||
      m.rfind(std::string(kPrefix) + "Type mismatch for key ", 0) == 0) {
    e.message = "The provided key element does not match the schema";
  }
  return e;
}

// One parsed WriteRequest, before its table is looked up.
struct Parsed {
  bool is_put = false;
  Item item_or_key;
};

struct TableWrites {
  std::string name;
  std::vector<Parsed> requests;
};

ApiResult<std::vector<TableWrites>> ParseRequestItems(const json::object& request, Violations& v) {
  std::vector<TableWrites> out;
  SB_ASSIGN_OR_RETURN(const json::object* items, OptObject(request, "RequestItems"));
  if (items == nullptr) {
    v.Add("requestItems", std::nullopt, "Member must not be null");
    return out;
  }
  if (items->empty()) {
    return ApiError::Validation(
        "1 validation error detected: Value at 'RequestItems' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1");
  }
  for (const auto& kv : *items) {
    TableWrites t;
    t.name = std::string(kv.key());
    CheckMapKeyName("requestItems", t.name, v);
    if (!kv.value().is_array()) {
      return ApiError::Serialization("Unexpected value type for RequestItems: expected a list");
    }
    const json::array& list = kv.value().get_array();
    if (list.empty()) return EmptyListError(t.name);
    if (list.size() > kMaxWrites) return LongListError(t.name);
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_object()) {
        return ApiError::Serialization(
            "Unexpected value type for WriteRequest: expected an object");
      }
      const json::object& wr = list[i].get_object();
      SB_ASSIGN_OR_RETURN(const json::object* put, OptObject(wr, "PutRequest"));
      SB_ASSIGN_OR_RETURN(const json::object* del, OptObject(wr, "DeleteRequest"));
      if ((put == nullptr) == (del == nullptr)) {
        return ApiError::Validation(
            "WriteRequest must contain exactly one of PutRequest or DeleteRequest");
      }
      const std::string path = "requestItems." + t.name + ".member." + std::to_string(i + 1) +
                               ".member." + (put ? "putRequest.item" : "deleteRequest.key");
      SB_ASSIGN_OR_RETURN(auto value, OptItem(put ? *put : *del, put ? "Item" : "Key"));
      if (!value) {
        v.Add(path, std::nullopt, "Member must not be null");
        continue;
      }
      t.requests.push_back(Parsed{put != nullptr, std::move(*value)});
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

OpResult BatchWriteItem(Context& ctx, const json::object& request) {
  // ---- parse and validate everything ------------------------------------------------------
  Violations v;
  SB_ASSIGN_OR_RETURN(std::vector<TableWrites> tables, ParseRequestItems(request, v));
  SB_ASSIGN_OR_RETURN(CapacityMode mode, ReadCapacityMode(request, v));
  SB_ASSIGN_OR_RETURN(auto metrics,
                      OptEnum(request, "ReturnItemCollectionMetrics", {"SIZE", "NONE"}, v));
  (void)metrics;  // accepted; see the header
  SB_TRY_STATUS(v.ToStatus());
  size_t total = 0;
  for (const TableWrites& t : tables) total += t.requests.size();
  if (total > kMaxWrites) {
    return ApiError::Validation("Too many items requested for the BatchWriteItem call");
  }

  std::vector<WriteRequest> writes;
  writes.reserve(total);
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (TableWrites& t : tables) {
    SB_ASSIGN_OR_RETURN(std::shared_ptr<const TableDef> table, LookupTable(ctx, t.name));
    for (Parsed& p : t.requests) {
      WriteRequest w;
      w.table_name = t.name;
      if (p.is_put) {
        w.kind = WriteRequest::Kind::kPut;
        ApiResult<KeyValues> key = ItemKey(*table, p.item_or_key);
        if (!key.ok()) return PutKeyError(key.error());
        w.key = std::move(key).value();
        SB_TRY_STATUS(CheckItemSize(p.item_or_key));
        w.item = std::move(p.item_or_key);
      } else {
        w.kind = WriteRequest::Kind::kDelete;
        SB_ASSIGN_OR_RETURN(w.key, KeyArgument(*table, p.item_or_key));
      }
      storage::EncodedKey k = storage::EncodeKey(w.key);
      if (!seen.emplace(t.name, std::move(k.hash), std::move(k.range)).second) {
        return ApiError::Validation("Provided list of item keys contains duplicates");
      }
      writes.push_back(std::move(w));
    }
  }

  // ---- write the whole batch in one transaction -------------------------------------------
  auto outcomes =
      ctx.store->Write([&](storage::WriteTxn& txn) -> ApiResult<std::vector<WriteOutcome>> {
        std::vector<WriteOutcome> out;
        out.reserve(writes.size());
        for (const WriteRequest& w : writes) {
          SB_ASSIGN_OR_RETURN(WriteOutcome o, ApplyWrite(txn, w));
          out.push_back(std::move(o));
        }
        return out;
      });
  if (!outcomes.ok()) return Fail(outcomes.error());

  json::object resp;
  resp["UnprocessedItems"] = json::object();
  if (mode != CapacityMode::kNone) {
    // `writes` are grouped by table in request order: one Capacity per group.
    std::vector<Capacity> per_table;
    for (size_t i = 0; i < writes.size(); ++i) {
      const WriteRequest& w = writes[i];
      const WriteOutcome& o = (*outcomes)[i];
      if (i == 0 || writes[i - 1].table_name != w.table_name) per_table.emplace_back(w.table_name);
      if (w.kind == WriteRequest::Kind::kDelete && !o.old_item) {
        per_table.back().AddTable(1);  // deleting a missing item still costs one write unit
      } else {
        per_table.back().AddWrite(
            *o.table, o.old_item,
            w.kind == WriteRequest::Kind::kDelete ? std::nullopt : o.new_item);
      }
    }
    json::array list;
    for (const Capacity& c : per_table) list.push_back(c.ToJson(mode));
    resp["ConsumedCapacity"] = std::move(list);
  }
  return resp;
}

namespace {
const OpRegistration kRegistration{kDynamoDbService, "BatchWriteItem", &BatchWriteItem,
                                   OpEffect::kWrite};
}  // namespace

}  // namespace sb::engine::ops
